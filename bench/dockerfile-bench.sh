#!/usr/bin/env bash
# Benchmark (issue 12, Speed): `jaci dockerfile` against `buildah bud --isolation chroot
# --storage-driver vfs --layers` (with a private --root/--runroot) on the same Dockerfile, the
# same base and the same context, in the same run, interleaved round by round after a warm-up
# round:
#   full       a build into a store (buildah: a storage) holding only the base;
#   no-change  the same build again, nothing changed;
#   one-file   the build again after one file of the big COPY changed.
# The Dockerfile: FROM a Debian base (the debootstrap minbase tree that RunDebianIT caches in
# ~/.cache/jaci-test/minbase-SUITE.tar; a busybox tree when there is none), a RUN, a COPY of
# a ~105 MB context (bench/gen-tree.py at scale 0.5: 50 MiB random, 50 MiB text, 1,000 small
# files), a RUN that writes 1,000 files and a RUN that deletes some of them and of the copy.
# Both tools get the base already in their storage (jaci: imported; buildah: pulled from an
# OCI layout that jaci converted from the same ACI).
# Targets: full at most 0.5x buildah's time; no-change under 1 s; one-file rebuilds only the
# steps from that COPY on. jaci's progress lines (captured through `script`, which gives it a
# terminal) are checked: in no-change every filesystem step is cached, in one-file the steps
# before the COPY are and the COPY and the steps after it are not. The store must not grow in
# a no-change rebuild (its file count is compared).
# Prints median wall times, their ratio to buildah's, and the load average before each round:
# the machine may be shared, so compare ratios within one run.
#
# usage: bench/dockerfile-bench.sh [RUNS]    (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in buildah script busybox; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/install-test-deps.sh)" >&2; exit 1; }
done
jaci="$here/jaci"
d="$work/dockerfile"
mkdir -p "$d"

# the context: the benchmark tree at scale 0.5 (generated once per work dir)
if [ ! -f "$work/tree-0.5/manifest" ]; then   # gen-tree.py writes it last
  echo "generating the benchmark tree at scale 0.5 in $work/tree-0.5" >&2
  rm -rf "$work/tree-0.5"
  python3 "$here/bench/gen-tree.py" "$work/tree-0.5" 0.5
fi
ctx="$d/ctx"
rm -rf "$ctx"
cp -r "$work/tree-0.5/rootfs" "$ctx"
changed="$ctx/data/text/text0.txt"   # the file one-file changes (the last RUN keeps it)

# the base, as an ACI made once per work dir
minbase=$(ls "$HOME"/.cache/jaci-test/minbase-*.tar 2>/dev/null | head -n 1 || true)
if [ ! -f "$d/base.aci" ]; then
  if [ -n "$minbase" ]; then
    "$jaci" from-rootfs -q --overwrite "$minbase" "$d/base.aci" --name example.com/bench-base:1 >/dev/null
  else
    echo "no minbase tarball in ~/.cache/jaci-test (RunDebianIT makes it): a busybox base" >&2
    rm -rf "$d/busybox"
    mkdir -p "$d/busybox/bin" "$d/busybox/etc"
    cp "$(command -v busybox)" "$d/busybox/bin/busybox"
    for a in sh mkdir rm echo cat; do ln -s busybox "$d/busybox/bin/$a"; done
    echo "root:x:0:0:root:/root:/bin/sh" >"$d/busybox/etc/passwd"
    echo "root:x:0:" >"$d/busybox/etc/group"
    tar -C "$d/busybox" -cf "$d/busybox.tar" .
    "$jaci" from-rootfs -q --overwrite "$d/busybox.tar" "$d/base.aci" --name example.com/bench-base:1 >/dev/null
  fi
fi
base_name=$([ -n "$minbase" ] && basename "$minbase" .tar || echo busybox)

cat >"$d/Dockerfile" <<'EOF'
ARG BASE
FROM $BASE
RUN echo bench > /etc/bench-step && mkdir -p /gen
COPY . /ctx/
RUN cd /gen && i=0 && while [ $i -lt 1000 ]; do echo "file $i" > f$i; i=$((i+1)); done
RUN rm -rf /gen/f5* /ctx/small/d0* /ctx/data/random/blob0.bin
EOF

# pristine stores: jaci's with the base imported, buildah's with it pulled
"$jaci" --version >/dev/null
rm -rf "$d/jaci-store0" "$d/buildah-root0" "$d/base-oci" "$d/buildah-run" "$d/buildah-run0"
"$jaci" --store "$d/jaci-store0" image import "$d/base.aci" >/dev/null
"$jaci" convert -q "$d/base.aci" "oci:$d/base-oci:bench" >/dev/null
bah=(buildah --root "$d/buildah-root" --runroot "$d/buildah-run" --storage-driver vfs)
buildah --root "$d/buildah-root0" --runroot "$d/buildah-run0" --storage-driver vfs \
  pull -q "oci:$d/base-oci:bench" >"$d/buildah-base-id"
