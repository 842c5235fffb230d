#!/usr/bin/env bash
# Benchmark: rendering a 5-layer dependency chain of ~200 MB from the store, against
# `tar -x` of the squashed (uncompressed) tar and `cp -a` of the rendered tree, in the
# same run; first render (tree cache empty) and second render (from the tree cache).
# Median of RUNS rounds after a warm-up round; everything reads from the page cache. Also
# times the floor under any jaci command (an empty JVM, `jaci --version`), gives CPU times
# and the machine's load, since other jobs share the machine, and checks the trees.
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

# the floor under any jaci command: a JVM (same flags, class data sharing) that runs a class
# doing nothing, and `jaci --version` (launcher, JVM, class data archive, picocli)
mkdir -p "$r/nop"
printf 'public class Nop { public static void main(String[] a) {} }\n' > "$r/nop/Nop.java"
javac -d "$r/nop" "$r/nop/Nop.java"
java -Xshare:dump -XX:SharedArchiveFile="$r/nop/nop.jsa" -cp "$r/nop" Nop >/dev/null 2>&1 || true
jvm_floor=(java -XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1 -Xshare:auto
  -XX:SharedArchiveFile="$r/nop/nop.jsa" -cp "$r/nop" Nop)

declare -A times cpu
TIMEFORMAT='%R %U %S'
run() { # name command...: wall time and CPU time (user + system) of one run
  local t
  t=$( { time "${@:2}" >/dev/null; } 2>&1 | tail -n 1)
  if [ "$round" -gt 0 ]; then
    times[$1]+="$(echo "$t" | awk '{print $1}') "
    cpu[$1]+="$(echo "$t" | awk '{print $2 + $3}') "
  fi
}
names=(tar-x cp-a jaci-render-first jaci-render-cached jvm-floor jaci-version)
loads=""
for round in $(seq 0 "$runs"); do
  rm -rf "$r/out-"* "$store/trees"
  mkdir -p "$r/out-tar"
  loads+="$(cut -d' ' -f1 /proc/loadavg) "
  run tar-x tar -C "$r/out-tar" -xf "$r/squashed.tar"
  run cp-a cp -a "$r/out-tar/rootfs" "$r/out-cp"
  run jaci-render-first "$jaci" image render --rootfs-only "$top" "$r/out-first"
  run jaci-render-cached "$jaci" image render --rootfs-only "$top" "$r/out-second"
  run jvm-floor "${jvm_floor[@]}"
  run jaci-version "$jaci" --version
done
diff -r "$r/out-tar/rootfs" "$r/out-first" >/dev/null && diff -r "$r/out-tar/rootfs" "$r/out-second" >/dev/null \
  && echo "(both rendered trees equal the squashed tar's, checked with diff -r)" >&2
"$jaci" image verify >/dev/null && echo "(jaci image verify: the store and its cached tree check out)" >&2

tarx=$(echo "${times[tar-x]}" | median)
cpa=$(echo "${times[cp-a]}" | median)
echo "## jaci image render: $(date -u +%Y-%m-%d), $(nproc) cores, $(df -T "$r" | awk 'NR == 2 {print $2}'), 5 layers, $(du -sm "$work/tree/rootfs" | cut -f1) MiB, median of $runs runs"
echo
echo "Load (1-minute average) at the start of each round: $loads"
echo
echo "| command | wall time (s) | vs tar -x | vs cp -a | CPU time (s) |"
echo "|---|---|---|---|---|"
for name in "${names[@]}"; do
  t=$(echo "${times[$name]}" | median)
  c=$(echo "${cpu[$name]}" | median)
  awk -v n="$name" -v t="$t" -v a="$tarx" -v p="$cpa" -v c="$c" \
    'BEGIN { printf "| %s | %.2f | %.2fx | %.2fx | %.2f |\n", n, t, t / a, t / p, c }'
done
echo
echo "All runs, wall time (s):"
for name in "${names[@]}"; do echo "- $name: ${times[$name]}"; done
