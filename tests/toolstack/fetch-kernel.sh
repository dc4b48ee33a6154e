#!/usr/bin/env bash
# tests/toolstack/fetch-kernel.sh CACHE: Debian's own amd64 kernel for the test bed's dom0,
# downloaded once and kept in CACHE (outside the repository), unpacked to what the test bed
# needs. Prints the directory that holds it:
#
#   CACHE/linux/<package>_<version>/
#     vmlinux        the decompressed kernel ELF (Xen boots it ~5 s faster than the bzImage)
#     modules/*.ko   the Xen backend/driver modules and brd (a ramdisk to back a vbd)
#     .complete      written last: a directory without it is rebuilt
#
# The package is the one linux-image-amd64 depends on now (the ABI number moves with security
# updates); XSHIM_KERNEL_PACKAGE pins another. When apt cannot resolve it, the package lists are
# refreshed once (as root); if it still cannot (no network), the newest complete cache entry is
# used, and said so. The .deb is deleted once unpacked: the unpacked directory is the cache.
set -euo pipefail

cache=${1:?usage: fetch-kernel.sh CACHE}
mkdir -p "$cache/linux"

# The modules the dom0 loads, in the insmod order init uses (no depmod in the initramfs; xenfs
# needs xen-privcmd).
modules=(
  drivers/xen/xen-evtchn.ko drivers/xen/xen-privcmd.ko drivers/xen/xenfs/xenfs.ko
  drivers/xen/xen-gntdev.ko drivers/xen/xen-gntalloc.ko drivers/block/xen-blkback/xen-blkback.ko
  drivers/net/xen-netback/xen-netback.ko drivers/block/brd.ko
)

log() { echo "fetch-kernel: $*" >&2; }

# One apt-cache call (each loads the whole package cache: seconds on a busy machine). The
# metapackage's candidate says "Depends: linux-image-6.1.0-NN-amd64 (= VERSION)".
resolve() {
  local pkg ver
  if [[ -n ${XSHIM_KERNEL_PACKAGE:-} ]]; then
    pkg=$XSHIM_KERNEL_PACKAGE
    ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | awk '/^Version:/ && !found { print $2; found = 1 }')
  else
    read -r pkg ver < <(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null |
      sed -n 's/^Depends:.*\(linux-image-[0-9][^ ,]*\) (= \([^)]*\)).*/\1 \2/p' | sed -n 1p) || true
  fi
  [[ -n $pkg && -n $ver ]] || return 1
  echo "${pkg}_${ver}"
}

newest_cached() {
  ls -1d "$cache"/linux/*/.complete 2>/dev/null | sed 's|/.complete$||' | sort -V | tail -n 1
}

if ! id=$(resolve) && [[ $(id -u) -eq 0 ]]; then
  log "apt cannot resolve the kernel package; refreshing the package lists once"
  timeout 300 apt-get update -q >&2 || true
fi
if ! id=$(resolve); then
  dir=$(newest_cached)
  [[ -n $dir ]] || { log "cannot resolve linux-image-amd64 with apt and nothing is cached in $cache/linux (run apt-get update)"; exit 1; }
  log "apt cannot resolve the kernel package; using the cached $(basename "$dir")"
  echo "$dir"; exit 0
fi

dir=$cache/linux/$id
if [[ -f $dir/.complete ]]; then
  log "cached: $id"
  echo "$dir"; exit 0
fi

pkg=${id%%_*}
rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
deb=$(ls -1 "$cache"/linux/"${pkg}"_*.deb 2>/dev/null | grep -F "/${pkg}_${id#*_}" | sed -n 1p || true)
if [[ -z $deb ]]; then
  log "downloading $pkg (${id#*_}) with apt-get download"
  (cd "$dir.tmp" && timeout 600 apt-get download -q "$pkg=${id#*_}" >&2)
  deb=$(ls -1 "$dir.tmp"/*.deb)
  mv "$deb" "$cache/linux/"
  deb=$cache/linux/$(basename "$deb")
fi

log "unpacking $(basename "$deb")"
paths=(./boot/vmlinuz-\*)
for m in "${modules[@]}"; do paths+=("./lib/modules/*/kernel/$m"); done
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.tmp" --wildcards "${paths[@]}"

# The bzImage's payload is XZ: decompress from the first XZ magic (FD 37 7A 58 5A 00).
vmlinuz=$(ls -1 "$dir.tmp"/boot/vmlinuz-*)
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | sed -n 1p | cut -d: -f1)
[[ -n $off ]] || { log "no XZ payload in $vmlinuz"; exit 1; }
tail -c +"$((off + 1))" "$vmlinuz" | xz -dc 2>/dev/null >"$dir.tmp/vmlinux" || true
[[ $(head -c 4 "$dir.tmp/vmlinux" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] ||
  { log "the decompressed payload of $vmlinuz is not an ELF"; exit 1; }

mkdir -p "$dir.tmp/modules"
for m in "${modules[@]}"; do
  mv "$dir.tmp"/lib/modules/*/kernel/"$m" "$dir.tmp/modules/"
done
rm -rf "$dir.tmp/lib" "$dir.tmp/boot"
rm -rf "$dir"; mv "$dir.tmp" "$dir"
touch "$dir/.complete"
rm -f "$deb"
log "ready: $dir"
echo "$dir"
