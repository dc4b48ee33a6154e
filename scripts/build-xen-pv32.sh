#!/usr/bin/env bash
# scripts/build-xen-pv32.sh RELEASE OUT: build Debian's Xen RELEASE hypervisor (x86_64) with
# 32-bit PV guest support, CONFIG_PV32=y, and put it at OUT, the multiboot ELF QEMU's -kernel
# loads. Debian builds every release without it (# CONFIG_PV32 is not set).
#
# The source is Debian's own source package (scripts/fetch-xen.sh RELEASE source: deb-src through
# the private apt configuration, Debian's patches applied). The configuration is Debian's, as
# debian/rules makes it (override_dh_auto_configure: debian/xen-kconfig, which sets
# CONFIG_DEBUG=n, then `make -C xen olddefconfig`), with one line added before olddefconfig:
# CONFIG_PV32=y. Only the hypervisor is built (`make -C xen`, XEN_TARGET_ARCH=x86_64; no tools,
# no stubdom, no EFI image use), with Debian's /usr/bin/python3.
#
# Cache: $XSHIM_CACHE/xen/xen-pv32_<source version>/ holds xen (OUT's copy), xen.config (the
# resolved .config), build.log and seconds (the build's wall time). A second run copies from
# there. The build is bounded by XSHIM_XEN_BUILD_LIMIT seconds (default 3600) and uses
# XSHIM_XEN_BUILD_JOBS jobs (default: the number of CPUs).
set -euo pipefail

usage() { sed -n '2,17p' "$0" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
rel=$1 out=$2
root="${XSHIM_CACHE:-$HOME/.cache/xshim}"
limit=${XSHIM_XEN_BUILD_LIMIT:-3600}
jobs=${XSHIM_XEN_BUILD_JOBS:-$(nproc)}
say() { echo "build-xen-pv32: $*" >&2; }
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/fetch-xen.sh" "$rel" source "$work/src" >&2
src=$(readlink -f "$work/src")
version=$(basename "$(dirname "$src")")
version=${version#xen_}
dir="$root/xen/xen-pv32_${version}"

install_out() {
  mkdir -p "$(dirname "$out")"
  if ! cmp -s "$dir/xen" "$out"; then cp "$dir/xen" "$out.tmp" && mv "$out.tmp" "$out"; fi
  echo "build-xen-pv32: Xen $rel with CONFIG_PV32=y at $out (Debian source $version, built in $(cat "$dir/seconds") s, cached in $dir)"
}

exec 9>"$root/xen/xen-pv32.lock"
flock -w "$limit" 9 || { say "waited $limit s for $root/xen/xen-pv32.lock"; exit 1; }
if [[ -s $dir/xen ]]; then
  install_out
  exit 0
fi

[[ -f $src/debian/xen-kconfig ]] || { say "$src has no debian/xen-kconfig (Debian's hypervisor configuration)"; exit 1; }
say "building the Xen $version hypervisor with CONFIG_PV32=y ($jobs jobs, at most $limit s; log in $dir.tmp/build.log)"
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
cp -a "$src" "$work/build"
b="$work/build"
{ cat "$b/debian/xen-kconfig"; echo "CONFIG_PV32=y"; } >"$b/xen/.config"
make_args=(-C "$b/xen" XEN_TARGET_ARCH=x86_64 PYTHON=/usr/bin/python3)
start=$(date +%s)
if ! timeout "$limit" make "${make_args[@]}" olddefconfig >"$dir.tmp/build.log" 2>&1; then
  say "make olddefconfig failed; last lines of $dir.tmp/build.log:"; tail -n 20 "$dir.tmp/build.log" >&2; exit 1
fi
grep -qx 'CONFIG_PV32=y' "$b/xen/.config" || { say "olddefconfig dropped CONFIG_PV32=y"; exit 1; }
if ! timeout "$limit" make "${make_args[@]}" -j"$jobs" >>"$dir.tmp/build.log" 2>&1; then
  say "the hypervisor build failed or took over $limit s; last lines of $dir.tmp/build.log:"
  tail -n 20 "$dir.tmp/build.log" >&2
  exit 1
fi
end=$(date +%s)
[[ -s $b/xen/xen ]] || { say "the build made no xen/xen"; exit 1; }
cp "$b/xen/xen" "$dir.tmp/xen"
cp "$b/xen/.config" "$dir.tmp/xen.config"
echo $((end - start)) >"$dir.tmp/seconds"
rm -rf "$dir" && mv "$dir.tmp" "$dir"
install_out
