#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory
# (/docker-entrypoint-initdb.d). Each service gets its own role and database,
# and no other role may connect to it: no service reads another's database.
set -euo pipefail
: "${SERVICE_DB_PASSWORD:?SERVICE_DB_PASSWORD must be set}"
for service in gateway permits complaints training accountability; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v service="$service" -v password="$SERVICE_DB_PASSWORD" <<'SQL'
CREATE ROLE :"service" LOGIN PASSWORD :'password';
CREATE DATABASE :"service" OWNER :"service";
REVOKE ALL ON DATABASE :"service" FROM PUBLIC;
SQL
done
