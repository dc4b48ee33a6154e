#!/usr/bin/env bash
# tests/tools/deb-test.sh DEB_DIR CORPUS_H_DIR GUEST_DIR WORKDIR INSTALL_TREE: the Debian
# packages scripts/make-deb.sh built with dpkg-buildpackage, as a Debian user gets them: lintian
# over them (errors fail, warnings are shown; overrides in debian/*.lintian-overrides), their files
# against `make install`'s (INSTALL_TREE, PREFIX=/usr), their control fields, then installed
# with dpkg into a scratch root (its own dpkg database; nothing on this machine changes), where
# xshim-check runs on a real guest image and the C kernel example builds from the packaged
# tree alone (tests/tools/install-test.sh over the scratch root); then removed again, leaving
# none of their files.
set -uo pipefail

debs=$(cd "$1" && pwd) corpus=$2 guests=$3 work=$4 tree=${5:?usage: deb-test.sh DEB_DIR CORPUS_H_DIR GUEST_DIR WORKDIR INSTALL_TREE}
fails=0
fail() { echo "deb-test: FAIL: $*"; fails=$((fails + 1)); }
log() { echo "deb-test: $*"; }
tools_deb=$(ls "$debs"/xshim-tools_*.deb 2>/dev/null | tail -n 1)
dev_deb=$(ls "$debs"/libxshim-dev_*.deb 2>/dev/null | tail -n 1)
[[ -f $tools_deb && -f $dev_deb ]] || { echo "deb-test: no xshim-tools/libxshim-dev .deb in $debs"; exit 1; }

# lintian, Debian's package checker, as the archive would run it.
if command -v lintian >/dev/null; then
  lint=$(lintian --fail-on error "$tools_deb" "$dev_deb" 2>&1)
  rc=$?
  [[ -n $lint ]] && sed 's/^/    lintian: /' <<<"$lint"
  [[ $rc -eq 0 ]] || fail "lintian reports errors (exit $rc)"
  log "lintian: $(grep -c '^E:' <<<"$lint") errors, $(grep -c '^W:' <<<"$lint") warnings"
else
  fail "lintian is not installed (scripts/deps.sh deb)"
fi

# The packages hold what `make install` installs, each file once: the docs move from
# share/doc/xshim/ to share/doc/<package>/, where Debian adds its changelog and copyright (and
# the lintian overrides of debian/*.lintian-overrides in share/lintian/overrides/).
pkg_files() {
  local p
  for p in "$tools_deb" "$dev_deb"; do
    dpkg-deb -c "$p" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }'
  done | grep -Ev '^usr/share/(doc/[^/]+/(changelog\.gz|copyright)|lintian/overrides/[^/]+)$' |
    sed -E 's|^usr/share/doc/[^/]+/|usr/share/doc/xshim/|' | LC_ALL=C sort
}
want=$(cd "$tree" && find usr -type f | LC_ALL=C sort)
got=$(pkg_files)
if [[ $want != "$got" ]]; then
  fail "the packages' files differ from make install's ('<' install only, '>' packages only):"
  diff <(echo "$want") <(echo "$got") | grep '^[<>]' | sed 's/^/    /'
fi
dups=$(uniq -d <<<"$got")
[[ -z $dups ]] || fail "files in both packages: $dups"
log "the packages hold make install's $(wc -l <<<"$want") files"

# Control fields: Architecture as debian/control says why (libxshim-dev's archives are for
# target machines, the same on every build machine; xshim-check is built for amd64).
[[ $(dpkg-deb -f "$dev_deb" Architecture) == all ]] ||
  fail "libxshim-dev is Architecture: $(dpkg-deb -f "$dev_deb" Architecture), not all"
[[ $(dpkg-deb -f "$tools_deb" Architecture) == "$(dpkg --print-architecture)" ]] ||
  fail "xshim-tools is Architecture: $(dpkg-deb -f "$tools_deb" Architecture)"

