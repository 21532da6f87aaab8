#!/usr/bin/env bash
# Starts the whole platform on the embedded local infrastructure with the demo county:
# dependencies, PostgreSQL/NATS/Temporal/Keycloak, build, migrations + seed, every app.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

stop_app() {
  local pidfile=$APP_STATE/$1.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && grep -q "dist/$1/" "/proc/$pid/cmdline" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
}

# Attachments' presigned URLs name the console's origin: the console proxies /<bucket>/ to the S3 store (apps/console/vite.config.ts).
S3_PUBLIC_ENDPOINT=${S3_PUBLIC_ENDPOINT:-http://127.0.0.1:${CONSOLE_PORT:-4200}}

start_apps() {
  mkdir -p "$APP_STATE"
  for app in "${APPS[@]}"; do stop_app "$app"; done
  local settings
  mapfile -t settings < <(app_settings)
  for app in "${APPS[@]}"; do
    env "${settings[@]}" S3_PUBLIC_ENDPOINT="$S3_PUBLIC_ENDPOINT" DATABASE_URL="$APP_DATABASE_URL" PORT="${APP_PORTS[$app]}" nohup node --require "$REPO_ROOT/tools/runtime/aliases.js" "dist/$app/apps/$app/src/main.js" \
      >"$APP_STATE/$app.log" 2>&1 &
    echo $! >"$APP_STATE/$app.pid"
  done
  for app in "${APPS[@]}"; do
    local url="http://127.0.0.1:${APP_PORTS[$app]}/health/ready" ok=
    for _ in $(seq 1 240); do
      if curl -fs -o /dev/null "$url"; then ok=1; break; fi
      kill -0 "$(cat "$APP_STATE/$app.pid")" 2>/dev/null || break
      sleep 0.5
    done
    [ -n "$ok" ] || { tail -n 30 "$APP_STATE/$app.log" >&2; fail "$app did not become ready (log: $APP_STATE/$app.log)"; }
    say "  $app ready on port ${APP_PORTS[$app]}"
  done
}

# The console: the built SPA served by `vite preview` on :4200, its /api proxied to the gateway and
# /<bucket>/ (attachments' presigned URLs) to the S3 store (S3_ENDPOINT, S3_BUCKET from `infra.sh env`).
CONSOLE_PORT=${CONSOLE_PORT:-4200}
stop_console() {
  local pidfile=$APP_STATE/console.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && grep -q "apps/console/vite.config.ts" "/proc/$pid/cmdline" 2>/dev/null; then kill "$pid"; fi
  rm -f "$pidfile"
}

start_console() {
  stop_console
  GATEWAY_URL=http://127.0.0.1:${APP_PORTS[gateway]} CONSOLE_PORT=$CONSOLE_PORT KEYCLOAK_URL=$KEYCLOAK_URL KEYCLOAK_REALM=$KEYCLOAK_REALM \
    nohup node node_modules/vite/bin/vite.js preview --config apps/console/vite.config.ts >"$APP_STATE/console.log" 2>&1 &
  echo $! >"$APP_STATE/console.pid"
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "http://127.0.0.1:$CONSOLE_PORT/console-config.json"; then say "  console ready on port $CONSOLE_PORT"; return 0; fi
    kill -0 "$(cat "$APP_STATE/console.pid")" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 30 "$APP_STATE/console.log" >&2
  fail "the console did not start (log: $APP_STATE/console.log)"
}

case "${1:-start}" in
  stop)
    stop_console
    for app in "${APPS[@]}"; do stop_app "$app"; done
    bash tools/infra/infra.sh down
    exit 0
    ;;
  start) ;;
  *) fail "usage: npm start [-- stop]" ;;
esac

require_node
phase "npm dependencies" ensure_node_modules
phase "local infrastructure (PostgreSQL, NATS, Temporal, Keycloak, Jaeger, Prometheus)" bash tools/infra/infra.sh up
infra_env
phase "build every app" npx nx run-many -t build --outputStyle=static
phase "migrations + demo county (and its past year, once)" migrate_all --seed-history
phase "start every app" start_apps
phase "start the console" start_console
print_phases

cat <<EOT

  Fengqiao is running (demo county 定西市安定区). Logs: .local/apps/<app>.log
  ─────────────────────────────────────────────────────────────────────────
  Console              http://127.0.0.1:$CONSOLE_PORT    (zh-CN; sign in with a demo login below)
  API docs (OpenAPI)   http://127.0.0.1:3000/api/docs    (JSON: /api/v1/openapi.json)
  Health               http://127.0.0.1:3000/health/ready
  Temporal UI          http://127.0.0.1:8233/namespaces/fengqiao/workflows
  Keycloak             http://127.0.0.1:8080/admin  (master admin: admin / admin)
  Traces (Jaeger API)  http://127.0.0.1:16686/api/traces/<trace id>  (the id is in each answer's traceresponse header)
  Metrics (Prometheus) http://127.0.0.1:9095/api/v1/query?query=fq_outbox_lag_seconds  (docs/observability.md)
  12345 adapter        http://127.0.0.1:3109/hotline/v1/orders  (signed work orders, docs/hotline-12345.md)

  Demo logins (realm fengqiao, password fengqiao-demo for all):
    clerk.621102101 (巉口镇受理员)   mediator.621102101   leader.621102   leader.621100
    dept.public-security.621102101   petition.621102   petition.621102101   legal-aid.621102   lawyer.621102
    key-person.621102101 (重点人员专干)   grid.621102101201 (网格员)
    resident.demo   admin

  Try it:
    TOKEN=\$(curl -s -d grant_type=password -d client_id=fq-console -d username=clerk.621102101 \\
      -d password=fengqiao-demo http://127.0.0.1:8080/realms/fengqiao/protocol/openid-connect/token \\
      | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
    curl -s -X POST http://127.0.0.1:3000/api/v1/cases -H "Authorization: Bearer \$TOKEN" \\
      -H 'Content-Type: application/json' -H "Idempotency-Key: \$(date +%s)" \\
      -d '{"kind":"dispute","category":"neighbour","title":"邻里排水纠纷","description":"两户因排水发生争执",
           "channel":"walk-in","orgUnit":"621102101","parties":[{"role":"applicant","name":"王建国"}]}'

  Stop everything: npm start -- stop
EOT
