#!/usr/bin/env bash
# The scale-out topology of docker-compose.cluster.yml on one machine without Docker, each node a plain
# process on loopback: a three-node NATS JetStream cluster (FQ_EVENTS kept R3), the Temporal server built
# from its Go module with frontend, history, matching and worker as separate processes on PostgreSQL, a
# PostgreSQL primary with a streaming replica (insights reads from it), and two instances of every app.
# Keycloak and the S3 store are the local stack's own (tools/infra/infra.sh up keycloak s3).
#
#   tools/infra/infra.sh cluster up           start every node that is not running (apps need `nx build`)
#   tools/infra/infra.sh cluster down         stop every node
#   tools/infra/infra.sh cluster status       state, pid and port of each node
#   tools/infra/infra.sh cluster nodes        the node names, one per line
#   tools/infra/infra.sh cluster kill NODE    kill -9 one node (e.g. nats-2, temporal-history, gateway-1)
#   tools/infra/infra.sh cluster start NODE   start one node again
#   tools/infra/infra.sh cluster env          shell exports for the cluster (FQ_GATEWAY_URLS: both gateways)
#
# State: ${FQ_CLUSTER_DIR:-<repo>/.local/cluster}. Ports (127.0.0.1, each + FQ_CLUSTER_PORT_OFFSET):
#   PostgreSQL 25432 (replica 25433); NATS clients 24222-24224, routes 26222-26224, monitor 28222-28224;
#   Temporal frontend 27233, history 27234, matching 27235, worker 27239 (membership 27933-27939);
#   app instance 1 on 20000 + its `npm start` port (gateway-1 23000), instance 2 on 21000 more (gateway-2 24000).
set -euo pipefail

CLUSTER_SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SHARED_STATE_DIR=${FQ_STATE_DIR:-}
OFF=${FQ_CLUSTER_PORT_OFFSET:-0}
# shellcheck source=tools/scripts/lib.sh
source "$CLUSTER_SCRIPT_DIR/../scripts/lib.sh" # REPO_ROOT, APPS, APP_PORTS, app_settings, run_node, migrate_all
# The helpers of infra.sh (start_detached, wait_healthy, the PostgreSQL steps, the cached binaries) run on
# the cluster's own state directory and primary port.
FQ_STATE_DIR=${FQ_CLUSTER_DIR:-$REPO_ROOT/.local/cluster}
FQ_PG_PORT=$((25432 + OFF))
# 20 app instances and four Temporal services share the primary; the replica needs at least as many.
FQ_PG_MAX_CONNECTIONS=400
unset DATABASE_URL APP_DATABASE_URL # set for the local stack, they would make infra.sh treat PostgreSQL as external
# shellcheck source=tools/infra/infra.sh
source "$CLUSTER_SCRIPT_DIR/infra.sh" # sourced: its functions only (and its `say`)

REPLICA_PORT=$((25433 + OFF))
REPLICA_DIR=$STATE/pg-replica
REPLICA_DATA=$REPLICA_DIR/data
REPLICA_SOCK=$REPLICA_DIR/run
# The roles' passwords on this loopback-only cluster (infra/postgres/init creates the roles with them).
PW_FENGQIAO=fengqiao PW_APP=fengqiao_app PW_TEMPORAL=temporal PW_KEYCLOAK=keycloak PW_REPLICATION=replicator
REPLICATION_SLOT=fq_cluster_replica
TEMPORAL_ROOT=$STATE/temporal
declare -A TEMPORAL_PORTS=([frontend]=$((27233 + OFF)) [history]=$((27234 + OFF)) [matching]=$((27235 + OFF)) [worker]=$((27239 + OFF)))
TEMPORAL_SERVICES=(history matching frontend worker) # history first, alone (cmd_cluster_up says why)
NATS_NODES=(nats-1 nats-2 nats-3)
INFRA_NODES=(postgres pg-replica "${NATS_NODES[@]}" "${TEMPORAL_SERVICES[@]/#/temporal-}")

