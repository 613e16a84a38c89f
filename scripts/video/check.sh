#!/usr/bin/env bash
# Checks that the real-video tools are installed (installs nothing). Exit 1 and the apt line when something is missing.
set -u
apt_line='apt-get install -y --no-install-recommends ffmpeg nginx libnginx-mod-rtmp'
missing=()
for tool in ffmpeg ffprobe nginx; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
module=""
for candidate in /usr/lib/nginx/modules/ngx_rtmp_module.so /usr/lib64/nginx/modules/ngx_rtmp_module.so /usr/local/nginx/modules/ngx_rtmp_module.so; do
  [ -f "$candidate" ] && module=$candidate && break
done
[ -n "$module" ] || missing+=("nginx RTMP module")
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]}" >&2
  echo "install (Debian 12, as root, after apt-get update): $apt_line" >&2
  exit 1
fi
echo "ffmpeg: $(ffmpeg -version | head -1)"
echo "nginx: $( (nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1) | head -1), rtmp module: $module"
