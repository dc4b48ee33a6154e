#!/usr/bin/env bash
# tests/tools/cli.sh XSHIM_CHECK GUEST_DIR: xshim-check as an operator runs it, on the real
# guest-boot images. Checks what a user would: the entry addresses `image` prints are the ones
# `nm` reports for the entry symbols, `predict` refuses pv64-needs99 (too-old) below 99.0 and
# selects pv64 inside its own policy's range, `predict --identity` with a capture of a real boot
# prints that boot's verdict line, an all-ones feature answer is noted inconsistent, `host`
# without Xen exits 3 with a clear message,
# and bad input exits 2 with its specific error. Every run is bounded by `timeout`.
set -uo pipefail

tool=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0

fail() { echo "cli.sh: FAIL: $*"; fails=$((fails + 1)); }

# run NAME ARGS...: runs the tool, keeps stdout/stderr in $tmp/NAME.{out,err}, sets $rc.
run() {
  local name=$1; shift
  timeout "${RUN_TIMEOUT:-20}" "$tool" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  rc=$?
}

# expect NAME STATUS REGEX [FILE]: status and a line of FILE (default NAME.out) matching REGEX.
expect() {
  local name=$1 status=$2 regex=$3 file=${4:-$tmp/$1.out}
  checks=$((checks + 1))
  if [[ $rc -ne $status ]]; then
    fail "$name: exit status $rc, expected $status"; sed 's/^/    /' "$tmp/$name.out" "$tmp/$name.err"
  elif ! grep -Eq -- "$regex" "$file"; then
    fail "$name: no line matches /$regex/ in $(basename "$file")"; sed 's/^/    /' "$file"
  fi
}

# JSON documents: valid against docs/xshim-check.schema.json (Debian's python3-jsonschema), and
# a field of one, by a Python expression over d.
schema=$(dirname "$0")/../../docs/xshim-check.schema.json
py=/usr/bin/python3
valid() { # NAME: $tmp/NAME.out is a valid document
  checks=$((checks + 1))
  "$py" -m jsonschema -i "$tmp/$1.out" "$schema" >"$tmp/$1.schema" 2>&1 ||
    { fail "$1: not valid against the schema:"; grep -v -i deprecat "$tmp/$1.schema" | sed 's/^/    /'; }
}
field() { "$py" -c 'import json, sys; d = json.load(open(sys.argv[1])); exec("print(" + sys.argv[2] + ")")' "$@"; }
# The address nm gives a symbol, as 0x without leading zeros.
sym() { printf '0x%x' "0x$(nm "$1" | awk -v s="$2" '$3 == s { print $1 }')"; }

# --- image: entry points against nm ---
pv_entry=$(sym "$dir/pv64.elf" _start)
run image-pv64 image "$dir/pv64.elf"
expect image-pv64 0 "^  pv64 +offered: entry $pv_entry \(ENTRY note\), hypercall page $(sym "$dir/pv64.elf" guest_hypercall_page),"
expect image-pv64 0 '^  pvh64 +not offered: no PHYS32_ENTRY note$'
expect image-pv64 0 '^  guest types +pv64'

pvh_entry=$(printf '0x%08x' "$(sym "$dir/pvh.elf" pvh_start32)")
run image-pvh image "$dir/pvh.elf"
expect image-pvh 0 "^  pvh64 +offered: PHYS32_ENTRY $pvh_entry$"
expect image-pvh 0 '^  pv64 +not offered: '

run image-needs99 image "$dir/pv64-needs99.elf"
expect image-needs99 0 '^  releases +99\.0 to '

# --- predict: pv64-needs99 is too old for any release below 99 ---
for rel in 3.0 4.0 4.6 4.17 4.19 4.20 10.0 98.65535; do
  run "predict-needs99-$rel" predict --release "$rel" "$dir/pv64-needs99.elf"
  expect "predict-needs99-$rel" 1 "^xshim: REFUSED Xen ${rel//./\\.} \(pv64\): kernel needs Xen >= 99\.0 \[too-old\]$"
done
run predict-needs99-99 predict --release 99.0 "$dir/pv64-needs99.elf"
expect predict-needs99-99 0 '^xshim: SELECTED Xen 99\.0 \(pv64\) '

