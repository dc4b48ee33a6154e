#!/usr/bin/env bash
# tests/toolstack/run.sh: the real toolstack test bed, end to end.
#
#   run.sh --xen XEN_ELF --guests GUEST_DIR --out OUT_DIR [--cache DIR] [--timeout SEC]
#          [--scenarios DIR] [--tools DIR] [--font PSF] [--check XSHIM_CHECK]
#
#   1. Debian's kernel for the dom0, from the cache (fetch-kernel.sh downloads it the first time)
#   2. the dom0 initramfs (build-initramfs.sh): busybox, xenstored, xenconsoled, xl, the
#      xenstore tools and their libraries, the backend modules, the guest images, scenarios/*.cfg
#   3. one QEMU (TCG) run: Xen 4.17 + that dom0; its /init runs every scenario with `xl create`
#      and prints what it collected; the run ends by itself (sysrq reboot, QEMU -no-reboot) and
#      is bounded by `timeout`
#   4. the QEMU log cut into OUT_DIR/<scenario>/{console.log,shutdown.txt,dmesg.log,
#      xenstore-backend.txt,xenstore-frontend.txt,xl.log}, each checked against
#      scenarios/<scenario>.expect
#   5. with --check: `xshim-check host --json`, run once in the dom0 (real libxenctrl), printed
#      as its own section, validated against docs/xshim-check.schema.json (python3-jsonschema),
#      and `xshim-check predict --identity` on it for each guest that printed a verdict in this
#      run (HVM guests as --guest hvm64, the kind xl built): the prediction must agree with
#      what the guest did, and the identity names the host as the dom0 does; and for the 32-bit
#      PV guest (pv32.elf), "never runs" exactly when the identity's capabilities lack xen-3.0-x86_32p
# Prints each domU's console log and one line per check; on a failure, the logs that explain it.
# Exit status 0 only when every scenario ran and passed (none is skipped).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# dom_limit bounds each domU from xl create to its shutdown: an HVM domU (hvmloader, SeaBIOS,
# QEMU as its device model) took 30-66 s under TCG at a load of 13-15, so 60 s was too tight.
xen="" guests="" out="" limit=150 dom_limit=120
cache=${XSHIM_CACHE:-$HOME/.cache/xshim}
scenarios=$here/scenarios
tools=""
font=/usr/share/consolefonts/Uni2-VGA16.psf.gz # what the fb guest draws with (guest-boot.mk)
xshim_check=""
usage() { sed -n '2,20p' "$0" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --xen) xen=$2; shift 2 ;;
    --guests) guests=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --font) font=$2; shift 2 ;;
    --check) xshim_check=$(realpath "$2"); shift 2 ;;
    *) usage ;;
  esac
done
[[ -f $xen && -d $guests && -n $out ]] || usage

ms() { date +%s%3N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }
t_start=$(ms)
rm -rf "$out"; mkdir -p "$out"

# 1. kernel
kernel_dir=$("$here/fetch-kernel.sh" "$cache")
t_kernel=$(ms)
# 2. initramfs
XSHIM_CHECK=$xshim_check "$here/build-initramfs.sh" "$out/dom0.cpio" "$kernel_dir" "$guests" "$scenarios" "$tools"
t_initrd=$(ms)
echo "toolstack: kernel $(basename "$kernel_dir") ($(secs "$t_start" "$t_kernel") s)," \
     "initramfs $(du -m "$out/dom0.cpio" | cut -f1) MiB ($(secs "$t_kernel" "$t_initrd") s)"

# 3. one boot runs every scenario
names=()
for cfg in "$scenarios"/*.cfg; do
  names+=("$(sed -n 's/^name *= *"\([^"]*\)".*/\1/p' "$cfg")")
done
xen_cmdline="console=com1 com1=115200 dom0_mem=512M,max:512M dom0_max_vcpus=1 loglvl=all guest_loglvl=all"
dom0_cmdline="console=hvc0 earlyprintk=xen rdinit=/init quiet ts.timeout=$dom_limit"
log=$out/qemu.log
set +e
timeout --kill-after=5 "$limit" qemu-system-x86_64 -machine q35 -cpu max,-smap -smp 1 -m 1536 -nic none \
  -nographic -no-reboot -kernel "$xen" -append "$xen_cmdline" \
  -initrd "$kernel_dir/vmlinux $dom0_cmdline,$out/dom0.cpio" </dev/null >"$log" 2>&1
rc=$?
set -e
t_qemu=$(ms)
tr -d '\r' <"$log" >"$log.txt"

fail_run() {
  echo "toolstack: FAIL: $1 (QEMU status $rc after $(secs "$t_initrd" "$t_qemu") s); last lines of $log:"
  tail -n 60 "$log.txt" | sed 's/^/  | /'
  exit 1
}
if [[ $rc -eq 124 || $rc -eq 137 ]]; then
  grep -q '^@@ts done' "$log.txt" || fail_run "QEMU timed out after $limit s"
