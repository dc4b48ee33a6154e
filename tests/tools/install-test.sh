#!/usr/bin/env bash
# tests/tools/install-test.sh DESTDIR PREFIX CORPUS_H_DIR WORKDIR: what `make install` put in
# DESTDIR/PREFIX is a library a kernel can use alone. Checks the usual places (headers, one
# archive and one pkg-config file per architecture, xshim-check, the docs), then builds the C
# kernel example (tests/c_api/c_kernel.c, copied out of the repository so nothing resolves
# against the source tree) with `pkg-config --cflags --libs xshim-<arch>` and that tree only
# (PKG_CONFIG_LIBDIR and PKG_CONFIG_SYSROOT_DIR point into DESTDIR), for x86_64 and i386; the
# x86_64 build runs: it must select on the captured 4.17 and refuse where it should ("all
# checks passed"). (The example is a 64-bit PV kernel: the i386 build links, and is not run.)
# The only other include directory is CORPUS_H_DIR, the test's captured Xen.
set -uo pipefail

destdir=$1 prefix=$2 corpus=$(cd "$3" && pwd) work=$4
root=$destdir$prefix
fails=0
fail() { echo "install-test: FAIL: $*"; fails=$((fails + 1)); }
log() { echo "install-test: $*"; }

# The docs' places: make install's, or a package's (tests/tools/deb-test.sh sets these to
# /usr/share/doc/<package>/, as Debian has them).
doc_linking=${XSHIM_DOC_LINKING:-share/doc/xshim/linking.md}
doc_schema=${XSHIM_DOC_SCHEMA:-share/doc/xshim/xshim-check.schema.json}
for f in include/xshim/xshim.h include/xshim/abi/base.h include/xshim/abi/elfnote.h \
         bin/xshim-check "$doc_linking" "$doc_schema"; do
  [[ -f $root/$f ]] || fail "$prefix/$f not installed"
done
for a in x86_64 i386 aarch64; do
  [[ -f $root/lib/xshim/$a/libxshim.a ]] || fail "$prefix/lib/xshim/$a/libxshim.a not installed"
  [[ -f $root/lib/pkgconfig/xshim-$a.pc ]] || fail "$prefix/lib/pkgconfig/xshim-$a.pc not installed"
done
# Each archive is for its own machine.
declare -A machine=([x86_64]='x86-64' [i386]='i386' [aarch64]='littleaarch64')
for a in x86_64 i386 aarch64; do
  lib=$root/lib/xshim/$a/libxshim.a
  [[ -f $lib ]] || continue
  got=$(llvm-objdump -f "$lib" 2>/dev/null | sed -n 's/.*file format elf[0-9]*-//p' | sort -u)
  [[ $got == "${machine[$a]}" ]] || fail "$lib: objects are '$got', not ${machine[$a]}"
done

# Every installed public header compiles alone, as C, from the installed tree.
for h in "$root"/include/xshim/*.h; do
  echo "#include <$(basename "$h")>" | gcc -std=gnu11 -Wall -Wextra -Werror -fsyntax-only -x c \
    -I"$root/include/xshim" - >/dev/null 2>&1 || fail "$(basename "$h") does not compile alone from $prefix/include/xshim"
done

rm -rf "$work" && mkdir -p "$work"
cp "$(dirname "$0")/../c_api/c_kernel.c" "$work/"
export PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR=$root/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$destdir
for a in x86_64 i386; do
  flags=$(pkg-config --cflags --libs "xshim-$a") || { fail "pkg-config xshim-$a failed"; continue; }
  log "pkg-config --cflags --libs xshim-$a: $flags"
  for w in $flags; do # every directory it names is inside the installed tree
    case $w in -I* | -L*) [[ ${w:2} == "$root"/* ]] || fail "xshim-$a names ${w:2}, outside $root";; esac
  done
  if [[ $a == x86_64 ]]; then m=-m64; else m="-m32 -no-pie"; fi
  # shellcheck disable=SC2086
  if ! (cd "$work" && gcc -std=gnu11 -Wall -Wextra -Werror -Wno-cast-align $m c_kernel.c \
          -I"$corpus" $flags -o "c_kernel-$a") >"$work/build-$a.log" 2>&1; then
    fail "the C kernel does not build against the installed xshim-$a:"; sed 's/^/    /' "$work/build-$a.log"
    continue
  fi
  if [[ $a == i386 ]]; then
    # The example boots a 64-bit PV guest (p.arch = XSHIM_ARCH_X86_64, the x86_64 capture): the
    # i386 archive holds the i386 adapters only, so it links but has nothing to select there.
    log "i386: the C kernel builds and links against the installed xshim-i386 (not run: it is a pv64 example)"
    continue
  fi
  timeout 60 "$work/c_kernel-$a" >"$work/run-$a.log" 2>&1
  rc=$?
  if [[ $rc -ne 0 ]] || ! grep -q '^c_kernel: all checks passed$' "$work/run-$a.log"; then
    fail "the C kernel built from the installed tree ($a) exits $rc:"; sed 's/^/    /' "$work/run-$a.log"
  else
    log "$a: $(grep -m1 'SELECTED' "$work/run-$a.log")"
  fi
done

[[ $fails -eq 0 ]] || { echo "install-test: $fails failures"; exit 1; }
echo "install-test: the C kernel builds from the installed tree through pkg-config alone (x86_64: runs and passes; i386: links)"
