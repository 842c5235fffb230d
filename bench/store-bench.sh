#!/usr/bin/env bash
# Benchmark: `jaci image import` of the ~200 MB benchmark image against
# `gzip -dc FILE | sha512sum` on the same file (the least an import must do: decompress and
# hash), in the same run, interleaved round by round after a warm-up round. Also times what
# reading a stored image costs for each blob format the store could keep: the uncompressed
# tar (`cat`), the ACI as given (`gzip -dc`), and their sizes.
#
# usage: bench/store-bench.sh [RUNS]      (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
aci="$work/bench.aci"
[ -f "$aci" ] || "$here/jaci" build -q "$work/tree" "$aci" >/dev/null
store="$work/store"
tar="$work/bench.tar"
gzip -dc "$aci" > "$tar"

declare -A cmds=(
  [jaci-import]="rm -rf '$store' && '$here/jaci' --store '$store' image import '$aci' >/dev/null"
  [gzip-sha512sum]="gzip -dc '$aci' | sha512sum >/dev/null"
  [read-uncompressed]="cat '$tar' >/dev/null"
  [read-as-given]="gzip -dc '$aci' >/dev/null"
)
order=(jaci-import gzip-sha512sum read-uncompressed read-as-given)
declare -A times
for round in $(seq 0 "$runs"); do
  for name in "${order[@]}"; do
    start=$(date +%s.%N)
    bash -c "${cmds[$name]}"
    end=$(date +%s.%N)
    if [ "$round" -gt 0 ]; then   # round 0 warms the page cache
      times[$name]+="$(awk "BEGIN {print $end - $start}") "
    fi
  done
done

base=$(echo "${times[gzip-sha512sum]}" | median)
echo "## jaci image import: $(date -u +%Y-%m-%d), $(nproc) cores, ACI of $(( $(stat -c %s "$aci") / 1000000 )) MB (tar $(( $(stat -c %s "$tar") / 1000000 )) MB), median of $runs runs"
echo
echo "| command | wall time (s) | vs gzip -dc \\| sha512sum |"
echo "|---|---|---|"
for name in "${order[@]}"; do
  t=$(echo "${times[$name]}" | median)
  awk -v n="$name" -v t="$t" -v b="$base" 'BEGIN { printf "| %s | %.2f | %.2fx |\n", n, t, t / b }'
done
echo
echo "All runs (s):"
for name in "${order[@]}"; do echo "- $name: ${times[$name]}"; done
rm -rf "$store" "$tar"
