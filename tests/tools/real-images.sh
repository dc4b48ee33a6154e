#!/usr/bin/env bash
# tests/tools/real-images.sh XSHIM_CHECK CACHE: xshim-check on real Xen guest images nobody here
# built, from Debian's packages, against what Xen's own loader reads from them.
#
# Images (downloaded once with apt-get download into CACHE/images/, unpacked there, never
# installed): the stock Linux kernel's bzImage (vmlinuz, the package linux-image-amd64 depends
# on now), and GRUB's Xen images from grub-xen-host: 64-bit PV (grub-x86_64-xen.bin), 32-bit PV
# (grub-i386-xen.bin) and PVH (grub-i386-xen_pvh.bin). Where installed, also the Xen hypervisor
# (/boot/xen-*.gz), hvmloader and the PV shim, which are not guests.
#
# The reference is `readnotes` from xen-utils: it reads an ELF's notes through libxenguest's
# copy of Xen's libelf, the code the domain builder runs. For the bzImage, readnotes (which reads
# ELF only) gets the vmlinux unpacked independently of the tool: the first xz stream in the file,
# found by its magic, through xz(1). For each image: every note readnotes names is in the tool's
# "Xen notes" with the same value, the tool shows as many Xen notes as readnotes reports, and the
# offers follow Xen's rules applied to readnotes' values (PV: LOADER "generic*" or GUEST_OS
# "linux*", and XEN_VERSION "xen-3.0*"; PVH: PHYS32_ENTRY). The container is also checked against
# binutils: the Xen notes `readelf -n` lists, by type in file order, are the tool's. Inputs that
# are not guests must be named as what they are.
set -uo pipefail

tool=$1
cache=${2:?usage: real-images.sh XSHIM_CHECK CACHE}
dir=$cache/images
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0
fail() { echo "real-images: FAIL: $*"; fails=$((fails + 1)); }
log() { echo "real-images: $*"; }

readnotes=$(ls /usr/lib/xen-*/bin/readnotes 2>/dev/null | sort -V | tail -n 1)
[[ -x $readnotes ]] || { log "no readnotes (xen-utils) to compare with: scripts/deps.sh tools-real"; exit 1; }

# fetch PACKAGE: the newest cached .deb of PACKAGE, downloaded with apt-get once.
fetch() {
  local pkg=$1 deb
  deb=$(ls -1 "$dir/${pkg}"_*.deb 2>/dev/null | sort -V | tail -n 1)
  if [[ -z $deb ]]; then
    (cd "$dir" && timeout 300 apt-get download -q "$pkg" >&2) ||
      { [[ $(id -u) -eq 0 ]] && timeout 300 apt-get update -q >&2 && (cd "$dir" && timeout 300 apt-get download -q "$pkg" >&2); } ||
      { log "cannot download $pkg with apt-get and none is cached in $dir"; return 1; }
    deb=$(ls -1 "$dir/${pkg}"_*.deb | sort -V | tail -n 1)
  fi
  echo "$deb"
}

# The kernel package linux-image-amd64 depends on, else the newest cached one.
kpkg=$(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null |
  sed -n 's/^Depends:.*\(linux-image-[0-9][^ ,]*\) (= .*/\1/p' | head -n 1)
if [[ -z $kpkg ]]; then
  kpkg=$(ls -1 "$dir"/linux-image-*_amd64.deb 2>/dev/null | sort -V | tail -n 1 | xargs -r basename | sed 's/_.*//')
fi
[[ -n $kpkg ]] || { log "cannot resolve linux-image-amd64 (apt-get update?) and no kernel is cached"; exit 1; }
kdeb=$(fetch "$kpkg") || exit 1
gdeb=$(fetch grub-xen-host) || exit 1
for deb in "$kdeb" "$gdeb"; do
  out=$dir/$(basename "$deb" .deb)
  [[ -f $out/.complete ]] && continue
  rm -rf "$out" && mkdir -p "$out" && dpkg-deb -x "$deb" "$out" && touch "$out/.complete" ||
    { log "cannot unpack $deb"; exit 1; }
done
vmlinuz=$(ls "$dir/$(basename "$kdeb" .deb)"/boot/vmlinuz-* | head -n 1)
grubdir=$dir/$(basename "$gdeb" .deb)/usr/lib/grub-xen