# Control fields: the binary's shared libraries are dependencies (dpkg-shlibdeps), libxenctrl
# is not (the tool loads it with dlopen, for 'host' only).
depends=$(dpkg-deb -f "$tools_deb" Depends)
for lib in libelf1 libfdt1 libc6 'libstdc\+\+6'; do
  grep -Eq "(^|, )$lib( |,|$)" <<<"$depends" || fail "xshim-tools Depends has no $lib: $depends"
done
grep -q 'libxen' <<<"$depends" && fail "xshim-tools depends on libxen ($depends): 'host' dlopens it"
log "xshim-tools $(dpkg-deb -f "$tools_deb" Version): Depends: $depends"

rm -rf "$work"; root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
# --force-depends: the scratch root has no libc6 etc. installed in its database (the binary runs
# with this machine's libraries); --force-not-root where this test runs unprivileged.
if ! dpkg --root="$root" --force-depends --force-not-root --log=/dev/null -i "$tools_deb" "$dev_deb" \
     >"$work/dpkg-install.log" 2>&1; then
  fail "dpkg -i into $root:"; sed 's/^/    /' "$work/dpkg-install.log"
fi
for p in xshim-tools libxshim-dev; do
  st=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${db:Status-Status}' "$p" 2>/dev/null)
  [[ $st == installed ]] || fail "$p: dpkg says '$st', not installed"
done
dpkg-query --admindir="$root/var/lib/dpkg" -L xshim-tools | grep -qx /usr/bin/xshim-check ||
  fail "dpkg -L xshim-tools does not list /usr/bin/xshim-check"

# dpkg-buildflags' hardening reached the tool (-Wl,-z,now: BIND_NOW) and not the freestanding
# archives (a guest kernel has no __stack_chk_fail or fortify's __*_chk to link with), and each
# packaged archive holds the objects the tree's own build puts in it.
readelf -d "$root/usr/bin/xshim-check" | grep -Eq 'FLAGS.*BIND_NOW|BIND_NOW' ||
  fail "the packaged xshim-check is not linked with -z now (dpkg-buildflags' LDFLAGS)"
for a in x86_64 i386 aarch64; do
  lib=$root/usr/lib/xshim/$a/libxshim.a
  bad=$(llvm-nm -u "$lib" 2>/dev/null | grep -E '__stack_chk_fail|__[a-z0-9_]+_chk$')
  [[ -z $bad ]] || fail "$a libxshim.a needs hardening symbols a kernel lacks: $bad"
  cmp -s <(ar t "$lib" | LC_ALL=C sort) <(ar t "$tree/usr/lib/xshim/$a/libxshim.a" | LC_ALL=C sort) ||
    fail "$a libxshim.a: the package's members differ from make install's"
done

out=$(timeout 30 "$root/usr/bin/xshim-check" image "$guests/pv64.elf" 2>&1)
rc=$?
[[ $rc -eq 0 ]] && grep -Eq '^  pv64 +offered:' <<<"$out" ||
  fail "the packaged xshim-check on pv64.elf: exit $rc: $(head -n 3 <<<"$out")"

# The packaged headers, archives and pkg-config files are a library a kernel can use alone.
XSHIM_DOC_LINKING=share/doc/libxshim-dev/linking.md \
  XSHIM_DOC_SCHEMA=share/doc/xshim-tools/xshim-check.schema.json \
  timeout 300 "$(dirname "$0")/install-test.sh" "$root" /usr "$corpus" "$work/build" ||
  fail "install-test.sh over the packaged tree"

dpkg --root="$root" --force-not-root --log=/dev/null -r xshim-tools libxshim-dev >"$work/dpkg-remove.log" 2>&1 ||
  { fail "dpkg -r:"; sed 's/^/    /' "$work/dpkg-remove.log"; }
left=$(find "$root/usr" -type f 2>/dev/null | head -n 5)
[[ -z $left ]] || fail "files left after dpkg -r: $left"

if [[ $fails -ne 0 ]]; then
  echo "deb-test: $fails checks failed"
  exit 1
fi
log "xshim-tools and libxshim-dev (lintian-clean, make install's files) installed into a scratch root with dpkg, used, and removed: all checks passed"
