#!/usr/bin/env bash
# Airlock's reliability harness, long versions (docs/RELIABILITY.md). Bounded: about 9
# minutes on 2 cores once the build is up to date; each case has its own time or count bound.
#
#   scripts/reliability.sh            every case
#   scripts/reliability.sh crash fuzz only the named cases (crash switch disk fuzz flood)
#
# Prints one line per case and exits non-zero if any case failed. Logs of failed cases are
# printed in full after the summary lines.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
cases=("$@"); [ "${#cases[@]}" -gt 0 ] || cases=(crash switch disk fuzz flood)
logs="$(mktemp -d "${TMPDIR:-/tmp}/airlock-reliability.XXXXXX")"
cleanup() { rm -rf "$logs"; }
trap cleanup EXIT

failed=()
# run NAME SUMMARY_PATTERN COMMAND… — runs the command, prints its summary lines as the result.
run() {
    local name="$1" pattern="$2"; shift 2
    local log="$logs/$name.log" start=$SECONDS status=0
    "$@" >"$log" 2>&1 || status=$?
    local took=$((SECONDS - start))
    local summary; summary="$(grep -E "$pattern" "$log" | sed 's/^/    /' || true)"
    if [ "$status" -eq 0 ]; then
        echo "PASS $name (${took} s)"
    else
        echo "FAIL $name (${took} s, exit $status)"
        failed+=("$name")
    fi
    [ -z "$summary" ] || printf '%s\n' "$summary"
}

echo "building…"
swift build --build-tests >"$logs/build.log" 2>&1 || { tail -30 "$logs/build.log"; echo "FAIL build"; exit 1; }
airlock="$(swift build --show-bin-path)/airlock"

for case in "${cases[@]}"; do
    case "$case" in
    crash)
        # 200 kills per storage or 60 s per storage, whichever comes first.
        run crash-kill-9 '^crash-consistency|✘' env AIRLOCK_RELIABILITY_KILLS=200 AIRLOCK_RELIABILITY_SECONDS=60 \
            swift test --skip-build --filter CrashConsistencyTests ;;
    switch)
        run switch-1000 '^switch-stress|✘' env AIRLOCK_RELIABILITY_SWITCHES=1000 \
            swift test --skip-build --filter SwitchStressTests ;;
    disk)
        run full-disk-efbig-and-read-only '^(full-disk|read-only)|✘' swift test --skip-build --filter FullDiskTests
        run enospc-tmpfs-sqlite '^enospc' reliability/enospc.sh "$airlock" sqlite
        run enospc-tmpfs-files '^enospc' reliability/enospc.sh "$airlock" files ;;
    fuzz)
        run fuzz '^fuzz ' reliability/fuzz/run.sh 60 ;;
    flood)
        run gateway-flood-tests '✘|✔ Test run' swift test --skip-build --filter 'GatewayTests|RateLimitCommandTests|RateLimiterTests'
        run flood-processes '^flood' reliability/flood.sh "$airlock" 150 40 ;;
    *)
        echo "unknown case $case (crash switch disk fuzz flood)"; exit 2 ;;
    esac
done

if [ "${#failed[@]}" -ne 0 ]; then
    for name in "${failed[@]}"; do echo "----- $name -----"; tail -80 "$logs/$name.log"; done
    echo "reliability: ${#failed[@]} case(s) failed: ${failed[*]}"
    exit 1
fi
echo "reliability: all cases passed"
