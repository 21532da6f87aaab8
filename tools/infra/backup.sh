#!/usr/bin/env bash
# Backup and restore of the local stack that tools/infra/infra.sh runs (docs/backup-restore.md):
#
#   tools/infra/backup.sh backup [DIR]   save PostgreSQL, Temporal's state and the JetStream streams into DIR
#                                        (default .local/backups/<UTC time>); prints DIR on stdout
#   tools/infra/backup.sh restore DIR [postgres|temporal|nats...]
#                                        put them back (default: all three): every saved database, Temporal's
#                                        SQLite file and every saved stream replace what the running stack holds
#   tools/infra/backup.sh verify DIR     check DIR's files against its checksums only
#
# What is saved:
#   postgres/globals.sql        roles (pg_dumpall --globals-only; password hashes: keep DIR private)
#   postgres/<database>.dump    every database of the cluster, all schemas (pg_dump custom format)
#   temporal/temporal.db        the Temporal dev server's SQLite file (sqlite3 .backup: online, consistent)
#   nats/<stream>/              every JetStream stream with its consumers (`nats backup stream`)
#   manifest.json, SHA256SUMS   when, versions, what was saved, sizes and checksums
# Not saved: Keycloak (dev H2 file; the realm is infra/keycloak/fengqiao-realm.dev.json), the S3 bucket
# (attachments), Jaeger and Prometheus (see docs/backup-restore.md).
#
# The same environment as infra.sh (FQ_STATE_DIR, FQ_*_PORT, DATABASE_URL) chooses the stack. DATABASE_URL
# naming another server: only that database is dumped and restored (pg_dump/pg_restore as its owner).
# Stop the apps first (npm run stop) for one consistent point in time across the three stores; restore
# needs the servers up (infra.sh up postgres nats temporal) and the apps stopped.
set -euo pipefail

BACKUP_SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# infra.sh's variables (state dir, ports, binaries) and helpers (pg_bindir, as_pg, service_pid, ...)
# shellcheck source=tools/infra/infra.sh
source "$BACKUP_SCRIPT_DIR/infra.sh"

MANIFEST_FORMAT=1

bsay() { echo "[backup] $*" >&2; }
bdie() { echo "[backup] ERROR: $*" >&2; exit 1; }

infra() { bash "$BACKUP_SCRIPT_DIR/infra.sh" "$@"; }

nats_cli() { "$BIN/nats" --server "nats://$HOST:$NATS_PORT" "$@"; }

pg_admin_args() { echo "-h $PG_SOCK -p $PG_PORT -U postgres"; }

local_pg() { [[ -z $(external_database_url) ]]; }

require_servers() { # require_servers: postgres, nats and temporal answer
  if local_pg; then
    service_pid postgres >/dev/null && pg_healthy || bdie "PostgreSQL of $STATE is not running (tools/infra/infra.sh up postgres)"
  else
    pg_isready -q -d "$DATABASE_URL" -t 5 || bdie "PostgreSQL at DATABASE_URL is not reachable"
  fi
  nats_healthy || bdie "nats-server on $HOST:$NATS_PORT is not running (tools/infra/infra.sh up nats)"
  [[ -f $TEMPORAL_DB ]] || bdie "no Temporal state at $TEMPORAL_DB (tools/infra/infra.sh up temporal)"
}

# ---------------------------------------------------------------- postgres

pg_databases() { # every database of the local cluster but the templates and `postgres`
  as_pg "$(pg_bindir)/psql" $(pg_admin_args) -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY datname"
}

backup_postgres() {
  local dir=$1/postgres db bindir
  mkdir -p "$dir"
  if ! local_pg; then
    db=$(node -p 'new URL(process.argv[1]).pathname.slice(1)' "$DATABASE_URL")
    bsay "postgres: pg_dump of database $db at DATABASE_URL (an external server: roles are not saved)"
    pg_dump -Fc -d "$DATABASE_URL" -f "$dir/$db.dump"
    return 0
  fi
  bindir=$(pg_bindir)
  as_pg "$bindir/pg_dumpall" $(pg_admin_args) --globals-only >"$dir/globals.sql"
  for db in $(pg_databases); do
    bsay "postgres: pg_dump $db"
    as_pg "$bindir/pg_dump" $(pg_admin_args) -Fc -d "$db" >"$dir/$db.dump"
  done
}