fi
grep -q '^@@ts fatal' "$log.txt" && fail_run "$(grep -m1 '^@@ts fatal' "$log.txt" | cut -c6-)"
grep -q '^@@ts done ok' "$log.txt" || fail_run "the dom0 did not finish its scenarios"

# 4. cut the log per scenario and section; lines of a section start with "|".
awk -v out="$out" '
  /^@@ts begin / { name = $3; sec = ""; system("mkdir -p " out "/" name); next }
  /^@@ts end /   { name = ""; sec = ""; next }
  /^@@ts section / && name != "" {
    sec = $3; file = out "/" name "/" sec (sec ~ /^(xenstore|shutdown|pre|paused|running|post|cleanup)/ ? ".txt" : ".log")
    printf "" > file; next }
  /^@@ts timing / { print substr($0, 12) > (out "/" $3 "/timing.txt"); next }
  /^\|/ && name != "" && sec != "" { print substr($0, 2) >> file }
' "$log.txt"

xl_version=$(sed -n 's/^@@ts dom0 xl-info-version //p' "$log.txt")
xl_release=$(grep -oE '^[0-9]+\.[0-9]+' <<<"$xl_version" || true)
[[ -n $xl_release ]] || fail_run "xl info gave no xen_version"

# Shutdown reason codes (xen/include/public/sched.h SHUTDOWN_*), as xl prints them.
reason_name() {
  case $1 in 0) echo poweroff ;; 1) echo reboot ;; 2) echo suspend ;; 3) echo crash ;;
             4) echo watchdog ;; 5) echo soft_reset ;; *) echo "code-$1" ;; esac
}

