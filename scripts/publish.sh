#!/usr/bin/env bash
# Publishes the worker exactly as the Dockerfile does (framework-dependent Release build, no app host; why these
# settings: docs/deploy.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/publish/worker}"
dotnet restore src/Lunora.Worker/Lunora.Worker.csproj --verbosity quiet
dotnet publish src/Lunora.Worker/Lunora.Worker.csproj --no-restore -c Release -o "$out" -p:UseAppHost=false --verbosity quiet
echo "published to $out ($(du -sh "$out" | cut -f1))"
