#!/usr/bin/env bash
# Benchmark (issue 13, Speed): `jaci fetch` of an image from a local nginx on 127.0.0.1 (found
# by meta discovery, HTTPS tried first, its OpenPGP signature checked against a trusted key;
# and by URL) against `curl -o` of the same file plus `jaci image import` of it (no signature
# check), each into an empty store, interleaved round by round; the target is at most 1.2x.
# The image is built from the ~200 MB benchmark tree (bench/gen-tree.py), renamed.
#
# usage: bench/fetch-bench.sh [RUNS]      (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in nginx curl gpg; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/install-test-deps.sh)" >&2; exit 1; }
done
dir="$work/fetch"
rm -rf "$dir" && mkdir -p "$dir/www" "$dir/gnupg" && chmod 700 "$dir/gnupg"
export GNUPGHOME="$dir/gnupg" XDG_CONFIG_HOME="$dir/config"
name=127.0.0.1/bench/app
os=$(uname -s | tr A-Z a-z); arch=$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')
mkdir -p "$dir/layout" "$dir/www/bench" "$dir/www/127.0.0.1/bench"
cp -al "$work/tree/rootfs" "$dir/layout/rootfs"
printf '{"acKind":"ImageManifest","acVersion":"0.8.11","name":"%s","labels":[{"name":"version","value":"1.0.0"},{"name":"os","value":"%s"},{"name":"arch","value":"%s"}]}' \
  "$name" "$os" "$arch" >"$dir/layout/manifest"
aci="$dir/www/127.0.0.1/bench/app-1.0.0-$os-$arch.aci"
"$here/jaci" build -q "$dir/layout" "$aci" >/dev/null
gpg -q --batch --passphrase '' --quick-gen-key "Bench <bench@example.com>" ed25519 sign never 2>/dev/null
gpg -q --batch --armor --detach-sign "$aci"
gpg -q --batch --armor --export >"$dir/key.asc"
"$here/jaci" trust add -q --prefix "$name" --yes "$dir/key.asc" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $dir/nginx.pid; error_log $dir/nginx.err;
events { worker_connections 64; }
http { access_log off; sendfile on; tcp_nopush on; default_type application/octet-stream;
  client_body_temp_path $dir; proxy_temp_path $dir; fastcgi_temp_path $dir;
  uwsgi_temp_path $dir; scgi_temp_path $dir;
  server { listen 127.0.0.1:$port; root $dir/www;
    location = /bench/app { default_type text/html; try_files /bench/app.html =404; } } }
CONF
printf '<meta name="ac-discovery" content="%s http://127.0.0.1:%s/{name}-{version}-{os}-{arch}.{ext}">\n' \
  "$name" "$port" >"$dir/www/bench/app.html"
nginx -c "$dir/nginx.conf" -p "$dir" &
npid=$!
trap 'kill $npid 2>/dev/null || true' EXIT
url="http://127.0.0.1:$port/127.0.0.1/bench/app-1.0.0-$os-$arch.aci"
until curl -sf -o /dev/null "$url.asc"; do sleep 0.2; done

declare -A cmds times
order=("curl -o + jaci image import" "jaci fetch NAME" "jaci fetch URL")
cmds["curl -o + jaci image import"]="rm -rf '$dir/s1' '$dir/dl.aci' && curl -sf -o '$dir/dl.aci' '$url' && '$here/jaci' image import -q --store '$dir/s1' '$dir/dl.aci' >/dev/null"
cmds["jaci fetch NAME"]="rm -rf '$dir/s2' && '$here/jaci' fetch -q --store '$dir/s2' --insecure-options=http 127.0.0.1:$port/bench/app:1.0.0 >/dev/null"
cmds["jaci fetch URL"]="rm -rf '$dir/s3' && '$here/jaci' fetch -q --store '$dir/s3' --insecure-options=http '$url' >/dev/null"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; .aci of $(stat -c %s "$aci") bytes"
time_rounds
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| command | median (s) | ratio |"
echo "|---|---|---|"
print_times "curl -o + jaci image import"
# the same image in the three stores
for s in s2 s3; do
  diff <(cd "$dir/s1" && find blobs -type f) <(cd "$dir/$s" && find blobs -type f)
done
