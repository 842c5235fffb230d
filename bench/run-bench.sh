#!/usr/bin/env bash
# Benchmark: starting a pod. `jaci run IMG` (its exec is /bin/true) of an image already in the
# store, run by name, against,
# in the same run and interleaved round by round after a warm-up round:
#   podman-run    `podman run --rm` of the same image (converted by jaci to an OCI layout and
#                 pulled into podman once); on these machines podman needs
#                 `--ulimit nofile=1024:1024 --ulimit nproc=1024:1024` to start anything;
#   runc-run      `runc run` of a ready bundle (the image's rootfs and runc's own config.json
#                 running `true`): the floor, no image handling at all;
#   jaci-run-big  `jaci run` of a large stored image (the benchmark tree, ~200 MB, plus the same
#                 busybox) by name: the run path must not copy, so it should start as fast as the
#                 small one;
#   jaci-run-aci  the same large image run from its .aci file, which jaci hashes to know it is
#                 the stored image (what naming the file costs);
#   jaci-first / podman-first  the first run of the .aci file not yet in a (fresh) store,
#                 against podman's first run of the OCI layout (image removed before each round).
# Target (issue 11): jaci-run at or below podman-run; jaci-run-big within 10% of jaci-run;
# jaci-first at or below podman-first. All with --net host (jaci's default).
#
# usage: bench/run-bench.sh [RUNS]      (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in podman runc busybox; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/install-test-deps.sh)" >&2; exit 1; }
done
jaci="$here/jaci"
r="$work/run"
rm -rf "$r"
mkdir -p "$r"
store="$r/store"

# a small image: static busybox with `true` and `sh`
small="$r/small"
mkdir -p "$small/rootfs/bin"
cp "$(command -v busybox)" "$small/rootfs/bin/busybox"
ln -s busybox "$small/rootfs/bin/true"
ln -s busybox "$small/rootfs/bin/sh"
cat >"$small/manifest" <<'JSON'
{"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/bench-true",
 "labels":[{"name":"os","value":"linux"},{"name":"arch","value":"amd64"}],
 "app":{"exec":["/bin/true"],"user":"0","group":"0"}}
JSON
"$jaci" build -q "$small" "$r/small.aci" >/dev/null
# a large one: the benchmark tree's files under /data, and the same busybox
big="$r/big"
mkdir -p "$big"
cp -a "$work/tree/rootfs" "$big/rootfs"
cp -a "$small/rootfs/bin" "$big/rootfs/"
sed 's/bench-true/bench-big/' "$small/manifest" >"$big/manifest"
"$jaci" build -q "$big" "$r/big.aci" >/dev/null
rm -rf "$big"
"$jaci" --store "$store" image import "$r/small.aci" >/dev/null
"$jaci" --store "$store" image import "$r/big.aci" >/dev/null
"$jaci" --store "$store" run "$r/small.aci" >/dev/null   # renders the tree cache once
"$jaci" --store "$store" run "$r/big.aci" >/dev/null

# podman: the same image through an OCI layout (podman names it localhost/PATH:latest); a
# second copy of the layout for the first-run case, whose image is removed before each round
"$jaci" convert -q "$r/small.aci" "oci:$r/oci:bench" >/dev/null
cp -a "$r/oci" "$r/oci-first"
podman rmi -f "localhost$r/oci" "localhost$r/oci-first" >/dev/null 2>&1 || true
podman pull -q "oci:$r/oci:bench" >/dev/null
limits="--ulimit nofile=1024:1024 --ulimit nproc=1024:1024"

# runc: a bundle with the same rootfs
bundle="$r/bundle"
mkdir -p "$bundle"
cp -a "$small/rootfs" "$bundle/rootfs"
(cd "$bundle" && runc spec $([ "$(id -u)" -eq 0 ] || echo --rootless))
python3 - "$bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["args"] = ["/bin/true"]
c["process"]["terminal"] = False
json.dump(c, open(p, "w"))
PY

declare -A cmds=(
  [jaci-run]="'$jaci' --store '$store' run example.com/bench-true >/dev/null"
  [podman-run]="podman run --rm --net host $limits 'localhost$r/oci' /bin/true >/dev/null"
  [runc-run]="runc run --bundle '$bundle' bench-\$\$ >/dev/null"
  [jaci-run-big]="'$jaci' --store '$store' run example.com/bench-big >/dev/null"
  [jaci-run-aci]="'$jaci' --store '$store' run '$r/big.aci' >/dev/null"
  [jaci-first]="rm -rf '$r/fresh' && '$jaci' --store '$r/fresh' run '$r/small.aci' >/dev/null"
  [podman-first]="podman rmi -f 'localhost$r/oci-first' >/dev/null 2>&1; podman run --rm --net host $limits 'oci:$r/oci-first:bench' /bin/true >/dev/null 2>&1"
)
order=(jaci-run podman-run runc-run jaci-run-big jaci-run-aci jaci-first podman-first)
for name in "${order[@]}"; do   # a failing command would time as fast: stop instead
  bash -c "${cmds[$name]}" || { echo "bench: $name fails: ${cmds[$name]}" >&2; exit 1; }
done
declare -A times
load_before=$(uptime | sed 's/.*load average: //')
time_rounds

echo "## jaci run vs podman run --rm vs runc run: $(date -u +%Y-%m-%d), $(nproc) cores, busybox image of $(( $(stat -c %s "$r/small.aci") / 1000 )) kB, large image of $(( $(stat -c %s "$r/big.aci") / 1000000 )) MB, median of $runs runs, load before: $load_before, after: $(uptime | sed 's/.*load average: //')"
echo
echo "| command | wall time (s) | vs jaci run |"
echo "|---|---|---|"
print_times jaci-run
podman rmi -f "localhost$r/oci" "localhost$r/oci-first" >/dev/null 2>&1 || true
