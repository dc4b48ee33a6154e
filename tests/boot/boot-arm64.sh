#!/usr/bin/env bash
# tests/boot/boot-arm64.sh: boot the Arm64 guest image, bounded by `timeout`, and report its
# verdict (the Arm64 counterpart of boot-one.sh, same output and options).
#
#   boot-arm64.sh MODE GUEST.bin LOG [options]
#     MODE  xen-arm64    the guest as dom0 of Debian's Xen Arm64 under qemu-system-aarch64
#                        (virt, EL2, GICv3): QEMU's own device tree, dumped and given Xen's
#                        /chosen entries and the guest as module@44000000 (TESTBED.md "Arm64")
#           noxen-arm64  the same image started by QEMU alone at EL1 (-kernel guest.bin): no
#                        /hypervisor node; the guest says its refusal on the PL011 and powers off
#                        through PSCI
#     LOG   the whole console log is written here (the edited device tree beside it, LOG.dtb)
#   options
#     --xen FILE       the Xen Arm64 Image (xen-arm64; scripts/fetch-xen.sh REL arm64)
#     --timeout SEC    wall-clock bound for each QEMU run (default 60)
#     --expect REGEX   the verdict line must match this extended regex (default: any)
#     --xen-args ARGS  extra Xen command-line words
#     --release REL    (xen-* modes) the Xen must say it is release REL ("4.20": banner 4.20.x)
#     --xen-refuses RE (xen-* modes) Xen itself must refuse to build the domain: its log matches
#                      RE, it panics, and the guest never runs (no xshim line)
#     --check-release  (xen-arm64) the release the verdict names ("Xen 4.17.7") must be the one
#                      Xen's banner printed, and the device tree's ("dt=4.17") its major.minor
#
# Prints every "xshim...: " line the guest wrote, then one summary line with the time taken.
# Fails (status 1), printing the tail of the log, when QEMU times out, no verdict line appears
# or it does not match --expect. QEMU's exit status does not tell pass from fail (a reboot and
# a PSCI power-off both end it with 0): the log is what counts.
set -euo pipefail

usage() { sed -n '2,28p' "$0" >&2; exit 2; }
source "$(dirname "$0")/boot-args.sh" "$@"
mkdir -p "$(dirname "$log")"

# Xen needs EL2 (virtualization=on; without it Xen hangs silently) and takes dom0's memory from
# dom0_mem (without it a run takes seconds longer). -nic none: no NIC with user networking, so no
# test traffic can leave the machine; the device tree dumped with the same options matches.
machine=(-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -m 1024 -smp 1 -nic none)
module_addr=0x44000000
xen_cmdline="console=dtuart dom0_mem=128M"

case $mode in
  xen-arm64)
    [[ -f $xen ]] || { echo "boot-arm64: --xen FILE needed for $mode" >&2; exit 2; }
    dtb="$log.dtb"
    rm -f "$dtb"
    timeout --kill-after=5 "$limit" qemu-system-aarch64 "${machine[@]}" -nographic \
      -machine dumpdtb="$dtb" </dev/null >"$log" 2>&1 \
      || { [[ -s $dtb ]] || { echo "boot-arm64: QEMU did not dump its device tree:"; cat "$log"; exit 1; }; }
    size=$(stat -c %s "$guest")
    fdtput -t i "$dtb" /chosen '#address-cells' 2
    fdtput -t i "$dtb" /chosen '#size-cells' 2
    fdtput -t s "$dtb" /chosen xen,xen-bootargs "$xen_cmdline $xen_args"
    fdtput -c "$dtb" "/chosen/module@${module_addr#0x}"
    fdtput -t s "$dtb" "/chosen/module@${module_addr#0x}" compatible multiboot,kernel multiboot,module
    fdtput -t x "$dtb" "/chosen/module@${module_addr#0x}" reg 0 "${module_addr#0x}" 0 "$(printf %x "$size")"
    cmd=(qemu-system-aarch64 "${machine[@]}" -nographic -no-reboot -kernel "$xen" -dtb "$dtb"
         -device "loader,file=$guest,addr=$module_addr,force-raw=on") ;;
  noxen-arm64)
    cmd=(qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57 -m 1024 -smp 1 -nic none -nographic
         -no-reboot -kernel "$guest") ;;
  *) usage ;;
esac

source "$(dirname "$0")/run-and-check.sh"
