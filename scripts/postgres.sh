#!/usr/bin/env bash
# The local PostgreSQL for fieldcrew's tests and for running the server by
# hand: starts Debian's cluster when it is not running, makes sure a login
# role `fieldcrew` (password `fieldcrew`, may create databases) exists, and
# prints a URL on 127.0.0.1. Safe to run again.
#
#   scripts/postgres.sh            prints the admin URL (database `postgres`);
#                                  tests take it as FIELDCREW_TEST_DATABASE_URL
#                                  and create a database of their own per test
#   scripts/postgres.sh fc_demo    also creates database fc_demo (owned by the
#                                  role) if missing and prints its URL, for
#                                  FIELDCREW_DATABASE_URL
#
# Needs root or the postgres user (scripts/setup.sh installs postgresql).
set -euo pipefail

role=fieldcrew
password=fieldcrew
db=${1:-postgres}
case "$db" in
  *[!A-Za-z0-9_]*) echo "postgres.sh: a database name is letters, digits and _ only: $db" >&2; exit 2 ;;
esac

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else sudo -u postgres "$@"
  fi
}

if ! command -v pg_lsclusters >/dev/null; then
  echo "postgres.sh: PostgreSQL is not installed (run scripts/setup.sh)" >&2
  exit 1
fi
# The first cluster Debian made (15/main on Debian 12).
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -1)
if [ -z "${version:-}" ]; then
  echo "postgres.sh: no PostgreSQL cluster (pg_createcluster --start 15 main)" >&2
  exit 1
fi
if [ "$status" != online ]; then
  pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 50); do
  as_postgres pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.2
done

psql_admin() { as_postgres psql -p "$port" -X -q -v ON_ERROR_STOP=1 -At "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
  psql_admin -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'"
fi
if [ "$db" != postgres ] && [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE $db OWNER $role"
fi
echo "postgres://$role:$password@127.0.0.1:$port/$db"