# The vmlinux inside the bzImage, unpacked without the tool: the first xz stream.
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -n 1 | cut -d: -f1)
if [[ -n $off ]]; then
  tail -c +"$((off + 1))" "$vmlinuz" | xz -dc 2>/dev/null >"$tmp/vmlinux"
fi

# readnotes' notes as NAME=value lines (numbers as 0x hex, lower case; arrays and unknown types
# counted, not compared), and the count of every Xen note it reported.
reference() {
  timeout 60 "$readnotes" "$1" 2>/dev/null | awk '
    /^unknown note type/ { n++; next }
    /^L1_MFN_VALID:/ { n++; next }
    /^[A-Z0-9_]+: / {
      n++; name = $1; sub(/:$/, "", name); v = $0; sub(/^[A-Z0-9_]+: */, "", v)
      if (v ~ /\([0-9]+ bytes\)$/) { sub(/ *\([0-9]+ bytes\)$/, "", v); gsub(/ /, "", v)
        if (v !~ /^0x/) v = sprintf("0x%x", v + 0) }
      if (v ~ /^0x/) v = tolower(v)
      print name "=" v
      next }
    END { print "#count=" n + 0 }'
}
# The tool's "Xen notes" block as NAME=value lines, and their count.
ours() {
  awk '
    /^Xen notes:/ { on = 1; next }
    on && /^[^ ]/ { on = 0 }
    on && /^  [A-Z0-9_]+ / {
      n++; name = $1; v = $0; sub(/^  [A-Z0-9_]+ +/, "", v)
      sub(/ \((NUL past|no NUL).*$/, "", v)
      if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2)
      print name "=" v }
    END { print "#count=" n + 0 }' "$1"
}