# --- predict: pv64 selects inside its own range (read from `image`, not assumed) ---
range=$(sed -nE 's/^  releases +([0-9]+\.[0-9]+) to ([0-9]+\.[0-9]+) .*/\1 \2/p' "$tmp/image-pv64.out")
read -r min max <<<"$range"
if [[ -z ${min:-} || -z ${max:-} ]]; then
  fail "could not read pv64's release range from 'image'"
else
  for rel in "$min" "$max"; do
    run "predict-pv64-$rel" predict --release "$rel" --extra .5 --features 0x228e0 "$dir/pv64.elf"
    expect "predict-pv64-$rel" 0 "^xshim: SELECTED Xen ${rel//./\\.}\.5 \(pv64\) magic=xen-3\.0-x86_64 features=0x000228e0 hypercall=pv64-syscall "
  done
  run predict-pvh-min predict --release "$min" --guest pvh64 --cpu intel "$dir/pvh.elf"
  expect predict-pvh-min 0 "^xshim: SELECTED Xen ${min//./\\.} \(pvh64\) hvm_start_info=v1 .* hypercall=hvm64-vmcall "
fi
run predict-2.0 predict --release 2.0 "$dir/pv64.elf"
expect predict-2.0 1 '\[(old-generation|too-old)\]$'

# --- predict: an all-ones feature answer contradicts itself; the image requires no feature, so
# the guest's own select() notes it (tests/unit/test_consistency.cpp has the refusals) ---
run predict-all-ones predict --release 4.22 --features 0xffffffff "$dir/pv64.elf"
expect predict-all-ones 0 '^xshim: SELECTED Xen 4\.22 \(pv64\) .*features=0xffffffff .* NOTE: inconsistent: XENVER_get_features says direct_mapped and not_direct_mapped \(\+1 more\)$'

# --- predict --identity: a capture of a real boot gives back the line that guest printed ---
for capture in tests/corpus/xen-4.17-x86_64-pv-dom0 tests/corpus/xen-4.17-x86_64-pvh-dom0; do
  image=$(sed -nE 's/^verdict\.(pvh?64|pvh) .*/\1/p' "$capture.txt" | head -n1)
  line=$(sed -nE "s/^verdict\.$image (.*)/\1/p" "$capture.txt")
  name=identity-$(basename "$capture")
  run "$name" predict --identity "$capture.txt" "$dir/$image.elf"
  checks=$((checks + 1))
  if [[ $rc -ne 0 ]] || ! grep -qxF -- "$line" "$tmp/$name.out"; then
    fail "$name: exit status $rc, expected 0 and the captured line: $line"; sed 's/^/    /' "$tmp/$name.out" "$tmp/$name.err"
  fi
done

# --- host: this machine has no Xen, unless it is a dom0 ---
run host host
if [[ -e /dev/xen/privcmd || -e /proc/xen/privcmd ]]; then
  echo "cli.sh: this machine has a privcmd device: checking 'host' against the running Xen"
  expect host 0 '^xen: +Xen [0-9]+\.[0-9]+'
else
  expect host 3 '/dev/xen/privcmd.* - is this a Xen dom0\?' "$tmp/host.err"
  run host-image host "$dir/pv64.elf"
  expect host-image 3 '^xshim-check: cannot open libxenctrl \(xc_interface_open: ' "$tmp/host-image.err"
fi

# --- bad input: exit 2, specific errors ---
head -c 40 "$dir/pv64.elf" >"$tmp/truncated.elf"
run bad-truncated image "$tmp/truncated.elf"
expect bad-truncated 2 'truncated ELF64 header: file is 40 bytes, the header needs 64' "$tmp/bad-truncated.err"
printf 'not an ELF image, just text' >"$tmp/text.elf"
run bad-text predict --release 4.19 "$tmp/text.elf"
expect bad-text 2 'not a kernel image Xen.s domain builder reads: not an ELF, a Linux bzImage, an arm64 Image or a gzip-compressed file \(magic 6e 6f 74 20\)' "$tmp/bad-text.err"
run bad-missing image "$tmp/absent.elf"
expect bad-missing 2 'absent\.elf: cannot open: No such file or directory' "$tmp/bad-missing.err"
run bad-guest predict --release 4.19 --guest pvh64 "$dir/pv64.elf"
expect bad-guest 2 'does not offer pvh64: no PHYS32_ENTRY note' "$tmp/bad-guest.err"
run bad-release predict --release 4 "$dir/pv64.elf"
expect bad-release 2 '^xshim-check: --release 4: expected MAJOR\.MINOR' "$tmp/bad-release.err"
run bad-features predict --release 4.19 --features 228e0 "$dir/pv64.elf"
expect bad-features 2 '^xshim-check: --features 228e0: expected 0x' "$tmp/bad-features.err"
run bad-noargs
expect bad-noargs 2 '^usage: xshim-check image' "$tmp/bad-noargs.err"
run bad-nopolicy predict --release 4.19 "$tmp/truncated.elf"
expect bad-nopolicy 2 'truncated ELF64 header' "$tmp/bad-nopolicy.err"