# The name=value pairs of a guest device line, and dom0's view of the same backend.
guest_pairs() { # LINE: "name=value" per line, without backend= and protocol=
  tr ' ' '\n' <<<"$1" | grep -E '^[a-z0-9-]+=' | grep -vE '^(backend|protocol)=' || true
}
dom0_pairs() { # BACKEND_PATH XENSTORE_FILE: feature-* and the two limits, as name=value
  awk -v p="$1/" '
    index($0, p) == 1 {
      rest = substr($0, length(p) + 1); eq = index(rest, " = ")
      if (eq == 0) next
      name = substr(rest, 1, eq - 1); val = substr(rest, eq + 3); gsub(/^"|"$/, "", val)
      if (name ~ /\// ) next
      if (name ~ /^feature-/ || name == "max-ring-page-order" || name == "multi-queue-max-queues")
        print name "=" val
    }' "$2"
}

# The guest's negotiation lines against the nodes both ends wrote (xenstore-ls after the run),
# node by node: what the frontend published is what it says it negotiated, and what it says it
# uses is what the backend offered, within the frontend's own limits.
negotiated_check() { # SCENARIO DIR
  local name=$1 dir=$2 n c u id backend
  n=$(grep -m1 -E '^xshim-guest: vbd [0-9]+ negotiated:' "$dir/console.log" || true)
  c=$(grep -m1 -E '^xshim-guest: vbd [0-9]+ connected:' "$dir/console.log" || true)
  u=$(grep -m1 -E '^xshim-guest: vbd [0-9]+ uses ' "$dir/console.log" || true)
  if [[ -z $n || -z $c || -z $u ]]; then check "$name" fail "negotiated: the guest printed no negotiated/connected/uses lines"; return; fi
  id=$(awk '{ print $3 }' <<<"$n")
  word() { sed -n "s/.* $2=\([^ (]*\).*/\1/p" <<<"$1"; }
  fnode() { sed -n "s|^/local/domain/[0-9]*/device/vbd/$id/$1 = \"\(.*\)\"\$|\1|p" "$dir/xenstore-frontend.txt"; }
  backend=$(fnode backend)
  bnode() { sed -n "s|^$backend/$1 = \"\(.*\)\"\$|\1|p" "$dir/xenstore-backend.txt"; }
  same() { # WHAT GUEST DOM0
    if [[ $2 == "$3" ]]; then check "$name" ok "negotiated: $1: guest $2 = dom0 $3"
    else check "$name" fail "negotiated: $1: guest ${2:-nothing}, dom0 ${3:-nothing}"; fi
  }
  local order offer ind bmax pers bp queues q last mq
  order=$(word "$n" ring-page-order)
  # With several queues the ring and channel nodes are under queue-N/ (blkif.h).
  queues=$(word "$u" queues); q=""; last=""
  if [[ ${queues:-1} -gt 1 ]]; then q=queue-0/; last=queue-$((queues - 1))/; fi
  mq=$(fnode multi-queue-num-queues)
  same "queues (multi-queue-num-queues, none for one)" "${queues:-1}" "${mq:-1}"
  if [[ ${queues:-1} -gt 1 ]]; then
    bmax=$(bnode multi-queue-max-queues)
    same "queues within the backend's multi-queue-max-queues=$bmax" yes "$([[ -n $bmax && $queues -le $bmax ]] && echo yes)"
  fi
  if [[ $order == 0 ]]; then
    local rpo; rpo=$(fnode ring-page-order)
    same "${last}ring-ref (one page, no ring-page-order node)" "0:set" "${rpo:-0}:$([[ -n $(fnode ${last}ring-ref) ]] && echo set)"
  else
    same "frontend ring-page-order and the last ${last}ring-refN" "$order:set" "$(fnode ring-page-order):$([[ -n $(fnode ${last}ring-ref$(((1 << order) - 1))) ]] && echo set)"
    bmax=$(bnode max-ring-page-order)
    same "ring-page-order within the backend's max-ring-page-order=$bmax" yes "$([[ -n $bmax && $order -le $bmax ]] && echo yes)"
  fi
  same "protocol" "$(word "$n" protocol)" "$(fnode protocol)"
  same "${q}event-channel" "$(word "$u" event-channel)" "$(fnode ${q}event-channel)"
  offer=$(word "$n" persistent-offer)
  same "frontend feature-persistent" "$offer" "$(fnode feature-persistent)"
  bp=$(bnode feature-persistent)
  same "persistent in use (both ends announce it)" "$(word "$c" persistent)" "$([[ $bp == 1 && $offer == 1 ]] && echo 1 || echo 0)"
  ind=$(word "$c" indirect-segments); bmax=$(bnode feature-max-indirect-segments)
  if [[ -z $bmax ]]; then same "indirect segments (backend offers none)" "$ind" 0
  else same "indirect segments within the backend's $bmax" yes "$([[ $ind -ge 1 && $ind -le $bmax ]] && echo yes)"; fi
  local bf; bf=$(bnode feature-flush-cache)
  same "flush-cache" "$(word "$c" flush-cache)" "${bf:-0}"
  same "sector-size" "$(word "$c" sector-size)" "$(bnode sector-size)"
  same "sectors" "$(word "$c" sectors)" "$(bnode sectors)"
}

# The guest's vif lines against the nodes both ends wrote (xenstore-ls after the run): what the
# frontend published (request-rx-copy, feature-rx-notify, rings, channels, queues, multicast) is
# what it says it negotiated and uses, and what it uses the backend offered. With a reconnect,
# the last connection's lines (the nodes are the last connection's).
negotiated_vif_check() { # SCENARIO DIR
  local name=$1 dir=$2 n u id backend
  n=$(grep -E '^xshim-guest: vif [0-9]+ negotiated:' "$dir/console.log" | tail -n 1 || true)
  u=$(grep -E '^xshim-guest: vif [0-9]+ uses ' "$dir/console.log" | tail -n 1 || true)
  if [[ -z $n || -z $u ]]; then check "$name" fail "negotiated-vif: the guest printed no negotiated/uses lines"; return; fi
  id=$(awk '{ print $3 }' <<<"$n")
  word() { sed -n "s/.* $2=\([^ (]*\).*/\1/p" <<<"$1"; }
  fnode() { sed -n "s|^/local/domain/[0-9]*/device/vif/$id/$1 = \"\(.*\)\"\$|\1|p" "$dir/xenstore-frontend.txt"; }
  backend=$(fnode backend)
  bnode() { sed -n "s|^$backend/$1 = \"\(.*\)\"\$|\1|p" "$dir/xenstore-backend.txt"; }
  same() { # WHAT GUEST DOM0
    if [[ $2 == "$3" ]]; then check "$name" ok "negotiated-vif: $1: guest $2 = dom0 $3"
    else check "$name" fail "negotiated-vif: $1: guest ${2:-nothing}, dom0 ${3:-nothing}"; fi
  }
  same "request-rx-copy (backend feature-rx-copy=$(bnode feature-rx-copy))" "$(word "$n" rx-copy)" "$(fnode request-rx-copy)"
  same "feature-rx-notify" "$(word "$n" rx-notify)" "$(fnode feature-rx-notify)"
  same "frontend feature-no-csum-offload" "$(word "$n" no-csum-offload-own)" "$(fnode feature-no-csum-offload)"
  same "mac (the toolstack's, both ends)" "$(word "$u" mac)" "$(fnode mac)"
  local split bsplit mc bmc mq
  split=$(word "$u" split-event-channels); bsplit=$(bnode feature-split-event-channels)
  same "split event channels (backend feature-split-event-channels=${bsplit:-absent})" "$split" "${bsplit:-0}"
  if [[ $split == 1 ]]; then
    same "event-channel-tx" "$(word "$u" event-channel-tx)" "$(fnode event-channel-tx)"
    same "event-channel-rx" "$(word "$u" event-channel-rx)" "$(fnode event-channel-rx)"
    same "no event-channel node with split channels" "" "$(fnode event-channel)"
  else
    same "event-channel" "$(word "$u" event-channel)" "$(fnode event-channel)"
    same "no event-channel-tx node without split channels" "" "$(fnode event-channel-tx)"
  fi
  same "tx-ring-ref" "$(word "$u" tx-ring-ref)" "$(fnode tx-ring-ref)"
  same "rx-ring-ref" "$(word "$u" rx-ring-ref)" "$(fnode rx-ring-ref)"
  mq=$(fnode multi-queue-num-queues)
  same "queues (multi-queue-num-queues, none for one; backend offers $(bnode multi-queue-max-queues))" "$(word "$u" queues)" "${mq:-1}"
  mc=$(word "$u" multicast-control); bmc=$(bnode feature-multicast-control)
  local rmc; rmc=$(fnode request-multicast-control)
  same "request-multicast-control (backend feature-multicast-control=${bmc:-absent})" "$mc" "${rmc:-0}"
}

# The guest's frame counters against dom0's of the same vif (the .running hook reads
# /sys/class/net/vif*/statistics once traffic stopped, then tells the guest to stop): what dom0
# sent the guest received, what the guest sent dom0 received, frames and bytes alike. One pair
# per connection, in order (a reconnect prints a second of each).
frames_check() { # SCENARIO DIR
  local name=$1 dir=$2 gl dl n i g d
  gl=$(grep -E '^xshim-guest: vif [0-9]+ frames: ' "$dir/console.log" || true)
  dl=$(grep -E '^vif-stats ' "$(section_file "$dir" running)" 2>/dev/null || true)
  n=$(grep -c . <<<"$gl" || true)
  if [[ -z $gl || -z $dl || $n -ne $(grep -c . <<<"$dl" || true) ]]; then
    check "$name" fail "frames: guest frames lines ($n) and dom0 vif-stats lines do not pair up"; return
  fi
  gw() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$g"; }
  dw() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$d"; }
  same_count() { # GUEST_NAME GUEST DOM0_NAME DOM0
    if [[ -n $2 && $2 == "$4" && $2 -gt 0 ]]; then check "$name" ok "frames #$i: guest $1 = dom0 $3 = $2"
    else check "$name" fail "frames #$i: guest $1 ${2:-none}, dom0 $3 ${4:-none}"; fi
  }
  for ((i = 1; i <= n; i++)); do
    g=$(sed -n "${i}p" <<<"$gl"); d=$(sed -n "${i}p" <<<"$dl")
    same_count rx "$(gw rx)" tx_packets "$(dw tx_packets)"
    same_count rx-bytes "$(gw rx-bytes)" tx_bytes "$(dw tx_bytes)"
    same_count tx "$(gw tx)" rx_packets "$(dw rx_packets)"
    # netback counts a frame from the guest after eth_type_trans() pulled its 14-byte Ethernet
    # header (xenvif_tx_submit: rx_bytes += skb->len), and one to the guest whole.
    same_count "tx-bytes - 14 x tx" "$(($(gw tx-bytes) - 14 * $(gw tx)))" rx_bytes "$(dw rx_bytes)"
  done
}

# The events dom0 injected through QEMU's QMP (the running hook's "injected ..." lines) against
# those the guest printed: a key and a button as their Linux codes (linux/input-event-codes.h on
# this host), pressed then released; an absolute position as QEMU passes it on, raw (the value
# injected) when the guest's keyboard uses raw-pointer, else scaled to the framebuffer's width
# and height as QEMU scales it (value * (size - 1) / 0x7fff).
input_check() { # SCENARIO DIR WANTED ("key x, abs 16384 8192, btn left")
  local name=$1 dir=$2 item kind a b code codes=/usr/include/linux/input-event-codes.h
  local running=$dir/running.txt console=$dir/console.log
  local raw w h ex ey
  raw=$(sed -n 's/^xshim-guest: vkbd 0 uses .* raw-pointer=\([01]\) .*/\1/p' "$console" | sed -n 1p)
  w=$(sed -n 's/^xshim-guest: vfb 0 drawn \([0-9]*\)x\([0-9]*\)x.*/\1/p' "$console" | sed -n 1p)
  h=$(sed -n 's/^xshim-guest: vfb 0 drawn \([0-9]*\)x\([0-9]*\)x.*/\2/p' "$console" | sed -n 1p)
  IFS=, read -ra items <<<"$3"
  for item in "${items[@]}"; do
    item=$(sed 's/^ *//; s/ *$//' <<<"$item")
    # (A line may go on with Xen's own "(dN) ..." output, which shares dom0's serial line.)
    if ! grep -qE "^injected $item(\(d[0-9]+\).*)?$" "$running" 2>/dev/null; then
      check "$name" fail "input: dom0 did not inject $item (running hook: $(grep -m3 -vE '^[A-Za-z0-9+/=]+$' "$running" 2>/dev/null | tr '\n' ' '))"; continue
    fi
    read -r kind a b <<<"$item"
    case $kind in
      key|btn)
        local sym; sym=$([[ $kind == key ]] && echo "KEY_${a^^}" || echo "BTN_${a^^}")
        code=$(awk -v s="$sym" '$1 == "#define" && $2 == s { print $3; exit }' "$codes")
        [[ -n $code ]] || { check "$name" fail "input: $sym not in $codes"; continue; }
        code=$((code))
        if grep -qx "xshim-guest: vkbd 0 key $code pressed" "$console" &&
           grep -qx "xshim-guest: vkbd 0 key $code released" "$console"; then
          check "$name" ok "input: $kind $a injected, the guest got key $code ($sym) pressed and released"
        else
          check "$name" fail "input: $kind $a injected, the guest printed no key $code ($sym) pressed and released"
        fi ;;
      abs)
        if [[ $raw == 1 ]]; then ex=$a ey=$b
        elif [[ -n $w && -n $h ]]; then ex=$((a * (w - 1) / 32767)) ey=$((b * (h - 1) / 32767))
        else check "$name" fail "input: abs: the guest said neither raw-pointer nor its size"; continue; fi
        if grep -qE "^xshim-guest: vkbd 0 pos x=$ex y=$ey z=0 raw=${raw:-0}( |$)" "$console"; then
          check "$name" ok "input: abs $a $b injected, the guest got pos x=$ex y=$ey (raw-pointer=${raw:-0})"
        else
          check "$name" fail "input: abs $a $b injected, the guest printed no pos x=$ex y=$ey (raw-pointer=${raw:-0})"
        fi ;;
      *) check "$name" fail "input: unknown item '$item'" ;;
    esac
  done
}

