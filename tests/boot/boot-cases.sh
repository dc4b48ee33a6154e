#!/usr/bin/env bash
# tests/boot/boot-cases.sh JOBS LIST: run the boot cases LIST names, JOBS at a time, and print
# each case's output whole, in LIST's order, once all have ended.
#
#   LIST  one case a line: NAME, a tab, then the shell command that boots it (boot-one.sh or
#         boot-arm64.sh, each bounded by its own `timeout`); tests/boot/boot.mk writes it
#
# Fails (status 1) naming every case whose command failed. A case's output goes to a file beside
# LIST while it runs, so parallel boots do not interleave their lines.
set -euo pipefail

[[ $# -eq 2 && $1 -ge 1 ]] || { sed -n '2,9p' "$0" >&2; exit 2; }
jobs=$1 list=$2
out="$list.out"
rm -rf "$out" && mkdir -p "$out"

mapfile -t names < <(sed -e "s/^ *//" -e "/^$/d" "$list" | cut -f1)
mapfile -t cmds < <(sed -e "s/^ *//" -e "/^$/d" "$list" | cut -f2-)
running=0
for i in "${!cmds[@]}"; do
  if (( running >= jobs )); then wait -n || true; running=$((running - 1)); fi
  ( bash -c "${cmds[$i]}" >"$out/$i" 2>&1; echo $? >"$out/$i.rc" ) &
  running=$((running + 1))
done
wait

failed=()
for i in "${!cmds[@]}"; do
  cat "$out/$i"
  [[ $(cat "$out/$i.rc" 2>/dev/null) == 0 ]] || failed+=("${names[$i]}")
done
if (( ${#failed[@]} )); then
  echo "boot: failed: ${failed[*]}"
  exit 1
fi
