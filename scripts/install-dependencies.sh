#!/usr/bin/env bash
# Installs the system packages Airlock builds, tests and runs its local model with, if they
# are missing.
# Safe to run repeatedly: it only acts when something is absent.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
    echo "install-dependencies: the Swift toolchain (6.2 or later) is required; see https://swift.org/install" >&2
    exit 1
fi

missing=()
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
# The terminal console: ncursesw; its end-to-end tests drive it in tmux.
[ -f /usr/include/ncursesw/curses.h ] || missing+=(libncursesw5-dev)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
# The local model (`airlock model setup`): Python 3 with venv and pip, and a C/C++ compiler
# for llama.cpp.
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
{ command -v gcc && command -v g++; } >/dev/null 2>&1 || missing+=(build-essential)
# The PostgreSQL backend's tests run a throwaway PostgreSQL 15 server (scripts/postgres.sh).
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-dependencies: please install: ${missing[*]}" >&2
    exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "install-dependencies: run as root or install: ${missing[*]}" >&2
        exit 1
    fi
fi

echo "install-dependencies: installing ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
