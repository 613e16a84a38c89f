#!/usr/bin/env bash
# A local nginx-rtmp for trying real video by hand, on 127.0.0.1 only, in the foreground (Ctrl-C stops it):
#   ingest   rtmp://127.0.0.1:$INGEST_PORT/live/<stream>   (point OBS or scripts/video/source.sh here; recorded)
#   receiver rtmp://127.0.0.1:$RECEIVER_PORT/live2/<key> (a destination; recorded, one file per publish)
#   stats    http://127.0.0.1:$STAT_PORT/stat
# Usage: scripts/video/nginx-rtmp.sh [dir]   (default: a new temporary folder; recordings go to <dir>/record-*)
set -euo pipefail
dir=${1:-$(mktemp -d /tmp/lunora-nginx-XXXXXX)}
INGEST_PORT=${INGEST_PORT:-1935}
RECEIVER_PORT=${RECEIVER_PORT:-1940}
STAT_PORT=${STAT_PORT:-8089}
module=/usr/lib/nginx/modules/ngx_rtmp_module.so
mkdir -p "$dir/record-ingest" "$dir/record-receiver" "$dir/tmp"
cat > "$dir/nginx.conf" <<CONF
load_module $module;
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 128; }
rtmp {
  server {
    listen 127.0.0.1:$INGEST_PORT;
    chunk_size 4096;
    application live { live on; record all; record_path $dir/record-ingest; record_unique on; }
  }
  server {
    listen 127.0.0.1:$RECEIVER_PORT;
    chunk_size 4096;
    application live2 { live on; record all; record_path $dir/record-receiver; record_unique on; }
  }
}
http {
  access_log off;
  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy; fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;
  server { listen 127.0.0.1:$STAT_PORT; location /stat { rtmp_stat all; } }
}
CONF
echo "nginx-rtmp in $dir: ingest rtmp://127.0.0.1:$INGEST_PORT/live, receiver rtmp://127.0.0.1:$RECEIVER_PORT/live2, stat http://127.0.0.1:$STAT_PORT/stat"
exec nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
