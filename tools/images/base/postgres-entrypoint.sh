#!/usr/bin/env bash
# The local PostgreSQL base image's entrypoint: what the official postgres image's
# docker-entrypoint.sh does that the platform uses. On an empty $PGDATA it runs
# initdb (superuser $POSTGRES_USER with $POSTGRES_PASSWORD, scram-sha-256 for every
# network connection), runs /docker-entrypoint-initdb.d/*.sh against a server
# listening on its socket only, then starts the server; as root it first hands
# $PGDATA to the postgres user and drops to it.
set -euo pipefail
if [[ "${1:-postgres}" != postgres ]]; then exec "$@"; fi
if [[ "$(id -u)" == 0 ]]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
export POSTGRES_USER="${POSTGRES_USER:-postgres}"
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" > /dev/null
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start > /dev/null
  for script in /docker-entrypoint-initdb.d/*.sh; do
    [[ -e "$script" ]] || continue
    echo "postgres-entrypoint: running $script"
    PGHOST=/var/run/postgresql bash "$script"
  done
  pg_ctl -D "$PGDATA" -m fast -w stop > /dev/null
  echo "postgres-entrypoint: initialised $PGDATA"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "${@:2}"