nats_port() { echo $((24221 + ${1#nats-} + OFF)); }
nats_route_port() { echo $((26221 + ${1#nats-} + OFF)); }
nats_http_port() { echo $((28221 + ${1#nats-} + OFF)); }
app_port() { local app=${1%-[12]} i=${1##*-}; echo $((20000 + APP_PORTS[$app] + (i - 1) * 1000 + OFF)); }
app_nodes() { local app; for app in "${APPS[@]}"; do echo "$app-1" "$app-2"; done; }
all_nodes() { printf '%s\n' "${INFRA_NODES[@]}"; app_nodes | tr ' ' '\n'; }
is_node() { [[ -n $1 && $1 != *' '* && " $(all_nodes | tr '\n' ' ') " == *" $1 "* ]]; }

nats_urls() { local n urls=(); for n in "${NATS_NODES[@]}"; do urls+=("nats://$HOST:$(nats_port "$n")"); done; (IFS=,; echo "${urls[*]}"); }
owner_url() { echo "postgres://fengqiao:$PW_FENGQIAO@$HOST:${1:-$PG_PORT}/fengqiao"; }
app_db_url() { echo "postgres://fengqiao_app:$PW_APP@$HOST:${1:-$PG_PORT}/fengqiao"; }
# Each Temporal service's ringpop port, beside its gRPC port.
membership_port() { echo $((${TEMPORAL_PORTS[$1]} + 700)); }

# --------------------------------------------------------------- which process is which node

temporal_args() { echo "--root $TEMPORAL_ROOT --config config --env cluster --allow-no-auth start --service $1"; }

# infra.sh's own, extended to the cluster's nodes (service_pid, pg_ctl_start and pg_ctl_stop read them).
postmaster_data() {
  case $1 in
    postgres) echo "$PG_DATA" ;;
    pg-replica) echo "$REPLICA_DATA" ;;
  esac
}

# A node's pid is ours only while its command line carries this marker (unique to this state dir).
marker() {
  case $1 in
    postgres | pg-replica) postmaster_data "$1" ;;
    nats-[123]) echo "$STATE/nats/$1.conf" ;;
    temporal-*) temporal_args "${1#temporal-}" ;;
    *) echo "--fq-cluster-node=$STATE/apps/$1" ;;
  esac
}

node_port() {
  case $1 in
    postgres) echo "$PG_PORT" ;; pg-replica) echo "$REPLICA_PORT" ;;
    nats-*) nats_port "$1" ;; temporal-*) echo "${TEMPORAL_PORTS[${1#temporal-}]}" ;;
    *) app_port "$1" ;;
  esac
}

node_healthy() {
  case $1 in
    postgres) pg_healthy ;;
    pg-replica) "$(pg_bindir)/pg_isready" -q -h "$HOST" -p "$REPLICA_PORT" -t 2 >/dev/null 2>&1 ;;
    # the full check: JetStream has a meta leader and this node's streams are current
    nats-*) curl -fsS -m 2 -o /dev/null "http://$HOST:$(nats_http_port "$1")/healthz" 2>/dev/null ;;
    temporal-frontend) "$BIN/temporal" operator cluster health --address "$HOST:${TEMPORAL_PORTS[frontend]}" --command-timeout 3s >/dev/null 2>&1 ;;
    # the worker service serves no gRPC of its own: a service is up once it listens for membership (ringpop)
    temporal-*) port_in_use "$(membership_port "${1#temporal-}")" ;;
    *) curl -fsS -m 2 -o /dev/null "http://$HOST:$(app_port "$1")/health/ready" 2>/dev/null ;;
  esac
}

# ------------------------------------------------------------------------ PostgreSQL

