#!/usr/bin/env bash
# tests/boot/boot-one.sh: boot one guest image, bounded by `timeout`, and report its verdict.
#
#   boot-one.sh MODE GUEST.elf LOG [options]
#     MODE  xen-pv    the guest as 64-bit PV dom0 of the real Xen (QEMU -kernel xen -initrd guest)
#           xen-pvh   the guest as PVH dom0 (dom0=pvh iommu=1, -device amd-iommu)
#           noxen     the PVH image started by QEMU alone (-kernel guest), debugcon on stdio
#     LOG   the whole console log is written here
#   options
#     --xen FILE       the Xen ELF (needed for xen-*; scripts/fetch-xen.sh REL amd64 gives one)
#     --timeout SEC    wall-clock bound for QEMU (default 60)
#     --expect REGEX   the verdict line must match this extended regex (default: any)
#     --xen-args ARGS  extra Xen command-line words (e.g. "loglvl=all guest_loglvl=all")
#     --release REL    (xen-* modes) the Xen must say it is release REL ("4.20": banner 4.20.x)
#     --xen-refuses RE (xen-* modes) Xen itself must refuse to build the domain: its log matches
#                      RE, it panics, and the guest never runs (no xshim line)
#     --check-release  (xen-* modes) the release the verdict names ("Xen 4.17.7") must be the one
#                      Xen's own banner printed ("(XEN) Xen version 4.17.7 ..."), and the CPUID
#                      release ("cpuid=0x40000000:4.17") its major.minor: whatever Xen this is
#
# Prints every "xshim...: " line the guest wrote, then one summary line with the time taken.
# The verdict is the first line that starts "xshim: " or "xshim-bringup: ". Fails (status 1),
# printing the tail of the log, when QEMU times out, no verdict line appears or it does not
# match --expect. QEMU's exit status alone does not tell pass from fail (a Xen reboot and
# QEMU's exit device both end it), so the log is what counts.
set -euo pipefail

usage() { sed -n '2,23p' "$0" >&2; exit 2; }
source "$(dirname "$0")/boot-args.sh" "$@"
xen_cmdline="console=com1 com1=115200 dom0_mem=64M"
case $mode in
  xen-pv)
    [[ -f $xen ]] || { echo "boot-one: --xen FILE needed for $mode" >&2; exit 2; }
    cmd=(qemu-system-x86_64 -machine q35 -cpu max -m 512 -nic none -nographic -no-reboot
         -kernel "$xen" -append "$xen_cmdline $xen_args" -initrd "$guest") ;;
  xen-pvh)
    [[ -f $xen ]] || { echo "boot-one: --xen FILE needed for $mode" >&2; exit 2; }
    cmd=(qemu-system-x86_64 -machine q35 -cpu max -m 512 -nic none -nographic -no-reboot
         -kernel "$xen" -append "$xen_cmdline dom0=pvh iommu=1 $xen_args"
         -device amd-iommu -initrd "$guest") ;;
  noxen)
    cmd=(qemu-system-x86_64 -machine q35 -cpu max -m 128 -nic none -display none -serial none -no-reboot
         -debugcon stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$guest") ;;
  *) usage ;;
esac

source "$(dirname "$0")/run-and-check.sh"
