#!/usr/bin/env bash
# Benchmark: `jaci from-rootfs` of a Debian root file system packed as tar.xz, against the
# seed-003 route, `tar -xJf` into a layout followed by the reference `actool build`, in the
# same run, interleaved round by round (the order alternating) after a warm-up round.
# Both run as an unprivileged user (nobody, through setpriv, when started as root), as in
# seed 003: tar then cannot create the device nodes (its "Cannot mknod" errors are the
# seed's and are ignored), and actool does not meet them (run as root it reads
# /dev/console and hangs). `xz -dc > /dev/null` is timed too, as the floor of any route.
#
# The tarball is `debootstrap --variant=minbase` of the machine's Debian release, from the
# mirror of its apt sources, cached as $work/from-rootfs/minbase.tar.xz so that reruns
# download nothing; making it needs root and debootstrap.
#
# usage: bench/from-rootfs-bench.sh [RUNS]    (default 5; BENCH_DIR overrides the work dir)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$here/bench/debian-mirror.sh"
jaci="$here/jaci"
actool=${ACTOOL:-$(command -v actool || echo "$HOME/.cache/jaci-test/bin/actool")}
[ -x "$actool" ] || { echo "actool not found: run scripts/install-test-deps.sh" >&2; exit 1; }
fr="$work/from-rootfs"
tarball="$fr/minbase.tar.xz"
mkdir -p "$fr"

if [ ! -f "$tarball" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "making $tarball needs root (debootstrap)" >&2; exit 1; }
  command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
  read -r mirror suite < <(debian_mirror)
  [ -n "${suite:-}" ] || { echo "no Debian source found in the apt sources" >&2; exit 1; }
  echo "debootstrap --variant=minbase $suite from $mirror into $fr/minbase" >&2
  rm -rf "$fr/minbase"
  debootstrap --variant=minbase "$suite" "$fr/minbase" "$mirror" >"$fr/debootstrap.log"
  tar -C "$fr/minbase" --numeric-owner --xattrs -cf - . | xz -6 >"$tarball.tmp"
  mv "$tarball.tmp" "$tarball"
  rm -rf "$fr/minbase"
fi
chmod 644 "$tarball"
install -m 755 "$actool" "$fr/actool"  # where the unprivileged user can run it
actool="$fr/actool"

r="$fr/run"
rm -rf "$r"
mkdir -p "$r"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  chmod 777 "$r"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
manifest='{"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/minbase","labels":[{"name":"os","value":"linux"},{"name":"arch","value":"amd64"}]}'

peer() { # the seed-003 route: extract, write the manifest, actool build
  rm -rf "$r/layout" "$r/peer.aci"
  mkdir -p "$r/layout/rootfs"
  echo "$manifest" >"$r/layout/manifest"
  tar -C "$r/layout/rootfs" -xJf "$tarball" 2>/dev/null || true  # mknod fails, as in seed 003
  "$actool" build "$r/layout" "$r/peer.aci"
}
export -f peer
export r tarball actool manifest

declare -A times
run() { # name command...
  local start end
  start=$(date +%s.%N)
  "${as_user[@]}" "${@:2}" >/dev/null
  end=$(date +%s.%N)
  [ "$round" -gt 0 ] && times[$1]+="$(awk "BEGIN {print $end - $start}") "
  return 0
}
java=$(readlink -f "$(command -v java)")
jaci_run() { run jaci-from-rootfs "$jaci" from-rootfs --overwrite "$tarball" "$r/jaci.aci" --name example.com/minbase; }
# the same with xz decoded in Java (XZ for Java): no xz program on PATH
jaci_java_xz_run() { run jaci-from-rootfs-java-xz env PATH=/nonexistent "$java" -jar "$here/jaci-cli/target/jaci.jar" from-rootfs --overwrite "$tarball" "$r/jaci-java-xz.aci" --name example.com/minbase; }
peer_run() { run tar-xJf+actool-build bash -c peer; }
load=""
for round in $(seq 0 "$runs"); do
  load+="$(cut -d' ' -f1 /proc/loadavg) "
  run xz-dc-only sh -c "xz -dc '$tarball' >/dev/null"
  if [ $((round % 2)) -eq 0 ]; then jaci_run; peer_run; jaci_java_xz_run; else jaci_java_xz_run; peer_run; jaci_run; fi
done
"$jaci" validate "$r/jaci.aci" >&2
"$actool" validate "$r/jaci.aci" && echo "(actool validate accepts jaci's image)" >&2
cmp "$r/jaci.aci" "$r/jaci-java-xz.aci" && echo "(the same image with xz decoded in Java)" >&2

tarsize=$(xz -dc "$tarball" | wc -c)
entries=$(xz -dc "$tarball" | tar -tf - | wc -l)
peert=$(echo "${times[tar-xJf+actool-build]}" | median)
echo "### jaci from-rootfs: $(date -u +%Y-%m-%d), $(nproc) cores, debootstrap minbase tar.xz of $(stat -c %s "$tarball") bytes ($tarsize bytes of tar, $entries entries), median of $runs runs"
echo
echo "| command | wall time (s) | vs tar -xJf + actool build |"
echo "|---|---|---|"
for name in jaci-from-rootfs jaci-from-rootfs-java-xz tar-xJf+actool-build xz-dc-only; do
  t=$(echo "${times[$name]}" | median)
  awk -v n="$name" -v t="$t" -v p="$peert" 'BEGIN { printf "| %s | %.2f | %.2fx |\n", n, t, t / p }'
done
echo
echo "Output: jaci $(stat -c %s "$r/jaci.aci") bytes, actool $(stat -c %s "$r/peer.aci") bytes."
echo "Load average (1 min) at the start of each round: $load"
echo
echo "All runs (s):"
for name in jaci-from-rootfs jaci-from-rootfs-java-xz tar-xJf+actool-build xz-dc-only; do echo "- $name: ${times[$name]}"; done
