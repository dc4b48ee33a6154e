#!/usr/bin/env bash
# tests/tools/boot-agrees.sh XSHIM_CHECK GUEST_DIR XEN LOG_DIR: does `xshim-check predict` print
# the verdict a real guest prints? Each case boots a guest-boot image under the real Xen
# (tests/boot/boot-one.sh, bounded by `timeout`), reads the guest's verdict line, describes that
# Xen to `predict` with what the line says (release, extra version, feature submap 0; the CPU
# vendor from the hypercall adapter it names; --dom0, as these guests boot as dom0), and requires
# the tool's line to be the guest's, apart from what only a booted guest can know: the CPUID
# leaves (cpuid=), the event-channel probe (evtchn=) and the grant-table size (gnttab=).
# Nothing here assumes which Xen release is installed.
set -uo pipefail

tool=$1 dir=$2 xen=$3 logs=$4
cases=("xen-pv pv64" "xen-pvh pvh" "xen-pv pv64-needs99")
fails=0

boot_only() { sed -E 's/ (cpuid|evtchn|gnttab)=[^ ]*//g'; }

for c in "${cases[@]}"; do
  read -r mode image <<<"$c"
  log=$logs/$mode-$image.log
  if ! tests/boot/boot-one.sh "$mode" "$dir/$image.elf" "$log" --xen "$xen" --timeout 60 >/dev/null; then
    echo "boot-agrees: FAIL: $mode $image did not boot to a verdict (log: $log)"
    fails=$((fails + 1)); continue
  fi
  guest=$(tr -d '\r' <"$log" | grep -m1 -oE 'xshim: (SELECTED|REFUSED) .*')
  if [[ ! $guest =~ ^xshim:\ [A-Z]+\ Xen\ ([0-9]+\.[0-9]+)([^ ]*)\ \( ]]; then
    echo "boot-agrees: FAIL: $mode $image: no release in the guest's line: $guest"
    fails=$((fails + 1)); continue
  fi
  args=(--release "${BASH_REMATCH[1]}" --dom0)
  [[ -n ${BASH_REMATCH[2]} ]] && args+=(--extra "${BASH_REMATCH[2]}")
  [[ $guest =~ \ features=(0x[0-9a-f]+) ]] && args+=(--features "${BASH_REMATCH[1]}")
  [[ $guest =~ hypercall=hvm(32|64)-vmmcall ]] && args+=(--cpu amd)
  [[ $guest =~ hypercall=hvm(32|64)-vmcall ]] && args+=(--cpu intel)
  predicted=$(timeout 20 "$tool" predict "${args[@]}" "$dir/$image.elf" | grep -m1 '^xshim: ')
  if [[ "$(boot_only <<<"$guest")" == "$(boot_only <<<"$predicted")" ]]; then
    echo "boot-agrees: $mode $image: predict ${args[*]} gives the guest's verdict:"
    echo "  $predicted"
  else
    echo "boot-agrees: FAIL: $mode $image: predict ${args[*]}"
    echo "  guest:   $guest"
    echo "  predict: $predicted"
    fails=$((fails + 1))
  fi
done
[[ $fails -eq 0 ]] || { echo "boot-agrees: $fails of ${#cases[@]} cases differ"; exit 1; }
echo "boot-agrees: all ${#cases[@]} cases agree with the booted guests"