# --- not a regular file: refused at once, nothing read (a FIFO would block a plain open) ---
mkfifo "$tmp/fifo.elf"
run bad-fifo image "$tmp/fifo.elf"
expect bad-fifo 2 'fifo\.elf: a FIFO \(named pipe\), not a regular file' "$tmp/bad-fifo.err"
run bad-dir image "$tmp"
expect bad-dir 2 ': a directory, not a regular file' "$tmp/bad-dir.err"
run bad-zero predict --release 4.19 /dev/zero
expect bad-zero 2 '^xshim-check: /dev/zero: a character device, not a regular file' "$tmp/bad-zero.err"
: >"$tmp/empty.elf"
run bad-empty image "$tmp/empty.elf"
expect bad-empty 2 'empty\.elf: empty file \(0 bytes\)' "$tmp/bad-empty.err"

# --- a truncated image (a copy cut short): refused by name, exit 2, no signal ---
size=$(stat -c %s "$dir/pv64.elf")
head -c $((size / 2)) "$dir/pv64.elf" >"$tmp/cut.elf"
run bad-cut image "$tmp/cut.elf"
expect bad-cut 2 "cut\.elf: .* runs? past the end of the file \(0x$(printf '%x' $((size / 2))) bytes\)" "$tmp/bad-cut.err"

# --- image and predict need no libxenctrl: the binary does not link it; host loads it ---
checks=$((checks + 1))
if ldd "$tool" | grep -q 'libxen'; then
  fail "xshim-check links a Xen library: $(ldd "$tool" | grep libxen | tr -s ' \t' ' ')"
fi
lib=$(ldconfig -p | awk '/libxenctrl\.so\./ { print $NF; exit }')
if [[ -n $lib ]] && timeout 10 unshare -m true 2>/dev/null; then
  # A mount namespace where libxenctrl is an empty file: what a host without it looks like.
  timeout 20 unshare -m sh -c "mount --bind /dev/null '$lib' && '$tool' host" \
    >"$tmp/host-nolib.out" 2>"$tmp/host-nolib.err"
  rc=$?
  expect host-nolib 3 "^xshim-check: cannot load libxenctrl \(.*\): 'host' asks the running Xen through it; .* 'image' and 'predict' do not need it" "$tmp/host-nolib.err"
  timeout 20 unshare -m sh -c "mount --bind /dev/null '$lib' && '$tool' predict --release 4.17 '$dir/pv64.elf'" \
    >"$tmp/predict-nolib.out" 2>"$tmp/predict-nolib.err"
  rc=$?
  expect predict-nolib 0 '^xshim: SELECTED Xen 4\.17 \(pv64\) '
else
  echo "cli.sh: SKIP host without libxenctrl (no libxenctrl in ldconfig, or no mount namespaces here)"
fi

# --- the forms Xen's builder takes: a gzip-compressed ELF, and a bzImage whose payload is in
# each compressed format its loader accepts; each must give pv64.elf's own entry and verdict ---
gzip -c "$dir/pv64.elf" >"$tmp/pv64.elf.gz"
run gz-image image "$tmp/pv64.elf.gz"
expect gz-image 0 '^file: +gzip-compressed file, '
expect gz-image 0 "^  pv64 +offered: entry $pv_entry \(ENTRY note\)"
le32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"; }
# make_bzimage PAYLOAD OUT: one setup sector, boot protocol 2.15, payload right after setup.
make_bzimage() {
  head -c 1024 /dev/zero >"$2"
  printf '\x01' | dd of="$2" bs=1 seek=$((0x1f1)) conv=notrunc status=none
  printf 'HdrS\x0f\x02' | dd of="$2" bs=1 seek=$((0x202)) conv=notrunc status=none
  { le32 0; le32 "$(stat -c %s "$1")"; } | dd of="$2" bs=1 seek=$((0x248)) conv=notrunc status=none
  cat "$1" >>"$2"
}
declare -A packers=([gzip]="gzip -c" [bzip2]="bzip2 -c" [xz]="xz -c --check=crc32"
  [lzma]="xz -c --format=lzma" [zstd]="zstd -q -c" [lz4]="lz4 -q -l -c")
