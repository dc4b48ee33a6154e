#!/usr/bin/env bash
# tests/bench/bench.sh: print the benchmark figures, one line each (docs/bench.md says what each
# means and what the goals are).
#
#   bench.sh callgrind BENCH ITERATIONS OUTDIR   instruction counts under callgrind
#   bench.sh footprint MAP LIBNAME IMAGE         bytes the library adds to an image (ld -Map)
#   bench.sh cycles LOG...                       entry->verdict cycles from boot logs
#
# Counts come from callgrind's own call records (--compress-strings=no): for a call from F to G,
# callgrind writes the number of calls and their inclusive cost, so G's cost per call is exact
# and needs no guess about how often it ran. The accessor figures take only the calls made by
# bench_measure (tests/bench/main.cpp), the loop in which every call takes the same path.
set -euo pipefail

die() { echo "bench: $*" >&2; exit 1; }

# ratio A B: A / B to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.2f", a / b }'; }

callgrind() {
  local bin=$1 iterations=$2 dir=$3
  local out=$dir/callgrind.out log=$dir/callgrind.log calls=$dir/calls.tsv
  timeout 300 valgrind --tool=callgrind --callgrind-out-file="$out" --compress-strings=no \
    --compress-pos=no --dump-instr=no "$bin" --iterations "$iterations" >"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; die "the benchmark failed under valgrind (log $log)"; }
  # caller <TAB> callee <TAB> calls <TAB> inclusive instructions, summed over call sites.
  awk '
    /^fn=/  { fn = substr($0, 4) }
    /^cfn=/ { cfn = substr($0, 5) }
    /^calls=/ {
      split(substr($0, 7), a, " "); n = a[1]
      if ((getline line) <= 0) exit
      split(line, c, " ")
      key = fn "\t" cfn; k[key] += n; ir[key] += c[2]
    }
    END { for (key in k) printf "%s\t%d\t%d\n", key, k[key], ir[key] }
  ' "$out" >"$calls"

  # per_call CALLER CALLEE: instructions per call of CALLEE from CALLER ("*": any caller,
  # callee matched as a prefix, or, for a C++ template like "bench_bound_time<", after the
  # return type callgrind prints first).
  per_call() {
    awk -F'\t' -v caller="$1" -v callee="$2" '
      (caller == "*" || $1 == caller) &&
      (index($2, callee) == 1 || (callee ~ /<$/ && index($2, " " callee) > 0)) { n += $3; ir += $4 }
      END { if (n == 0) exit 1; printf "%d\n", (ir + n / 2) / n }
    ' "$calls" || die "no calls of $2 from $1 in $out"
  }
  total_of() { # total instructions of CALLEE (prefix) from any caller, divided by N
    awk -F'\t' -v callee="$1" -v n="$2" 'index($2, callee) == 1 { ir += $4 }
      END { printf "%d\n", (ir + n / 2) / n }' "$calls"
  }

  # 1. probe + select over the injected platform (tests/bench/platform.cpp).
  local boots probe sel line boot pf
  boots=$(awk -F'\t' '$2 == "xshim_boot" { n += $3 } END { print n + 0 }' "$calls")
  [[ $boots -gt 0 ]] || die "xshim_boot never ran"
  probe=$(per_call xshim_boot 'xshim::probe(')
  sel=$(per_call xshim_boot 'xshim::select_checked(')
  line=$(per_call xshim_boot 'xshim::format_verdict_line(')
  boot=$(per_call bench_boot xshim_boot)
  pf=$(( $(total_of bench_pf_cpuid "$boots") + $(total_of bench_pf_hypercall "$boots") +
         $(total_of bench_pf_transport "$boots") ))
  local ps=$((probe + sel)) goal=2000
  printf 'bench: probe+select            %6d instr  (probe %d, select %d; the injected platform %d of them)  goal < %d: %s\n' \
    "$ps" "$probe" "$sel" "$pf" "$goal" "$([[ $ps -lt $goal ]] && echo met || echo MISSED)"
  # Where the probe spends it: its three costliest callees.
  awk -F'\t' -v boots="$boots" 'index($1, "xshim::probe(") == 1 {
      name = $2; sub(/\(.*/, "", name); sub(/^xshim::/, "", name); cost[name] += $4 }
    END { for (f in cost) printf "%d\t%s\n", (cost[f] + boots / 2) / boots, f }' "$calls" |
    sort -rn | head -n 3 |
    awk -F'\t' '{ s = s sprintf("%s%s %d", NR > 1 ? ", " : "", $2, $1) }
      END { print "bench: costliest calls in probe " s "  (instructions per boot)" }'
  # VM exits per boot: on real hardware each CPUID and each hypercall of a guest traps into the
  # hypervisor, which dwarfs the instructions around it. Counted from callgrind's call records
  # of the injected platform's entry points over every boot the bench made.
  local n_cpuid n_hc all_boots
  all_boots=$(awk -F'\t' '$2 == "xshim_boot" { n += $3 } END { print n + 0 }' "$calls")
  n_cpuid=$(awk -F'\t' -v b="$all_boots" '$2 == "bench_pf_cpuid" { n += $3 } END { printf "%.1f", n / b }' "$calls")
  n_hc=$(awk -F'\t' -v b="$all_boots" '$2 == "bench_pf_hypercall" { n += $3 } END { printf "%.1f", n / b }' "$calls")
  printf 'bench: exits per boot          CPUID %s, hypercalls %s, port writes 0 (the injected platform has no outb, so a write would fault)  beside probe+select %d instr\n' \
    "$n_cpuid" "$n_hc" "$ps"
  printf 'bench: xshim_boot whole        %6d instr  (probe+select %d, verdict line %d, the rest %d: policy check, zeroing the verdict)\n' \
    "$boot" "$ps" "$line" "$((boot - ps - line))"

  # 2. Each hot path: adapter (C API function pointers), hot path (SharedInfoOps::hot_*, bound
  #    at compile time), bound (the kernel's code instantiated through one xshim::dispatch(),
  #    tests/bench/bound.cpp), direct (Xen's headers), all from bench_measure. The goal is the
  #    bound figure's; the adapter and hot path are shown beside it.
  verdict_of() { awk -v r="$1" 'BEGIN { print (r + 0 <= 1.05) ? "met" : "MISSED" }'; }
  local op name a i d b
  for op in time:time.system_ns wallclock:time.wallclock evtchn:evtchn.test_and_clear \
            send:evtchn.send upcall:upcall.mask_unmask hypercall:hypercall.xen_version \
            ring_push:ring.push_notify ring_consume:ring.consume; do
    name=${op#*:} op=${op%%:*}
    d=$(per_call bench_measure "bench_${op}_direct")
    b=$(per_call bench_measure "bench_bound_${op}<")
    a=$( (per_call bench_measure "bench_${op}_adapter") 2>/dev/null || true)
    i=$( (per_call bench_measure "bench_${op}_inline") 2>/dev/null || true)
    local rb others=""
    rb=$(ratio "$b" "$d")
    [[ -n $i ]] && others+=$(printf '  hot path %3d (%s)' "$i" "$(ratio "$i" "$d")")
    [[ -n $a ]] && others+=$(printf '  adapter %3d (%s)' "$a" "$(ratio "$a" "$d")")
    printf 'bench: %-22s bound %3d instr  direct %3d instr  ratio %5s  goal <= 1.05: %-6s%s\n' \
      "$name" "$b" "$d" "$rb" "$(verdict_of "$rb")" "$others"
  done

  # 3. The whole-kernel loop, bound through one dispatch vs written against Xen's headers, the
  #    backend's instructions (the other side's work, called from both loops) taken out.
  local kb kd back_d back_b kernels
  kernels=$(awk -F'\t' '$1 == "bench_measure_kernel" && $2 == "bench_kernel_direct" { n += $3 } END { print n + 0 }' "$calls")
  [[ $kernels -gt 0 ]] || die "bench_kernel_direct never ran"
  kb=$(per_call bench_measure_kernel bench_kernel_bound)
  kd=$(per_call bench_measure_kernel bench_kernel_direct)
  # The backend as each loop calls it: from bench_kernel_direct, and from bench_kernel_bound or
  # the kernel_loop<...> it instantiated (callgrind names that one if it is not inlined).
  backend_from() {
    awk -F'\t' -v n="$kernels" -v who="$1" '$2 == "bench_backend" &&
      ((who == "direct" && $1 == "bench_kernel_direct") ||
       (who == "bound" && ($1 == "bench_kernel_bound" || index($1, " kernel_loop<") > 0))) { ir += $4 }
      END { printf "%d\n", (ir + n / 2) / n }' "$calls"
  }
  back_d=$(backend_from direct)
  back_b=$(backend_from bound)
  local kb_net=$((kb - back_b)) kd_net=$((kd - back_d)) rk
  rk=$(awk -v a="$kb_net" -v b="$kd_net" 'BEGIN { printf "%.3f", a / b }')
  printf 'bench: whole kernel (64 rounds)  bound %6d instr  direct %6d instr  ratio %s  goal <= 1.02: %s  (one dispatch, then the loop; backend %d instr a run taken out of each)\n' \
    "$kb_net" "$kd_net" "$rk" "$(awk -v r="$rk" 'BEGIN { print (r + 0 <= 1.02) ? "met" : "MISSED" }')" "$back_d"
  echo "bench: (callgrind instruction counts per call, x86_64, the library's own flags (mk/lib.mk: -O2, -Os for handoff/ select/ report/ lib/); $iterations iterations)"
}

footprint() {
  local map=$1 lib=$2 image=$3
  [[ -f $map ]] || die "no link map $map"
  # Input sections from LIB placed in the image's loaded output sections; padding excluded.
  awk -v lib="$lib(" -v image="$image" '
    function hex(s,   v, i) { # mawk has no strtonum
      s = tolower(substr(s, 3)); v = 0
      for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
      return v
    }
    /^Linker script and memory map/ { inmap = 1; next }
    !inmap { next }
    /^[^ ]/ { out = $1; next }
    /^ [^ *]/ && NF == 1 { pending = 1; next }
    {
      if (pending && $1 ~ /^0x/ && $2 ~ /^0x/ && NF >= 3) { size = $2; file = $3 }
      else if (/^ [^ *]/ && $2 ~ /^0x/ && $3 ~ /^0x/ && NF >= 4) { size = $3; file = $4 }
      else { pending = 0; next }
      pending = 0
      if (out != ".text" && out != ".rodata" && out != ".data" && out != ".bss") next
      all[out] += hex(size)
      if (index(file, lib) > 0) {
        mine[out] += hex(size)
        if (out == ".text") { member = substr(file, index(file, lib) + length(lib)); sub(/\)$/, "", member); text[member] += hex(size) }
      }
    }
    END {
      # The four largest contributors of code, for the note on the goal.
      for (k = 0; k < 4; k++) {
        best = ""; for (m in text) if (best == "" || text[m] > text[best]) best = m
        if (best == "") break
        top = top sprintf("%s%s %d", k ? ", " : "", best, text[best]); delete text[best]
      }
      printf "bench: footprint of %s in %s  text %d B, rodata %d B, data %d B, bss %d B  (whole image: text %d, rodata %d, data %d, bss %d)  goal text < 16384: %s\n",
        substr(lib, 1, length(lib) - 1), image, mine[".text"], mine[".rodata"], mine[".data"], mine[".bss"],
        all[".text"], all[".rodata"], all[".data"], all[".bss"],
        (mine[".text"] < 16384) ? "met" : "MISSED"
      printf "bench: largest code in %s  %s  (bytes of .text)\n", substr(lib, 1, length(lib) - 1), top
    }' "$map"
}

