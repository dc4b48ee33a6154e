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
  timeout 20 "$tool" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
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
expect bad-text 2 'not an ELF file: magic 6e 6f 74 20' "$tmp/bad-text.err"
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

if [[ $fails -ne 0 ]]; then
  echo "cli.sh: $fails of $checks checks failed"
  exit 1
fi
echo "cli.sh: all $checks checks passed"
