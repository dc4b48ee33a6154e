# tests/boot/run-and-check.sh: the part of a boot that does not depend on the machine, sourced by
# boot-one.sh (x86) and boot-arm64.sh (Arm64) once they have built `cmd` (the QEMU command line)
# and set mode, guest, log, limit, expect, xen_args, check_release and release.
#
# Runs cmd under `timeout` (ending it early once Xen says dom0 crashed), prints every "xshim...: " line the guest wrote and one summary line,
# and fails (exit 1, printing the tail of the log) on a timeout, a missing verdict, a verdict not
# matching $expect, or (check_release=1, xen-* modes) a release that is not the one Xen's own
# banner printed: the verdict's "Xen 4.17.7", and the second source's major.minor (x86 CPUID
# "cpuid=0x40000000:4.17", Arm device tree "dt=4.17"); or (release set, xen-* modes) a Xen whose
# banner is not of that release (the case asked for Debian's 4.20 and got another); or a
# SELECTED verdict without a plausible "xshim: time" line (check-time.sh); or a verdict naming
# the hypercall page whose guest line does not show Xen's stub in it. QEMU's exit
# status alone does not tell pass from fail; the log is what counts.

mkdir -p "$(dirname "$log")"
: >"$log" # before QEMU's redirect opens it: the watch below may read it first
start=$(date +%s%N)
set +e
# stdin from /dev/null: QEMU must not take the terminal (and cannot block on it).
timeout --kill-after=5 "$limit" "${cmd[@]}" </dev/null >"$log" 2>&1 &
qemu=$!
# Once Xen has said that dom0 crashed (how a refusing dom0 ends) or has panicked (e.g. it could
# not build dom0), the run has nothing more to say: Xen only waits "5 seconds" (about 20 s under
# TCG) and resets. End QEMU there (timeout passes the TERM on), and say so in the summary.
ended=""
end_re='^\(XEN\) (Hardware Dom0 crashed|Reboot in five seconds)'
if [[ $mode == xen-* ]]; then
  while kill -0 "$qemu" 2>/dev/null; do
    if tr -d '\r' <"$log" | grep -aqE "$end_re"; then
      ended=", stopped once Xen said $(tr -d '\r' <"$log" | grep -aoE "$end_re" | head -n 1 | cut -c7-)"
      kill -TERM "$qemu" 2>/dev/null
      break
    fi
    sleep 0.2
  done
fi
wait "$qemu"
rc=$?
set -e
end=$(date +%s%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')

# The guest's lines, without the serial line's carriage returns.
lines=$(tr -d '\r' <"$log" | grep -aE '^xshim(-[a-z]+)?: ' || true)
verdict=$(printf '%s\n' "$lines" | grep -aE '^xshim(-bringup)?: ' | head -n 1 || true)
name="$(basename "$guest")${release:+@$release}${xen_args:+ [$xen_args]}"

fail() {
  echo "boot $mode $name: FAIL ($1) after ${secs} s, QEMU status $rc; log $log, last lines:"
  tail -n 40 "$log" | tr -d '\r' | sed 's/^/  | /'
  exit 1
}

[[ -n $lines ]] && printf '%s\n' "$lines" | sed "s/^/[$mode $name] /"
if [[ -z $ended && ( $rc -eq 124 || $rc -eq 137 ) ]]; then fail "timed out after ${limit} s"; fi
if [[ -n $xen_refuses && $mode == xen-* ]]; then
  # Xen's domain builder must refuse the guest: the guest never runs, Xen says why and panics.
  [[ -z $lines ]] || fail "the guest ran; Xen was to refuse it"
  tr -d '\r' <"$log" | grep -aqE -- "$xen_refuses" || fail "Xen's log does not match /$xen_refuses/"
  why=$(tr -d '\r' <"$log" | awk '/^\(XEN\) Panic on CPU/ { print last; exit }
        /^\(XEN\) *[^ *]/ && !/^\(XEN\) \*+$/ { last = $0 }')
  echo "boot $mode $name: Xen refused to build the domain: ${why#(XEN) }"
  echo "boot $mode $name: ok in ${secs} s (QEMU status $rc$ended)"
  exit 0
fi
[[ -n $verdict ]] || fail "no verdict line"
if [[ -n $expect ]] && ! grep -qE -- "$expect" <<<"$verdict"; then
  fail "verdict does not match /$expect/"
fi
banner=$(tr -d '\r' <"$log" | grep -aoE '\(XEN\) Xen version [^ ]+' | sed -n 1p | awk '{print $4}' || true)
if [[ -n $release && $mode == xen-* ]]; then
  [[ -n $banner ]] || fail "Xen printed no '(XEN) Xen version' banner; the case asked for Xen $release"
  [[ $banner == "$release" || $banner == "$release".* ]] || fail "the case asked for Xen $release, Xen's banner says $banner"
fi
if [[ $check_release -eq 1 && $mode == xen-* ]]; then
  [[ -n $banner ]] || fail "Xen printed no '(XEN) Xen version' banner to compare with"
  said=$(sed -nE 's/^xshim: (SELECTED|REFUSED) Xen ([^ ]+) .*/\2/p' <<<"$verdict")
  [[ $said == "$banner" ]] || fail "verdict names Xen '$said', Xen's banner says '$banner'"
  also=""
  for source in "CPUID: cpuid=0x[0-9a-f]+:" "device tree: dt="; do
    label=${source%%: *} key=${source#*: }
    second=$(grep -oE " ${key}[0-9]+\.[0-9]+" <<<"$verdict" | sed -E "s/^ ${key}//" || true)
    [[ -n $second ]] || continue
    if [[ $banner != "$second".* && $banner != "$second" ]]; then
      fail "$label release $second is not the banner's $banner"
    fi
    also=" and the $label's $second"
  done
  echo "boot $mode $name: release $said matches Xen's banner$also"
fi
if [[ $verdict =~ \ hypercall=[a-z0-9]+-page( |$) ]]; then
  # Calls through the hypercall page: the guest shows stub 0 as Xen wrote it after the MSR write
  # CPUID base+2 names; it must be Xen's HVM stub `mov $0, %eax; vmcall|vmmcall; ret`.
  stub=$(printf '%s\n' "$lines" | grep -aoE 'hypercall-page-stub0=[0-9a-f]+' | head -n 1 | cut -d= -f2)
  [[ $stub =~ ^b800000000(0f01c1|0f01d9)c3$ ]] ||
    fail "the verdict names the hypercall page, but its stub 0 is '${stub:-not shown}', not mov \$0,%eax; vmcall/vmmcall; ret"
  echo "boot $mode $name: calls went through the hypercall page Xen filled (stub 0: $stub)"
fi
source "$(dirname "${BASH_SOURCE[0]}")/check-time.sh" # the time line of a SELECTED boot
echo "boot $mode $name: ok in ${secs} s (QEMU status $rc$ended)"
