#!/usr/bin/env bash
# Benchmark: ACI -> OCI. `jaci convert` of the ~200 MB benchmark ACI (one layer) into a new
# OCI image layout, against, in the same run and interleaved round by round after a warm-up
# round:
#   skopeo-copy    `skopeo copy docker-archive:IMG.tar oci:DIR:t` of the same image as a
#                  docker-archive (plain layer tar, written by jaci before timing): skopeo
#                  compresses and digests the layer, the same work less the ACI's gunzip;
#   umoci-insert   `umoci init` + `umoci new` + `umoci insert` of the benchmark tree's rootfs
#                  (a directory into a gzip layer: what umoci does to make a layer);
#   floor          `gzip -dc ACI | pigz -3 | sha256sum` (decompress, compress at jaci's
#                  level on all cores and hash: the least a conversion must do).
#
# usage: bench/aci2oci-bench.sh [RUNS]      (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in skopeo umoci pigz; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/install-test-deps.sh)" >&2; exit 1; }
done
aci="$work/bench.aci"
[ -f "$aci" ] || "$here/jaci" build -q "$work/tree" "$aci" >/dev/null
archive="$work/bench-docker.tar"
"$here/jaci" convert -q --overwrite "$aci" "docker-archive:$archive:bench/tree:1" >/dev/null
out="$work/aci2oci-out"

declare -A cmds=(
  [jaci-convert]="rm -rf '$out' && '$here/jaci' convert '$aci' 'oci:$out:t' >/dev/null"
  [skopeo-copy]="rm -rf '$out' && skopeo copy -q 'docker-archive:$archive' 'oci:$out:t' >/dev/null"
  [umoci-insert]="rm -rf '$out' && umoci init --layout '$out' && umoci new --image '$out:t' && umoci insert --image '$out:t' '$work/tree/rootfs' / >/dev/null"
  [floor]="gzip -dc '$aci' | pigz -3 | sha256sum >/dev/null"
)
order=(jaci-convert skopeo-copy umoci-insert floor)
declare -A times
time_rounds

rm -rf "$out" && "$here/jaci" convert -q "$aci" "oci:$out:t" >/dev/null
layer=$(find "$out/blobs/sha256" -type f -size +1M -printf '%s\n' | head -1)
echo "## jaci convert ACI -> OCI layout: $(date -u +%Y-%m-%d), $(nproc) cores, ACI of $(( $(stat -c %s "$aci") / 1000000 )) MB (tar $(( $(stat -c %s "$archive") / 1000000 )) MB), layer $(( ${layer:-0} / 1000000 )) MB, median of $runs runs, load: $(uptime | sed 's/.*load average: //')"
echo
echo "| command | wall time (s) | vs skopeo copy |"
echo "|---|---|---|"
print_times skopeo-copy
rm -rf "$out" "$archive"
