#!/usr/bin/env bash
# `npm run chaos [-- --clients 6 --gap 10 --targets intake,orchestrator,gateway,nats,postgres,temporal]`:
# registrations and replies under load while each app and server is killed (-9) and restarted in turn,
# then a reconciliation (docs/benchmarks.md). It kills copies of PostgreSQL, nats-server and Temporal it
# starts itself on other ports; the shared local infrastructure only lends Keycloak.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

require_node
phase "npm dependencies" ensure_node_modules
phase "local infrastructure (PostgreSQL, NATS, Temporal, Keycloak, Jaeger, Prometheus)" bash tools/infra/infra.sh up
infra_env
phase "build gateway, intake, orchestrator" npx nx run-many -t build -p gateway intake orchestrator --outputStyle=static
phase "compile the chaos run" npx tsc -p tools/benchmarks/platform/tsconfig.json --outDir dist/benchmarks
phase "chaos" node tools/benchmarks/run.js platform/src/chaos.js "$@"
print_phases