cycles() {
  local log found=0
  for log in "$@"; do
    [[ -f $log ]] || die "no boot log $log"
    local name c verdict
    name=$(basename "$log" .log)
    c=$(tr -d '\r' <"$log" | sed -n 's/^xshim-guest: .*cycles entry->verdict=\([0-9][0-9]*\).*/\1/p' | head -n 1)
    verdict=$(tr -d '\r' <"$log" | grep -aE '^xshim: (SELECTED|REFUSED)' | head -n 1 | cut -c1-60 || true)
    [[ -n $c ]] || die "$log has no 'cycles entry->verdict=' line"
    printf 'bench: boot %-16s entry->verdict %10d cycles  (QEMU TCG: emulated TSC, not hardware)  %s...\n' \
      "$name" "$c" "$verdict"
    found=1
  done
  [[ $found -eq 1 ]] || die "no boot logs given"
}

cmd=${1:-}
shift || true
case $cmd in
  callgrind) [[ $# -eq 3 ]] || die "usage: bench.sh callgrind BENCH ITERATIONS OUTDIR"; callgrind "$@" ;;
  footprint) [[ $# -eq 3 ]] || die "usage: bench.sh footprint MAP LIBNAME IMAGE"; footprint "$@" ;;
  cycles) cycles "$@" ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
