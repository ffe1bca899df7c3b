#!/usr/bin/env bash
# Airlock side by side with the chat consoles analysts would otherwise use: elia (elia-chat)
# and oterm, installed from PyPI into throwaway virtualenvs.
#
# In one run, on this machine:
#   1. builds Airlock (release, in .build-release) unless AIRLOCK_BIN names a binary;
#   2. seeds Airlock with `airlock dev seed` (500 sessions, one of them 5,000 messages) and
#      exports that workspace; the peers are seeded from the export in their own SQLite
#      formats (scripts/peers/seed_*.py), so every tool holds the same text;
#   3. measures each tool in a 120x40 tmux pane (scripts/peers/measure.py): cold start to
#      first frame, time to open the long conversation, key echo, resident memory;
#   4. prints the table and writes it into docs/PERFORMANCE.md, section
#      "Side by side with the peers" (scripts/peers/report.py); --no-doc only prints it.
#
# No model is needed: Airlock is pointed at a model server that is not there (it starts
# and would fail only when sending), elia at an unused OpenAI key, oterm at a closed port.
# Everything lives in one temporary folder, removed on exit; nothing of the user's
# (data, config, keyring) is read or written.
#
# Usage: scripts/peers.sh [--no-doc]
# Environment: AIRLOCK_BIN (skip the build), PEERS_TIMEOUT (bound of every wait, seconds,
# default 120), PEERS_ECHO_SAMPLES (default 15), ELIA_VERSION / OTERM_VERSION (pins),
# PEERS_RESULTS (a file to keep the raw results in, JSON).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
peers="$root/scripts/peers"
write_doc=1
[ "${1:-}" = "--no-doc" ] && write_doc=0

ELIA_VERSION=${ELIA_VERSION:-1.10.0}
OTERM_VERSION=${OTERM_VERSION:-0.26.1}
PEERS_TIMEOUT=${PEERS_TIMEOUT:-120}
PEERS_ECHO_SAMPLES=${PEERS_ECHO_SAMPLES:-15}

for tool in tmux python3 git; do
    command -v "$tool" >/dev/null || { echo "peers.sh: $tool is required" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/airlock-peers.XXXXXX")
# Stops a process and everything it started (pip runs in subprocesses of subprocesses).
kill_tree() {
    local child
    for child in $(pgrep -P "$1" || true); do kill_tree "$child"; done
    kill "$1" 2>/dev/null || true
}
cleanup() {
    # The measuring driver kills its tmux server itself; this covers an interrupted run,
    # as does stopping our own background installs.
    local pid
    for pid in $(jobs -p); do kill_tree "$pid"; done
    wait 2>/dev/null || true
    tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true
    if [ -n "${PEERS_RESULTS:-}" ] && [ -f "$work/results.json" ]; then cp "$work/results.json" "$PEERS_RESULTS"; fi
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/home"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

step() { printf '\n== %s\n' "$*"; }

# --- 1. Airlock ----------------------------------------------------------------------
if [ -z "${AIRLOCK_BIN:-}" ]; then
    step "building Airlock (release, .build-release)"
    command -v swift >/dev/null || { echo "peers.sh: swift is required (or set AIRLOCK_BIN)" >&2; exit 1; }
    (cd "$root" && swift build -c release --product airlock --scratch-path .build-release)
    AIRLOCK_BIN="$root/.build-release/release/airlock"
fi
airlock_build=$(case "$AIRLOCK_BIN" in *release*) echo release ;; *) echo debug ;; esac)
airlock_version="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) ($airlock_build)"

# Airlock's own homes: data, config (keyring) and HOME all inside $work.
airlock() {
    env HOME="$work/home" AIRLOCK_HOME="$work/airlock/home" XDG_CONFIG_HOME="$work/airlock/config" \
        XDG_DATA_HOME="$work/airlock/data" "$AIRLOCK_BIN" "$@"
}

# --- 2. The virtualenvs (in the background while Airlock is seeded) ------------------
# elia-chat and oterm need different versions of textual: one virtualenv each.
install_peer() { # name package version
    local venv="$work/venv-$1"
    python3 -m venv "$venv"
    # Bounded like every other wait (pip is slow on a busy 2-core machine: up to ~8 minutes).
    timeout 1800 "$venv/bin/pip" install --quiet --disable-pip-version-check "$2==$3" 2>"$work/pip-$1.log" ||
        { echo "   $2==$3 not installable, taking the newest" >&2
          timeout 1800 "$venv/bin/pip" install --quiet --disable-pip-version-check "$2" 2>>"$work/pip-$1.log"; }
}
step "installing elia-chat $ELIA_VERSION and oterm $OTERM_VERSION into throwaway virtualenvs"
install_peer elia elia-chat "$ELIA_VERSION" & elia_pid=$!
install_peer oterm oterm "$OTERM_VERSION" & oterm_pid=$!

step "seeding Airlock: 499 sessions of 10 messages and one of 5,000"
airlock dev seed "Peers" --id peers --sessions 499 --messages-per-session 10 --long-session 5000 >/dev/null
airlock export --workspace peers "$work/history"

wait "$elia_pid" || { cat "$work/pip-elia.log" >&2; exit 1; }
wait "$oterm_pid" || { cat "$work/pip-oterm.log" >&2; exit 1; }
version_of() { "$work/venv-$1/bin/python" -c "import importlib.metadata as m; print(m.version('$2'))"; }
elia_version=$(version_of elia elia-chat)
oterm_version=$(version_of oterm oterm)

# --- 3. The peers, from the same export ----------------------------------------------
step "seeding elia $elia_version and oterm $oterm_version from the export"
env HOME="$work/elia/home" XDG_DATA_HOME="$work/elia/data" XDG_CONFIG_HOME="$work/elia/config" \
    "$work/venv-elia/bin/python" "$peers/seed_elia.py" "$work/history"
env HOME="$work/oterm/home" XDG_DATA_HOME="$work/oterm/data" OTERM_DATA_DIR="$work/oterm/data/oterm" \
    "$work/venv-oterm/bin/python" "$peers/seed_oterm.py" "$work/history"

# --- 4. Measure, then report ----------------------------------------------------------
step "measuring in tmux 120x40 (every wait bounded at ${PEERS_TIMEOUT} s)"
python3 "$peers/measure.py" --work "$work" --export "$work/history" --airlock "$AIRLOCK_BIN" \
    --versions "{\"airlock\": \"$airlock_version\", \"elia\": \"$elia_version\", \"oterm\": \"$oterm_version\"}" \
    --timeout "$PEERS_TIMEOUT" --echo-samples "$PEERS_ECHO_SAMPLES" --out "$work/results.json"

report_args=(--results "$work/results.json" --load-before "$load_before")
[ "$write_doc" = 1 ] && report_args+=(--doc "$root/docs/PERFORMANCE.md")
python3 "$peers/report.py" "${report_args[@]}"
