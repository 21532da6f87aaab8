#!/usr/bin/env bash
# Creates the roles and databases of the Fengqiao stack. The postgres image runs the
# scripts of /docker-entrypoint-initdb.d only once, on the first start with an empty
# data volume; changing a password in .env later does NOT change it here (use ALTER ROLE).
#
#   fengqiao                      owner of database `fengqiao` (one schema per service,
#                                 created by the `migrate` job); not a superuser
#   fengqiao_app                  what the apps log in as: neither owner nor superuser, so
#                                 row-level security and append-only tables bind it
#   temporal                      owner of `temporal` and `temporal_visibility`
#   keycloak                      owner of `keycloak`
#
# Each role gets its own password so that a leaked app credential does not open the
# workflow history or the identity store.
set -euo pipefail

: "${FENGQIAO_DB_PASSWORD:?FENGQIAO_DB_PASSWORD is not set}"
: "${FENGQIAO_APP_DB_PASSWORD:?FENGQIAO_APP_DB_PASSWORD is not set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is not set}"
: "${KEYCLOAK_DB_PASSWORD:?KEYCLOAK_DB_PASSWORD is not set}"

# Passwords travel as psql variables and are quoted by psql (:'name'), never pasted
# into the SQL text.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v fengqiao_pw="$FENGQIAO_DB_PASSWORD" \
  -v fengqiao_app_pw="$FENGQIAO_APP_DB_PASSWORD" \
  -v temporal_pw="$TEMPORAL_DB_PASSWORD" \
  -v keycloak_pw="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE fengqiao LOGIN PASSWORD :'fengqiao_pw';
CREATE DATABASE fengqiao OWNER fengqiao;
CREATE ROLE fengqiao_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'fengqiao_app_pw';

CREATE ROLE temporal LOGIN PASSWORD :'temporal_pw';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

CREATE ROLE keycloak LOGIN PASSWORD :'keycloak_pw';
CREATE DATABASE keycloak OWNER keycloak;

-- By default every role may connect to every database; keep each to its own.
REVOKE CONNECT, TEMPORARY ON DATABASE fengqiao, temporal, temporal_visibility, keycloak FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE fengqiao TO fengqiao, fengqiao_app;
GRANT CONNECT, TEMPORARY ON DATABASE temporal, temporal_visibility TO temporal;
GRANT CONNECT, TEMPORARY ON DATABASE keycloak TO keycloak;
SQL

# Temporal's visibility schema uses btree_gin indexes; create the extension as the
# superuser so the schema job does not depend on the owner being allowed to.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname temporal_visibility \
  -c 'CREATE EXTENSION IF NOT EXISTS btree_gin;'
