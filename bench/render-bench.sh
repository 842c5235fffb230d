#!/usr/bin/env bash
# Benchmark: rendering a 5-layer dependency chain of ~200 MB from the store, against
# `tar -x` of the squashed (uncompressed) tar and `cp -a` of the rendered tree, in the
# same run; first render (tree cache empty) and second render (from the tree cache).
# Median of RUNS rounds after a warm-up round; everything reads from the page cache.
#
# usage: bench/render-bench.sh [RUNS]      (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
jaci="$here/jaci"
r="$work/render"
rm -rf "$r"
mkdir -p "$r/layers"
store="$r/store"
export JACI_STORE="$store"

# five layers: random 1/2, random 2/2, text 1/2, text 2/2, small files; each on the last
split=("data/random/blob0.bin data/random/blob1.bin" "data/random/blob2.bin data/random/blob3.bin"
  "$(cd "$work/tree/rootfs" && echo data/text/text[0-4].txt)" "$(cd "$work/tree/rootfs" && echo data/text/text[5-9].txt)" "small")
parent=""
for i in 0 1 2 3 4; do
  l="$r/layers/l$i"
  mkdir -p "$l/rootfs"
  (cd "$work/tree/rootfs" && cp -a --parents ${split[$i]} "$l/rootfs/")
  deps=""
  [ -n "$parent" ] && deps=",\"dependencies\":[{\"imageName\":\"example.com/layer$((i - 1))\",\"imageID\":\"$parent\"}]"
  echo "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"example.com/layer$i\"$deps}" > "$l/manifest"
  "$jaci" build --compression none "$l" "$r/l$i.aci" >/dev/null
  parent=$("$jaci" image import "$r/l$i.aci")
done
top=$parent
tar -C "$work/tree" -cf "$r/squashed.tar" rootfs

declare -A times
run() { # name command...
  local start end
  start=$(date +%s.%N)
  "${@:2}" >/dev/null
  end=$(date +%s.%N)
  [ "$round" -gt 0 ] && times[$1]+="$(awk "BEGIN {print $end - $start}") "
  return 0
}
for round in $(seq 0 "$runs"); do
  rm -rf "$r/out-"* "$store/trees"
  mkdir -p "$r/out-tar"
  run tar-x tar -C "$r/out-tar" -xf "$r/squashed.tar"
  run cp-a cp -a "$r/out-tar/rootfs" "$r/out-cp"
  run jaci-render-first "$jaci" image render --rootfs-only "$top" "$r/out-first"
  run jaci-render-cached "$jaci" image render --rootfs-only "$top" "$r/out-second"
done
diff -r "$r/out-tar/rootfs" "$r/out-second" >/dev/null && echo "(rendered tree equals the squashed tar's, checked with diff -r)" >&2

tarx=$(echo "${times[tar-x]}" | median)
cpa=$(echo "${times[cp-a]}" | median)
echo "## jaci image render: $(date -u +%Y-%m-%d), $(nproc) cores, 5 layers, $(du -sm "$work/tree/rootfs" | cut -f1) MiB, median of $runs runs"
echo
echo "| command | wall time (s) | vs tar -x | vs cp -a |"
echo "|---|---|---|---|"
for name in tar-x cp-a jaci-render-first jaci-render-cached; do
  t=$(echo "${times[$name]}" | median)
  awk -v n="$name" -v t="$t" -v a="$tarx" -v c="$cpa" 'BEGIN { printf "| %s | %.2f | %.2fx | %.2fx |\n", n, t, t / a, t / c }'
done
echo
echo "All runs (s):"
for name in tar-x cp-a jaci-render-first jaci-render-cached; do echo "- $name: ${times[$name]}"; done
