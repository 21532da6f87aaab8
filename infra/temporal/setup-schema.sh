#!/bin/sh
# One-shot job (service `temporal-schema`, image temporalio/admin-tools; also run by
# `tools/infra/infra.sh cluster up`): creates or
# upgrades Temporal's schemas in the databases `temporal` and `temporal_visibility`
# (the databases themselves come from infra/postgres/init/01-databases.sh).
# Idempotent: setup-schema keeps an existing version, update-schema applies only
# the versions above it. Run on every `docker compose up`, so upgrading the Temporal
# image tag upgrades the schema before the new server starts.
set -eu

: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
DB_PORT="${DB_PORT:-5432}"
# The image's schema files; `infra.sh cluster` points SCHEMA_ROOT at the server module's copy.
SCHEMA_ROOT="${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"

# sql_tool <database> <command> [args...]; the password comes from SQL_PASSWORD.
sql_tool() {
  db="$1"
  shift
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" \
    -u "$POSTGRES_USER" --db "$db" "$@"
}

sql_tool temporal setup-schema -v 0.0
sql_tool temporal update-schema -d "$SCHEMA_ROOT/temporal/versioned"

sql_tool temporal_visibility setup-schema -v 0.0
sql_tool temporal_visibility update-schema -d "$SCHEMA_ROOT/visibility/versioned"

echo 'Temporal schemas are up to date'
