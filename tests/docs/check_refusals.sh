#!/bin/sh
# tests/docs/check_refusals.sh DOC GEN [--update]: docs/refusals.md against XSHIM_REASONS.
# The summary table between the "reasons: begin/end" marker comments must be what GEN (the built
# tests/docs/refusal_doc.c) prints, and every section that starts "## <code>" followed by
# "`XSHIM_REASON_<NAME>` (<value>): **<meaning>.**" must be GEN's, in the list's order, with no
# section missing or extra. --update rewrites the table (the headings stay the author's to fix).
set -eu
doc=$1 gen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$gen" table > "$tmp/table.want"
"$gen" headings > "$tmp/headings.want"

if [ "${3-}" = --update ]; then
    awk -v table="$tmp/table.want" '
        /^<!-- reasons: begin/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
        /^<!-- reasons: end -->/ { skip = 0 }
        !skip' "$doc" > "$tmp/doc" && cat "$tmp/doc" > "$doc"
    echo "wrote the reason table of $doc"
fi

awk '/^<!-- reasons: end -->/ { inside = 0 } inside { print } /^<!-- reasons: begin/ { inside = 1 }' \
    "$doc" > "$tmp/table.have"
awk '{ line[NR] = $0 }
     END { for (i = 1; i + 2 <= NR; i++)
               if (line[i] ~ /^## / && line[i + 2] ~ /^`XSHIM_REASON_/)
                   print line[i] "\n" line[i + 1] "\n" line[i + 2] }' "$doc" > "$tmp/headings.have"

status=0
if [ ! -s "$tmp/table.have" ]; then
    echo "check_refusals: $doc has no table between the 'reasons: begin/end' markers"; status=1
elif ! diff -u "$tmp/table.have" "$tmp/table.want"; then
    echo "check_refusals: $doc's reason table differs from XSHIM_REASONS; run 'make docs-refusals'"
    status=1
fi
if ! diff -u "$tmp/headings.have" "$tmp/headings.want"; then
    echo "check_refusals: $doc's sections differ from XSHIM_REASONS (one '## <code>' section per"
    echo "  code, in order, whose first line is GEN's); fix them by hand"
    status=1
fi
[ $status -eq 0 ] && echo "== $doc: reason table and section headings match XSHIM_REASONS"
exit $status
