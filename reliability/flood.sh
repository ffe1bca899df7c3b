#!/usr/bin/env bash
# Flood: many `airlock` processes at once against one workspace, through the gateway's shared
# per-workspace limit files, while another workspace works normally.
#
#   reliability/flood.sh AIRLOCK_BINARY [FLOOD_COUNT] [LIMIT]      (defaults 150 and 40)
#
# Expects exactly LIMIT of the FLOOD_COUNT acme commands to run (all inside one minute),
# every other one refused with the one-line rate-limit error, and every globex command run
# beside the flood to succeed. Prints one line; exits non-zero on any deviation.
set -euo pipefail
airlock="$1"
count="${2:-150}"
limit="${3:-40}"
work="$(mktemp -d "${TMPDIR:-/tmp}/airlock-flood.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
export AIRLOCK_HOME="$work/home" XDG_CONFIG_HOME="$work/config" HOME="$work" USER=flood
mkdir -p "$XDG_CONFIG_HOME/airlock" "$work/out"
printf '{"limits": {"api_per_minute": %d}}\n' "$limit" >"$XDG_CONFIG_HOME/airlock/config.json"
"$airlock" init >/dev/null
"$airlock" workspace create Acme --id acme >/dev/null
"$airlock" workspace create Globex --id globex >/dev/null

one() { # workspace index
    if "$airlock" memory list --workspace "$1" >"$work/out/$1-$2.out" 2>"$work/out/$1-$2.err"; then echo ok >"$work/out/$1-$2.rc"; else echo fail >"$work/out/$1-$2.rc"; fi
}
export -f one; export airlock work
alone_lat=()
for i in 1 2 3 4 5; do
    t0=$(date +%s%N); one globex "alone-$i"; t1=$(date +%s%N)
    alone_lat+=($(( (t1 - t0) / 1000000 )))
done
start=$(date +%s)
seq 1 "$count" | xargs -P 8 -I{} bash -c 'one acme {}' &
flood=$!
globex_lat=()
for i in $(seq 1 $((limit / 2))); do
    t0=$(date +%s%N); one globex "$i"; t1=$(date +%s%N)
    globex_lat+=($(( (t1 - t0) / 1000000 )))
done
wait "$flood"
elapsed=$(( $(date +%s) - start ))

admitted=$(grep -l '^ok$' "$work"/out/acme-*.rc | wc -l)
refused=$(grep -l '^fail$' "$work"/out/acme-*.rc | wc -l)
bad_errors=0
for f in "$work"/out/acme-*.err; do
    [ -s "$f" ] || continue
    if [ "$(wc -l <"$f")" -ne 1 ] || ! grep -q "^airlock: rate limit reached for workspace acme: $limit API operations a minute; try again in [0-9]* s$" "$f"; then
        bad_errors=$((bad_errors + 1)); [ "$bad_errors" -eq 1 ] && sed 's/^/    /' "$f" >&2
    fi
done
globex_ok=$(grep -l '^ok$' "$work"/out/globex-[0-9]*.rc | wc -l)
alone=$(printf '%s\n' "${alone_lat[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
median=$(printf '%s\n' "${globex_lat[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
summary="acme $admitted admitted / $refused refused of $count (limit $limit), globex $globex_ok/$((limit / 2)) ok (median latency ${median} ms beside the flood, ${alone} ms alone — process start-up on a shared machine), ${elapsed} s"
if [ "$elapsed" -ge 60 ]; then echo "flood: FAILED — the flood took ${elapsed} s, longer than the limit window; $summary"; exit 1; fi
if [ "$admitted" -ne "$limit" ] || [ "$refused" -ne $((count - limit)) ] || [ "$bad_errors" -ne 0 ] || [ "$globex_ok" -ne $((limit / 2)) ]; then
    echo "flood: FAILED — $summary; $bad_errors unexpected error messages"; exit 1
fi
echo "flood: ok — $summary"
