#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory
# (/docker-entrypoint-initdb.d). Each service gets its own role, with its own
# password (<SERVICE>_DB_PASSWORD), and its own database, which no other role
# may connect to: no service reads another's database, and a leaked password
# opens one database only.
set -euo pipefail
for service in gateway permits complaints training accountability webhooks; do
  variable="${service^^}_DB_PASSWORD"
  password="${!variable:-}"
  if [[ -z "$password" ]]; then
    echo "init-databases: $variable must be set" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v service="$service" -v password="$password" <<'SQL'
CREATE ROLE :"service" LOGIN PASSWORD :'password';
CREATE DATABASE :"service" OWNER :"service";
REVOKE ALL ON DATABASE :"service" FROM PUBLIC;
SQL
done
