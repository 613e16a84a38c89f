#!/usr/bin/env bash
# Talks to the stack scripts/run-local.sh started: status and plan views, flip a destination on and off (through the
# commands queue, as other tools would), break or repair an ingest URL in the emulator to watch a failover.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
source .local/local.env
worker=(dotnet src/Lunora.Worker/bin/Debug/net10.0/Lunora.Worker.dll)
send() { "${worker[@]}" send-command "$@"; }
case "${1:-status}" in
  status) "${worker[@]}" status ;;
  plan) "${worker[@]}" plan ;;
  on) send start-destination "$2" ;;
  off) send stop-destination "$2" ;;
  failover) send failover "$2" ;;
  failback) send failback "$2" ;;
  break) curl -s -X PUT "$EMULATOR_URL/_emulator/reachability" -H 'content-type: application/json' -d "{\"url\":\"$2\",\"reachable\":false}"; echo ;;
  repair) curl -s -X PUT "$EMULATOR_URL/_emulator/reachability" -H 'content-type: application/json' -d "{\"url\":\"$2\",\"reachable\":true}"; echo ;;
  *) echo "usage: $0 status|plan|on ID|off ID|failover ID|failback ID|break URL|repair URL" >&2; exit 2 ;;
esac