# The running hook's screendump (gzip | base64 between markers; a whole line of Xen's own output
# that got between them is dropped) as DIR/screenshot.ppm, its
# pixels against the guest's own verdict line rendered with the same font (fbcheck.py), and a
# PNG of it beside (DIR/screenshot.png).
screenshot_check() { # SCENARIO DIR
  local name=$1 dir=$2 shot=$2/screenshot.ppm says
  if ! sed -n '/^@@screenshot-begin$/,/^@@screenshot-end$/p' "$dir/running.txt" 2>/dev/null |
       sed '1d;$d' | grep -E '^[A-Za-z0-9+/=]+$' | base64 -d 2>/dev/null | gunzip >"$shot" 2>/dev/null ||
       [[ ! -s $shot ]]; then
    check "$name" fail "screenshot: none came out of dom0 (running hook: $(grep -m3 -vE '^[A-Za-z0-9+/=]+$' "$dir/running.txt" 2>/dev/null | tr '\n' ' '))"
    return
  fi
  if says=$(python3 "$here/fbcheck.py" --ppm "$shot" --console "$dir/console.log" --font "$font" \
              --png "$dir/screenshot.png" 2>&1); then
    check "$name" ok "screenshot: $says"
  else
    check "$name" fail "screenshot: $says"
  fi
}

