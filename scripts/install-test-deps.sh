#!/usr/bin/env bash
# Installs what jaci's tests and benchmarks need, when it is missing:
# Debian packages (as root, or through sudo) and the reference actool, built offline
# from Debian's golang-github-appc-spec-dev into a cache outside the repository.
# Prints the directory holding actool (and ace-validator) as its last line.
set -euo pipefail

# runc and busybox-static: SeccompLifecycleIT (jaci-core run); linux-libc-dev: the kernel
# headers ErrnosTest and CapabilitiesTest check their tables against
packages=(runc busybox-static linux-libc-dev)

# docker-registry, skopeo and apache2-utils (htpasswd): the registry client's RegistryIT;
# umoci: images for DockerToAciIT and ConvertBadInputIT, AciToOciIT unpacks what jaci
# convert writes, and bench/convert-bench.sh;
# dpkg-dev (dpkg-scanpackages), apt-utils (apt-ftparchive) and gpg: test repositories for
# from-debs; xz-utils, zstd, bzip2 (compressors) and attr (setfattr): FromRootfsIT;
# debootstrap: bench/from-rootfs-bench.sh; libdeflate0: the gzip writer's libdeflate path
# (ParallelGzipOutputStreamTest)
packages+=(golang-go golang-github-appc-spec-dev pigz attr docker-registry skopeo apache2-utils umoci
  dpkg-dev apt-utils gpg xz-utils zstd bzip2 debootstrap libdeflate0)
# gpg-agent (gpg's secret keys) and gpgconf: TrustGpgIT makes keys, signs and verifies with gpg
packages+=(gpg-agent gpgconf)
# slirp4netns, busybox-static and iproute2: --net private and the metadata relay (PodNetworkIT);
# the appc ACE validator below runs in images jaci builds (AceValidatorIT)
packages+=(slirp4netns busybox-static iproute2)
# runc: jaci run's OCI runtime (RunIT); uidmap (newuidmap/newgidmap): full subordinate ID
# ranges for rootless pods where /etc/subuid has a range for the user
packages+=(runc uidmap)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >&2
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/jaci-test"
actool="$cache/bin/actool"
if [ ! -x "$actool" ]; then
  echo "building the reference actool into $cache/bin" >&2
  mkdir -p "$cache/bin"
  GOPATH=/usr/share/gocode GO111MODULE=off GOPROXY=off GOCACHE="$cache/gocache" \
    go build -o "$actool.tmp" github.com/appc/spec/actool
  mv "$actool.tmp" "$actool"
fi
# the appc executor test (ace/validator.go), static so that it runs alone in an image
validator="$cache/bin/ace-validator"
if [ ! -x "$validator" ]; then
  echo "building the appc ACE validator into $cache/bin" >&2
  mkdir -p "$cache/bin"
  CGO_ENABLED=0 GOPATH=/usr/share/gocode GO111MODULE=off GOPROXY=off GOCACHE="$cache/gocache" \
    go build -o "$validator.tmp" github.com/appc/spec/ace
  mv "$validator.tmp" "$validator"
fi
echo "$cache/bin"
