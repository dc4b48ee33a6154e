#!/bin/sh
# tests/docs/names_once.sh GEN: every refusal code's name (GEN names: from XSHIM_REASONS) is
# written as a quoted string literal exactly once in the library, tool and guest sources: in the
# list itself. A second "too-old" would be a vocabulary written again. Tests and docs may quote
# names freely; they are not searched. Reason 0 ("none") is not a refusal and is not searched:
# the word has other uses.
set -eu
gen=$1
status=0
for name in $("$gen" names); do
    hits=$(grep -rnoF --include='*.c' --include='*.cpp' --include='*.h' --include='*.hpp' \
               --include='*.S' "\"$name\"" shim tools guest-boot || true)
    count=$(printf '%s' "$hits" | grep -c . || true)
    if [ "$count" -ne 1 ]; then
        echo "names_once: \"$name\" is written $count times (want once, in XSHIM_REASONS):"
        printf '%s\n' "$hits"
        status=1
    fi
done
[ $status -eq 0 ] && echo "== every refusal code's name is written once (XSHIM_REASONS)"
exit $status
