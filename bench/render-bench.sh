#!/usr/bin/env bash
# Benchmark: rendering a 5-layer dependency chain of ~200 MB (SCALE times that) from the
# store, first render (tree cache empty) and cached render (from the tree cache), against
# what any tool must do, timed in the same rounds, interleaved:
# - `sha512sum` of the five stored blobs and `tar -x` of the squashed (uncompressed) tar: a
#   verified render must read and hash the blobs and write the tree (the floor row is their
#   sum, round by round; target for the first render: at most 2x the floor);
# - `cp -a` of the rendered tree (target for the cached render: at most `cp -a`, 1.25x for the
#   ~2 GiB tree of SCALE=10);
# - `umoci unpack` of the same five layers as an OCI layout (the peer: jaci at most half);
# - the floor under any jaci command (an empty JVM, `jaci --version`).
# Median of RUNS rounds after a warm-up round, reading from the page cache; wall and CPU
# time (user + system), the load at each round. Then, in one warm JVM (bench/java/
# RenderLoop.java, warmed up by WARMUP cached renders, by default as many as make ~40,000
# files), first and cached renders interleaved with `cp -a`. With STRACE=1, the
# system calls of one run of each (strace -c -f), per entry of the tree.
#
# Nothing is deleted between the first round and the last timed command: each round writes
# into a directory of its own, and the tree cache of the round before is moved aside (a
# rename), so no timed command meets freshly freed inodes. Once the fixture is made, and
# before the first round, the script syncs and waits (SETTLE seconds, default 361 on ext4,
# 0 elsewhere): ext4 without a journal (this machine's disk) makes every file creation scan
# past the inodes freed in the last 60 s, and in the last 360 s where their inode table block
# is dirty again, which creating files next to them makes it (`recently_deleted()` in
# fs/ext4/ialloc.c). A command run within minutes of a large `rm -rf` pays for it, up to
# several times its own CPU, whichever tool it is, and by chance: which block groups a new
# tree lands in decides. (An earlier version deleted the last round's trees and waited 61 s,
# which left that chance in.) Each timed command starts after a `sync`, so none waits while
# the kernel writes out what the commands before it wrote (the rounds' trees, kept, pass the
# kernel's dirty-page limits after a few rounds). The rounds' trees take disk: about 6 trees a round (SCALE=10:
# about 13 GiB a round, which soon fills the page cache: every tool's writes then wait for
# the kernel to reclaim memory, so its rounds are slower than a fresh disk's), deleted at the end.
# On a virtual machine that gives its free memory back to the host (virtio-balloon free page
# reporting, as on the machine of BENCHMARKS.md), what each new page of the page cache costs
# changes from minute to minute with the host: `cp -a` of the same tree took 0.16 s and 0.5 s
# ten minutes apart, the difference all system time. Compare rows of the same rounds; the
# in-JVM loop also prints each round's own cached/cp-a ratio.
#
# With BASE=DIR (another checkout, e.g. `git archive` of an older commit), its renders are
# timed in the same rounds too (base-render-first, base-render-cached), for a before/after.
# With UMOCI=0 umoci is left out (its layout takes long to make for a large tree).
#
# usage: [SCALE=N] [STRACE=1] [BASE=DIR] [UMOCI=0] [SETTLE=S] [WARMUP=N] [RECYCLE=0|1] [BENCH_DIR=DIR] bench/render-bench.sh [RUNS]
#        (RUNS default 5)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
umoci=${UMOCI:-1}
[ "$umoci" = 0 ] || command -v umoci >/dev/null \
  || { echo "bench: umoci is needed (apt-get install umoci), or UMOCI=0" >&2; exit 1; }
base=${BASE:-}
[ -z "$base" ] || "$base/jaci" --version >/dev/null # built before anything is timed
jaci="$here/jaci"
r="$work/render"
rm -rf "$r"
mkdir -p "$r/layers"
store="$r/store"
export JACI_STORE="$store"
rootless=()
[ "$(id -u)" -eq 0 ] || rootless=(--rootless)

# five layers: random 1/2, random 2/2, text 1/2, text 2/2, small files; each on the last
split=("data/random/blob0.bin data/random/blob1.bin" "data/random/blob2.bin data/random/blob3.bin"
  "$(cd "$work/tree/rootfs" && echo data/text/text[0-4].txt)" "$(cd "$work/tree/rootfs" && echo data/text/text[5-9].txt)" "small")
copies=(.)
[ -d "$work/tree/rootfs/more" ] && copies+=($(cd "$work/tree/rootfs" && echo more/k*))
layout="$r/oci"
if [ "$umoci" != 0 ]; then
  umoci init --layout "$layout"
  umoci new --image "$layout:bench"