for fmt in gzip bzip2 xz lzma zstd lz4; do
  if ! command -v "${packers[$fmt]%% *}" >/dev/null; then
    echo "cli.sh: SKIP bzImage with $fmt payload (no ${packers[$fmt]%% *} here)"; continue
  fi
  ${packers[$fmt]} "$dir/pv64.elf" >"$tmp/payload.$fmt"
  make_bzimage "$tmp/payload.$fmt" "$tmp/bz-$fmt"
  run "bz-$fmt" image "$tmp/bz-$fmt"
  expect "bz-$fmt" 0 "^file: +Linux bzImage, boot protocol 2\.15, payload at 0x400, .* bytes of $fmt, "
  expect "bz-$fmt" 0 "^  pv64 +offered: entry $pv_entry \(ENTRY note\)"
  run "bz-$fmt-predict" predict --release 4.17 "$tmp/bz-$fmt"
  expect "bz-$fmt-predict" 0 '^xshim: SELECTED Xen 4\.17 \(pv64\) '
done
# Hostile containers: a cut payload, a payload past the file, a top-level xz file, a gzip bomb.
head -c 2000 "$tmp/bz-xz" >"$tmp/bz-cut"
run bad-bz-cut image "$tmp/bz-cut"
expect bad-bz-cut 2 'a Linux bzImage \(boot protocol 2\.15\): payload at 0x400, 0x[0-9a-f]+ bytes, runs past the end of the file \(0x7d0 bytes\)' "$tmp/bad-bz-cut.err"
xz -c "$dir/pv64.elf" | head -c 3000 >"$tmp/payload.cut"
make_bzimage "$tmp/payload.cut" "$tmp/bz-xzcut"
run bad-bz-xzcut image "$tmp/bz-xzcut"
expect bad-bz-xzcut 2 'payload: xz stream is corrupt or cut' "$tmp/bad-bz-xzcut.err"
xz -c "$dir/pv64.elf" >"$tmp/pv64.elf.xz"
run bad-xz-file image "$tmp/pv64.elf.xz"
expect bad-xz-file 2 'a xz-compressed file: Xen.s domain builder unpacks only gzip at the file level' "$tmp/bad-xz-file.err"
head -c $((300 << 20)) /dev/zero | gzip -1 >"$tmp/bomb.gz"
RUN_TIMEOUT=100 run bad-bomb image "$tmp/bomb.gz" # 256 MiB unpacked: slow on a busy machine
expect bad-bomb 2 'gzip stream unpacks to more than 256 MiB, this tool.s limit' "$tmp/bad-bomb.err"

