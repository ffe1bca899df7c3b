#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 server (scripts/postgres.sh) and
# AIRLOCK_TEST_POSTGRES_URL set to its superuser's URL; stops the server afterwards.
#
#   scripts/with-postgres.sh swift test --skip-build
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
state=$(mktemp -d /tmp/airlock-postgres.XXXXXX)
chmod 755 "$state"
cleanup() {
    "$here/postgres.sh" stop "$state" || true
    rm -rf "$state"
}
trap cleanup EXIT
"$here/postgres.sh" start "$state"
AIRLOCK_TEST_POSTGRES_URL=$(cat "$state/url")
export AIRLOCK_TEST_POSTGRES_URL
"$@"
