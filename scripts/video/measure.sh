#!/usr/bin/env bash
# Reproduces docs/quality.md's measured table: builds the tests (Release) and runs the real-video measurement
# (tests/Lunora.Worker.Tests/RealVideo/QualityMeasurementTests.cs, about 3 minutes on 2 cores), then prints the
# table and the machine it ran on. Needs ffmpeg and nginx-rtmp (scripts/video/check.sh).
# Usage: scripts/video/measure.sh [output.md]   (default artifacts/quality-table.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-artifacts/quality-table.md}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
scripts/video/check.sh
dotnet build tests/Lunora.Worker.Tests -c Release -v quiet -nologo
LUNORA_MEASURE=1 LUNORA_MEASURE_OUT="$out" \
  dotnet test tests/Lunora.Worker.Tests -c Release --no-build --filter "FullyQualifiedName~QualityMeasurement"
{
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Tools: $(ffmpeg -version | head -1 | cut -d' ' -f1-3), $( (nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1) | head -1 | sed 's/.*: //') + libnginx-mod-rtmp"
} >> "$out"
cat "$out"
