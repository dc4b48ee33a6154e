#!/usr/bin/env bash
# tests/toolstack/build-initramfs.sh OUT.cpio KERNEL_DIR GUEST_DIR SCENARIO_DIR [TOOLS_DIR]: the dom0's
# initramfs (newc cpio, uncompressed: it builds in about a second and Xen loads it as is).
#
#   /init                      tests/toolstack/dom0-init.sh
#   /bin/busybox               busybox-static; init installs its applets
#   /usr/lib/xen-4.17/bin/     xl, xenstored (cxenstored), xenconsoled, xen-init-dom0
#   /usr/bin/xenstore*         the xenstore tools (one binary, named by argv[0])
#   /lib..., /lib64/...        every library ldd lists for them, plus libgcc_s.so.1, which
#                              glibc loads at run time (without it `xl create` aborts)
#   /etc/xen/xl.conf, /etc/xen/scripts/xshim-hotplug (the stand-in hotplug script)
#   /usr/libexec/xen-qemu-system-i386 and /usr/share/qemu/keymaps/en-us (qemu-system-xen,
#                              qemu-system-data): QEMU's Xen backends (qdisk, vkbd, vfb), which
#                              libxl starts in the dom0 by itself; only when a scenario uses them
#   /modules/*.ko              from KERNEL_DIR (fetch-kernel.sh)
#   /guests/*.elf              the guest images the scenarios name
#   /scenarios/*.cfg           the xl configurations (tests/toolstack/scenarios), with their
#                              hooks (*.pre, *.paused, *.post, *.cleanup)
#   /usr/bin/...               the test bed's own static tools (TOOLS_DIR: blkhash)
#   /usr/bin/xshim-check       when XSHIM_CHECK names it (run.sh --check): the operator tool,
#                              with the libraries ldd lists for it; it dlopens libxenctrl, which
#                              xl already brings
# Everything comes from Debian packages on this host (xen-utils-4.17, xenstore-utils,
# busybox-static) and from this build; nothing is downloaded here.
set -euo pipefail

out=${1:?usage: build-initramfs.sh OUT.cpio KERNEL_DIR GUEST_DIR SCENARIO_DIR}
kernel_dir=${2:?} guest_dir=${3:?} scenario_dir=${4:?} tools_dir=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
xenbin=/usr/lib/xen-4.17/bin
die() { echo "build-initramfs: $*" >&2; exit 1; }

root=$out.root
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,dev,proc,sys,run,tmp,modules,guests,scenarios,etc/xen/scripts} \
         "$root"/{usr/bin,var/log/xen,var/lib/xen,var/lib/xenstored,var/run,var/lock} "$root$xenbin"

busybox=$(command -v busybox) || die "busybox not found (Debian package busybox-static)"
ldd "$busybox" >/dev/null 2>&1 && die "$busybox is dynamically linked (install busybox-static)"
cp "$busybox" "$root/bin/busybox"

progs=()
for p in xl xenstored xenconsoled xen-init-dom0; do
  [[ -x $xenbin/$p ]] || die "$xenbin/$p missing (Debian package xen-utils-4.17)"
  cp "$xenbin/$p" "$root$xenbin/"; progs+=("$xenbin/$p")
done
[[ -x /usr/bin/xenstore ]] || die "/usr/bin/xenstore missing (Debian package xenstore-utils)"
cp /usr/bin/xenstore "$root/usr/bin/"; progs+=(/usr/bin/xenstore)
for n in read write ls list exists rm chmod watch; do ln -s xenstore "$root/usr/bin/xenstore-$n"; done

