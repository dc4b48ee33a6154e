#!/bin/sh
# scripts/check-layout.sh [ROOT]: generic code has no inline assembly and no architecture
# conditionals (DESIGN.md: shim/arch/ is the only place for asm and port I/O; architecture is a
# build axis, chosen by which shim/arch/<arch>/ a build compiles, never by an #if).
#
# Checked: every C/C++ source and header under shim/ and guest-boot/, outside shim/arch/ and
# guest-boot/arch/ (their exemption is the point: they are the architecture code). Comments are
# stripped first (the compiler's own preprocessor, without expanding anything), so a comment may
# say "asm". Not checked: tools/ and tests/, host programs that never run in a guest and may
# test any architecture's facts.
#   asm          the asm / __asm / __asm__ keywords
#   arch #if     #if/#ifdef/#ifndef/#elif naming an architecture macro (__x86_64__, __i386__,
#                __aarch64__, __arm__, ...) or the retired XSHIM_KEEP_* / XSHIM_ONLY_ARCH
# Exit status 1 and each offending line when something is found.
set -u
root=${1:-.}
cd "$root" || exit 2
CPP=${CPP:-gcc}

arch_macros='__x86_64__|__x86_64|__amd64__|__amd64|__i386__|__i386|i386|__i686__|_M_X64|_M_IX86'
arch_macros="$arch_macros|__aarch64__|__arm__|__arm|__ARM_ARCH[A-Za-z0-9_]*|__riscv"
arch_macros="$arch_macros|XSHIM_KEEP_[A-Z0-9_]+|XSHIM_ONLY_ARCH"
word='[^A-Za-z0-9_]'
files=$(find shim guest-boot -type f \( -name '*.c' -o -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) \
          ! -path 'shim/arch/*' ! -path 'guest-boot/arch/*' | sort)

n=0 bad=0
for f in $files; do
    n=$((n + 1))
    # -fpreprocessed -dD: drop comments, keep every directive, expand nothing, include nothing.
    if ! src=$($CPP -fpreprocessed -dD -E -x c++ "$f" 2>/dev/null); then
        echo "check-layout: $f: cannot read"; bad=1; continue
    fi
    hits=$(printf '%s\n' "$src" | grep -E "(^|$word)(asm|__asm|__asm__)($word|\$)")
    if [ -n "$hits" ]; then
        printf '%s\n' "$hits" | sed "s|^|check-layout: $f: inline assembly outside an arch folder: |"
        bad=1
    fi
    hits=$(printf '%s\n' "$src" | grep -E "^[[:space:]]*#[[:space:]]*(if|ifdef|ifndef|elif|elifdef|elifndef)($word.*)?(^|$word)($arch_macros)($word|\$)")
    if [ -n "$hits" ]; then
        printf '%s\n' "$hits" |
            sed "s|^|check-layout: $f: architecture conditional outside an arch folder: |"
        bad=1
    fi
done

echo "check-layout: $n files under shim/ and guest-boot/ (not shim/arch/, guest-boot/arch/;" \
     "tools/ and tests/ are host code, exempt): asm keywords, architecture #if" \
     "($(echo "$arch_macros" | tr '|' ' '))"
if [ "$bad" -ne 0 ]; then
    echo "check-layout: FAILED: move the code above into shim/arch/<arch>/ (or" \
         "guest-boot/arch/<arch>/), or make the choice an arch's table entry"
    exit 1
fi
echo "check-layout: none found"
