#!/usr/bin/env bash
# docker-compose.cluster.yml's postgres-replica (official postgres image): on an empty data volume, copy
# the primary with pg_basebackup (as `replicator`, infra/postgres/init/02-replication.sh) into a hot
# standby that follows it over streaming replication (-R writes primary_conninfo and standby.signal; -C -S
# a physical replication slot, so the primary keeps the WAL the replica has not received yet). Then start
# the server as the image would. The replica is read-only: insights reads its figures here
# (INSIGHTS_READ_DATABASE_URL); every write goes to the primary.
set -euo pipefail

: "${PRIMARY_HOST:?}" "${REPLICATION_DB_PASSWORD:?}"
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
SLOT="${REPLICATION_SLOT:-replica_1}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "postgres-replica: copying the primary $PRIMARY_HOST with pg_basebackup (slot $SLOT)"
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  export PGPASSWORD="$REPLICATION_DB_PASSWORD"
  until pg_isready -h "$PRIMARY_HOST" -p 5432 -U replicator -d postgres; do sleep 2; done
  # An existing slot of an earlier replica volume is reused (-C would fail on it).
  if psql "host=$PRIMARY_HOST user=replicator dbname=postgres" -Atc "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$SLOT'" 2>/dev/null | grep -q 1; then
    create_slot=()
  else
    create_slot=(-C)
  fi
  # docker-compose.cluster-tls.yml: the WAL stream verifies the primary. The base backup writes the SSL settings into
  # primary_conninfo (-R); they are this command's only, so the container's own checks (pg_isready on
  # 127.0.0.1, which the certificate does not name) stay as they are.
  ssl_env=()
  if [ -n "${PRIMARY_SSLMODE:-}" ]; then ssl_env+=("PGSSLMODE=$PRIMARY_SSLMODE"); fi
  if [ -n "${PRIMARY_SSLROOTCERT:-}" ]; then ssl_env+=("PGSSLROOTCERT=$PRIMARY_SSLROOTCERT"); fi
  env "${ssl_env[@]}" gosu postgres pg_basebackup -h "$PRIMARY_HOST" -p 5432 -U replicator -D "$PGDATA" \
    -X stream -R "${create_slot[@]}" -S "$SLOT" --checkpoint=fast --progress
  unset PGPASSWORD
fi

# hot_standby is on by default; the image's entrypoint skips initdb because PG_VERSION exists.
# Further arguments (docker-compose.cluster-tls.yml: ssl=on and its files) go to the server.
exec docker-entrypoint.sh postgres -c hot_standby=on "$@"
