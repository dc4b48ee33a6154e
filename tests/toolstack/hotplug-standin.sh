#!/bin/sh
# tests/toolstack/hotplug-standin.sh (in the dom0 as /etc/xen/scripts/xshim-hotplug): the
# hotplug script libxl runs for the test bed's vbd and vif, given with `script=`. Debian's
# `block` and `vif-bridge` need bash, udev and a bridge; the backends only need these nodes.
#   add     (vbd)  physical-device = major:minor of the block device in `params`
#   online  (vif)  nothing to plumb: no bridge, the vif stays unattached
# Both write hotplug-status = connected, which libxl waits for.
case "$1" in
  add)
    dev=$(xenstore-read "$XENBUS_PATH/params") || exit 1
    majmin=$(stat -L -c '%t:%T' "$dev") || exit 1
    xenstore-write "$XENBUS_PATH/physical-device" "$majmin" ;;
  online) ;;
  remove|offline) exit 0 ;;
esac
xenstore-write "$XENBUS_PATH/hotplug-status" connected
