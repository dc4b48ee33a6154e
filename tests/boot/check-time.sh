# tests/boot/check-time.sh: the time line of a SELECTED boot, sourced by run-and-check.sh once the
# verdict passed (it uses mode, lines, verdict, start, end, secs and fail from there).
#
# After a selection the guest maps shared_info and reads the time once through the selected
# adapter (guest-boot/main.cpp, say_time), printing
#   xshim: time system=<ns> wallclock=<sec>.<nsec> wc_version=<n>
# (docs/architecture.md, "The time line"). What the hypervisor backs, and so what is checked:
#   system     Xen's system time counts from Xen's own start, inside this QEMU run: more than 0
#              and less than the run's measured wall duration. On Arm Xen does not keep
#              vcpu_time_info at all (xen/arch/arm/time.c: update_vcpu_system_time is empty;
#              Arm kernels use the generic timer), so there, and only there, the line must say
#              "unmaintained(tsc_to_system_mul=0)" instead; a number on Arm would be invented.
#   wallclock  seconds since the epoch at system time 0, from the RTC Xen read at boot (x86:
#              QEMU's RTC starts at the host's UTC): wallclock + system time is "now" in the
#              guest, and must fall within this run by the host's clock, give or take 2 s (the
#              RTC's one-second resolution, and the guest clock's drift under TCG over a run of a
#              few seconds). Xen on Arm reads no RTC: it writes wc_sec 0 at domain creation
#              (arch_domain_create -> update_domain_wallclock_time) until a dom0 sets the time, so
#              on Arm exactly 0 is accepted too, and nothing else but a plausible time.
#   wc_version even and not 0: Xen wrote the wallclock and was not in the middle of it (Xen's
#              dom0 builders, PV and PVH alike, call update_domain_wallclock_time; only a
#              toolstack-built PVH domU was seen with none: "wallclock=unwritten(wc_version=0)",
#              which fails here and is accepted by tests/toolstack/scenarios/pvh.expect).
# A torn or unread part fails the boot: the hypervisor answered, so the read must succeed.
grep -qE '^xshim: SELECTED ' <<<"$verdict" || return 0
time_line=$(grep -aE '^xshim: time ' <<<"$lines" || true)
[[ -n $time_line ]] || fail "SELECTED, but no 'xshim: time' line"
[[ $(wc -l <<<"$time_line") -eq 1 ]] || fail "more than one 'xshim: time' line"
re='^xshim: time system=([^ ]+) wallclock=([0-9]+)\.([0-9]{9}) wc_version=([0-9]+)$'
[[ $time_line =~ $re ]] || fail "time line not of the form 'system=... wallclock=<sec>.<9 digits> wc_version=<n>': $time_line"
t_system=${BASH_REMATCH[1]} t_sec=${BASH_REMATCH[2]} t_nsec=${BASH_REMATCH[3]} t_ver=${BASH_REMATCH[4]}
(( t_ver != 0 && t_ver % 2 == 0 )) || fail "wc_version $t_ver: not written, or odd (mid-update)"
t_system_s=0
if [[ $mode == *arm64 ]]; then
  [[ $t_system == "unmaintained(tsc_to_system_mul=0)" ]] ||
    fail "system=$t_system, but Xen on Arm keeps no vcpu_time_info"
  t_what="system time unmaintained (Xen on Arm)"
else
  [[ $t_system =~ ^[0-9]+$ ]] || fail "system=$t_system is not a time in ns"
  ok=$(awk -v ns="$t_system" -v a="$start" -v b="$end" 'BEGIN { print (ns > 0 && ns < b - a) }')
  [[ $ok -eq 1 ]] || fail "system time $t_system ns is not within (0, the run's ${secs} s)"
  t_system_s=$(awk -v ns="$t_system" 'BEGIN { printf "%.3f", ns / 1e9 }')
  t_what="system time ${t_system_s} s < run ${secs} s"
fi
if [[ $mode == *arm64 && $t_sec == 0 && $t_nsec == 000000000 ]]; then
  t_what="$t_what, wallclock 0 (Xen on Arm reads no RTC)"
else
  now=$(awk -v s="$t_sec" -v n="$t_nsec" -v sys="$t_system_s" 'BEGIN { printf "%.3f", s + n / 1e9 + sys }')
  ok=$(awk -v now="$now" -v a="$start" -v b="$end" 'BEGIN { print (now >= a / 1e9 - 2 && now <= b / 1e9 + 2) }')
  run=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f..%.3f", a / 1e9, b / 1e9 }')
  [[ $ok -eq 1 ]] || fail "wallclock + system time = $now s since the epoch, not within this run ($run by the host's clock) +- 2 s"
  t_what="$t_what, wallclock + system time $now within the run $run +- 2 s"
fi
echo "boot $mode $name: time line plausible: $t_what (wc_version $t_ver)"