# The file a section was cut into (the awk above): .txt for the structured ones, else .log.
section_file() { # DIR SECTION
  case $2 in
    xenstore*|shutdown|pre|paused|running|post|cleanup) echo "$1/$2.txt" ;;
    *) echo "$1/$2.log" ;;
  esac
}

failed=()
check() { # SCENARIO OK? MESSAGE
  if [[ $2 == ok ]]; then echo "  ok    $3"; else echo "  FAIL  $3"; failed+=("$1: $3"); fi
}

for name in "${names[@]}"; do
  dir=$out/$name
  base=$(grep -l "^name *= *\"$name\"" "$scenarios"/*.cfg | sed -n 1p)
  expect=${base%.cfg}.expect
  echo "== scenario $name ($(basename "$base")): $(cat "$dir/timing.txt" 2>/dev/null | cut -d' ' -f2- || echo 'did not run')"
  if [[ ! -d $dir ]]; then check "$name" fail "scenario ran"; continue; fi
  echo "-- PV console log ($dir/console.log):"
  sed 's/^/   | /' "$dir/console.log"
  scen_fail=${#failed[@]}
  [[ -f $expect ]] || { check "$name" fail "has an expectation file ${expect#$here/}"; continue; }
  while read -r key value; do
    case $key in
      ''|'#'*) continue ;;
      console|dmesg|xenstore-frontend|xenstore-backend|pre|paused|running|post|cleanup)
        if grep -qE -- "$value" "$(section_file "$dir" "$key")"; then check "$name" ok "$key: /$value/"
        else check "$name" fail "$key: /$value/"; fi ;;
      '!xenstore-frontend'|'!xenstore-backend')
        if grep -qE -- "$value" "$(section_file "$dir" "${key#!}")"; then check "$name" fail "${key#!} has no /$value/"
        else check "$name" ok "${key#!} has no /$value/"; fi ;;
      shutdown)
        code=$(sed -n 's/.*has shut down, reason code \([0-9]*\).*/\1/p' "$dir/shutdown.txt" | sed -n 1p)
        action=$(sed -n 's/.*Action for shutdown reason code [0-9]* is \([a-z-]*\).*/\1/p' "$dir/shutdown.txt" | sed -n 1p)
        state=$(sed -n 's/.*state=\([^ ]*\).*/\1/p' "$dir/timing.txt")
        seen=$([[ -n $code ]] && reason_name "$code" || echo none)
        # xl list marks a crashed domain "c" and any other shut-down one "s"; a domain whose
        # action was destroy is gone before it can be listed, and only xl's log tells.
        want_state=$([[ $value == crash ]] && echo c || echo s)
        [[ $action == destroy && $state == gone ]] && want_state=gone
        if [[ $seen == "$value" && $state == *"$want_state"* ]]; then
          check "$name" ok "shutdown: xl saw reason $seen (code $code, on_$seen action $action, xl list state $state)"
        else
          check "$name" fail "shutdown: want $value, xl saw ${seen} (code ${code:-none}, xl list state ${state:-none})"
        fi ;;
      devices)
        for cls in $value; do
          lines=$(grep -E "^xshim-guest: $cls [0-9]+ backend=" "$dir/console.log" || true)
          if [[ -z $lines ]]; then check "$name" fail "devices: the guest reported no $cls"; continue; fi
          while read -r line; do
            id=$(awk '{ print $3 }' <<<"$line")
            backend=$(tr ' ' '\n' <<<"$line" | sed -n 's/^backend=//p')
            g=$(guest_pairs "$line" | sort); d=$(dom0_pairs "$backend" "$dir/xenstore-backend.txt" | sort)
            if [[ -z $d ]]; then
              check "$name" fail "devices: $cls $id: dom0 shows no feature nodes under $backend"
            elif [[ $g == "$d" ]]; then
              check "$name" ok "devices: $cls $id: guest and dom0 agree on $(wc -l <<<"$d") nodes of $backend ($(tr '\n' ' ' <<<"$d"| sed 's/ $//'))"
            else
              check "$name" fail "devices: $cls $id: guest and dom0 differ on $backend"
              diff <(echo "$g") <(echo "$d") | sed 's/^</   guest/; s/^>/   dom0 /' | grep -E '^   (guest|dom0)' || true
            fi
          done <<<"$lines"
        done ;;
      negotiated) negotiated_check "$name" "$dir" ;;
      negotiated-vif) negotiated_vif_check "$name" "$dir" ;;
      frames) frames_check "$name" "$dir" ;;
      screenshot) screenshot_check "$name" "$dir" ;;
      input) input_check "$name" "$dir" "$value" ;;
      io)
        # Every "read S+N fnv1a64=H" / "wrote S+N fnv1a64=H" the guest printed for a vbd must be
        # what dom0 hashed of the same sectors (its post hook: reads from a copy of the disk
        # taken before the guest ran, writes from the disk after it shut down).
        ios=$(grep -E "^xshim-guest: vbd [0-9]+ (read|wrote) [0-9]+\+[0-9]+ fnv1a64=" "$dir/console.log" || true)
        for kind in $value; do
          grep -qE "^xshim-guest: vbd [0-9]+ $kind " <<<"$ios" ||
            check "$name" fail "io: the guest reported no $kind"
        done
        while read -r line; do
          [[ -n $line ]] || continue
          set -- $line
          kind=$4 span=$5 hash=${6#fnv1a64=}
          dom0=$(sed -n "s/^$kind $span fnv1a64=//p" "$dir/post.txt" 2>/dev/null | sed -n 1p)
          if [[ -n $dom0 && $dom0 == "$hash" ]]; then
            check "$name" ok "io: vbd $3 $kind $span: guest and dom0 hash the sectors alike ($hash)"
          else
            check "$name" fail "io: vbd $3 $kind $span: guest $hash, dom0 ${dom0:-nothing}"
          fi
        done <<<"$ios" ;;
      *) check "$name" fail "unknown expectation '$key' in ${expect#$here/}" ;;
    esac
  done <"$expect"
  # Any release in a verdict line is the one this Xen reports through xl info.
  for rel in $(grep -oE '^xshim: (SELECTED|REFUSED) Xen [0-9]+\.[0-9]+' "$dir/console.log" | awk '{ print $4 }'); do
    if [[ $rel == "$xl_release" ]]; then check "$name" ok "verdict release $rel = xl info xen_version $xl_version"
    else check "$name" fail "verdict release $rel != xl info xen_version $xl_version"; fi
  done
  # The time line against the host's clock: Xen started inside this QEMU run, so the domU's
  # system time is below the run's length, and wallclock + system time ("now" in the guest) lies
  # within the run, give or take 2 s (the RTC's resolution; tests/boot/check-time.sh).
  tline=$(tr -d '\r' <"$dir/console.log" | grep -aE '^xshim: time system=[0-9]+ ' | sed -n 1p || true)
  if [[ -n $tline ]]; then
    tsys=$(sed -nE 's/.* system=([0-9]+) .*/\1/p' <<<"$tline")
    twc=$(sed -nE 's/.* wallclock=([0-9]+\.[0-9]{9}) .*/\1/p' <<<"$tline")
    tsays=$(awk -v ns="$tsys" -v wc="$twc" -v a="$t_initrd" -v b="$t_qemu" 'BEGIN {
      run = sprintf("the QEMU run (%.1f s, %.3f..%.3f by the host clock)", (b - a) / 1e3, a / 1e3, b / 1e3)
      if (ns <= 0 || ns >= (b - a) * 1e6) { printf "fail system time %.3f s is not within %s", ns / 1e9, run; exit }
      if (wc == "") { printf "ok system time %.3f s within %s (no wallclock written)", ns / 1e9, run; exit }
      now = wc + ns / 1e9
      if (now < a / 1e3 - 2 || now > b / 1e3 + 2) { printf "fail wallclock + system time %.3f is not within %s +- 2 s", now, run; exit }
      printf "ok system time %.3f s, wallclock + system time %.3f within %s +- 2 s", ns / 1e9, now, run }')
    check "$name" "${tsays%% *}" "time: ${tsays#* }"
  fi
  if [[ ${#failed[@]} -gt $scen_fail ]]; then
    # (Each may be empty: a listing that finds nothing must not end the run under pipefail.)
    echo "-- why: xl's log ($dir/xl.log):"; { tail -n 30 "$dir/xl.log" | sed 's/^/   | /'; } || true
    echo "-- Xen's log during the scenario ($dir/dmesg.log):"
    { grep -vE '^\(XEN\) *$' "$dir/dmesg.log" | tail -n 30 | sed 's/^/   | /'; } || true
    echo "-- its XenStore devices ($dir/xenstore-*.txt):"
    { cat "$dir"/xenstore-*.txt | head -n 60 | sed 's/^/   | /'; } || true
  fi
done

# 5. The dom0's identity (xshim-check host --json in the dom0) and predictions from it.
if [[ -n $xshim_check ]]; then
  echo "== dom0 identity: xshim-check host --json in the dom0 ($(sed -n 's/^@@ts identity end //p' "$log.txt"))"
  sed -n '/^@@ts identity begin/,/^@@ts identity end/{/^|/s/^|//p}' "$log.txt" >"$out/dom0-identity.json"
  sed 's/^/   | /' "$out/dom0-identity.json"
  sed -n 's/^@@ts identity stderr /   stderr: /p' "$log.txt"
  schema=$here/../../docs/xshim-check.schema.json
  if [[ ! -s $out/dom0-identity.json ]]; then
    check dom0-identity fail "identity: xshim-check host --json printed nothing in the dom0"
  elif python3 -m jsonschema -i "$out/dom0-identity.json" "$schema" >"$out/dom0-identity.schema" 2>&1; then
    check dom0-identity ok "identity: valid against $(basename "$schema") ($(python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); e = d["entries"]
print(d["schema"] + ", " + d["domain"]["guest_type"] + (" dom0" if d["domain"]["dom0"] else " domU") + ", xenver.version " + e.get("xenver.version", "?") + ", features " + e.get("xenver.features.0", "?"))' "$out/dom0-identity.json"))"
  else
    check dom0-identity fail "identity: not valid against $(basename "$schema"): $(grep -v -i deprecat "$out/dom0-identity.schema" | head -n 3 | tr '\n' ' ')"
  fi
  # The identity names the host as the dom0 names itself (dom0-init.sh sets a host name).
  dom0_host=$(sed -n 's/^@@ts dom0 hostname //p' "$log.txt" | tr -d '\r' | sed -n 1p)
  id_host=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1])).get("host", ""))' "$out/dom0-identity.json" 2>/dev/null || true)
  if [[ -n $dom0_host && $id_host == "$dom0_host" ]]; then
    check dom0-identity ok "identity: host \"$id_host\" = the dom0's hostname"
  else
    check dom0-identity fail "identity: host \"$id_host\", the dom0's hostname \"${dom0_host:-not printed}\""
  fi
  # Each guest that printed a verdict: predict for its kind from the identity, as a domU.
  predicted=0
  for name in "${names[@]}"; do
    line=$(grep -m1 -E '^xshim: (SELECTED|REFUSED) Xen [^ ]+ \([a-z0-9]+\)' "$out/$name/console.log" 2>/dev/null || true)
    [[ -n $line && -s $out/dom0-identity.json ]] || continue
    kind=$(sed -E 's/^xshim: [A-Z]+ Xen [^ ]+ \(([a-z0-9]+)\).*/\1/' <<<"$line")
    cfg=$(grep -l "^name *= *\"$name\"" "$scenarios"/*.cfg | sed -n 1p)
    # The kind of boot comes from what xl built (type = "hvm"), not from the guest's line: an HVM
    # guest may name itself pvh where Xen's answers cannot tell (4.19+), and predict must say so.
    if grep -qE '^type *= *"hvm"' "$cfg"; then kind=hvm${kind#???}; fi
    img=$(sed -n 's|^kernel *= *"/guests/\([^"]*\)".*|\1|p' "$cfg")
    timeout 60 "$xshim_check" predict --json --identity "$out/dom0-identity.json" --guest "$kind" \
      "$guests/$img" >"$out/$name/prediction.json" 2>"$out/$name/prediction.err" || true
    vfield() { python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["hosts"][0]["verdicts"][0].get(sys.argv[2], ""))' "$out/$name/prediction.json" "$1" 2>/dev/null || true; }
    pline=$(vfield line) modelled=$(vfield modelled)
    predicted=$((predicted + 1))
    # What a host cannot know before boot: the CPUID leaves, the event-channel ABI (predicted
    # as 2l) and the grant-table size. PVH and HVM guests from the PV dom0's identity get the
    # feature bits Xen's rule gives them (modelled); an identity the tool cannot model for the
    # guest ("not modelled") is compared on the outcome and the reason only.
    v_head() { sed -E 's/^(xshim: [A-Z]+ Xen [^ ]+ \([a-z0-9]+\)).*/\1/' <<<"$1"; }
    # The CPU vendor (vmcall or vmmcall) is this machine's in a prediction, QEMU's in the bed.
    v_known() { sed -E 's/ (cpuid|evtchn|gnttab)=[^ ]+//g; s/hypercall=(hvm[0-9]+)-vmm?call/hypercall=\1-vm(m)call/' <<<"$1"; }
    if [[ $line == "xshim: REFUSED "* || $modelled != *"not modelled"* ]]; then
      want=$(v_known "$line") got=$(v_known "$pline")
    else
      want=$(v_head "$line") got=$(v_head "$pline")
    fi
    if [[ -n $pline && $want == "$got" ]]; then
      check "$name" ok "predict --identity (dom0's) --guest $kind $img: $got${modelled:+ (modelled: ${modelled%%,*})}"
    else
      check "$name" fail "predict --identity --guest $kind $img: predicted '${pline:-$(head -c 300 "$out/$name/prediction.err")}', the guest printed '$line'"
    fi
  done
  [[ $predicted -gt 0 ]] || check dom0-identity fail "identity: no guest printed a verdict to compare a prediction with"
  # The 32-bit PV guest (no domU here: Debian's Xen is built without CONFIG_PV32, and test-boot
  # shows its domain builder refusing it): before boot, predict must say what this real host's
  # XENVER_capabilities says, never runs without xen-3.0-x86_32p, runs with it.
  caps=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["entries"].get("xenver.capabilities", ""))' "$out/dom0-identity.json" 2>/dev/null || true)
  if [[ ! -f $guests/pv32.elf ]]; then
    check dom0-identity fail "predict pv32: no $guests/pv32.elf"
  else
    prc=0
    ptxt=$(timeout 60 "$xshim_check" predict --identity "$out/dom0-identity.json" --guest pv32 "$guests/pv32.elf" 2>&1) || prc=$?
    never=$(grep -m1 '^xshim-check: pv32 never runs: ' <<<"$ptxt" || true)
    if [[ " $caps " == *" xen-3.0-x86_32p "* ]]; then
      if [[ -z $never && $prc -eq 0 ]]; then check dom0-identity ok "predict pv32: the dom0's capabilities have xen-3.0-x86_32p and predict lets it run"
      else check dom0-identity fail "predict pv32: capabilities '$caps' have xen-3.0-x86_32p, predict said '${never:-status $prc}'"; fi
    elif [[ -n $never && $prc -ne 0 ]]; then
      check dom0-identity ok "predict pv32 (capabilities '${caps% }', no xen-3.0-x86_32p): ${never#xshim-check: } (status $prc)"
    else
      check dom0-identity fail "predict pv32: capabilities '$caps' lack xen-3.0-x86_32p, predict said neither 'never runs' nor failed (status $prc)"
    fi
  fi
fi

t_end=$(ms)
steps=$(sed -n 's/^@@ts step \([a-z]*\) \([0-9]*\)/\1=\2/p' "$log.txt" | tr '\n' ' ')
echo "toolstack: timings: kernel $(secs "$t_start" "$t_kernel") s, initramfs $(secs "$t_kernel" "$t_initrd") s," \
     "QEMU run $(secs "$t_initrd" "$t_qemu") s (dom0 uptime cs: $steps), checks $(secs "$t_qemu" "$t_end") s," \
     "total $(secs "$t_start" "$t_end") s"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "toolstack: ${#names[@]} scenarios, ${#failed[@]} checks failed:"; printf '  %s\n' "${failed[@]}"
  exit 1
fi
echo "toolstack: ${#names[@]} scenarios, every check passed"
