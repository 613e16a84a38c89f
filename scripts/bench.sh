#!/usr/bin/env bash
# Scale benchmark: the real worker against the emulator (realistic transition times and both rate limits, all
# compressed by --factor) and dynalite. Usage: scripts/bench.sh [1x20|50x10|500x4|burst|storm|all] [--factor F]
# [--concurrency N] [--out FILE]. See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Lunora.Bench.Harness -c Release -v quiet -nologo >/dev/null
exec dotnet bench/Lunora.Bench.Harness/bin/Release/net10.0/Lunora.Bench.Harness.dll "$@"