# QEMU as the device model of PV domains with QEMU-backed devices (backendtype=qdisk, vfb, vkb):
# without the keymap it exits at once and xl says "device model did not start: -26".
qemu=/usr/libexec/xen-qemu-system-i386
hvm=""
grep -qE '^ *type *= *"hvm"' "$scenario_dir"/*.cfg && hvm=1
if [[ -n $hvm ]] || grep -qE 'backendtype *= *qdisk|^ *vfb *=|^ *vkb *=' "$scenario_dir"/*.cfg; then
  [[ -x $qemu ]] || die "$qemu missing (Debian package qemu-system-xen)"
  [[ -f /usr/share/qemu/keymaps/en-us ]] || die "/usr/share/qemu/keymaps/en-us missing (Debian package qemu-system-data)"
  mkdir -p "$root/usr/libexec" "$root/usr/share/qemu/keymaps"
  cp "$qemu" "$root/usr/libexec/"
  cp /usr/share/qemu/keymaps/en-us "$root/usr/share/qemu/keymaps/"
  progs+=("$qemu")
fi
# An HVM domain (type = "hvm"): libxl loads Xen's hvmloader and hands it Debian's SeaBIOS as a
# module; QEMU, its device model, starts the domain's kernel= through an option ROM (pvh.bin for
# an ELF with a PVH entry note, multiboot*.bin, linuxboot*.bin) it reads from its data folder.
if [[ -n $hvm ]]; then
  for f in /usr/lib/xen-4.17/boot/hvmloader /usr/share/seabios/bios-256k.bin \
           /usr/share/qemu/{pvh,multiboot,multiboot_dma,linuxboot,linuxboot_dma,kvmvapic}.bin; do
    [[ -f $f ]] || die "$f missing (Debian packages xen-utils-4.17, seabios, qemu-system-data)"
    mkdir -p "$root$(dirname "$f")"
    cp -L "$f" "$root$f"
  done
fi
if [[ -n ${XSHIM_CHECK:-} ]]; then
  [[ -x $XSHIM_CHECK ]] || die "XSHIM_CHECK=$XSHIM_CHECK is not an executable (make tools)"
  install -m 755 "$XSHIM_CHECK" "$root/usr/bin/xshim-check"; progs+=("$XSHIM_CHECK")
fi
# Libraries: what ldd lists, at the same paths, plus libgcc_s (dlopen'd by glibc).
# awk reads to the end: an early exit would leave ldconfig writing into a closed pipe, and under
# pipefail its SIGPIPE (status 141) would end this script, depending on scheduling.
libgcc=$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ && !found { print $NF; found = 1 }')
[[ -n $libgcc ]] || die "libgcc_s.so.1 not found"
{ for p in "${progs[@]}"; do ldd "$p"; done; echo "x => $libgcc (0)"; } |
  awk '/=> \// { print $3 } /^[ \t]*\/lib64\// { print $1 }' | sort -u |
  while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
grep -q 'not found' < <(for p in "${progs[@]}"; do ldd "$p"; done) && die "a library is missing for the Xen tools"

cp /etc/xen/xl.conf "$root/etc/xen/xl.conf" 2>/dev/null || : >"$root/etc/xen/xl.conf"
install -m 755 "$here/hotplug-standin.sh" "$root/etc/xen/scripts/xshim-hotplug"
install -m 755 "$here/dom0-init.sh" "$root/init"

cp "$kernel_dir"/modules/*.ko "$root/modules/"
cp "$scenario_dir"/*.cfg "$root/scenarios/"
for hook in "$scenario_dir"/*.{pre,paused,running,post,cleanup,sh}; do
  [[ -f $hook ]] && cp "$hook" "$root/scenarios/"
done
if [[ -n $tools_dir ]]; then
  for t in "$tools_dir"/*; do
    ldd "$t" >/dev/null 2>&1 && die "$t is dynamically linked: the dom0 tools must be static"
    install -m 755 "$t" "$root/usr/bin/"
  done
fi
# The guest images the scenarios boot: kernel = "/guests/NAME.elf".
for img in $(sed -n 's|^kernel *= *"/guests/\([^"]*\)".*|\1|p' "$scenario_dir"/*.cfg | sort -u); do
  [[ -f $guest_dir/$img ]] || die "scenario needs $guest_dir/$img (make guests)"
  cp "$guest_dir/$img" "$root/guests/"
done

(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$root"
