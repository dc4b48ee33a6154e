# tests/toolstack/scenarios/disk-fill.sh DISK: sourced by a block scenario's .pre hook in dom0.
# Fills DISK (a block device, or an image file it creates) with 4 MiB of random sectors and keeps
# a copy, so the .post hook can hash what the guest read as it was before the guest ran.
disk=$1
dd if=/dev/urandom of="$disk" bs=4096 count=1024 2>/dev/null || exit 1
dd if="$disk" of="/tmp/$SCENARIO.before" bs=4096 2>/dev/null || exit 1
echo "filled $disk with $(($(wc -c <"/tmp/$SCENARIO.before") / 512)) random sectors"
