#!/usr/bin/env bash
# `npm run backup:drill [-- --keep-backup] [-- --parts postgres,temporal]`: the backup and restore drill
# (docs/backup-restore.md). It backs up, wipes and restores copies of PostgreSQL, nats-server and Temporal
# it starts itself on other ports; the shared local infrastructure only lends Keycloak.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

require_node
phase "npm dependencies" ensure_node_modules
phase "local infrastructure (Keycloak for the logins)" bash tools/infra/infra.sh up
infra_env
phase "the nats CLI (backs up the streams)" bash tools/infra/infra.sh tools nats
phase "build gateway, intake, orchestrator, insights" npx nx run-many -t build -p gateway intake orchestrator insights --outputStyle=static
phase "compile the drill" npx tsc -p tools/benchmarks/platform/tsconfig.json --outDir dist/benchmarks
phase "backup drill" node tools/benchmarks/run.js platform/src/drill.js "$@"
print_phases
