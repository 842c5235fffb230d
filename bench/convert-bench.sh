#!/usr/bin/env bash
# Benchmark: `jaci convert` of a ~200 MB three-layer OCI image layout to a squashed ACI and
# back (ACI -> OCI layout), against the peers on the same input in the same run:
# `skopeo copy` (layout to layout) and `umoci unpack` (layout to a tree: what a conversion to
# a squashed image must at least do). Target: jaci-to-aci at most the time of umoci unpack.
# Median of RUNS rounds after a warm-up round. The image is made from the benchmark tree
# with umoci: random data, text, small files, one layer each.
#
# A command that fails (say, a jaci without one of the directions) is reported as failed in
# the table, with its first line of stderr, instead of a time.
#
# usage: bench/convert-bench.sh [RUNS]      (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in umoci skopeo; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done
jaci="$here/jaci"
c="$work/convert"
rm -rf "$c"
mkdir -p "$c"
layout="$c/oci"
load_before=$(uptime)

# three layers: the random data, the text, the small files
umoci init --layout "$layout"
umoci new --image "$layout:bench"
parts=("data/random" "data/text" "small")
rootless=()
[ "$(id -u)" -eq 0 ] || rootless=(--rootless)
for part in "${parts[@]}"; do
  bundle="$c/bundle"
  rm -rf "$bundle"
  umoci unpack "${rootless[@]}" --image "$layout:bench" "$bundle" >/dev/null
  (cd "$work/tree/rootfs" && cp -a --parents "$part" "$bundle/rootfs/")
  umoci repack --image "$layout:bench" "$bundle" >/dev/null
done
rm -rf "$c/bundle"
umoci config --image "$layout:bench" --config.entrypoint /bin/true >/dev/null

names=(skopeo-copy umoci-unpack jaci-to-aci jaci-to-aci-none jaci-to-aci-store jaci-to-oci)
declare -A times failed
run() { # name command...
  local start end
  start=$(date +%s.%N)
  if "${@:2}" >/dev/null 2>"$c/$1.err"; then
    end=$(date +%s.%N)
    [ "$round" -gt 0 ] && times[$1]+="$(awk "BEGIN {print $end - $start}") "
  else
    failed[$1]=$(head -n 1 "$c/$1.err")
  fi
  return 0
}
for round in $(seq 0 "$runs"); do
  rm -rf "$c/out-"* "$c/store"
  sync
  run skopeo-copy skopeo copy --quiet "oci:$layout:bench" "oci:$c/out-skopeo:bench"
  run umoci-unpack umoci unpack "${rootless[@]}" --image "$layout:bench" "$c/out-umoci"
  run jaci-to-aci "$jaci" convert "oci:$layout:bench" "$c/out-jaci.aci"
  run jaci-to-aci-none "$jaci" convert --compression none "oci:$layout:bench" "$c/out-jaci-none.aci"
  run jaci-to-aci-store "$jaci" --store "$c/store" convert "oci:$layout:bench" store:
  # ACI -> OCI: needs the other direction's branch (see above)
  run jaci-to-oci "$jaci" convert "$c/out-jaci.aci" "oci:$c/out-jaci-oci:bench"
done

unpack=$(echo "${times[umoci-unpack]}" | median)
echo "## jaci convert: $(date -u +%Y-%m-%d), $(nproc) cores, 3-layer OCI layout of $(du -sm "$layout" | cut -f1) MiB (squashed ACI $(du -m "$c/out-jaci.aci" 2>/dev/null | cut -f1) MiB), median of $runs runs"
echo
echo "| command | wall time (s) | vs umoci unpack |"
echo "|---|---|---|"
for name in "${names[@]}"; do
  if [ -n "${failed[$name]:-}" ] || [ -z "${times[$name]:-}" ]; then
    echo "| $name | failed: ${failed[$name]:-no runs} | - |"
    continue
  fi
  t=$(echo "${times[$name]}" | median)
  awk -v n="$name" -v t="$t" -v u="$unpack" 'BEGIN { printf "| %s | %.2f | %.2fx |\n", n, t, t / u }'
done
echo
echo "All runs (s):"
for name in "${names[@]}"; do echo "- $name: ${times[$name]:-}"; done
echo
echo "Load: before \`$load_before\`; after \`$(uptime)\`"