restore_postgres() {
  local dir=$1/postgres f db bindir
  [[ -d $dir ]] || { bsay "postgres: nothing saved"; return 0; }
  if ! local_pg; then
    for f in "$dir"/*.dump; do
      bsay "postgres: pg_restore $(basename "$f" .dump) into DATABASE_URL (--clean)"
      pg_restore --clean --if-exists --no-owner --exit-on-error -d "$DATABASE_URL" "$f"
    done
    return 0
  fi
  bindir=$(pg_bindir)
  if [[ -f $dir/globals.sql ]]; then
    bsay "postgres: roles (those that exist already stay)"
    # CREATE ROLE of an existing role fails harmlessly; ALTER ROLE then sets its attributes and password.
    as_pg "$bindir/psql" $(pg_admin_args) -d postgres -q -v ON_ERROR_STOP=0 <"$dir/globals.sql" 2>&1 |
      grep -v 'already exists' >&2 || true
  fi
  for f in "$dir"/*.dump; do
    [[ -e $f ]] || continue
    db=$(basename "$f" .dump)
    bsay "postgres: restoring database $db"
    as_pg "$bindir/psql" $(pg_admin_args) -d postgres -qAt -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
    as_pg "$bindir/pg_restore" $(pg_admin_args) --create --exit-on-error -d postgres <"$f"
  done
}

# ---------------------------------------------------------------- temporal (the dev server's SQLite file)

backup_temporal() {
  local dir=$1/temporal
  mkdir -p "$dir"
  if command -v sqlite3 >/dev/null 2>&1; then
    # SQLite's online backup: a consistent copy while the dev server keeps running (WAL mode)
    bsay "temporal: sqlite3 .backup of $TEMPORAL_DB"
    sqlite3 "$TEMPORAL_DB" ".timeout 10000" ".backup '$dir/temporal.db'"
  else
    # without sqlite3 the file is copied while the server is stopped (its WAL checkpointed at shutdown)
    bsay "temporal: sqlite3 not found: stopping the dev server to copy $TEMPORAL_DB"
    local was_running=0
    service_pid temporal >/dev/null && was_running=1
    ((was_running)) && infra down temporal
    cp "$TEMPORAL_DB" "$dir/temporal.db"
    [[ -f $TEMPORAL_DB-wal ]] && cp "$TEMPORAL_DB-wal" "$dir/temporal.db-wal"
    ((was_running)) && infra up temporal
  fi
  return 0
}

restore_temporal() {
  local dir=$1/temporal
  [[ -f $dir/temporal.db ]] || { bsay "temporal: nothing saved"; return 0; }
  bsay "temporal: stopping the dev server, replacing $TEMPORAL_DB, starting it again"
  infra down temporal
  mkdir -p "$(dirname "$TEMPORAL_DB")"
  rm -f "$TEMPORAL_DB" "$TEMPORAL_DB-wal" "$TEMPORAL_DB-shm"
  cp "$dir/temporal.db" "$TEMPORAL_DB"
  [[ -f $dir/temporal.db-wal ]] && cp "$dir/temporal.db-wal" "$TEMPORAL_DB-wal"
  infra up temporal
}

# ---------------------------------------------------------------- nats (JetStream streams)

backup_nats() {
  local dir=$1/nats s
  mkdir -p "$dir"
  for s in $(nats_cli stream ls --names); do
    bsay "nats: backing up stream $s (with its consumers)"
    nats_cli backup stream "$s" "$dir/$s" --consumers --no-progress >/dev/null
  done
}

restore_nats() {
  local dir=$1/nats d s
  [[ -d $dir ]] || { bsay "nats: nothing saved"; return 0; }
  for d in "$dir"/*/; do
    [[ -d $d ]] || continue
    s=$(basename "$d")
    if nats_cli stream info "$s" >/dev/null 2>&1; then
      bsay "nats: stream $s exists: removing it before the restore"
      nats_cli stream rm -f "$s" >/dev/null
    fi
    bsay "nats: restoring stream $s"
    nats_cli backup restore stream "$d" --no-progress >/dev/null
  done
}

# ---------------------------------------------------------------- manifest

