#!/usr/bin/env bash
# Installs Debian's PostgreSQL if needed, starts a cluster on localhost and prints a URL of a
# test database (role and database "pishkhan_test"). Used by scripts/test.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
apt_need postgresql >&2
as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
if ! pg_lsclusters -h | grep -q .; then
    ver="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    as_root pg_createcluster "$ver" main >&2
fi
read -r ver name _ status _ < <(pg_lsclusters -h | head -n 1)
if [ "$status" != online ]; then as_root pg_ctlcluster "$ver" "$name" start >&2; fi
port="$(pg_lsclusters -h | head -n 1 | awk '{print $3}')"
as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pishkhan_test') THEN
    CREATE ROLE pishkhan_test LOGIN SUPERUSER PASSWORD 'pishkhan_test';
  END IF;
END \$\$;
SQL
if ! as_postgres psql -p "$port" -Atc "SELECT 1 FROM pg_database WHERE datname='pishkhan_test'" | grep -q 1; then
    as_postgres createdb -p "$port" -O pishkhan_test pishkhan_test >&2
fi
echo "postgresql+psycopg://pishkhan_test:pishkhan_test@127.0.0.1:$port/pishkhan_test"
