#!/usr/bin/env bash
# scripts/deps.sh GROUP...: make sure the Debian packages a make target needs are installed.
# As root, missing packages are installed with apt-get; otherwise the exact command is printed
# and the script fails, so a build never half-runs on a machine that lacks a tool.
set -euo pipefail

declare -A groups=(
  [build]="make g++ gcc-multilib g++-multilib binutils"
  [abi]="libxen-dev qemu-user"
  [unit]="doctest-dev qemu-user"
  [boot]="qemu-system-x86 xen-hypervisor-4.17-amd64 debian-archive-keyring"
  [tools]="libxen-dev libelf-dev libfdt-dev nlohmann-json3-dev python3-jsonschema zlib1g-dev libbz2-dev liblzma-dev libzstd-dev liblzo2-dev liblz4-dev gzip bzip2 xz-utils zstd lz4"
  [install]="pkgconf clang lld llvm"
  [deb]="dpkg-dev build-essential debhelper lintian"
  [tools-real]="xen-utils-4.17 xz-utils dpkg"
  [fuzz]="clang libclang-rt-14-dev libelf-dev libfdt-dev"
  [bench]="valgrind libxen-dev"
  [toolstack]="qemu-system-x86 xen-hypervisor-4.17-amd64 xen-utils-4.17 xenstore-utils busybox-static cpio xz-utils qemu-system-xen qemu-system-data console-setup-linux python3 linux-libc-dev seabios python3-jsonschema"
  [arm64]="clang lld llvm qemu-system-arm device-tree-compiler debian-archive-keyring"
  [format]="clang-format"
  [pv32]="flex bison python3 dpkg-dev xz-utils debian-archive-keyring"
)

want=()
for g in "$@"; do
  [[ -n "${groups[$g]+x}" ]] || { echo "deps.sh: unknown group '$g'" >&2; exit 2; }
  want+=(${groups[$g]})
done

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done
# De-duplicate while keeping order.
missing=($(printf '%s\n' "${missing[@]}" | awk 'NF && !seen[$0]++'))
[[ ${#missing[@]} -eq 0 ]] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "xshim: missing Debian packages: ${missing[*]}" >&2
  echo "xshim: as root, run:  apt-get update && $line" >&2
  exit 1
fi
echo "xshim: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