# The bound dispatch (guest-boot/bound.hpp; every guest environment: pv64, pvh, pv32, arm64,
# each with its architecture's lists from shim/arch/<arch>/bind.hpp): after the time line the guest
# runs one hot-path call through xshim::dispatch(), the kernel's code instantiated for the
# selected layout and transport, and prints each answer beside the adapter path's.
#   xen_version  XENVER_version through the bound transport (syscall, vmcall/vmmcall, the page,
#                int $0x82, hvc #0xEA1) must be what the adapter port heard at probe time.
#   gnttab       GNTTABOP_query_size (three arguments: command, pointer, count) through the bound
#                transport must answer <frames>/<max>, and the same as the probe heard through
#                the adapter port (so 1/8 under gnttab_max_frames=8).
#   time         vCPU 0's system time through the bound layout must equal the adapter's at the
#                same counter value (read before or after it: Xen may rewrite the record between
#                the reads), and not be 0. On Arm Xen keeps no vcpu_time_info (as for the time
#                line above), so there, and only there, the guest must say
#                "time=unmaintained(tsc_to_system_mul=0)" instead.
#   wallclock    <sec>.<nsec>/<wc_version> through the bound layout must equal the adapter's read
#                before or after it, with wc_version written (even, not 0): on Arm this is what
#                shows the bound layout reads the right fields.
bound_line=$(grep -aE '^xshim: bound ' <<<"$lines" || true)
[[ -n $bound_line ]] || fail "SELECTED, but no 'xshim: bound' line"
[[ $(wc -l <<<"$bound_line") -eq 1 ]] || fail "more than one 'xshim: bound' line"
wc_re='([0-9]+\.[0-9]{9}/([0-9]+))'
re='^xshim: bound shared_info=.+ transport=([^ ]+) xen_version=(0x[0-9a-f]{8}) adapter-xen_version=(0x[0-9a-f]{8}) gnttab=([^ ]+) adapter-gnttab=([^ ]+) time=(unmaintained\(tsc_to_system_mul=0\)|([0-9]+) adapter-time=([0-9]+),([0-9]+)) wallclock='"$wc_re"' adapter-wallclock='"$wc_re,$wc_re"'$'
[[ $bound_line =~ $re ]] || fail "bound line not of the form '... xen_version=... adapter-xen_version=... gnttab=... adapter-gnttab=... time=<ns> adapter-time=<ns>,<ns> wallclock=<sec>.<nsec>/<v> adapter-wallclock=<...>,<...>': $bound_line"
b_tr=${BASH_REMATCH[1]} b_ver=${BASH_REMATCH[2]} a_ver=${BASH_REMATCH[3]}
b_gnt=${BASH_REMATCH[4]} a_gnt=${BASH_REMATCH[5]}
b_time=${BASH_REMATCH[6]} b_t=${BASH_REMATCH[7]} a_t1=${BASH_REMATCH[8]} a_t2=${BASH_REMATCH[9]}
b_wc=${BASH_REMATCH[10]} b_wcv=${BASH_REMATCH[11]} a_wc1=${BASH_REMATCH[12]} a_wc2=${BASH_REMATCH[14]}
[[ $b_ver == "$a_ver" ]] ||
  fail "XENVER_version through the bound transport is $b_ver, through the adapter port $a_ver"
[[ $b_gnt =~ ^[0-9]+/[0-9]+$ && $b_gnt == "$a_gnt" ]] ||
  fail "GNTTABOP_query_size through the bound transport says $b_gnt, through the adapter port $a_gnt"
if [[ $mode == *arm64 ]]; then
  [[ $b_time == "unmaintained(tsc_to_system_mul=0)" ]] ||
    fail "bound time=$b_time, but Xen on Arm keeps no vcpu_time_info"
  b_what="system time unmaintained (Xen on Arm)"
else
  [[ -n $b_t ]] || fail "bound time=$b_time: Xen on x86 maintains vcpu_time_info"
  [[ $b_t != 0 ]] || fail "no system time through the bound layout"
  [[ $b_t == "$a_t1" || $b_t == "$a_t2" ]] ||
    fail "system time through the bound layout $b_t ns, through the adapter $a_t1 / $a_t2 ns"
  b_what="system time $b_t ns"
fi
(( b_wcv != 0 && b_wcv % 2 == 0 )) || fail "bound wallclock $b_wc: wc_version not written, or odd"
[[ $b_wc == "$a_wc1" || $b_wc == "$a_wc2" ]] ||
  fail "wallclock through the bound layout $b_wc, through the adapter $a_wc1 / $a_wc2"
echo "boot $mode $name: bound dispatch ($b_tr) agrees with the adapter path: xen_version $b_ver, gnttab $b_gnt, $b_what, wallclock $b_wc"
