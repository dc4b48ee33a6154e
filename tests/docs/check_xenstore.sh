#!/bin/sh
# tests/docs/check_xenstore.sh DOC GEN: every XenStore client status of XSHIM_XS_STATUSES has its
# row in DOC's status table, with the name xshim_xs_status_name() gives it (GEN prints the start
# of each row: tests/docs/xs_status_doc.c).
set -eu
doc=$1 gen=$2
status=0
rows=$("$gen")
printf '%s\n' "$rows" | while IFS= read -r row; do
    grep -qF -- "$row" "$doc" || { echo "check_xenstore: $doc has no row starting: $row"; exit 1; }
done || status=1
[ $status -eq 0 ] && echo "== $doc: a row for each XenStore status of XSHIM_XS_STATUSES"
exit $status
