#!/usr/bin/env bash
# Benchmark: starting a pod. `jaci run IMG` (its exec is /bin/true) of an image already in the
# store, run by name, against,
# in the same run and interleaved round by round after a warm-up round:
#   podman-run    `podman run --rm` of the same image (converted by jaci to an OCI layout and
#                 pulled into podman once); on these machines podman needs
#                 `--ulimit nofile=1024:1024 --ulimit nproc=1024:1024` to start anything;
#   runc-run      `runc run` of a ready bundle (the image's rootfs and runc's own config.json
#                 running `true`): the floor, no image handling at all;
#   jaci-run-20m / jaci-run-2g  `jaci run` by name of a ~20 MB and a ~2 GiB stored image (the
#                 benchmark tree at scale 0.1 and BENCH_BIG_SCALE, default 10, plus the same
#                 busybox): the run path must not copy, so both should start as fast as the
#                 small one;
#   jaci-first / podman-first  the first run of the .aci file not yet in a (fresh) store,
#                 against podman's first run of the OCI layout (image removed before each round).
# Target (issue 11): jaci-run at or below podman-run; jaci-run-2g within 10% of jaci-run-20m;
# jaci-first at or below podman-first. All with --net host (jaci's default).
# Prints median wall and CPU (user + sys of the command and the children it waits for; podman's
# conmon is not among them) and the load average before each round: the machine may be shared,
# so compare ratios within one run.
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
big_scale=${BENCH_BIG_SCALE:-10}

manifest() {   # NAME: an image running /bin/true as root
  cat <<JSON
{"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/$1",
 "labels":[{"name":"os","value":"linux"},{"name":"arch","value":"amd64"}],
 "app":{"exec":["/bin/true"],"user":"0","group":"0"}}
JSON
}

# a small image: static busybox with `true` and `sh`
small="$r/small"
mkdir -p "$small/rootfs/bin"
cp "$(command -v busybox)" "$small/rootfs/bin/busybox"
ln -s busybox "$small/rootfs/bin/true"
ln -s busybox "$small/rootfs/bin/sh"
manifest bench-true >"$small/manifest"
"$jaci" build -q "$small" "$r/small.aci" >/dev/null
# the sized images: the benchmark tree at a scale (generated once per work dir), plus busybox
for spec in "20m 0.1" "2g $big_scale"; do
  set -- $spec
  if [ ! -f "$work/tree-$2/manifest" ]; then   # gen-tree.py writes it last
    echo "generating the benchmark tree at scale $2 in $work/tree-$2" >&2
    rm -rf "$work/tree-$2"
    python3 "$here/bench/gen-tree.py" "$work/tree-$2" "$2"
  fi
  layout="$r/layout-$1"
  mkdir -p "$layout"
  cp -al "$work/tree-$2/rootfs" "$layout/rootfs"   # hard links: no copy of 2 GiB
  cp -a "$small/rootfs/bin" "$layout/rootfs/"
  manifest "bench-$1" >"$layout/manifest"
  "$jaci" build -q "$layout" "$r/$1.aci" >/dev/null
  rm -rf "$layout"
  "$jaci" --store "$store" image import "$r/$1.aci" >/dev/null
  "$jaci" --store "$store" run "example.com/bench-$1" >/dev/null   # renders the tree cache once
done
"$jaci" --store "$store" image import "$r/small.aci" >/dev/null
"$jaci" --store "$store" run example.com/bench-true >/dev/null

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
  [jaci-run-20m]="'$jaci' --store '$store' run example.com/bench-20m >/dev/null"
  [jaci-run-2g]="'$jaci' --store '$store' run example.com/bench-2g >/dev/null"
  [jaci-first]="rm -rf '$r/fresh' && '$jaci' --store '$r/fresh' run '$r/small.aci' >/dev/null"
  [podman-first]="podman rmi -f 'localhost$r/oci-first' >/dev/null 2>&1; podman run --rm --net host $limits 'oci:$r/oci-first:bench' /bin/true >/dev/null 2>&1"
)
order=(jaci-run podman-run runc-run jaci-run-20m jaci-run-2g jaci-first podman-first)
for name in "${order[@]}"; do   # a failing command would time as fast: stop instead
  bash -c "${cmds[$name]}" || { echo "bench: $name fails: ${cmds[$name]}" >&2; exit 1; }
done
declare -A wall cpu
loads=""
for round in $(seq 0 "$runs"); do
  [ "$round" -gt 0 ] && loads+="$(cut -d' ' -f1 /proc/loadavg) "
  for name in "${order[@]}"; do
    /usr/bin/time -o "$r/time" -f "%e %U %S" bash -c "${cmds[$name]}"
    if [ "$round" -gt 0 ]; then
      read -r e u s <"$r/time"
      wall[$name]+="$e "
      cpu[$name]+="$(awk "BEGIN {print $u + $s}") "
    fi
  done
done

m() { echo "$1" | median; }
echo "## jaci run vs podman run --rm vs runc run: $(date -u +%Y-%m-%d), $(nproc) cores, busybox image of $(( $(stat -c %s "$r/small.aci") / 1000 )) kB, ACIs of $(( $(stat -c %s "$r/20m.aci") / 1000000 )) MB and $(( $(stat -c %s "$r/2g.aci") / 1000000 )) MB (trees of $(du -sm "$work/tree-0.1" | cut -f1) MiB and $(du -sm "$work/tree-$big_scale" | cut -f1) MiB), median of $runs runs"
echo
echo "Load (1-minute average) before each round: $loads"
echo
echo "| command | wall time (s) | vs jaci run | CPU time (s) |"
echo "|---|---|---|---|"
base=$(m "${wall[jaci-run]}")
for name in "${order[@]}"; do
  awk -v n="$name" -v t="$(m "${wall[$name]}")" -v b="$base" -v c="$(m "${cpu[$name]}")" \
    'BEGIN { printf "| %s | %.2f | %.2fx | %.2f |\n", n, t, t / b, c }'
done
echo
ratio() { awk -v a="$(m "${wall[$1]}")" -v b="$(m "${wall[$2]}")" 'BEGIN { printf "%.2f", a / b }'; }
echo "Ratios (wall, same run): jaci-run / podman-run $(ratio jaci-run podman-run);" \
  "jaci-run-2g / jaci-run-20m $(ratio jaci-run-2g jaci-run-20m);" \
  "jaci-first / podman-first $(ratio jaci-first podman-first)"
echo
echo "All runs, wall (s):"
for name in "${order[@]}"; do echo "- $name: ${wall[$name]}"; done
echo "All runs, CPU (s):"
for name in "${order[@]}"; do echo "- $name: ${cpu[$name]}"; done
podman rmi -f "localhost$r/oci" "localhost$r/oci-first" >/dev/null 2>&1 || true
