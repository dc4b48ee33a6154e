#!/usr/bin/env bash
# tests/tools/deb-test.sh DEB_DIR CORPUS_H_DIR GUEST_DIR WORKDIR: the Debian packages
# scripts/make-deb.sh made, as a Debian user gets them: their control fields, then installed
# with dpkg into a scratch root (its own dpkg database; nothing on this machine changes), where
# xshim-check runs on a real guest image and the C kernel example builds from the packaged
# tree alone (tests/tools/install-test.sh over the scratch root); then removed again, leaving
# none of their files.
set -uo pipefail

debs=$(cd "$1" && pwd) corpus=$2 guests=$3 work=$4
fails=0
fail() { echo "deb-test: FAIL: $*"; fails=$((fails + 1)); }
log() { echo "deb-test: $*"; }
tools_deb=$(ls "$debs"/xshim-tools_*.deb 2>/dev/null | tail -n 1)
dev_deb=$(ls "$debs"/libxshim-dev_*.deb 2>/dev/null | tail -n 1)
[[ -f $tools_deb && -f $dev_deb ]] || { echo "deb-test: no xshim-tools/libxshim-dev .deb in $debs"; exit 1; }

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
log "xshim-tools and libxshim-dev installed into a scratch root with dpkg, used, and removed: all checks passed"
