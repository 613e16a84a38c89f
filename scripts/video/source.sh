#!/usr/bin/env bash
# OBS stand-in: pushes testsrc2 + a 440 Hz sine, 30 fps, in real time, to an RTMP URL (the channel's push input).
# Usage: scripts/video/source.sh [url] [seconds] [WxH]   e.g. scripts/video/source.sh rtmp://127.0.0.1:1935/live/obs-stream 20 1280x720
set -euo pipefail
url=${1:-rtmp://127.0.0.1:1935/live/obs-stream}
seconds=${2:-20}
size=${3:-1280x720}
exec ffmpeg -hide_banner -loglevel warning -nostdin -re \
  -f lavfi -i "testsrc2=size=$size:rate=30" -f lavfi -i sine=frequency=440:sample_rate=48000 \
  -frames:v $((seconds * 30)) -shortest \
  -c:v libx264 -preset superfast -crf 16 -g 60 -pix_fmt yuv420p -c:a aac -b:a 160k -f flv "$url"
