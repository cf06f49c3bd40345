#!/usr/bin/env bash
# Brings up the database Lyceum runs on and prints the URLs to use.
#
#   scripts/db.sh up              ensure server, roles and databases exist; migrate `lyceum`
#   scripts/db.sh reset NAME      drop and recreate database NAME (for tests)
#
# With DATABASE_URL (owner role) and APP_DATABASE_URL (runtime role) already
# set, an external database is used as-is and nothing is installed or started.
# Otherwise the machine's local PostgreSQL 15 is used: installed from Debian's
# packages if missing, started if stopped, with the two roles created:
#   lyceum_owner  owns the schema, runs migrations, BYPASSRLS (for the
#                 SECURITY DEFINER lookups), CREATEDB (test databases)
#   lyceum_app    the server's runtime role: nosuperuser, nobypassrls, owns nothing
set -euo pipefail

PG_VERSION=15
PG_PORT=${PGPORT_LOCAL:-5432}
OWNER_PW=lyceum_owner_dev
APP_PW=lyceum_app_dev

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

psql_super() {
  as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qAt "$@"
}

ensure_local_server() {
  if ! command -v pg_ctlcluster >/dev/null || [ ! -d /usr/lib/postgresql/$PG_VERSION ]; then
    echo "==> installing PostgreSQL $PG_VERSION from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-$PG_VERSION
  fi
  if ! pg_lsclusters -h | awk -v v=$PG_VERSION '$1==v && $2=="main"' | grep -q .; then
    pg_createcluster $PG_VERSION main
  fi
  if ! pg_lsclusters -h | awk -v v=$PG_VERSION '$1==v && $2=="main" {print $4}' | grep -q online; then
    echo "==> starting PostgreSQL $PG_VERSION"
    pg_ctlcluster $PG_VERSION main start
  fi
  for _ in $(seq 1 30); do
    as_postgres pg_isready -q -p "$PG_PORT" && break
    sleep 0.5
  done
  psql_super -d postgres <<SQL
do \$\$ begin
  if not exists (select from pg_roles where rolname = 'lyceum_owner') then
    create role lyceum_owner login nosuperuser bypassrls createdb password '$OWNER_PW';
  end if;
  if not exists (select from pg_roles where rolname = 'lyceum_app') then
    create role lyceum_app login nosuperuser nobypassrls nocreatedb nocreaterole password '$APP_PW';
  end if;
end \$\$;
SQL
}

ensure_database() {
  local name=$1
  if [ -z "$(psql_super -d postgres -c "select 1 from pg_database where datname = '$name'")" ]; then
    psql_super -d postgres -c "create database $name owner lyceum_owner"
  fi
  # Only the owner creates objects; the runtime role gets grants from migrations.
  psql_super -d "$name" -c "revoke create on schema public from public; alter schema public owner to lyceum_owner"
}

local_urls() {
  local name=$1
  echo "export DATABASE_URL=postgres://lyceum_owner:$OWNER_PW@127.0.0.1:$PG_PORT/$name"
  echo "export APP_DATABASE_URL=postgres://lyceum_app:$APP_PW@127.0.0.1:$PG_PORT/$name"
}

case "${1:-up}" in
  up)
    if [ -n "${DATABASE_URL:-}" ] && [ -n "${APP_DATABASE_URL:-}" ]; then
      echo "==> using the database from DATABASE_URL / APP_DATABASE_URL" >&2
      exit 0
    fi
    ensure_local_server >&2
    ensure_database "${2:-lyceum}" >&2
    local_urls "${2:-lyceum}"
    ;;
  reset)
    name=${2:?database name}
    ensure_local_server >&2
    psql_super -d postgres -c "drop database if exists $name with (force)" >&2
    ensure_database "$name" >&2
    local_urls "$name"
    ;;
  *)
    echo "usage: $0 up [NAME] | reset NAME" >&2
    exit 2
    ;;
esac