# check NAME IMAGE [ELF-for-readnotes]
check() {
  local name=$1 image=$2 elf=${3:-$2}
  checks=$((checks + 1))
  timeout 60 "$tool" image "$image" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    fail "$name: xshim-check image exits $rc"; sed 's/^/    /' "$tmp/$name.err"; return
  fi
  reference "$elf" >"$tmp/$name.ref"
  ours "$tmp/$name.out" >"$tmp/$name.ours"
  if ! grep -q '^[A-Z]' "$tmp/$name.ref"; then
    fail "$name: readnotes read no note from $elf"; return
  fi
  local missing
  missing=$(grep -vxF -f "$tmp/$name.ours" "$tmp/$name.ref")
  if [[ -n $missing ]]; then
    fail "$name: notes readnotes reads that xshim-check does not show alike:"; echo "$missing" | sed 's/^/    /'
    sed 's/^/    ours: /' "$tmp/$name.ours"
  fi
  local n_ref n_ours
  n_ref=$(sed -n 's/^#count=//p' "$tmp/$name.ref")
  n_ours=$(sed -n 's/^#count=//p' "$tmp/$name.ours")
  [[ $n_ref == "$n_ours" ]] || fail "$name: readnotes reports $n_ref Xen notes, xshim-check shows $n_ours"
  # The offers, by Xen's rules applied to readnotes' values.
  local ref=$tmp/$name.ref pv=no pvh=no
  if { grep -q '^LOADER=generic' "$ref" || grep -q '^GUEST_OS=linux' "$ref"; } && grep -q '^XEN_VERSION=xen-3\.0' "$ref"; then
    pv=yes
  fi
  grep -q '^PHYS32_ENTRY=' "$ref" && pvh=yes
  local got_pv=no got_pvh=no
  grep -Eq '^  pv(32|64) +offered:' "$tmp/$name.out" && got_pv=yes
  grep -Eq '^  pvh(32|64) +offered:' "$tmp/$name.out" && got_pvh=yes
  [[ $pv == "$got_pv" && $pvh == "$got_pvh" ]] ||
    fail "$name: offers PV $got_pv PVH $got_pvh; Xen's rules on readnotes' values give PV $pv PVH $pvh"
  # The container, against binutils: readelf -n walks the same regions by the gABI rules; the
  # Xen notes it lists (type, in file order) must be the tool's (its JSON), but for a note that
  # runs past its region, which readelf drops with a warning and Xen (and the tool) reads on.
  checks=$((checks + 1))
  local by_readelf by_tool past
  by_readelf=$(LC_ALL=C readelf -nW "$elf" 2>/dev/null | awk '$1 == "Xen" && NF >= 3 {
      if (match($0, /Unknown note type: \(0x[0-9a-f]+\)/)) t = substr($0, RSTART + 20, RLENGTH - 21)
      else if ($0 ~ /NT_VERSION/) t = 1
      else if ($0 ~ /NT_ARCH/) t = 2
      else if ($0 ~ /GO BUILDID/) t = 4 # readelf names some types whatever the owner
      else t = "?"
      printf "%s ", t }' | xargs -r printf '%d ' 2>/dev/null)
  timeout 60 "$tool" image --json "$image" >"$tmp/$name.json" 2>/dev/null
  by_tool=$(python3 -c 'import json, sys
for n in json.load(open(sys.argv[1]))["xen_notes"]: print(n["type"], end=" ")' "$tmp/$name.json")
  past=$(grep -c '^warning: *note at offset .* runs past the end of ' "$tmp/$name.out")
  local n_readelf n_tool
  n_readelf=$(wc -w <<<"$by_readelf"); n_tool=$(wc -w <<<"$by_tool")
  if [[ -z $by_readelf ]]; then
    fail "$name: readelf -n lists no Xen note in $elf"
  elif [[ ${by_tool:0:${#by_readelf}} != "$by_readelf" || $((n_tool - n_readelf)) -ne $past ]]; then
    fail "$name: Xen note types by readelf -n: $by_readelf; by xshim-check: $by_tool ($past past their region)"
  fi
  local more=""
  [[ $past -ne 0 ]] && more=" (+$past past its region: readelf drops it, Xen reads on)"
  log "$name: $n_ours Xen notes, $(grep -c '^[A-Z]' "$tmp/$name.ref") compared by value with readnotes, $n_readelf by type with readelf -n$more; PV $got_pv, PVH $got_pvh"
  sed -n '/^file:/p;/^warning:/p;/^  pv/p' "$tmp/$name.out" | sed 's/^/    /'
}

if [[ -s $tmp/vmlinux ]]; then
  check "$(basename "$vmlinuz")" "$vmlinuz" "$tmp/vmlinux"
  checks=$((checks + 1))
  grep -q '^file: *Linux bzImage, boot protocol [0-9.]*, payload at 0x[0-9a-f]*, 0x[0-9a-f]* bytes of xz, ' "$tmp/$(basename "$vmlinuz").out" ||
    fail "$(basename "$vmlinuz"): no 'file: Linux bzImage ... of xz' line"
else
  fail "no xz stream in $vmlinuz to unpack for readnotes"
fi
for g in grub-x86_64-xen.bin grub-i386-xen.bin grub-i386-xen_pvh.bin; do
  [[ -f $grubdir/$g ]] && check "$g" "$grubdir/$g" || fail "$g: not in $grubdir"
done

# Not guests: each named as what it is.
notguest() {
  local name=$1 image=$2 regex=$3
  checks=$((checks + 1))
  timeout 60 "$tool" image "$image" >"$tmp/$name.out" 2>"$tmp/$name.err"
  if ! grep -Eq "^not a guest: $regex" "$tmp/$name.out"; then
    fail "$name: not named /$regex/"; sed 's/^/    /' "$tmp/$name.out" "$tmp/$name.err"
  else
    log "$name: $(grep '^not a guest:' "$tmp/$name.out")"
  fi
}
xen=$(ls /boot/xen-*.gz 2>/dev/null | sort -V | tail -n 1)
[[ -n $xen ]] && notguest xen "$xen" 'the Xen hypervisor itself'
hvmloader=$(ls /usr/lib/xen-*/boot/hvmloader 2>/dev/null | tail -n 1)
[[ -n $hvmloader ]] && notguest hvmloader "$hvmloader" "Xen's HVM firmware \(hvmloader\)"
notguest ls /bin/ls 'an x86 ELF with no Xen notes'

if [[ $fails -ne 0 ]]; then
  echo "real-images: $fails of $checks checks failed"
  exit 1
fi
echo "real-images: all $checks checks passed"
