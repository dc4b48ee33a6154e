#!/usr/bin/env bash
# scripts/make-deb.sh OUTDIR WORKDIR: the Debian packages, built from the source package in
# debian/ with dpkg-buildpackage -us -uc -b, as a Debian user would build them:
#
#   xshim-tools_VERSION_amd64.deb    /usr/bin/xshim-check, tools.md and the JSON schema
#   libxshim-dev_VERSION_all.deb     the headers, one libxshim.a per target architecture, the
#                                    pkg-config files, the other docs
#
# (and xshim-tools-dbgsym, the .buildinfo and the .changes) in OUTDIR. VERSION is
# debian/changelog's. The build runs in WORKDIR/xshim, a copy of the files git tracks (as they
# are in the working tree, so uncommitted edits are built too; untracked files are not, as in a
# source package), so nothing is written into the tree make runs from.
#
# Time (make test's budget): the package build compiles the three archives and xshim-check
# (with dpkg-buildflags' flags for the tool alone). WORKDIR/xshim/build is kept from one run to
# the next and dpkg-buildpackage runs with --no-pre-clean, so a second run recompiles what
# changed only, as make does in any tree: every object has its .d file, the copy keeps the
# working tree's modification times, and files no longer tracked are removed from the copy.
# SEED_BUILD (optional, make's $(BUILD) when it is the default "build"): where the copy has no
# archive objects yet, they are copied from there: the archives are built with the same flags
# and commands in both trees (debian/rules adds flags to the tool only), and make rebuilds any
# that is older than its sources. XSHIM_DEB_CLEAN=1 builds from scratch (dpkg-buildpackage's own
# clean first, no seed), as on a Debian build machine.
# DEB_BUILD_OPTIONS defaults to "nocheck parallel=2" here; set it to run debian/rules' test-nm.
set -euo pipefail

out=${1:?usage: make-deb.sh OUTDIR WORKDIR [SEED_BUILD]} work=${2:?} seed=${3:-}
die() { echo "make-deb: $*" >&2; exit 1; }
src=$(git rev-parse --show-toplevel 2>/dev/null) || die "not in a git work tree"
[[ -f $src/debian/control ]] || die "$src/debian/control missing"

clean=${XSHIM_DEB_CLEAN:-0}
[[ $clean == 1 ]] && rm -rf "$work"
rm -rf "$out"
mkdir -p "$work/xshim" "$out"
# The copy: everything but its build/ goes, then the tracked files that exist (a deleted but not
# yet committed file is left out, as git would), with their modification times.
find "$work/xshim" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +
(cd "$src" && git ls-files -z | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
  tar --null -T - -cf -) | tar -xf - -C "$work/xshim"
if [[ $clean != 1 && -n $seed ]]; then
  for a in x86_64 i386 aarch64; do
    if [[ -f $seed/$a/libxshim.a && ! -e $work/xshim/build/$a ]]; then
      mkdir -p "$work/xshim/build" && cp -a "$seed/$a" "$work/xshim/build/$a"
    fi
  done
fi
pre_clean=--no-pre-clean
[[ $clean == 1 ]] && pre_clean=
export DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS-nocheck parallel=2}
# No CFLAGS etc. from the caller's environment: debian/rules takes dpkg-buildflags' own.
unset CFLAGS CXXFLAGS CPPFLAGS LDFLAGS MAKEFLAGS MFLAGS MAKELEVEL BUILD
if ! (cd "$work/xshim" && dpkg-buildpackage -us -uc -b $pre_clean) >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  die "dpkg-buildpackage failed (whole log: $work/build.log)"
fi
mv "$work"/*.deb "$work"/*.ddeb "$work"/*.buildinfo "$work"/*.changes "$out"/ 2>/dev/null || true
ls "$out"/*.deb >/dev/null 2>&1 || die "dpkg-buildpackage made no .deb (log: $work/build.log)"
ls -1 "$out"/*.deb
