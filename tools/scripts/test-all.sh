#!/usr/bin/env bash
# Runs every test: lint (module boundaries included), unit tests, then workflow tests
# (Temporal's time-skipping server), integration and end-to-end tests against the real
# local PostgreSQL, NATS, Temporal and Keycloak, which it starts if they are not running,
# API fuzzing (schemathesis), a short chaos run, the backup and restore drill and the cluster test.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

export FQ_TEST_TOTALS=$REPO_ROOT/.local/test-totals.jsonl
mkdir -p "$REPO_ROOT/.local"
: >"$FQ_TEST_TOTALS"
NX=(npx nx run-many --outputStyle=static --skip-nx-cache)

summary() {
  node -e '
    const lines = require("fs").readFileSync(process.env.FQ_TEST_TOTALS, "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
    const t = lines.reduce((a, l) => ({ passed: a.passed + l.passed, failed: a.failed + l.failed, skipped: a.skipped + l.skipped }), { passed: 0, failed: 0, skipped: 0 });
    for (const f of lines.flatMap((l) => l.failures ?? [])) console.log(`FAILED ${f.path} › ${f.test}\n${f.message.replace(/^/gm, "    ")}`);
    console.log(`fengqiao: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  '
}
trap 'print_phases; summary' EXIT

require_node
phase "npm dependencies" ensure_node_modules
phase "local infrastructure (PostgreSQL, NATS, Temporal, Keycloak, Jaeger, Prometheus, S3)" bash tools/infra/infra.sh up
infra_env
phase "formatting (prettier)" npx prettier --check --log-level warn .
phase "lint and typecheck (module boundaries, determinism rules)" "${NX[@]}" -t lint typecheck
phase "unit tests" "${NX[@]}" -t test
phase "build every app" "${NX[@]}" -t build
phase "workflow tests (time-skipping server, replay)" "${NX[@]}" -t workflow --parallel=1
phase "integration and end-to-end tests (real servers)" "${NX[@]}" -t integration --parallel=1
# API fuzzing: schemathesis (PyPI, into ~/.cache/fengqiao by infra.sh tools) against the OpenAPI
# document as every role, every operation, every check; 0 failures (docs/api.md, "Fuzzing").
phase "API fuzzer (schemathesis from PyPI, cached)" bash tools/infra/infra.sh tools
phase "API fuzzing (schemathesis as every role)" "${NX[@]}" -t fuzz --projects=gateway
# The short chaos run: every app and server killed -9 once under load, 4 s apart; exits 2 unless
# every acknowledged case and reply is there once (docs/benchmarks.md).
phase "compile the chaos run" npx tsc -p tools/benchmarks/platform/tsconfig.json --outDir dist/benchmarks
phase "chaos (kill -9 each app and server under load, reconcile)" node tools/benchmarks/run.js platform/src/chaos.js --gap 4 --clients 4
# The backup and restore drill: cases of every built-in kind walked, backed up (tools/infra/backup.sh), the
# servers wiped and restored; exits 2 unless cases, timelines, audit chain, workflows, statistics and streams
# are as they were (docs/backup-restore.md). Its own copies of the servers, as the chaos run.
phase "backup drill (back up, wipe, restore, compare)" node tools/benchmarks/run.js platform/src/drill.js
# The scale-out topology on loopback (tools/infra/infra.sh cluster, docs/cluster.md): three NATS nodes, the
# Temporal server's services as separate processes on PostgreSQL with a streaming replica, two instances of
# every app. One NATS node, one instance of each app and Temporal's history service are killed -9 under load
# and brought back; every acknowledged case must be there once, with one workflow and one event.
phase "Temporal server and its SQL tool (Go module, cached)" bash tools/infra/infra.sh tools temporal-server
phase "cluster (kill a NATS node, an instance of each app, Temporal history; reconcile)" "${NX[@]}" -t cluster --projects=infra
