# tests/toolstack/scenarios/blkback-lib.sh: sourced by the blkback scenarios' hooks in dom0.
# wait_initwait: until domain DOMID's first vbd exists and its backend is at InitWait (2), at
# most 20 s; then FRONTEND and BACKEND are the two directories.
wait_initwait() {
  i=0
  while :; do
    dev=$(xenstore-list "/local/domain/$DOMID/device/vbd" 2>/dev/null | head -n 1)
    FRONTEND=/local/domain/$DOMID/device/vbd/$dev
    BACKEND=$([ -n "$dev" ] && xenstore-read "$FRONTEND/backend" 2>/dev/null)
    [ -n "$BACKEND" ] && [ "$(xenstore-read "$BACKEND/state" 2>/dev/null)" = 2 ] && break
    i=$((i + 1))
    [ $i -le 200 ] || { echo "domain $DOMID: no vbd backend at InitWait (backend '$BACKEND')"; return 1; }
    sleep 0.1
  done
  echo "backend $BACKEND at InitWait"
}

# reload_blkback [PARAM=VALUE ...]: blkback loaded again with these module parameters (its
# defaults when none are given), each printed as the module took it. No vbd may be connected.
reload_blkback() {
  { rmmod xen_blkback && insmod /modules/xen-blkback.ko "$@"; } ||
    { echo "reloading xen-blkback ($*) failed"; return 1; }
  took=""
  for p in "$@"; do took="$took ${p%%=*}=$(cat "/sys/module/xen_blkback/parameters/${p%%=*}")"; done
  echo "xen-blkback reloaded:${took:- with its defaults}"
}
