#!/usr/bin/env bash
# Benchmark: `jaci build` against the reference `actool build`, `tar | gzip` and
# `tar | pigz` on the same ~200 MB layout, in the same run. Runs are interleaved
# (one of each per round) after a warm-up round, so that all read from the page cache;
# the table gives the median wall time of RUNS rounds and each output's size.
#
# usage: bench/build-bench.sh [RUNS]      (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tools=$(bash "$here/scripts/install-test-deps.sh" | tail -n 1)
actool="$tools/actool"
tree="$work/tree"
out="$work/out"
mkdir -p "$out"

declare -A cmds=(
  [jaci]="'$here/jaci' build --overwrite '$tree' '$out/jaci.aci' >/dev/null"
  [jaci-level6]="'$here/jaci' build --level 6 --overwrite '$tree' '$out/jaci6.aci' >/dev/null"
  [actool]="rm -f '$out/actool.aci' && '$actool' build '$tree' '$out/actool.aci'"
  [tar-gzip]="tar -C '$tree' -cf - manifest rootfs | gzip > '$out/tar-gzip.aci'"
  [tar-pigz]="tar -C '$tree' -cf - manifest rootfs | pigz > '$out/tar-pigz.aci'"
)
declare -A files=([jaci]=jaci.aci [jaci-level6]=jaci6.aci [actool]=actool.aci
  [tar-gzip]=tar-gzip.aci [tar-pigz]=tar-pigz.aci)
order=(jaci jaci-level6 actool tar-gzip tar-pigz)
declare -A times
for round in $(seq 0 "$runs"); do
  for name in "${order[@]}"; do
    start=$(date +%s.%N)
    bash -c "${cmds[$name]}"
    end=$(date +%s.%N)
    if [ "$round" -gt 0 ]; then   # round 0 warms the page cache and the JIT's files
      times[$name]+="$(awk "BEGIN {print $end - $start}") "
    fi
  done
done

tree_bytes=$(du -sb "$tree/rootfs" | cut -f1)
echo "## jaci build: $(date -u +%Y-%m-%d), $(nproc) cores, tree of $((tree_bytes / 1000000)) MB, median of $runs runs"
echo
echo "| command | wall time (s) | output (bytes) | output vs actool | time vs actool |"
echo "|---|---|---|---|---|"
actool_time=$(echo "${times[actool]}" | median)
actool_size=$(stat -c %s "$out/actool.aci")
for name in "${order[@]}"; do
  t=$(echo "${times[$name]}" | median)
  size=$(stat -c %s "$out/${files[$name]}")
  awk -v n="$name" -v t="$t" -v s="$size" -v as="$actool_size" -v at="$actool_time" \
    'BEGIN { printf "| %s | %.2f | %d | %+.1f%% | %.2fx |\n", n, t, s, (s - as) * 100 / as, t / at }'
done
echo
echo "All runs (s):"
for name in "${order[@]}"; do echo "- $name: ${times[$name]}"; done
