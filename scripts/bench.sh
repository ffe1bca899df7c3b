#!/usr/bin/env bash
# Builds and runs Airlock's benchmarks (the separate package in Benchmarks/, built in release
# by the benchmark plugin) and prints p50/p99 wall-clock time and allocations per benchmark.
# The large workspaces are seeded once per run into a throwaway home, removed afterwards.
#
#   scripts/bench.sh                       every benchmark
#   scripts/bench.sh --filter 'Render.*'   some of them (any `swift package benchmark` option)
#
# BENCH_OUTPUT=FILE prints the tables as Markdown and also writes them to FILE.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
SWIFT=${SWIFT:-swift}
AIRLOCK_BENCH_HOME=$(mktemp -d "${TMPDIR:-/tmp}/airlock-bench.XXXXXX")
export AIRLOCK_BENCH_HOME
trap 'rm -rf "$AIRLOCK_BENCH_HOME"' EXIT

cd "$root/Benchmarks"
format=(--format text)
if [[ -n "${BENCH_OUTPUT:-}" ]]; then format=(--format markdown); fi
"$SWIFT" package --disable-sandbox benchmark --grouping metric --no-progress "${format[@]}" "$@" | tee "${BENCH_OUTPUT:-/dev/null}"
