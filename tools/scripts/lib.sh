# Shared helpers for the developer scripts (sourced, not run).
# shellcheck shell=bash
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
APPS=(intake mediation legal-aid petitions key-persons orchestrator insights webhooks hotline-12345 gateway)
APP_STATE=$REPO_ROOT/.local/apps
# Each app's port in the local platform (npm start); the instances of tools/infra/cluster.sh are offset from it.
declare -A APP_PORTS=([gateway]=3000 [intake]=3101 [mediation]=3102 [legal-aid]=3103 [petitions]=3104 [key-persons]=3105 [orchestrator]=3106 [insights]=3107 [webhooks]=3108 [hotline-12345]=3109)
_PHASES=()

say() { printf '\033[1;36m[fengqiao]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[fengqiao] %s\033[0m\n' "$*" >&2; exit 1; }

# phase NAME CMD...: runs a step, says what it does and how long it took.
phase() {
  local name=$1 start end status
  shift
  say "▶ $name"
  start=$(date +%s)
  set +e
  "$@"
  status=$?
  set -e
  end=$(date +%s)
  _PHASES+=("$(printf '%-40s %5ss %s' "$name" "$((end - start))" "$([ $status -eq 0 ] && echo ok || echo FAILED)")")
  if [ $status -ne 0 ]; then
    print_phases
    fail "$name failed (exit $status)"
  fi
}

print_phases() {
  say "phases:"
  printf '  %s\n' "${_PHASES[@]}"
}

require_node() {
  command -v node >/dev/null || fail "Node.js ≥ 20.3 is required (apt-get install nodejs, or nodesource)."
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || fail "Node.js ≥ 20.3 is required; found $(node --version)."
}

# Installs npm dependencies when node_modules is missing or package.json / the lock file changed
# since the last install (first run: a few minutes). `npm ci` installs exactly the tracked lock
# and never rewrites it; only when it fails (package.json edited without updating the lock) do we
# fall back to `npm install`, which updates package-lock.json: commit that change.
ensure_node_modules() {
  cd "$REPO_ROOT"
  local stamp=node_modules/.fengqiao-install-stamp want
  want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing npm dependencies (npm ci; first run takes a few minutes)"
    if ! npm ci --no-audit --no-fund --loglevel=error; then
      say "npm ci failed (usually: package.json changed but package-lock.json was not updated)."
      say "falling back to npm install, which rewrites package-lock.json: review and commit it."
      npm install --no-audit --no-fund --loglevel=error
    fi
    want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
    echo "$want" >"$stamp"
  fi
}

# lock_unchanged: fails when the tracked package-lock.json differs from the commit (an install
# rewrote it); CI runs this after installing so a stale lock is caught, not silently fixed.
lock_unchanged() {
  cd "$REPO_ROOT"
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0 # not a git checkout (tarball)
  if ! git diff --quiet -- package-lock.json; then
    git --no-pager diff --stat -- package-lock.json >&2
    fail "the install rewrote package-lock.json: run npm install, commit package-lock.json, retry."
  fi
}

infra_env() {
  eval "$(bash "$REPO_ROOT/tools/infra/infra.sh" env)"
}

# Settings every local app process gets (npm start and the cluster's instances), one KEY=VALUE per line for env:
# the centres the local mediation, petitions and legal-aid deployments serve (the demo county's units, each
# besides its general queue), loopback webhook receivers allowed, and the prebuilt workflow bundle.
app_settings() {
  echo "MEDIATION_ORG_UNITS=${MEDIATION_ORG_UNITS:-621100,621102,621102101,621102102,621102101201,621102101202,621102102201}"
  echo "PETITIONS_ORG_UNITS=${PETITIONS_ORG_UNITS:-621102,621102101,621102102}"
  echo "LEGAL_AID_ORG_UNITS=${LEGAL_AID_ORG_UNITS:-621102,621102101,621102102}"
  echo "WEBHOOKS_ALLOW_LOOPBACK_HTTP=${WEBHOOKS_ALLOW_LOOPBACK_HTTP:-true}"
  echo "WORKFLOW_BUNDLE=$REPO_ROOT/dist/orchestrator/workflow-bundle.js"
}

# migrate_all [--seed-history]: every app's migrations and the demo county (with its past year: once).
migrate_all() {
  run_node gateway migrate.js && run_node intake migrate.js --seed-demo "$@" && run_node mediation migrate.js --seed-demo &&
    run_node petitions migrate.js --seed-demo && run_node legal-aid migrate.js --seed-demo && run_node key-persons migrate.js --seed-demo &&
    run_node insights migrate.js && run_node webhooks migrate.js --seed-demo && run_node hotline-12345 migrate.js
}

# run_node APP FILE ARGS...: a built app's script with the workspace aliases.
run_node() {
  local app=$1 file=$2
  shift 2
  node --require "$REPO_ROOT/tools/runtime/aliases.js" "$REPO_ROOT/dist/$app/apps/$app/src/$file" "$@"
}
