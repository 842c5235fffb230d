#!/usr/bin/env bash
# Benchmark: `jaci from-debs --from-lock` against the packages2aci route (`dpkg-deb -x` of
# each package into a directory, then the reference `actool build`), on the same ~50 cached
# .deb files (the closure of python3, coreutils and bash without Recommends, from the
# machine's apt sources), in the same run. The downloads happen once, before anything is
# timed; runs are interleaved after a warm-up round; the table gives medians.
#
# usage: bench/from-debs-bench.sh [RUNS]      (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tools=$(bash "$here/scripts/install-test-deps.sh" | tail -n 1)
actool="$tools/actool"
cache="$work/from-debs-cache"
lock="$work/from-debs.lock"
out="$work/from-debs-out"
mkdir -p "$out"
packages=(python3 coreutils bash)

echo "resolving and downloading ${packages[*]} (not timed)" >&2
"$here/jaci" from-debs "${packages[@]}" "$out/resolve.aci" --name bench.example/debs \
  --no-recommends --cache "$cache" --lock "$lock" --overwrite -q >/dev/null
mapfile -t debs < <(python3 -c '
import json, sys
for p in json.load(open(sys.argv[1]))["packages"]:
    print(sys.argv[2] + "/debs/" + p["sha256"] + ".deb")' "$lock" "$cache")
deb_bytes=$(cat "${debs[@]}" | wc -c)
printf '%s\n' "${debs[@]}" > "$out/debs.txt"
cat > "$out/manifest" <<'JSON'
{"acKind":"ImageManifest","acVersion":"0.8.11","name":"bench.example/debs","labels":[{"name":"os","value":"linux"},{"name":"arch","value":"amd64"}]}
JSON

declare -A cmds=(
  [jaci]="'$here/jaci' from-debs --from-lock '$lock' --cache '$cache' '$out/jaci.aci' --name bench.example/debs --overwrite -q >/dev/null"
  [jaci-level1]="'$here/jaci' from-debs --from-lock '$lock' --cache '$cache' '$out/jaci1.aci' --name bench.example/debs --level 1 --overwrite -q >/dev/null"
  [packages2aci]="rm -rf '$out/layout' '$out/actool.aci' && mkdir -p '$out/layout/rootfs' && cp '$out/manifest' '$out/layout/' && while read -r d; do dpkg-deb -x \"\$d\" '$out/layout/rootfs'; done < '$out/debs.txt' && '$actool' build '$out/layout' '$out/actool.aci'"
)
declare -A files=([jaci]=jaci.aci [jaci-level1]=jaci1.aci [packages2aci]=actool.aci)
order=(jaci jaci-level1 packages2aci)
declare -A times cpus
load=$(uptime)
for round in $(seq 0 "$runs"); do
  for name in "${order[@]}"; do
    /usr/bin/time -f '%e %U %S' -o "$out/time.txt" bash -c "${cmds[$name]}"
    if [ "$round" -gt 0 ]; then   # round 0 warms the page cache
      read -r wall user sys < "$out/time.txt"
      times[$name]+="$wall "
      cpus[$name]+="$(awk "BEGIN {print $user + $sys}") "
    fi
  done
done

echo "## jaci from-debs: $(date -u +%Y-%m-%d), $(nproc) cores, ${#debs[@]} packages ($((deb_bytes / 1000000)) MB of .deb), median of $runs runs"
echo
echo "Load before the runs: \`${load# }\`; after: \`$(uptime | sed 's/^ *//')\`"
echo
echo "| command | wall time (s) | CPU time (s) | output (bytes) | wall time vs packages2aci |"
echo "|---|---|---|---|---|"
p2a=$(echo "${times[packages2aci]}" | median)
for name in "${order[@]}"; do
  t=$(echo "${times[$name]}" | median)
  c=$(echo "${cpus[$name]}" | median)
  size=$(stat -c %s "$out/${files[$name]}")
  awk -v n="$name" -v t="$t" -v c="$c" -v s="$size" -v p="$p2a" \
    'BEGIN { printf "| %s | %.2f | %.2f | %d | %.2fx |\n", n, t, c, s, t / p }'
done
echo
echo "All runs, wall (s):"
for name in "${order[@]}"; do echo "- $name: ${times[$name]}"; done
echo
echo "All runs, CPU user+sys (s):"
for name in "${order[@]}"; do echo "- $name: ${cpus[$name]}"; done