buildah_base=$(tail -n 1 "$d/buildah-base-id")
limits=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

jaci_build() {   # LOG: the build, its progress lines into LOG through a terminal
  script -qec "'$jaci' --store '$d/jaci-store' dockerfile -f '$d/Dockerfile' --build-arg BASE=example.com/bench-base:1 -t example.com/bench:1 '$ctx'" "$1" >/dev/null
}
buildah_build() {
  "${bah[@]}" bud --isolation chroot --layers "${limits[@]}" -f "$d/Dockerfile" \
    --build-arg "BASE=$buildah_base" -t localhost/bench:1 "$ctx" >"$1" 2>&1
}
# the filesystem steps of a LOG in order, each RUN:cached or RUN:built (COPY likewise)
cached_marks() { tr -d '\r' <"$1" | grep -E '^\[[0-9]+/[0-9]+\] (RUN|COPY)' \
  | sed -E 's/^\[[0-9/]+\] (RUN|COPY).*\(cached\)$/\1:cached/; s/^\[[0-9/]+\] (RUN|COPY) .*/\1:built/' \
  | paste -sd' '; }
check() {   # LOG EXPECTED WHAT
  local got
  got=$(cached_marks "$1")
  if [ "$got" != "$2" ]; then
    echo "bench: $3: the steps were \"$got\", expected \"$2\" (log $1)" >&2
    exit 1
  fi
}

declare -A times
loads=""
time_it() {   # NAME COMMAND...
  local start end
  start=$(date +%s.%N)
  "${@:2}" || { echo "bench: $1 failed" >&2; exit 1; }
  end=$(date +%s.%N)
  [ "$round" -gt 0 ] && times[$1]+="$(awk "BEGIN {print $end - $start}") "
  return 0
}
files() { find "$1" | wc -l; }
order=(jaci-full buildah-full jaci-no-change buildah-no-change jaci-one-file buildah-one-file)
for round in $(seq 0 "$runs"); do
  [ "$round" -gt 0 ] && loads+="$(cut -d' ' -f1 /proc/loadavg) "
  rm -rf "$d/jaci-store" "$d/buildah-root"
  cp -a "$d/jaci-store0" "$d/jaci-store"
  cp -a "$d/buildah-root0" "$d/buildah-root"
  cp "$work/tree-0.5/rootfs/data/text/text0.txt" "$changed"
  time_it jaci-full jaci_build "$d/jaci-full.log"
  time_it buildah-full buildah_build "$d/buildah-full.log"
  check "$d/jaci-full.log" "RUN:built COPY:built RUN:built RUN:built" "full build"
  before=$(files "$d/jaci-store")
  time_it jaci-no-change jaci_build "$d/jaci-no-change.log"
  time_it buildah-no-change buildah_build "$d/buildah-no-change.log"
  check "$d/jaci-no-change.log" "RUN:cached COPY:cached RUN:cached RUN:cached" "no-change rebuild"
  after=$(files "$d/jaci-store")
  [ "$before" = "$after" ] || { echo "bench: the no-change rebuild wrote into the store ($before -> $after files)" >&2; exit 1; }
  echo "changed in round $round" >>"$changed"
  time_it jaci-one-file jaci_build "$d/jaci-one-file.log"
  time_it buildah-one-file buildah_build "$d/buildah-one-file.log"
  check "$d/jaci-one-file.log" "RUN:cached COPY:built RUN:built RUN:built" "one-file rebuild"
  grep -q "Using cache" "$d/buildah-no-change.log" || { echo "bench: buildah used no cache (log $d/buildah-no-change.log)" >&2; exit 1; }
done

m() { echo "$1" | median; }
echo "## jaci dockerfile vs buildah bud: $(date -u +%Y-%m-%d), $(nproc) cores, base $base_name ($(( $(stat -c %s "$d/base.aci") / 1000000 )) MB ACI), context of $(du -sm "$ctx" | cut -f1) MiB, median of $runs runs"
echo
echo "Load (1-minute average) before each round: $loads"
echo
echo "| build | jaci (s) | buildah (s) | jaci / buildah |"
echo "|---|---|---|---|"
for case in full no-change one-file; do
  awk -v n="$case" -v j="$(m "${times[jaci-$case]}")" -v b="$(m "${times[buildah-$case]}")" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.2fx |\n", n, j, b, j / b }'
done
echo
echo "jaci's steps (last round): full: $(cached_marks "$d/jaci-full.log"); no-change: $(cached_marks "$d/jaci-no-change.log"); one-file: $(cached_marks "$d/jaci-one-file.log")"
echo
echo "All runs (s):"
for name in "${order[@]}"; do echo "- $name: ${times[$name]}"; done
rm -rf "$d/jaci-store" "$d/buildah-root"
