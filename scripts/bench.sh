#!/usr/bin/env bash
# Scale benchmark: the real worker against the emulator (realistic transition times and both rate limits, all
# compressed by --factor) and dynalite. Usage: scripts/bench.sh [1x20|50x10|500x4|burst|storm|all]... [--factor F]
# [--concurrency N] [--out FILE] [--trace FILE]. Each scenario runs in its own process, so memory is its own.
# See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Lunora.Bench.Harness -c Release -v quiet -nologo >/dev/null
harness=bench/Lunora.Bench.Harness/bin/Release/net10.0/Lunora.Bench.Harness.dll
scenarios=()
options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --*) options+=("$1" "$2"); shift 2 ;;
    all) scenarios+=(1x20 50x10 burst storm 500x4); shift ;;
    *) scenarios+=("$1"); shift ;;
  esac
done
[ ${#scenarios[@]} -eq 0 ] && scenarios=(1x20 50x10 burst storm 500x4)
for scenario in "${scenarios[@]}"; do
  dotnet "$harness" "$scenario" "${options[@]}"
done
