#!/usr/bin/env bash
# `npm run bench [-- --steps 1,8,32 --step-seconds 5 --sustain 60]`: the platform's throughput and
# latency against raw baselines on the same servers (docs/benchmarks.md). Dependencies, the local
# infrastructure, a build of the apps it runs, then one run; the figures go to .local/bench/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

require_node
phase "npm dependencies" ensure_node_modules
phase "local infrastructure (PostgreSQL, NATS, Temporal, Keycloak, Jaeger, Prometheus)" bash tools/infra/infra.sh up
infra_env
phase "build gateway, intake, orchestrator, insights" npx nx run-many -t build -p gateway intake orchestrator insights --outputStyle=static
phase "compile the benchmark" npx tsc -p tools/benchmarks/platform/tsconfig.json --outDir dist/benchmarks
phase "benchmark" node tools/benchmarks/run.js platform/src/main.js "$@"
print_phases
