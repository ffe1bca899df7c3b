#!/usr/bin/env bash
# Builds the libFuzzer targets (-sanitize=fuzzer, own scratch path) and runs each for a
# bounded time on its committed seed corpus. New inputs found go to a throwaway folder, so
# the committed corpora stay small; a crash writes its input to reliability/fuzz/artifacts/.
#
#   reliability/fuzz/run.sh [SECONDS_PER_TARGET]     (default 60)
#
# Prints one line per target and exits non-zero if any target crashed or failed to build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-60}"
targets=(FuzzWorkspaceID FuzzTerminalText FuzzSSEParser FuzzMarkdownLite)
work="$(mktemp -d "${TMPDIR:-/tmp}/airlock-fuzz.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

cd "$here"
if ! swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer >"$work/build.log" 2>&1; then
    tail -20 "$work/build.log" >&2
    echo "fuzz: FAILED to build with -sanitize=fuzzer (log above)"
    exit 1
fi
bin="$(swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer --show-bin-path)"
mkdir -p artifacts
status=0
for target in "${targets[@]}"; do
    mkdir -p "$work/$target"
    log="$work/$target.log"
    if "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$here/artifacts/$target-" "$work/$target" "corpus/$target" >"$log" 2>&1; then
        runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
        cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')"
        echo "fuzz $target: ok — ${runs} inputs in ${seconds} s, coverage ${cov} edges, no crash"
    else
        status=1
        echo "fuzz $target: FAILED — $(grep -m1 -E 'Fatal error|ERROR: libFuzzer|SUMMARY' "$log" || tail -1 "$log")"
        grep -E 'Fatal error|Test unit written' "$log" | head -3 | sed 's/^/    /'
    fi
done
exit "$status"
