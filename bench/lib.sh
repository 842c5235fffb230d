# Shared set-up of the benchmark scripts (sourced, not run). Defines `here` (the repository),
# `runs` (first argument, default 5), `work` (BENCH_DIR, default $TMPDIR/jaci-bench) holding
# the generated benchmark tree in $work/tree, builds the jaci CLI before anything is timed,
# and defines `median`, which reads space-separated numbers and prints their median.
here=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
runs=${1:-5}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/jaci-bench}
mkdir -p "$work"
if [ ! -f "$work/tree/manifest" ]; then
  echo "generating the benchmark tree in $work/tree" >&2
  rm -rf "$work/tree"
  python3 "$here/bench/gen-tree.py" "$work/tree"
fi
"$here/jaci" --version >/dev/null   # build the CLI before timing anything

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
