#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests: a fresh cluster in a temporary data
# directory, listening only on 127.0.0.1 on a free port, run as the postgres user.
#
#   scripts/postgres.sh start DIR   starts one; writes DIR/url (the superuser's URL)
#   scripts/postgres.sh stop DIR    stops it and removes its data directory
#
# `make test` starts one, runs the tests with AIRLOCK_TEST_POSTGRES_URL set to its URL,
# and stops it afterwards.
set -euo pipefail

command=${1:-}
state=${2:-}
if [ -z "$command" ] || [ -z "$state" ]; then
    echo "usage: scripts/postgres.sh start|stop DIR" >&2
    exit 64
fi

bin=""
for candidate in /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then bin=$candidate; break; fi
done
if [ -z "$bin" ]; then
    echo "postgres.sh: PostgreSQL 15 is not installed; run scripts/install-dependencies.sh" >&2
    exit 1
fi

# As root, the server runs as the postgres user (it refuses to run as root).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
    mkdir -p "$state"
    data="$state/data"
    rm -rf "$data"
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    chmod 700 "$data"
    password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    printf '%s\n' "$password" > "$state/password"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$state/password"
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$state/password" -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 \
        || { cat "$state/initdb.log" >&2; exit 1; }
    rm -f "$state/password"
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off" start >/dev/null \
        || { cat "$data/server.log" >&2; exit 1; }
    printf 'postgres://postgres:%s@127.0.0.1:%s/postgres\n' "$password" "$port" > "$state/url"
    chmod 600 "$state/url"
    echo "postgres.sh: PostgreSQL 15 on 127.0.0.1:$port (data in $data)" >&2
    ;;
stop)
    if [ -d "$state/data" ]; then
        as_owner "$bin/pg_ctl" -D "$state/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$state/data"
    fi
    rm -f "$state/url"
    ;;
*)
    echo "usage: scripts/postgres.sh start|stop DIR" >&2
    exit 64
    ;;
esac