fi
parent=""
for i in 0 1 2 3 4; do
  l="$r/layers/l$i"
  mkdir -p "$l/rootfs"
  parts=()
  for c in "${copies[@]}"; do
    for p in ${split[$i]}; do parts+=("$c/$p"); done
  done
  (cd "$work/tree/rootfs" && cp -a --parents "${parts[@]}" "$l/rootfs/")
  deps=""
  [ -n "$parent" ] && deps=",\"dependencies\":[{\"imageName\":\"example.com/layer$((i - 1))\",\"imageID\":\"$parent\"}]"
  echo "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"example.com/layer$i\"$deps}" > "$l/manifest"
  "$jaci" build --compression none "$l" "$r/l$i.aci" >/dev/null
  rm -f "$r/l$i.aci.asc"
  parent=$("$jaci" image import "$r/l$i.aci")
  rm -f "$r/l$i.aci"
  if [ "$umoci" != 0 ]; then
    # the same layer for umoci: unpack the chain so far, add the layer's files, repack
    umoci unpack "${rootless[@]}" --image "$layout:bench" "$r/bundle" >/dev/null
    (cd "$l/rootfs" && cp -a . "$r/bundle/rootfs/")
    umoci repack --image "$layout:bench" "$r/bundle" >/dev/null
  fi
  rm -rf "$r/bundle" "$l"
done
top=$parent
tar -C "$work/tree" -cf "$r/squashed.tar" rootfs
blobs=$(find "$store/blobs" -type f | sort)

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
  sync # untimed: no command waits for another's dirty pages being written out
  t=$( { time "${@:2}" >/dev/null; } 2>&1 | tail -n 1)
  if [ "$round" -gt 0 ]; then
    times[$1]+="$(echo "$t" | awk '{print $1}') "
    cpu[$1]+="$(echo "$t" | awk '{print $2 + $3}') "
  fi
}
# the sum of two rows' last round, as a row of its own
sum_last() { # name a b
  if [ "$round" -gt 0 ]; then
    times[$1]+="$(awk -v a="${times[$2]}" -v b="${times[$3]}" 'BEGIN { n = split(a, x, " "); split(b, y, " "); print x[n] + y[n] }') "
    cpu[$1]+="$(awk -v a="${cpu[$2]}" -v b="${cpu[$3]}" 'BEGIN { n = split(a, x, " "); split(b, y, " "); print x[n] + y[n] }') "
  fi
}
fs_type=$(df -T "$r" | awk 'NR == 2 {print $2}')
settle_seconds=${SETTLE:-$([ "$fs_type" = ext4 ] && echo 361 || echo 0)}
settle() { # after deleting: let the freed inodes age (see the top), then no timed command waits for it
  if [ "$settle_seconds" -gt 0 ]; then
    sync
    sleep "$settle_seconds"
  fi
}
names=(sha512sum tar-x floor cp-a)
[ "$umoci" = 0 ] || names+=(umoci-unpack)
names+=(jaci-render-first jaci-render-cached)
[ -z "$base" ] || names+=(base-render-first base-render-cached)
names+=(jvm-floor jaci-version)
settle # once, after the fixture was made (see the top)
loads=""
for round in $(seq 0 "$runs"); do
  o="$r/round$round"
  mkdir -p "$o/out-tar"
  [ ! -d "$store/trees" ] || mv "$store/trees" "$o/old-trees" # the last round's cache, aside
  loads+="$(cut -d' ' -f1 /proc/loadavg) "
  run sha512sum sha512sum $blobs
  run tar-x tar -C "$o/out-tar" -xf "$r/squashed.tar"
  sum_last floor sha512sum tar-x
  run cp-a cp -a "$o/out-tar/rootfs" "$o/out-cp"
  [ "$umoci" = 0 ] || run umoci-unpack umoci unpack "${rootless[@]}" --image "$layout:bench" "$o/out-umoci"
  run jaci-render-first "$jaci" image render --rootfs-only "$top" "$o/out-first"
  run jaci-render-cached "$jaci" image render --rootfs-only "$top" "$o/out-second"
  if [ -n "$base" ]; then
    mv "$store/trees" "$o/out-trees" # the first render's cache entry, out of the way (not deleted)
    run base-render-first "$base/jaci" image render --rootfs-only "$top" "$o/out-base-first"
    run base-render-cached "$base/jaci" image render --rootfs-only "$top" "$o/out-base-second"
  fi
  run jvm-floor "${jvm_floor[@]}"
  run jaci-version "$jaci" --version
done
diff -r "$o/out-tar/rootfs" "$o/out-first" >/dev/null && diff -r "$o/out-tar/rootfs" "$o/out-second" >/dev/null \
  && echo "(both rendered trees equal the squashed tar's, checked with diff -r)" >&2
