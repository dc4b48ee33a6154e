#!/usr/bin/env bash
# tests/boot/verdict-table.sh LOG...: one line per boot log, as a table a person reads at a
# glance: the Xen that ran (its own banner, "(XEN) Xen version ..."; "none" without Xen), the
# guest type the verdict names, the image (and Xen command-line variant) booted, the outcome,
# and then the adapters chosen (SELECTED) or the reason (REFUSED).
#
# The verdict is the log's first "xshim: " or "xshim-bringup: " line, as run-and-check.sh takes
# it. The adapters column leaves out what identifies the Xen (cpuid=, magic=, dt=,
# hvm_start_info=, features=); the full lines are in the logs and in the boot output above.
# A log without a verdict shows "(no verdict)", or XEN-PANIC and the line Xen printed before its
# panic when Xen would not build the domain (a 32-bit PV kernel on a Xen without CONFIG_PV32). Prints only; never fails on content.
set -euo pipefail

[[ $# -ge 1 ]] || { sed -n '2,10p' "$0" >&2; exit 2; }
printf '%-14s %-7s %-24s %-9s %s\n' "Xen" "guest" "image" "verdict" "adapters, or why refused"
for log in "$@"; do
  image=$(basename "$log" .log)
  if [[ ! -f $log ]]; then
    printf '%-14s %-7s %-24s %-9s %s\n' "?" "?" "$image" "(no log)" "$log"
    continue
  fi
  text=$(tr -d '\r' <"$log")
  banner=$(grep -aoE '\(XEN\) Xen version [^ ]+' <<<"$text" | sed -n 1p | awk '{print $4}' || true)
  verdict=$(grep -aE '^xshim(-bringup)?: ' <<<"$text" | head -n 1 || true)
  # No verdict because Xen itself would not build the domain: the line before its panic says why.
  panic=$(awk '/^\(XEN\) Panic on CPU/ { print last; exit }
               /^\(XEN\) *[^ *]/ && !/^\(XEN\) \*+$/ { last = substr($0, 7) }' <<<"$text")
  awk -v xen="${banner:-none}" -v image="$image" -v v="$verdict" -v panic="$panic" 'BEGIN {
    guest = "?"; outcome = "(no verdict)"; rest = v
    if (match(v, /\((pv64|pvh64|pv32|arm64|hvm64|unknown guest)\)/))
      guest = substr(v, RSTART + 1, RLENGTH - 2)
    if (v ~ /^xshim: SELECTED /) {
      outcome = "SELECTED"; rest = v; sub(/^[^)]*\) /, "", rest)
      gsub(/(cpuid|magic|dt|hvm_start_info|features)=[^ ]+ ?/, "", rest)
    } else if (v ~ /^xshim: REFUSED /) {
      outcome = "REFUSED"; rest = v; sub(/^[^:]*: [^:]*: /, "", rest)
    } else if (v != "") {
      outcome = "(other)"
    } else if (panic != "") {
      # The guest never ran to say its type: the image name tells it (pv64, pvh, pv32, arm64).
      guest = "-"; if (match(image, /pv64|pvh|pv32|arm64/)) guest = substr(image, RSTART, RLENGTH)
      if (guest == "pvh") guest = "pvh64"
      outcome = "XEN-PANIC"; rest = "Xen did not build the domain: " panic
    }
    printf "%-14s %-7s %-24s %-9s %s\n", xen, guest, image, outcome, rest
  }'
done
