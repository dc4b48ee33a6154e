# tests/toolstack/scenarios/disk-hash.sh DISK: sourced by a block scenario's .post hook in dom0.
# Hashes the sectors the guest says it read (as they were before it ran) and wrote (as they are
# on DISK now), for run.sh's "io" expectation; then what dom0's kernel said of the device.
disk=$1
sed -n 's/^xshim-guest: vbd [0-9]* read \([0-9]*\)+\([0-9]*\) .*/\1 \2/p' "$GUEST_LOG" |
  while read -r s n; do echo "read $(blkhash "/tmp/$SCENARIO.before" "$s" "$n")"; done
sed -n 's/^xshim-guest: vbd [0-9]* wrote \([0-9]*\)+\([0-9]*\) .*/\1 \2/p' "$GUEST_LOG" |
  while read -r s n; do echo "wrote $(blkhash "$disk" "$s" "$n")"; done
dmesg | grep -iE 'blk|vbd' | tail -n 20 | sed 's/^/dom0: /'