"$jaci" image verify >/dev/null && echo "(jaci image verify: the store and its cached tree check out)" >&2

tarx=$(echo "${times[tar-x]}" | median)
floor=$(echo "${times[floor]}" | median)
cpa=$(echo "${times[cp-a]}" | median)
umo=$( [ "$umoci" = 0 ] && echo 0 || echo "${times[umoci-unpack]}" | median)
echo "## jaci image render: $(date -u +%Y-%m-%d), $(nproc) cores, $(df -T "$r" | awk 'NR == 2 {print $2}'), 5 layers, $(du -sm "$work/tree/rootfs" | cut -f1) MiB, $(find "$work/tree/rootfs" | wc -l) entries, median of $runs runs"
echo
echo "Load (1-minute average) at the start of each round: $loads"
echo
echo "| command | wall time (s) | vs floor | vs cp -a | vs umoci | CPU time (s) |"
echo "|---|---|---|---|---|---|"
for name in "${names[@]}"; do
  t=$(echo "${times[$name]}" | median)
  c=$(echo "${cpu[$name]}" | median)
  awk -v n="$name" -v t="$t" -v f="$floor" -v p="$cpa" -v u="$umo" -v c="$c" \
    'BEGIN { printf "| %s | %.2f | %.2fx | %.2fx | %s | %.2f |\n", n, t, t / f, t / p, (u > 0 ? sprintf("%.2fx", t / u) : "-"), c }'
done
echo
echo "(floor: sha512sum of the blobs plus tar -x, summed round by round)"
echo
echo "All runs, wall time (s):"
for name in "${names[@]}"; do echo "- $name: ${times[$name]}"; done

# in one warm JVM: the library, interleaved with cp -a
entries=$(find "$work/tree/rootfs" | wc -l)
warmup=${WARMUP:-$(( (40000 + entries - 1) / entries ))} # cached renders, untimed: ~40,000 files for the JIT
# on tmpfs, each round's trees are deleted once timed (nothing there makes that cost the next
# round; keeping them fills memory): RECYCLE=0 keeps them
recycle=$([ "${RECYCLE:-$([ "$fs_type" = tmpfs ] && echo 1 || echo 0)}" = 1 ] && echo recycle || echo keep)
jar="$here/jaci-cli/target/jaci.jar"
mkdir -p "$r/loop"
javac -d "$r/loop" -cp "$jar" "$here/bench/java/RenderLoop.java"
echo
echo "In one JVM (bench/java/RenderLoop.java, $runs rounds after a warm-up round and $warmup more cached renders, trees: $recycle; load $(cut -d' ' -f1-3 /proc/loadavg)):"
java -cp "$jar:$r/loop" RenderLoop "$store" "$top" "$o/out-tar/rootfs" "$r/out-loop" "$runs" "$warmup" "$recycle" > "$r/loop.txt"
for col in cp-a first cached cached/cp-a; do
  unit=" s"
  [ "$col" != cached/cp-a ] || unit="x"
  awk -v c="$col" '{ for (i = 1; i < NF; i++) if ($i == c) v = v " " $(i + 1) } END { print c ":" v }' "$r/loop.txt" \
    | { read -r name vals; echo "- ${name%:} median $(echo "$vals" | median)$unit (all: $vals)"; }
done

if [ "${STRACE:-0}" = 1 ]; then
  echo
  echo "System calls of one run (strace -c -f), per entry of the tree ($entries entries):"
  rm -rf "$r/out-"* "$store/trees"
  mkdir -p "$r/out-tar"
  count() { # name command...: total calls (the fourth column), and the most made
    strace -c -f -o "$r/strace-$1.txt" "${@:2}" >/dev/null
    local total
    total=$(awk '$NF == "total" { print $4 }' "$r/strace-$1.txt")
    echo "- $1: $total calls, $(awk -v t="$total" -v e="$entries" 'BEGIN { printf "%.1f", t / e }') per entry; most: $(grep -vE 'total|^%|^-' "$r/strace-$1.txt" | sort -k4 -n -r | head -n 8 | awk '{ printf "%s %s, ", $NF, $4 }')"
  }
  count sha512sum sha512sum $blobs
  count tar-x tar -C "$r/out-tar" -xf "$r/squashed.tar"
  count cp-a cp -a "$r/out-tar/rootfs" "$r/out-cp"
  rm -rf "$r/out-cp"
  [ "$umoci" = 0 ] || count umoci-unpack umoci unpack "${rootless[@]}" --image "$layout:bench" "$r/out-umoci"
  count jaci-render-first "$jaci" image render --rootfs-only "$top" "$r/out-first"
  count jaci-render-cached "$jaci" image render --rootfs-only "$top" "$r/out-second"
fi

# the rounds' trees (see the top), now that nothing is timed any more
rm -rf "$r"/round*
