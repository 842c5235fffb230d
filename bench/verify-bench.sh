#!/usr/bin/env bash
# Benchmark: checking the detached OpenPGP signature of a 200 MiB image (SIZE_MIB) with
# `jaci verify` against `gpg --verify` of the same file and signature, interleaved round by
# round, with `openssl dgst` of the signature's hash as the floor (the hashing alone, no JVM).
# The key is made here (gpg --quick-gen-key, default algorithm: RSA 3072 with gpg 2.2, whose
# signatures use SHA-512), in a temporary GNUPGHOME, and trusted with `jaci trust add --yes`
# in a temporary XDG_CONFIG_HOME. BASE_JAR=path/to/jaci.jar adds the jaci of another build
# (run with the launcher's JVM settings) as `jaci-base`.
# Prints the median wall time and CPU time (user + sys); on a loaded machine the CPU time is
# the steadier figure. Median of RUNS rounds after a warm-up round.
#
# usage: bench/verify-bench.sh [RUNS]   (default 5; SIZE_MIB, BASE_JAR, BENCH_DIR)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-5}
size=${SIZE_MIB:-200}
b=${BENCH_DIR:-${TMPDIR:-/tmp}/jaci-bench}/verify
rm -rf "$b"
mkdir -p "$b/img/rootfs" "$b/config"
mkdir -m 700 "$b/gnupg"
export GNUPGHOME="$b/gnupg" XDG_CONFIG_HOME="$b/config"
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

"$here/jaci" --version >/dev/null   # build the CLI before timing anything
head -c "${size}M" /dev/urandom >"$b/img/rootfs/blob"
echo '{"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/verify-bench"}' \
  >"$b/img/manifest"
"$here/jaci" build -q --compression none "$b/img" "$b/image.aci" >/dev/null
rm -rf "$b/img"
gpg --batch --quiet --passphrase '' --quick-gen-key 'Verify Bench <bench@example.com>' \
  default default never 2>/dev/null
gpg --batch --quiet --armor --export bench@example.com >"$b/key.asc"
gpg --batch --quiet --armor --detach-sign "$b/image.aci"
"$here/jaci" -q trust add --yes --prefix example.com/verify-bench "$b/key.asc" >/dev/null 2>&1
digest=$(gpg --list-packets "$b/image.aci.asc" | sed -n 's/.*digest algo \([0-9]*\).*/\1/p')
keyalgo=$(gpg --list-packets "$b/image.aci.asc" | sed -n 's/^:signature packet: algo \([0-9]*\).*/\1/p')
case "$digest" in 8) hash=sha256 ;; 10) hash=sha512 ;; *) hash=sha512 ;; esac

names=(jaci gpg "openssl-$hash")
declare -A cmds=(
  [jaci]="$here/jaci -q verify $b/image.aci"
  [gpg]="gpg --batch --quiet --verify $b/image.aci.asc $b/image.aci"
  [openssl-$hash]="openssl dgst -$hash $b/image.aci"
)
if [ -n "${BASE_JAR:-}" ]; then
  names+=(jaci-base)
  cmds[jaci-base]="java -XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1 -jar $BASE_JAR -q verify $b/image.aci"
fi
declare -A wall cpu
load_before=$(uptime)
for round in $(seq 0 "$runs"); do
  for n in "${names[@]}"; do
    /usr/bin/time -o "$b/time" -f "%e %U %S" ${cmds[$n]} >/dev/null 2>&1 \
      || { echo "bench: $n failed: ${cmds[$n]}" >&2; exit 1; }
    if [ "$round" -gt 0 ]; then
      read -r e u s <"$b/time"
      wall[$n]+="$e "
      cpu[$n]+="$(awk "BEGIN {print $u + $s}") "
    fi
  done
done
echo "load before: $load_before"
echo "load after:  $(uptime)"
echo
echo "### jaci verify: $(date -u +%F), $(nproc) cores, ACI of $(stat -c %s "$b/image.aci") bytes," \
  "signature by public-key algorithm $keyalgo (1: RSA, 22: EdDSA), $hash, median of $runs runs"
echo
echo "| command | wall (s) | CPU (s) | CPU / gpg's |"
echo "|---|---|---|---|"
g=$(echo "${cpu[gpg]}" | median)
for n in "${names[@]}"; do
  c=$(echo "${cpu[$n]}" | median)
  echo "| $n | $(echo "${wall[$n]}" | median) | $c | $(awk -v c="$c" -v g="$g" 'BEGIN {printf "%.2fx", c / g}') |"
done
echo
echo "All runs, wall (s):"
for n in "${names[@]}"; do echo "- $n: ${wall[$n]}"; done
echo "All runs, CPU (s):"
for n in "${names[@]}"; do echo "- $n: ${cpu[$n]}"; done
rm -f "$b/image.aci"
gpgconf --kill gpg-agent 2>/dev/null || true
