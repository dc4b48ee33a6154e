#!/usr/bin/env bash
# tests/tools/no-probe-copy.sh DIR: the host tool decides through the library's xshim_boot(), so
# nothing under DIR (tools/) may ask Xen or decide itself: no call of a hypercall wrapper
# (xshim_xen_version, ...), of a probe or select stage, or of the verdict-line formatter. Only
# the identity sources, which answer xen_version as Xen does, may name its subops (XSHIM_XENVER_*):
# identity.cpp (described and captured Xen) and xenctrl_source.cpp (libxenctrl).
set -uo pipefail
dir=${1:-tools}
fails=0

calls='\b(xshim_(xen_version|console_write|sched_op|evtchn_send|evtchn_unmask|vcpu_op|vcpu_info_register|hvm_get_param)|read_extraversion|read_features|read_capabilities|probe_evtchn_fifo|probe_gnttab|record_start_magic|find_hypercall_adapter|find_start_info_adapter|resolve_hypercall|check_policy|format_verdict_line|select|probe)[[:space:]]*\('
if hits=$(grep -rnE "$calls" "$dir" --include='*.c' --include='*.cpp' --include='*.h' --include='*.hpp' \
          | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//'); then
  echo "no-probe-copy: FAIL: $dir calls what only xshim_boot() may call:"
  sed 's/^/  /' <<<"$hits"
  fails=$((fails + 1))
fi

if hits=$(grep -rn 'XSHIM_XENVER_' "$dir" --include='*.c' --include='*.cpp' --include='*.h' --include='*.hpp' \
          | grep -vE "^$dir/(identity|xenctrl_source)\.cpp:"); then
  echo "no-probe-copy: FAIL: XENVER_ subops outside the identity sources:"
  sed 's/^/  /' <<<"$hits"
  fails=$((fails + 1))
fi

[[ $fails -eq 0 ]] || exit 1
echo "no-probe-copy: $dir calls no hypercall wrapper or probe stage; XENVER_ only in the identity sources"
