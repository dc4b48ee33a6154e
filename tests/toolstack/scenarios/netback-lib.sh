# tests/toolstack/scenarios/netback-lib.sh: sourced by the netback scenarios' hooks in dom0.
# The guest (guest-boot/netio.cpp) answers ARP and ICMP echo for 169.254.77.2 on its vif; dom0
# takes 169.254.77.1 on its end, vif$DOMID.0 (link-local: the outer QEMU has no NIC at all).
GUEST_IP=169.254.77.2
DOM0_IP=169.254.77.1

# wait_guest_line REGEX [TENTHS]: until the guest's console log has a line matching REGEX
# (bounded, default 40 s).
wait_guest_line() {
  i=0
  until grep -qE "$1" "$GUEST_LOG" 2>/dev/null; do
    i=$((i + 1))
    [ $i -le "${2:-400}" ] || { echo "the guest never printed /$1/"; return 1; }
    sleep 0.1
  done
}

# vif_up: dom0's end of the guest's vif (vif$DOMID.$DOMID_VIF, default the first) with DOM0_IP, IPv6 off first (so dom0 sends nothing of
# its own: no router solicitation, no duplicate address detection), link up.
vif_up() {
  VIF=vif$DOMID.${DOMID_VIF:-0}
  i=0
  until [ -d /sys/class/net/$VIF ]; do
    i=$((i + 1))
    [ $i -le 100 ] || { echo "no $VIF in dom0"; return 1; }
    sleep 0.1
  done
  [ -f /proc/sys/net/ipv6/conf/$VIF/disable_ipv6 ] && echo 1 >/proc/sys/net/ipv6/conf/$VIF/disable_ipv6
  ip addr add $DOM0_IP/24 dev $VIF && ip link set $VIF up || { echo "cannot configure $VIF"; return 1; }
  echo "dom0 $VIF: $(ip -4 addr show dev $VIF | awk '/inet / { print $2 }') up"
}

# ping_guest COUNT: dom0 pings the guest, each reply waited for at most 10 s; ping's output.
ping_guest() {
  ping -c "$1" -W 10 $GUEST_IP 2>&1
}

# vif_stats: dom0's counters of the vif (tx: dom0 to the guest; rx: the guest to dom0).
vif_stats() {
  s=/sys/class/net/$VIF/statistics
  echo "vif-stats $VIF tx_packets=$(cat $s/tx_packets) tx_bytes=$(cat $s/tx_bytes)" \
       "rx_packets=$(cat $s/rx_packets) rx_bytes=$(cat $s/rx_bytes)" \
       "tx_dropped=$(cat $s/tx_dropped) rx_dropped=$(cat $s/rx_dropped)"
}

# guest_done: ask the guest to stop serving (it prints its counters and disconnects).
guest_done() {
  xenstore-write /local/domain/$DOMID/data/xshim-net done || echo "cannot write data/xshim-net"
}

# reload_netback [PARAM=VALUE ...]: netback loaded again with these module parameters (its
# defaults when none are given), each printed as the module took it. No vif may exist.
reload_netback() {
  { rmmod xen_netback && insmod /modules/xen-netback.ko "$@"; } ||
    { echo "reloading xen-netback ($*) failed"; return 1; }
  took=""
  for p in "$@"; do took="$took ${p%%=*}=$(cat "/sys/module/xen_netback/parameters/${p%%=*}")"; done
  echo "xen-netback reloaded:${took:- with its defaults}"
}