# The primary is infra.sh's own PostgreSQL on the cluster's data dir and port; its bootstrap, once, is the
# Compose deployment's init scripts (infra/postgres/init: the apps' roles, Temporal's databases, the
# replication role and its pg_hba line).
pg_bootstrap() {
  [[ -f $PG_DIR/initialised ]] && return 0
  say "postgres: roles and databases (infra/postgres/init)"
  local script
  for script in "$REPO_ROOT"/infra/postgres/init/*.sh; do
    PATH="$(pg_bindir):$PATH" PGHOST=$PG_SOCK PGPORT=$PG_PORT PGDATA=$PG_DATA POSTGRES_USER=postgres \
      FENGQIAO_DB_PASSWORD=$PW_FENGQIAO FENGQIAO_APP_DB_PASSWORD=$PW_APP TEMPORAL_DB_PASSWORD=$PW_TEMPORAL \
      KEYCLOAK_DB_PASSWORD=$PW_KEYCLOAK REPLICATION_DB_PASSWORD=$PW_REPLICATION \
      bash "$script" >>"$LOGS/postgres.log" 2>&1 || { log_tail postgres; die "postgres: $script failed"; }
  done
  as_pg "$(pg_bindir)/pg_ctl" -D "$PG_DATA" reload >/dev/null # for the new pg_hba line
  touch "$PG_DIR/initialised"
}

# The streaming replica: a base backup of the primary (-R writes primary_conninfo and standby.signal) with
# its own replication slot, so the primary keeps the WAL it still needs while it is down; then its own port
# and socket.
up_pg_replica() {
  if ! service_pid pg-replica >/dev/null; then
    local u
    u=$(pg_os_user)
    mkdir -p "$REPLICA_DIR" "$REPLICA_SOCK"
    touch "$LOGS/pg-replica.log"
    chown "$u" "$REPLICA_DIR" "$REPLICA_SOCK" "$LOGS/pg-replica.log"
    chmod 700 "$REPLICA_SOCK"
    if [[ ! -f $REPLICA_DATA/PG_VERSION ]]; then
      say "pg-replica: base backup of the primary"
      local create_slot=(-C) # the slot of an earlier copy is reused
      [[ -n $(pg_psql_admin <<<"SELECT 1 FROM pg_replication_slots WHERE slot_name = '$REPLICATION_SLOT'") ]] && create_slot=()
      as_pg env PGPASSWORD=$PW_REPLICATION "$(pg_bindir)/pg_basebackup" -h "$HOST" -p "$PG_PORT" -U replicator \
        -D "$REPLICA_DATA" -R -X stream "${create_slot[@]}" -S "$REPLICATION_SLOT" -c fast >>"$LOGS/pg-replica.log" 2>&1 ||
        { log_tail pg-replica; die "pg-replica: pg_basebackup failed"; }
    fi
    check_ports_free pg-replica "$REPLICA_PORT"
    as_pg tee "$REPLICA_DATA/fengqiao.conf" >/dev/null <<EOF
# written by tools/infra/cluster.sh on each start (the base backup copied the primary's)
listen_addresses = '$HOST'
port = $REPLICA_PORT
unix_socket_directories = '$REPLICA_SOCK'
max_connections = $FQ_PG_MAX_CONNECTIONS
hot_standby = on
log_min_messages = warning
EOF
    say "pg-replica: starting the streaming replica on $HOST:$REPLICA_PORT"
    pg_ctl_start pg-replica
  fi
  wait_healthy pg-replica 60 replica_healthy
}
replica_healthy() { node_healthy pg-replica; }

# ------------------------------------------------------------------------ NATS

nats_write_node_conf() {
  local node=$1 n routes=()
  mkdir -p "$STATE/nats/$node"
  for n in "${NATS_NODES[@]}"; do routes+=("nats-route://$HOST:$(nats_route_port "$n")"); done
  cat >"$STATE/nats/$node.conf" <<EOF
# written by tools/infra/cluster.sh on each start: one node of a three-node JetStream cluster
server_name: fq-$node
listen: $HOST:$(nats_port "$node")
http: $HOST:$(nats_http_port "$node")
jetstream {
  store_dir: "$STATE/nats/$node"
  sync_interval: always
}
cluster {
  name: fengqiao-local
  listen: $HOST:$(nats_route_port "$node")
  # a node's route to itself is recognised and dropped
  routes: [$(IFS=,; echo "${routes[*]}")]
}
EOF
  "$BIN/nats-server" -c "$STATE/nats/$node.conf" -t >/dev/null 2>&1 || die "$node: invalid config $STATE/nats/$node.conf"
}

start_nats_node() {
  local node=$1
  service_pid "$node" >/dev/null && return 0
  check_ports_free "$node" "$(nats_port "$node")" "$(nats_route_port "$node")" "$(nats_http_port "$node")"
  nats_write_node_conf "$node"
  say "$node: starting nats-server on $HOST:$(nats_port "$node")"
  start_detached "$node" "$BIN/nats-server" -c "$STATE/nats/$node.conf"
}

# ------------------------------------------------------------------------ Temporal

temporal_write_conf() {
  local svc services=''
  mkdir -p "$TEMPORAL_ROOT/config"
  for svc in "${TEMPORAL_SERVICES[@]}"; do
    services+="  $svc:
    rpc:
      grpcPort: ${TEMPORAL_PORTS[$svc]}
      membershipPort: $(membership_port "$svc")
      bindOnIP: $HOST
"
    [[ $svc == frontend ]] && services+="      httpPort: $((${TEMPORAL_PORTS[$svc]} + 10))
"
  done
  # written beside and moved into place: a service starting now reads the whole file, old or new, never half
  cat >"$TEMPORAL_ROOT/config/cluster.yaml.tmp" <<EOF
# written by tools/infra/cluster.sh on each start: four services, each its own process, on PostgreSQL
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 4
  datastores:
    default:
      sql: { pluginName: postgres12, databaseName: temporal, connectAddr: "$HOST:$PG_PORT", connectProtocol: tcp, user: temporal, password: $PW_TEMPORAL, maxConns: 10, maxIdleConns: 10, maxConnLifetime: 1h }
    visibility:
      sql: { pluginName: postgres12, databaseName: temporal_visibility, connectAddr: "$HOST:$PG_PORT", connectProtocol: tcp, user: temporal, password: $PW_TEMPORAL, maxConns: 4, maxIdleConns: 4, maxConnLifetime: 1h }
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: $HOST
services:
$services
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: $HOST:${TEMPORAL_PORTS[frontend]}
dcRedirectionPolicy:
  policy: noop
publicClient:
  hostPort: $HOST:${TEMPORAL_PORTS[frontend]}
dynamicConfigClient:
  # the Compose deployment's settings
  filepath: $REPO_ROOT/infra/temporal/dynamicconfig/development-sql.yaml
  pollInterval: 10s
EOF
  mv -f "$TEMPORAL_ROOT/config/cluster.yaml.tmp" "$TEMPORAL_ROOT/config/cluster.yaml"
}

# The schema by Temporal's own SQL tool, as the Compose job runs it (idempotent), from the server module's files.
temporal_schema() {
  local module schema
  module=$(cd "$CACHE" && GOFLAGS=-mod=mod go mod download -json "go.temporal.io/server@$TEMPORAL_SERVER_VERSION") ||
    die "temporal: could not fetch the go.temporal.io/server@$TEMPORAL_SERVER_VERSION module (its schema files)"
  schema=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$module")/schema/postgresql/v12
  [[ -d $schema ]] || die "temporal: schema files not found in the go.temporal.io/server module ($schema)"
  PATH="$BIN:$PATH" POSTGRES_SEEDS=$HOST DB_PORT=$PG_PORT POSTGRES_USER=temporal SQL_PASSWORD=$PW_TEMPORAL SCHEMA_ROOT=$schema \
    sh "$REPO_ROOT/infra/temporal/setup-schema.sh" >>"$LOGS/temporal-schema.log" 2>&1 ||
    { tail -n 20 "$LOGS/temporal-schema.log" >&2; die "temporal: schema setup failed (log: $LOGS/temporal-schema.log)"; }
}

start_temporal_service() {
  local node=temporal-$1 args
  service_pid "$node" >/dev/null && return 0
  check_ports_free "$node" "${TEMPORAL_PORTS[$1]}" "$(membership_port "$1")" $([[ $1 == frontend ]] && echo $((${TEMPORAL_PORTS[$1]} + 10)))
  say "$node: starting on $HOST:${TEMPORAL_PORTS[$1]}"
  read -ra args <<<"$(temporal_args "$1")"
  start_detached "$node" "$BIN/temporal-server" "${args[@]}"
}

temporal_namespace() {
  PATH="$BIN:$PATH" TEMPORAL_ADDRESS=$HOST:${TEMPORAL_PORTS[frontend]} DEFAULT_NAMESPACE=$TEMPORAL_NAMESPACE \
    sh "$REPO_ROOT/infra/temporal/create-namespace.sh" >>"$LOGS/temporal-namespace.log" 2>&1 ||
    { tail -n 20 "$LOGS/temporal-namespace.log" >&2; die "temporal: could not create the namespace"; }
}

# ------------------------------------------------------------------------ apps

shared_infra() { FQ_STATE_DIR=${SHARED_STATE_DIR:-$REPO_ROOT/.local/infra} bash "$CLUSTER_SCRIPT_DIR/infra.sh" "$@"; }

# What every app instance is given: the local stack's Keycloak and S3, the cluster's servers. Asked once
# per command (CLUSTER_APP_ENV), not once per instance: it runs infra.sh env against the local stack.
CLUSTER_APP_ENV=()
load_cluster_app_env() {
  ((${#CLUSTER_APP_ENV[@]})) || mapfile -t CLUSTER_APP_ENV < <(cluster_app_env)
}
cluster_app_env() {
  (
    eval "$(shared_infra env)"
    printf '%s\n' "KEYCLOAK_URL=$KEYCLOAK_URL" "KEYCLOAK_REALM=$KEYCLOAK_REALM" "S3_ENDPOINT=$S3_ENDPOINT" "S3_REGION=$S3_REGION" \
      "S3_BUCKET=$S3_BUCKET" "S3_ACCESS_KEY_ID=$S3_ACCESS_KEY_ID" "S3_SECRET_ACCESS_KEY=$S3_SECRET_ACCESS_KEY"
  )
  app_settings
  echo "NATS_URL=$(nats_urls)"
  echo "NATS_STREAM_REPLICAS=3"
  echo "TEMPORAL_ADDRESS=$HOST:${TEMPORAL_PORTS[frontend]}"
  echo "TEMPORAL_NAMESPACE=$TEMPORAL_NAMESPACE"
  echo "DATABASE_URL=$(app_db_url)"
  echo "INSIGHTS_READ_DATABASE_URL=$(app_db_url "$REPLICA_PORT")"
  echo "LOG_LEVEL=${LOG_LEVEL:-warn}"
}

need_built_apps() {
  local app
  for app in "${APPS[@]}"; do
    [[ -f $REPO_ROOT/dist/$app/apps/$app/src/main.js ]] ||
      die "the apps are not built (no dist/$app): npx nx run-many -t build, then infra.sh cluster up again"
  done
}

migrate_cluster() {
  # again whenever any app's build is newer than the last run
  if [[ -f $STATE/apps/migrated ]] && [[ -z $(find "$REPO_ROOT"/dist/*/apps/*/src -maxdepth 1 -name migrate.js -newer "$STATE/apps/migrated" 2>/dev/null) ]]; then
    return 0
  fi
  say "apps: migrations and the demo county"
  mkdir -p "$STATE/apps"
  load_cluster_app_env
  (export "${CLUSTER_APP_ENV[@]}" DATABASE_URL="$(owner_url)" APP_DATABASE_URL="$(app_db_url)" && migrate_all) >>"$LOGS/migrate.log" 2>&1 ||
    { tail -n 30 "$LOGS/migrate.log" >&2; die "apps: migrations failed (log: $LOGS/migrate.log)"; }
  touch "$STATE/apps/migrated"
}

start_app_node() {
  local node=$1 app=${1%-[12]}
  service_pid "$node" >/dev/null && return 0
  check_ports_free "$node" "$(app_port "$node")"
  mkdir -p "$STATE/apps"
  load_cluster_app_env
  say "$node: starting on $HOST:$(app_port "$node")"
  # the last argument is not read by the app: it marks the process as this node
  start_detached "$node" env "${CLUSTER_APP_ENV[@]}" PORT="$(app_port "$node")" node --require "$REPO_ROOT/tools/runtime/aliases.js" \
    "$REPO_ROOT/dist/$app/apps/$app/src/main.js" "--fq-cluster-node=$STATE/apps/$node"
}

# ------------------------------------------------------------------------ commands

start_node() { # start_node <node>: one node, waited for
  local node=$1
  case $node in
    postgres) up_postgres ;;
    pg-replica) up_pg_replica ;;
    nats-*) start_nats_node "$node" && wait_node "$node" 60 ;;
    temporal-*) temporal_write_conf && start_temporal_service "${node#temporal-}" && wait_node "$node" 90 ;;
    *) start_app_node "$node" && wait_node "$node" 120 ;;
  esac
}

WAITING_FOR=
waited_node_healthy() { node_healthy "$WAITING_FOR"; }
wait_node() { WAITING_FOR=$1; wait_healthy "$1" "$2" waited_node_healthy; }

cmd_cluster_up() {
  local t0=$SECONDS node
  need curl "apt-get install -y curl"
  need ss "apt-get install -y iproute2"
  need_built_apps
  with_lock
  mkdir -p "$LOGS" "$RUN"
  ensure_postgres_installed
  ensure_nats_server
  ensure_temporal_cli
  ensure_temporal_server
  shared_infra up keycloak s3
  up_postgres
  up_pg_replica
  # all three nodes first: JetStream needs a majority before any of them is healthy
  for node in "${NATS_NODES[@]}"; do start_nats_node "$node"; done
  for node in "${NATS_NODES[@]}"; do wait_node "$node" 60; done
  temporal_schema
  temporal_write_conf
  # the first service alone: each writes the cluster's metadata record on its first start, and two at once collide
  start_temporal_service history && wait_node temporal-history 90
  for node in "${TEMPORAL_SERVICES[@]:1}"; do start_temporal_service "$node"; done
  for node in "${TEMPORAL_SERVICES[@]:1}"; do wait_node "temporal-$node" 90; done
  temporal_namespace
  migrate_cluster
  for node in $(app_nodes); do start_app_node "$node"; done
  for node in $(app_nodes); do wait_node "$node" 180; done
  say "cluster up in $((SECONDS - t0))s: ${#INFRA_NODES[@]} server nodes, $(app_nodes | wc -w) app instances (eval \"\$(tools/infra/infra.sh cluster env)\")"
}

stop_node() {
  local node=$1 pid
  pid=$(service_pid "$node") || { rm -f "$(pidfile "$node")"; return 0; }
  if [[ -n $(postmaster_data "$node") ]]; then pg_ctl_stop "$node"; else stop_pid "$node" "$pid" 30; fi
  rm -f "$(pidfile "$node")"
}

cmd_cluster_down() {
  local node i
  with_lock
  for node in $(app_nodes); do stop_node "$node" & done
  wait
  # servers in reverse start order
  for ((i = ${#INFRA_NODES[@]} - 1; i >= 0; i--)); do stop_node "${INFRA_NODES[i]}"; done
  say "cluster down ($STATE)"
}

cmd_cluster_status() {
  local node pid state
  printf '%-20s %-18s %-8s %s\n' NODE STATE PID PORT
  for node in $(all_nodes); do
    if pid=$(service_pid "$node"); then
      if node_healthy "$node"; then state=running; else state="running (unready)"; fi
    else
      pid=- state=stopped
    fi
    printf '%-20s %-18s %-8s %s\n' "$node" "$state" "$pid" "$(node_port "$node")"
  done
  echo "state: $STATE"
}

cmd_cluster_kill() {
  local node=${1:-} pid
  is_node "$node" || die "unknown node '$node' (infra.sh cluster nodes lists them)"
  pid=$(service_pid "$node") || die "$node is not running"
  kill -KILL "$pid"
  say "$node: killed (kill -9 $pid)"
}

cmd_cluster_env() {
  local kv
  for kv in \
    "FQ_CLUSTER_DIR=$STATE" \
    "DATABASE_URL=$(owner_url)" \
    "APP_DATABASE_URL=$(app_db_url)" \
    "REPLICA_DATABASE_URL=$(owner_url "$REPLICA_PORT")" \
    "INSIGHTS_READ_DATABASE_URL=$(app_db_url "$REPLICA_PORT")" \
    "NATS_URL=$(nats_urls)" \
    "TEMPORAL_ADDRESS=$HOST:${TEMPORAL_PORTS[frontend]}" \
    "TEMPORAL_NAMESPACE=$TEMPORAL_NAMESPACE" \
    "FQ_GATEWAY_URLS=http://$HOST:$(app_port gateway-1),http://$HOST:$(app_port gateway-2)"; do
    printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
  done
}

cluster_main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    up) cmd_cluster_up ;;
    down) cmd_cluster_down ;;
    status) cmd_cluster_status ;;
    nodes) all_nodes ;;
    kill) cmd_cluster_kill "$@" ;;
    start) is_node "${1:-}" || die "unknown node '${1:-}' (infra.sh cluster nodes lists them)"; mkdir -p "$LOGS" "$RUN"; start_node "$1" ;;
    env) cmd_cluster_env ;;
    -h | --help | help | '') awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}" ;;
    *) die "unknown cluster command '$cmd' (up, down, status, nodes, kill NODE, start NODE, env)" ;;
  esac
}

cluster_main "$@"
