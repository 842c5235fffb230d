#!/usr/bin/env bash
# Benchmark: the JVM start that every jaci command pays. Short commands (`jaci --version`,
# `jaci image list` of a store, `jaci validate` of the example layout, and `jaci run` of a
# stored busybox image whose app is /bin/true, when runc and busybox are there) run, interleaved
# round by round, under:
#   jdk17-cds  JDK 17 with the launcher's class data sharing archive (what ./jaci does today)
#   jdk17      JDK 17 with only the JDK's default CDS archive
#   jdk25-aot  JDK 25 with an AOT cache (JEP 483/514/515) trained by the launcher's CdsTraining
#              (which builds, imports, renders and runs a pod, as the launcher's CDS archive)
#   jdk25      JDK 25 with only the JDK's default CDS archive
# Prints the median wall time and the median CPU time (user + sys) of each; on a loaded machine
# the CPU time is the steadier figure. Median of RUNS rounds after a warm-up round.
#
# usage: bench/jvm-start-bench.sh [RUNS]   (default 5; JDK25 overrides the JDK 25 home)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$jdk25/bin/java" ] || { echo "bench: no JDK 25 at $jdk25 (set JDK25)" >&2; exit 1; }
jar="$here/jaci-cli/target/jaci.jar"
cds="$here/jaci-cli/target/jaci.jsa"
[ -r "$cds" ] || { echo "bench: $cds is missing (./jaci makes it)" >&2; exit 1; }
b="$work/jvm-start"
rm -rf "$b"
mkdir -p "$b/store"
common=(-XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1)
native="$here/jaci-cli/target/native/org/sqlite/native/Linux/$(uname -m)"
[ -r "$native/libsqlitejdbc.so" ] && common+=(-Dorg.sqlite.lib.path="$native" -Dorg.sqlite.lib.name=libsqlitejdbc.so)

echo "training the JDK 25 AOT cache" >&2
"$jdk25/bin/java" "${common[@]}" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$b/jaci.aot" \
  -cp "$jar" io.jaci.cli.CdsTraining "$here/examples/hello" "$b/training" </dev/null >/dev/null 2>&1
rm -rf "$b/training"

names=(version image-list validate)
declare -A commands=(
  [version]="--version"
  [image-list]="--store $b/store image list"
  [validate]="validate $here/examples/hello"
)
if command -v runc >/dev/null && command -v busybox >/dev/null; then
  mkdir -p "$b/true/rootfs/bin"
  cp "$(command -v busybox)" "$b/true/rootfs/bin/busybox"
  ln -s busybox "$b/true/rootfs/bin/true"
  echo '{"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/jvm-bench",
    "app":{"exec":["/bin/true"],"user":"0","group":"0"}}' >"$b/true/manifest"
  "$here/jaci" build -q "$b/true" "$b/true.aci" >/dev/null
  "$here/jaci" --store "$b/store" run "$b/true.aci" >/dev/null   # imports, renders the tree
  names+=(run)
  commands[run]="--store $b/store run example.com/jvm-bench"
fi

declare -A jvm=(
  [jdk17-cds]="java ${common[*]} -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:SharedArchiveFile=$cds -Xlog:cds=off -Xlog:cds+dynamic=off -jar $jar"
  [jdk17]="java ${common[*]} -jar $jar"
  [jdk25-aot]="$jdk25/bin/java ${common[*]} --enable-native-access=ALL-UNNAMED -XX:AOTCache=$b/jaci.aot -jar $jar"
  [jdk25]="$jdk25/bin/java ${common[*]} --enable-native-access=ALL-UNNAMED -jar $jar"
)
jvms=(jdk17-cds jdk17 jdk25-aot jdk25)
declare -A wall cpu
load_before=$(uptime)
for round in $(seq 0 "$runs"); do
  for c in "${names[@]}"; do
    for j in "${jvms[@]}"; do
      /usr/bin/time -o "$b/time" -f "%e %U %S" ${jvm[$j]} ${commands[$c]} >/dev/null 2>&1 \
        || { echo "bench: $j failed: ${commands[$c]}" >&2; exit 1; }
      if [ "$round" -gt 0 ]; then
        read -r e u s <"$b/time"
        wall[$c/$j]+="$e "
        cpu[$c/$j]+="$(awk "BEGIN {print $u + $s}") "
      fi
    done
  done
done
echo "load before: $load_before"
echo "load after:  $(uptime)"
echo
echo "| command | JVM | wall (s) | CPU (s) |"
echo "|---|---|---|---|"
for c in "${names[@]}"; do
  for j in "${jvms[@]}"; do
    echo "| $c | $j | $(echo "${wall[$c/$j]}" | median) | $(echo "${cpu[$c/$j]}" | median) |"
  done
done
echo
echo "All runs, wall (s):"
for c in "${names[@]}"; do for j in "${jvms[@]}"; do echo "- $c $j: ${wall[$c/$j]}"; done; done
