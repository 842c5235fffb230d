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
# podman: the same probes through podman run of jaci's image converted to OCI (PodmanProbesIT)
packages+=(podman)
# jaci serve: nginx serves a --export tree (ServeExportIT, bench/serve-bench.sh), chromium
# loads the web page (ServeWebPageIT), wrk and ab (apache2-utils) load it (bench), htpasswd
# makes the users file, curl (HTTP/2) and openssl (a test certificate) check TLS (ServeIT)
packages+=(nginx chromium wrk apache2-utils curl openssl)
# strace: which processes a pod's start runs (RunStartPathIT)
packages+=(strace)
# buildah: jaci dockerfile's differential test (DockerfileBuildahIT, with umoci)
packages+=(buildah)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >&2
fi

# Machine setup that a fresh CI machine (a container without udev, without /etc/subuid) lacks:
# - a subordinate ID range for nobody, the user the rootless tests run as, so that they cover
#   jaci run's full mapping through newuidmap/newgidmap (RunRootlessRangesIT); never changed
#   once a range for nobody is there
for f in /etc/subuid /etc/subgid; do
  if ! grep -qs '^nobody:' "$f"; then
    echo "giving nobody the subordinate range 200000:65536 in $f" >&2
    echo 'nobody:200000:65536' | $sudo tee -a "$f" >/dev/null
  fi
done
# - /dev/net/tun usable by everyone, as udev makes it on a Debian system (systemd's
#   /lib/udev/rules.d/50-udev-default.rules: KERNEL=="tun", MODE="0666"); without udev the
#   kernel's node is 0600 and slirp4netns cannot give a rootless pod its --net private
if [ -c /dev/net/tun ] && [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
  echo "making /dev/net/tun mode 0666, as Debian's udev rules do" >&2
  $sudo chmod 0666 /dev/net/tun
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
