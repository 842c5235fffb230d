#!/usr/bin/env bash
# Benchmark: `jaci serve` against nginx serving the same files (the tree `jaci serve --export`
# writes), with wrk on 127.0.0.1, interleaved round by round:
#   large     GET of a ~100 MB .aci (random data, gzip -1), 8 connections
#   discovery GET of a discovery page (?ac-discovery=1), 32 connections
# and, for the choice between compressing on the fly and keeping the compressed file, the
# time gzip -1 (the fastest level) takes for the same image's tar: a download compressed on the
# fly can go no faster than that, while a kept file goes out with sendfile.
#
# usage: bench/serve-bench.sh [ROUNDS] [SECONDS]   (default 3 rounds of 10 s; BENCH_DIR: work dir)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-3}
seconds=${2:-10}
work=${BENCH_DIR:-/tmp/jaci-serve-bench}
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/install-test-deps.sh)" >&2; exit 1; }
done
mkdir -p "$work"
name=127.0.0.1/bench/app
if [ ! -f "$work/big.aci" ]; then
  rm -rf "$work/layout" && mkdir -p "$work/layout/rootfs"
  head -c 100000000 /dev/urandom >"$work/layout/rootfs/data"
  printf '{"acKind":"ImageManifest","acVersion":"0.8.11","name":"%s","labels":[{"name":"version","value":"1.0.0"},{"name":"os","value":"linux"},{"name":"arch","value":"amd64"}]}' \
    "$name" >"$work/layout/manifest"
  "$here/jaci" build -q --level 1 "$work/layout" "$work/big.aci" >/dev/null
fi
store="$work/store"
"$here/jaci" --store "$store" image import -q "$work/big.aci" >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
nport=$(free_port)
jport=$(free_port)
rm -rf "$work/export"
"$here/jaci" --store "$store" serve -q --export "$work/export" --base-url "http://127.0.0.1:$nport"
cat >"$work/nginx.conf" <<CONF
worker_processes auto; daemon off; pid $work/nginx.pid; error_log $work/nginx.err;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; default_type application/octet-stream;
  types { text/html html; }
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$nport; root $work/export;
    location / { try_files \$uri \$uri/index.html =404; } } }
CONF
nginx -c "$work/nginx.conf" -p "$work" &
npid=$!
"$here/jaci" --store "$store" serve --addr "127.0.0.1:$jport" --base-url "http://127.0.0.1:$nport" 2>"$work/serve.log" &
jpid=$!
trap 'kill $npid $jpid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$jport/" && curl -sf -o /dev/null "http://127.0.0.1:$nport/"; do sleep 0.5; done
large=/images/$name/1.0.0-linux-amd64.aci
page="/bench/app?ac-discovery=1"
cmp <(curl -s "http://127.0.0.1:$nport$large") <(curl -s "http://127.0.0.1:$jport$large")
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; .aci of $(stat -c %s "$work/export$large") bytes"
for r in $(seq "$rounds"); do
  for server in nginx:$nport jaci:$jport; do
    label=${server%%:*}; port=${server##*:}
    big=$(wrk -t2 -c8 -d"${seconds}s" "http://127.0.0.1:$port$large" | awk '/Transfer\/sec/ {print $2}')
    small=$(wrk -t2 -c32 -d"${seconds}s" "http://127.0.0.1:$port$page" | awk '/Requests\/sec/ {print $2}')
    echo "round $r $label: large $big/s, discovery $small requests/s"
  done
done
tar="$store/blobs/sha512"
blob=$(find "$tar" -type f | head -n 1)
start=$(date +%s.%N); gzip -1 -c "$blob" >/dev/null; end=$(date +%s.%N)
echo "gzip -1 of the $(stat -c %s "$blob")-byte tar: $(echo "$end - $start" | bc) s (a download compressed on the fly is at most that fast, per core)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
