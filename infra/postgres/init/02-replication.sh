#!/usr/bin/env bash
# The streaming replica's login (docker-compose.cluster.yml's postgres-replica): a role `replicator` with
# REPLICATION only, allowed to connect for replication from the compose network. Runs on the first start
# of an empty `pgdata` volume, like 01-databases.sh; on an existing volume run the same statements by hand
# (docs/deploy-docker.md "Cluster"). Harmless without a replica: nothing connects as it.
set -euo pipefail

: "${REPLICATION_DB_PASSWORD:?REPLICATION_DB_PASSWORD is not set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v replication_pw="$REPLICATION_DB_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'replication_pw';
SQL

# The image's pg_hba.conf lets `all` databases in from the network, which does not cover replication
# connections; the replica's pg_basebackup and WAL stream need this line.
echo 'host replication replicator all scram-sha-256' >> "$PGDATA/pg_hba.conf"