write_manifest() { # write_manifest <dir> <started ISO time>
  local dir=$1 started=$2 pg_version nats_version commit streams
  if local_pg; then
    pg_version=$(as_pg "$(pg_bindir)/psql" $(pg_admin_args) -d postgres -qAt -c 'SHOW server_version')
  else
    pg_version=$(psql -d "$DATABASE_URL" -qAt -c 'SHOW server_version')
  fi
  nats_version=$(curl -fsS -m 5 "http://$HOST:$NATS_HTTP_PORT/varz" | jq -r .version)
  commit=$(git -C "$REPO_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
  streams=$(for d in "$dir"/nats/*/; do
    [[ -f $d/backup.json ]] || continue
    jq -c '{name: .config.name, messages: .state.messages, bytes: .state.bytes, consumers: (.state.consumer_count // 0)}' "$d/backup.json"
  done | jq -s .)
  (cd "$dir" && find . -type f ! -name SHA256SUMS ! -name manifest.json | sed 's|^\./||' | sort | xargs -r sha256sum >SHA256SUMS)
  jq -n \
    --argjson format "$MANIFEST_FORMAT" --arg started "$started" --arg finished "$(date -u +%FT%TZ)" \
    --arg commit "$commit" --arg state "$STATE" --arg pg "$pg_version" --arg pgdump "$(pg_dump --version)" \
    --arg nats "$nats_version" --arg natscli "$NATSCLI_VERSION" --arg temporal "$TEMPORAL_CLI_VERSION" \
    --arg sqlite "$(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || true)" \
    --argjson streams "$streams" \
    --argjson databases "$(find "$dir/postgres" -name '*.dump' -printf '%f\n' | sed 's/\.dump$//' | sort | jq -R . | jq -s .)" \
    --argjson files "$(cd "$dir" && while read -r sum path; do
      jq -n --arg path "$path" --arg sha256 "$sum" --argjson bytes "$(stat -c %s "$path")" '{$path, $bytes, $sha256}'
    done <SHA256SUMS | jq -s .)" \
    '{format: $format, startedAt: $started, finishedAt: $finished, repoCommit: $commit, stateDir: $state,
      versions: {postgres: $pg, pgDump: $pgdump, natsServer: $nats, natsCli: $natscli, temporalCli: $temporal, sqlite: $sqlite},
      saved: {postgres: {databases: $databases, roles: ($files | map(.path) | index("postgres/globals.sql") != null)},
              temporal: {sqliteFile: "temporal/temporal.db"}, nats: {streams: $streams}},
      notSaved: ["keycloak (realm: infra/keycloak/fengqiao-realm.dev.json)", "s3 bucket (attachments)", "jaeger traces", "prometheus metrics"],
      files: $files}' >"$dir/manifest.json"
}

cmd_verify() {
  local dir=${1:?usage: backup.sh verify DIR}
  [[ -f $dir/manifest.json && -f $dir/SHA256SUMS ]] || bdie "$dir is not a backup (no manifest.json / SHA256SUMS)"
  (cd "$dir" && sha256sum --quiet -c SHA256SUMS) || bdie "$dir: checksums do not match: the backup is damaged"
  [[ $(jq -r .format "$dir/manifest.json") == "$MANIFEST_FORMAT" ]] || bdie "$dir: manifest format $(jq -r .format "$dir/manifest.json"), this script reads $MANIFEST_FORMAT"
  bsay "verified: $dir ($(jq -r '.files | length' "$dir/manifest.json") files, taken $(jq -r .finishedAt "$dir/manifest.json"))"
}

cmd_backup() {
  local dir=${1:-$REPO_ROOT/.local/backups/$(date -u +%Y%m%dT%H%M%SZ)} started t0=$SECONDS
  started=$(date -u +%FT%TZ)
  ensure_nats_cli
  require_servers
  [[ ! -e $dir || -z $(ls -A "$dir" 2>/dev/null) ]] || bdie "$dir exists and is not empty"
  mkdir -p "$dir"
  chmod 700 "$dir" # role password hashes, personal data
  dir=$(cd "$dir" && pwd)
  backup_postgres "$dir"
  backup_temporal "$dir"
  backup_nats "$dir"
  write_manifest "$dir" "$started"
  bsay "backup done in $((SECONDS - t0))s: $dir ($(du -sh "$dir" | cut -f1))"
  echo "$dir"
}

cmd_restore() {
  local dir=${1:?usage: backup.sh restore DIR [postgres|temporal|nats...]} t0=$SECONDS part parts
  shift
  parts=("$@")
  ((${#parts[@]})) || parts=(postgres temporal nats)
  for part in "${parts[@]}"; do
    [[ $part =~ ^(postgres|temporal|nats)$ ]] || bdie "unknown part '$part' (postgres, temporal, nats)"
  done
  dir=$(cd "$dir" && pwd)
  cmd_verify "$dir"
  ensure_nats_cli
  require_servers
  # in this order whatever the order given: the apps' data, then the processes, then the events
  for part in postgres temporal nats; do
    [[ " ${parts[*]} " == *" $part "* ]] && "restore_$part" "$dir"
  done
  bsay "restore (${parts[*]}) done in $((SECONDS - t0))s from $dir"
}

backup_main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    backup) cmd_backup "$@" ;;
    restore) cmd_restore "$@" ;;
    verify) cmd_verify "$@" ;;
    -h | --help | help | '') awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}" ;;
    *) bdie "unknown command '$cmd' (backup, restore, verify)" ;;
  esac
}

backup_main "$@"
