#!/usr/bin/env bash
# scripts/fetch-xen-arm64.sh OUT: put Debian's Xen Arm64 hypervisor (an arm64 Image that
# qemu-system-aarch64 -kernel boots) at OUT.
#
# The file comes from the Debian package xen-hypervisor-$XEN_SERIES-arm64 (architecture arm64),
# fetched with `apt-get download` and unpacked with dpkg-deb: nothing arm64 is installed. apt
# can only download a package of an architecture dpkg knows, so the script adds arm64 for the
# download and removes it again if it added it (TESTBED.md, "Arm64"). The extracted file is
# cached under ${XSHIM_CACHE:-$HOME/.cache/xshim}; a second run copies it from there without
# touching apt. Needs root the first time (dpkg --add-architecture, apt-get update).
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 OUT" >&2; exit 2; }
out=$1
series=${XEN_SERIES:-4.17}
pkg="xen-hypervisor-${series}-arm64"
cache="${XSHIM_CACHE:-$HOME/.cache/xshim}/${pkg}"
file="boot/xen-${series}-arm64"
apt_opts=(-q -o DPkg::Lock::Timeout=120 -o Acquire::Retries=2)

install_out() {
  mkdir -p "$(dirname "$out")"
  cp "$cache/xen" "$out.tmp" && mv "$out.tmp" "$out"
  echo "xshim: Xen Arm64 hypervisor $out (from $pkg, cached in $cache)"
}

if [[ -s $cache/xen ]]; then
  install_out
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "xshim: $pkg:arm64 is not cached in $cache; as root, run: $0 $out" >&2
  exit 1
fi

work=$(mktemp -d)
# apt-get download drops to the _apt user, which must be able to write here.
chmod 755 "$work"; chown _apt "$work" 2>/dev/null || true
added_arch=0
cleanup() {
  if [[ $added_arch -eq 1 ]]; then
    dpkg --remove-architecture arm64 || echo "xshim: could not remove dpkg architecture arm64" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
  added_arch=1
fi
# Another apt-get may hold apt's locks for a while (make -j2 test runs other fetches): retry a
# bounded number of times.
apt_retry() {
  local try
  for try in 1 2 3 4 5; do
    timeout 300 apt-get "${apt_opts[@]}" "$@" >&2 && return 0
    echo "xshim: apt-get $1 failed (attempt $try of 5); retrying in 10 s" >&2
    sleep 10
  done
  return 1
}
echo "xshim: downloading $pkg:arm64 (apt-get update, then apt-get download)" >&2
apt_retry update
(cd "$work" && apt_retry download "${pkg}:arm64")
deb=$(ls "$work"/"${pkg}"_*_arm64.deb 2>/dev/null | head -n 1)
[[ -n $deb ]] || { echo "xshim: apt-get download of $pkg:arm64 gave no .deb" >&2; exit 1; }
dpkg-deb -x "$deb" "$work/x"
[[ -s $work/x/$file ]] || { echo "xshim: $deb has no $file" >&2; exit 1; }

mkdir -p "$cache"
cp "$work/x/$file" "$cache/xen.tmp" && mv "$cache/xen.tmp" "$cache/xen"
basename "$deb" >"$cache/source"
install_out