# --- an arm64 Image: the project's own Arm64 guest, with its policy note ---
if [[ -f $dir/arm64.bin ]]; then
  run arm64 image "$dir/arm64.bin"
  expect arm64 0 '^file: +arm64 Image'
  expect arm64 0 '^xshim policy \(note at 0x[0-9a-f]+, version 1\):'
  expect arm64 0 '^  guest types +.*arm64'
  run arm64-json image --json "$dir/arm64.bin"
  valid arm64-json
  checks=$((checks + 1))
  [[ $(field "$tmp/arm64-json.out" 'd["format"], d["not_a_guest"], d["policy"]["min_release"]') == "arm64-image None "* ]] ||
    fail "arm64-json: not an arm64-image guest with a policy: $(field "$tmp/arm64-json.out" 'd["format"], d["not_a_guest"]')"
  # predict for the Arm guest: handed a device tree with Xen's /hypervisor node. From the capture
  # of a real Xen 4.17 Arm64 boot: exactly the line the real guest printed on that boot.
  capture=$(dirname "$0")/../corpus/xen-4.17-arm64-dom0.txt
  run arm64-capture predict --identity "$capture" "$dir/arm64.bin"
  real=$(sed -n 's/^verdict\.arm64 //p' "$capture")
  expect arm64-capture 0 "^$(sed 's/[][\.*^$()+?{}|]/\\&/g' <<<"$real")\$"
  # Described: the release in the device tree is the one given; the policy's own minimum is
  # the boundary (one release below it is refused too-old, exit 1).
  min=$(field "$tmp/arm64-json.out" 'd["policy"]["min_release"]')
  run arm64-predict predict --release "$min" "$dir/arm64.bin"
  expect arm64-predict 0 "^xshim: SELECTED Xen ${min//./\\.} \(arm64\) dt=${min//./\\.} .*hypercall=arm64-hvc .*start_info=fdt"
  below="${min%%.*}.$((${min#*.} - 1))"
  [[ ${min#*.} == 0 ]] && below="$((${min%%.*} - 1)).99"
  run arm64-old predict --release "$below" "$dir/arm64.bin"
  expect arm64-old 1 "^xshim: REFUSED Xen ${below//./\\.} \(arm64\): kernel needs Xen >= ${min//./\\.} \[too-old\]"
  run arm64-guest predict --release "$min" --guest pvh64 "$dir/arm64.bin"
  expect arm64-guest 2 'the image is an arm64 Image, an arm64 kernel' "$tmp/arm64-guest.err"
  run arm64-pjson predict --json --identity "$capture" "$dir/arm64.bin"
  valid arm64-pjson
  checks=$((checks + 1))
  [[ $(field "$tmp/arm64-pjson.out" 'd["hosts"][0]["verdicts"][0]["line"]') == "$real" ]] ||
    fail "arm64-pjson: the JSON line is not the real guest's: $real"
else
  echo "cli.sh: SKIP arm64 Image ($dir/arm64.bin not built: make guests-arm64)"
fi

# --- JSON: every document valid against docs/xshim-check.schema.json (Debian's
# python3-jsonschema), and saying what the text says ---
run json-image image --json "$dir/pv64.elf"
valid json-image
checks=$((checks + 1))
[[ $(field "$tmp/json-image.out" 'd["offers"]["pv64"]["entry"]') == "$pv_entry" ]] ||
  fail "json-image: offers.pv64.entry is not nm's _start $pv_entry"
run json-bz image --json "$tmp/bz-xz"
valid json-bz
run json-ls image --json /bin/ls
valid json-ls
checks=$((checks + 1))
[[ $(field "$tmp/json-ls.out" 'd["not_a_guest"] is not None') == True ]] || fail "json-ls: not_a_guest is null"
run json-predict predict --json --release 4.17 --features 0x228e0 "$dir/pv64.elf"
valid json-predict
run predict-text predict --release 4.17 --features 0x228e0 "$dir/pv64.elf"
checks=$((checks + 1))
grep -qxF -- "$(field "$tmp/json-predict.out" 'd["hosts"][0]["verdicts"][0]["line"]')" "$tmp/predict-text.out" ||
  fail "json-predict: its line is not the text output's"

# --- a fleet: identity files (the form 'host --json' writes), one built from the capture of a
# real 4.17 boot, one a release below pv64's own minimum; predict --identities must refuse on
# exactly that one, and a domU on the first must get the line 'predict' gives for that Xen with
# XENFEAT_dom0 (bit 11) cleared ---
mkdir -p "$tmp/fleet"
cap=tests/corpus/xen-4.17-x86_64-pv-dom0.txt
capval() { sed -nE "s/^$1 (.*)/\1/p" "$cap"; }
ver=$(capval xenver.version) extra=$(capval xenver.extraversion) feat=$(capval xenver.features.0)
caps=$(capval xenver.capabilities)
identity() { # FILE HOST VERSION EXTRA FEATURES
  printf '{"schema": "xshim-identity/1", "host": "%s", "gathered_by": "cli.sh", "domain": {"guest_type": "pv", "dom0": true}, "entries": {"xenver.version": "%s", "xenver.extraversion": "%s", "xenver.capabilities": "%s", "xenver.features.0": "%s"}}\n' \
    "$2" "$3" "$4" "$caps" "$5" >"$1"
}
identity "$tmp/fleet/a.json" host-a "$ver" "$extra" "$feat"
old_minor=$(( ${min#*.} > 0 ? ${min#*.} - 1 : 0 ))
old_ver=$(printf '0x%04x%04x' "${min%%.*}" "$old_minor")
identity "$tmp/fleet/b.json" host-b "$old_ver" ".0" "$feat"
for f in a b; do cp "$tmp/fleet/$f.json" "$tmp/id-$f.out"; valid "id-$f"; done
run fleet predict --identities "$tmp/fleet" "$dir/pv64.elf"
expect fleet 1 "^fleet: 2 hosts, 1 would refuse .*: host-b$"
expect fleet 1 "^xshim: REFUSED Xen ${min%%.*}\.$old_minor\.0 \(pv64\): kernel needs Xen >= ${min//./\.} \[too-old\]$"
expect fleet 1 '^predict: host host-a .*modelled as a pv domU, .*XENFEAT_dom0 cleared'
run fleet-json predict --json --identities "$tmp/fleet" "$dir/pv64.elf"
valid fleet-json
checks=$((checks + 1))
[[ $rc -eq 1 && $(field "$tmp/fleet-json.out" '",".join(d["refusing_hosts"])') == host-b ]] ||
  fail "fleet-json: exit $rc, refusing_hosts not [host-b]"
domu_feat=$(printf '0x%x' $(( feat & ~(1 << 11) )))
run fleet-ref predict --release "$(( ver >> 16 )).$(( ver & 0xffff ))" --extra "$extra" --features "$domu_feat" "$dir/pv64.elf"
checks=$((checks + 1))
grep -qxF -- "$(field "$tmp/fleet-json.out" 'd["hosts"][0]["verdicts"][0]["line"]')" "$tmp/fleet-ref.out" ||
  fail "fleet: host-a's domU line is not predict's for Xen $ver$extra features $domu_feat"
run fleet-dom0 predict --identity "$tmp/fleet/a.json" --dom0 "$dir/pv64.elf"
checks=$((checks + 1))
grep -q "features=$(printf '0x%08x' "$feat") " "$tmp/fleet-dom0.out" ||
  fail "fleet-dom0: a dom0 on host-a does not see the identity's own features $feat"
# An identity gathered in a Linux dom0 has XENFEAT_pae_pgdir_above_4gb (bit 4): Xen sets it for
# a kernel whose PAE_MODE note asks for extended CR3, as Debian's does (the toolstack test bed's
# dom0 read 0x000228f0). pv64 has no PAE_MODE note: the bit is cleared for it, dom0 or domU.
linux_feat=$(printf '0x%08x' $(( feat | (1 << 4) )))
identity "$tmp/linux-dom0.json" host-l "$ver" "$extra" "$linux_feat"
run pae-domu predict --identity "$tmp/linux-dom0.json" "$dir/pv64.elf"
expect pae-domu 0 "features=$(printf '0x%08x' $(( linux_feat & ~(1 << 4) & ~(1 << 11) ))) "
expect pae-domu 0 '^predict: host host-l .*XENFEAT_pae_pgdir_above_4gb cleared \(.*PAE_MODE'
run pae-dom0 predict --identity "$tmp/linux-dom0.json" --dom0 "$dir/pv64.elf"
expect pae-dom0 0 "features=$(printf '0x%08x' $(( linux_feat & ~(1 << 4) ))) "

# --- an HVM domU (--guest hvm64) from the same PV dom0 identity: the device model enters the
# ELF32 copy of the pvh image as PVH; Xen gives an HVM container the bits the real PVH domU of
# the same Xen printed (tests/corpus) and, before 4.19, XENFEAT_hvm_pirqs (bit 10) besides ---
pvh_domu=$(sed -nE 's/^xenver.features.0 (.*)/\1/p' tests/corpus/xen-4.17-x86_64-pvh-domU.txt)
hvm_feat=$(printf '0x%08x' $(( pvh_domu | (1 << 10) )))
run hvm64 predict --identity "$tmp/fleet/a.json" --guest hvm64 "$dir/pvh-hvm.elf32"
expect hvm64 0 "^xshim: SELECTED Xen $(( ver >> 16 ))\\.$(( ver & 0xffff ))${extra//./\\.} \(hvm64\) hvm_start_info=v1 features=$hvm_feat hypercall=hvm64-page "
expect hvm64 0 '^predict: host host-a .*modelled as an hvm domU, .*XENFEAT_hvm_pirqs set'
expect hvm64 0 '^xshim-check: hvm64 assumed: .*ELF32 copy of a 64-bit kernel'
run hvm64-refused predict --identity "$tmp/fleet/a.json" --guest hvm64 "$dir/pvh.elf32"
expect hvm64-refused 1 '^xshim: REFUSED Xen [0-9.]+[^ ]* \(hvm64\): kernel runs only as pv64 pvh64 arm64 \[guest-type\]$'
run hvm64-json predict --json --identity "$tmp/fleet/a.json" --guest hvm64 "$dir/pvh-hvm.elf32"
valid hvm64-json
checks=$((checks + 1))
[[ $(field "$tmp/hvm64-json.out" 'd["hosts"][0]["verdicts"][0]["guest"] + " " + str(len(d["hosts"][0]["verdicts"][0]["assumed"]))') == "hvm64 4" ]] ||
  fail "hvm64-json: not guest hvm64 with its 4 assumptions"
# From 4.19 emulated PIRQs are optional (xl's hvm_pirq defaults to 0): the same guest cannot
# tell HVM from PVH, and says so.
identity "$tmp/id419.json" host-n "$(printf '0x%08x' $(( (4 << 16) | 19 )))" ".0" "$feat"
run hvm64-419 predict --identity "$tmp/id419.json" --guest hvm64 "$dir/pvh-hvm.elf32"
expect hvm64-419 0 "^xshim: SELECTED Xen 4\.19\.0 \(pvh64\) hvm_start_info=v1 features=$(printf '0x%08x' "$pvh_domu") .* NOTE: pvh or hvm "
expect hvm64-419 0 "^xshim-check: hvm64 assumed: XENFEAT_hvm_pirqs clear: from Xen 4\.19 "
run hvm64-dom0 predict --identity "$tmp/fleet/a.json" --dom0 --guest hvm64 "$dir/pvh-hvm.elf32"
expect hvm64-dom0 2 '^xshim-check: --dom0 --guest hvm64: Xen builds no HVM dom0' "$tmp/hvm64-dom0.err"
run hvm64-pv predict --identity "$tmp/fleet/a.json" --guest hvm64 "$dir/pv64.elf"
expect hvm64-pv 2 'does not offer hvm64: .*PVH entry' "$tmp/hvm64-pv.err"
run hvm32-elf64 predict --release 4.17 --guest hvm32 "$dir/pvh.elf"
expect hvm32-elf64 2 '--guest hvm32: the image is ELF64 x86_64, not a kernel for hvm32' "$tmp/hvm32-elf64.err"
run hvm64-host host --guest hvm64 "$dir/pvh-hvm.elf32"
expect hvm64-host 2 "host --guest hvm64: an HVM domU sees other features than this domain; use 'host --json" "$tmp/hvm64-host.err"
run hvm64-capture predict --identity tests/corpus/xen-4.17-x86_64-pvh-domU.txt --guest hvm64 "$dir/pvh-hvm.elf32"
expect hvm64-capture 2 'a capture of a pvh boot answers as that domain was answered' "$tmp/hvm64-capture.err"

# --- an aarch64 ELF (guest-boot's arm64.elf, before objcopy -O binary): Xen on Arm boots no ELF
# (dom0: Image, zImage32, uImage; xl: Image, zImage32), so `image` says so and shows the policy
# its Image carries, and `predict` refuses it with the same words ---
run arm64-elf image "$dir/arm64.elf"
expect arm64-elf 0 '^not a guest: an aarch64 ELF, which Xen on Arm does not boot: .*Use the Image'
expect arm64-elf 0 '^xshim policy \(note at '
run arm64-elf-predict predict --release 4.17 "$dir/arm64.elf"
expect arm64-elf-predict 2 'an aarch64 ELF, which Xen on Arm does not boot: .*Use the Image' "$tmp/arm64-elf-predict.err"

if [[ $fails -ne 0 ]]; then
  echo "cli.sh: $fails of $checks checks failed"
  exit 1
fi
echo "cli.sh: all $checks checks passed"
