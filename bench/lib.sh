# Shared set-up of the benchmark scripts (sourced, not run). Defines `here` (the repository),
# `runs` (first argument, default 5), `work` (BENCH_DIR, default $TMPDIR/jaci-bench) holding
# the generated benchmark tree in $work/tree (SCALE times the ~200 MB tree, default 1),
# builds the jaci CLI before anything is timed,
# and defines `median`, which reads space-separated numbers and prints their median.
here=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
runs=${1:-5}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/jaci-bench}
mkdir -p "$work"
if [ ! -f "$work/tree/manifest" ]; then
  echo "generating the benchmark tree in $work/tree" >&2
  rm -rf "$work/tree"
  python3 "$here/bench/gen-tree.py" "$work/tree" "${SCALE:-1}"
fi
"$here/jaci" --version >/dev/null   # build the CLI before timing anything

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Times the commands of the associative array `cmds` (bash -c strings) in the order of the
# array `order`, interleaved round by round; round 0 warms the page cache and is not counted.
# Appends each wall time in seconds to the associative array `times` (declare all three).
time_rounds() {
  local round name start end
  for round in $(seq 0 "$runs"); do
    for name in "${order[@]}"; do
      start=$(date +%s.%N)
      bash -c "${cmds[$name]}"
      end=$(date +%s.%N)
      if [ "$round" -gt 0 ]; then
        times[$name]+="$(awk "BEGIN {print $end - $start}") "
      fi
    done
  done
}

# Prints the markdown rows `| name | median | ratio to BASE's median |` and all runs.
print_times() {
  local base name t
  base=$(echo "${times[$1]}" | median)
  for name in "${order[@]}"; do
    t=$(echo "${times[$name]}" | median)
    awk -v n="$name" -v t="$t" -v b="$base" 'BEGIN { printf "| %s | %.2f | %.2fx |\n", n, t, t / b }'
  done
  echo
  echo "All runs (s):"
  for name in "${order[@]}"; do echo "- $name: ${times[$name]}"; done
}
