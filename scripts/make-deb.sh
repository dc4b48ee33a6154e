#!/usr/bin/env bash
# scripts/make-deb.sh ROOT OUTDIR VERSION: two Debian binary packages from a `make install`
# tree (DESTDIR=ROOT, PREFIX=/usr), built with dpkg-deb:
#
#   xshim-tools_VERSION_ARCH.deb    /usr/bin/xshim-check, its docs (tools.md, the JSON schema);
#                                   Depends: what dpkg-shlibdeps finds for the binary (libelf1,
#                                   libfdt1, the decompressors' libraries, libstdc++6, libc6);
#                                   Suggests: libxenmisc4.17 ('host' dlopens libxenctrl)
#   libxshim-dev_VERSION_ARCH.deb   the headers, one libxshim.a per architecture, the pkg-config
#                                   files, the docs
#
# VERSION must be a Debian version (e.g. 0~git20261130.3066224). The packages carry no
# maintainer scripts. tests/tools/deb-test.sh installs them into a scratch root and checks them.
set -euo pipefail

root=${1:?usage: make-deb.sh ROOT OUTDIR VERSION}
out=${2:?} version=${3:?}
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
die() { echo "make-deb: $*" >&2; exit 1; }
[[ -x $root/usr/bin/xshim-check ]] || die "$root/usr/bin/xshim-check missing (make install DESTDIR=$root PREFIX=/usr)"
mkdir -p "$out"

# control PKG: DEBIAN/control from the fields on stdin, plus the common ones and the size.
control() {
  local pkg=$1 dir=$work/$1
  mkdir -p "$dir/DEBIAN"
  {
    echo "Package: $pkg"
    echo "Version: $version"
    echo "Architecture: $arch"
    echo "Maintainer: xshim developers <xshim@localhost>"
    echo "Installed-Size: $(du -sk --exclude=DEBIAN "$dir" | cut -f1)"
    echo "Section: devel"
    echo "Priority: optional"
    cat
  } >"$dir/DEBIAN/control"
  (cd "$dir" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
    xargs -0 -r md5sum) >"$dir/DEBIAN/md5sums"
}

# xshim-tools
t=$work/xshim-tools
install -D -m 755 "$root/usr/bin/xshim-check" "$t/usr/bin/xshim-check"
install -D -m 644 "$root/usr/share/doc/xshim/tools.md" "$t/usr/share/doc/xshim-tools/tools.md"
install -D -m 644 "$root/usr/share/doc/xshim/xshim-check.schema.json" \
  "$t/usr/share/doc/xshim-tools/xshim-check.schema.json"
# dpkg-shlibdeps reads debian/control; a minimal one in a scratch source tree.
mkdir -p "$work/src/debian"
printf 'Source: xshim\n\nPackage: xshim-tools\nArchitecture: any\n' >"$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O "$t/usr/bin/xshim-check" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
[[ -n $depends ]] || die "dpkg-shlibdeps found no dependencies for xshim-check"
control xshim-tools <<CTL
Depends: $depends
Suggests: libxenmisc4.17
Description: ask before boot whether a Xen guest kernel built with xshim will run
 xshim-check reads a guest kernel image as Xen's loader reads it (ELF notes, bzImage,
 compressed payloads, arm64 Image), shows the boot protocols it offers and its xshim policy,
 and predicts the guest's verdict on a described Xen, a captured one, the running Xen (in a
 dom0, through libxenctrl) or a fleet of hosts' identity files (JSON).
CTL

# libxshim-dev
d=$work/libxshim-dev
mkdir -p "$d/usr/lib" "$d/usr/share/doc/libxshim-dev"
cp -a "$root/usr/include" "$d/usr/"
cp -a "$root/usr/lib/xshim" "$root/usr/lib/pkgconfig" "$d/usr/lib/"
for f in "$root"/usr/share/doc/xshim/*.md; do
  [[ $(basename "$f") == tools.md ]] || install -m 644 "$f" "$d/usr/share/doc/libxshim-dev/"
done
control libxshim-dev <<CTL
Suggests: pkgconf
Description: freestanding library for Xen guest kernels to detect the hypervisor interface
 xshim lets a guest kernel find out which Xen it boots on and select matching code, or refuse
 with evidence. This package holds the C headers, one freestanding libxshim.a per
 architecture (x86_64, i386, aarch64) and a pkg-config file for each (xshim-<arch>).
CTL

for p in xshim-tools libxshim-dev; do
  dpkg-deb --root-owner-group --build "$work/$p" "$out/${p}_${version}_${arch}.deb" >/dev/null
  echo "$out/${p}_${version}_${arch}.deb"
done
