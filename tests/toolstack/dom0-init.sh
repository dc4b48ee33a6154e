#!/bin/busybox sh
# tests/toolstack/dom0-init.sh: /init of the test bed's dom0 (Debian's kernel, PV dom0 of
# Xen 4.17 under QEMU). Brings up what a toolstack host has (xenstored, xen-init-dom0,
# xenconsoled, the backend modules and a ramdisk for vbds), then runs every
# /scenarios/*.cfg with `xl create` and prints, per domU, between markers on the console:
#
#   @@ts begin NAME                      @@ts end NAME
#   @@ts section xl|shutdown|console|dmesg|xenstore-backend|xenstore-frontend|pre|post
#   |<a line of that section>     (the "|" tells them from Xen's own lines on the same serial)
#
# A scenario NAME.cfg may come with hooks, run under sh with SCENARIO (the domain's name),
# GUEST_LOG (its console log) and, once it exists, DOMID set, each bounded to 60 s:
#   NAME.pre      before `xl create` (fill the disk, load a backend with other parameters)
#   NAME.paused   the domain is created paused (`xl create -p`): its backends are set up and
#                 have written their nodes, its frontend has not run; the hook may change the
#                 store (remove a feature node, write a hostile value), then it is unpaused
#   NAME.running  while the domain runs (detach a disk and attach it again)
#   NAME.post     after the domain shut down (hash what it wrote)
#   NAME.cleanup  after it was destroyed (put a backend's parameters back)
# Their output is printed as sections pre, paused, running, post and cleanup.
#
# run.sh on the host cuts the QEMU log along these markers. Every wait is bounded; the run ends
# with a reboot through sysrq (a poweroff would leave QEMU running), which QEMU's -no-reboot
# turns into an exit.
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin:/usr/lib/xen-4.17/bin
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu

say() { echo "@@ts $*"; }
quote() { sed 's/^/|/'; }
finish() {
  say "done $1"
  sync
  echo b >/proc/sysrq-trigger
  sleep 5
}
# Uptime in centiseconds, for the timings of each step.
now() { awk '{ printf "%d", $1 * 100 }' /proc/uptime; }
step() { say "step $1 $(now)"; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mkdir -p /run/xen /run/xenstored /var/run/xen /var/log/xen/console /var/lib/xen /var/lib/xenstored
echo 1 >/proc/sys/kernel/sysrq
# A host name, so that identity files (`xshim-check host --json`) from this bed are told apart
# from other hosts' (the kernel's default is "(none)"); run.sh checks the identity carries it.
hostname xshim-dom0
say "dom0 hostname $(hostname)"
step init

# Kernel arguments: ts.timeout=SECONDS bounds each domU (default 30).
dom_limit=30
for a in $(cat /proc/cmdline); do
  case $a in ts.timeout=*) dom_limit=${a#ts.timeout=} ;; esac
done

for m in xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc xen-blkback xen-netback; do
  insmod /modules/$m.ko || { say "fatal insmod $m failed"; finish fail; }
done
insmod /modules/brd.ko rd_nr=1 rd_size=4096 || { say "fatal insmod brd failed"; finish fail; }
mount -t xenfs xenfs /proc/xen || { say "fatal cannot mount xenfs"; finish fail; }
step modules

xenstored --pid-file /run/xenstored.pid >/tmp/xenstored.log 2>&1
i=0
until xenstore-read / >/dev/null 2>&1; do
  i=$((i + 1))
  [ $i -le 100 ] || { say "fatal xenstored did not answer within 10 s"; cat /tmp/xenstored.log; finish fail; }
  sleep 0.1
done
step xenstored
xen-init-dom0 >/tmp/xen-init-dom0.log 2>&1 || { say "fatal xen-init-dom0 failed"; cat /tmp/xen-init-dom0.log; finish fail; }
xenconsoled --log=guest --log-dir=/var/log/xen/console --pid-file=/run/xenconsoled.pid \
  >/tmp/xenconsoled.log 2>&1 || { say "fatal xenconsoled failed"; cat /tmp/xenconsoled.log; finish fail; }
step daemons
say "dom0 xl-info-version $(xl info 2>/dev/null | awk -F': ' '/^xen_version/ { print $2 }')"
# The operator tool, when the initramfs has it (run.sh --check): this Xen's identity as
# `xshim-check host --json` reads it through the real libxenctrl, between identity markers.
if [ -x /usr/bin/xshim-check ]; then
  timeout 60 xshim-check host --json >/tmp/identity.json 2>/tmp/identity.err
  rc=$?
  say "identity begin"
  quote </tmp/identity.json
  say "identity end status=$rc"
  sed 's/^/@@ts identity stderr /' /tmp/identity.err
  step identity
fi

# A scenario's hook, if it has one (see the top): its output as a section of the same name.
hook() {
  [ -f "$base.$1" ] || return 0
  say "section $1"
  timeout 60 sh "$base.$1" 2>&1 | quote
}

# One scenario: create, wait (bounded) until the domain has shut down, collect, destroy.
run_scenario() {
  cfg=$1
  name=$(sed -n 's/^name *= *"\([^"]*\)".*/\1/p' "$cfg")
  say "begin $name"
  base=${cfg%.cfg}
  export SCENARIO=$name GUEST_LOG=/var/log/xen/console/guest-$name.log DOMID=
  hook pre
  paused=
  [ -f "$base.paused" ] && paused=-p
  xl dmesg -c >/dev/null 2>&1
  t0=$(now)
  # -F: xl stays in the foreground and logs the shutdown reason it sees and the action
  # (on_poweroff / on_crash / ...) it takes.
  timeout $((dom_limit + 10)) xl -v create -F $paused "$cfg" >/tmp/xl-$name.log 2>&1 &
  xlpid=$!
  if [ -n "$paused" ] || [ -f "$base.running" ]; then
    # Until the domain is there (bounded), then the hooks; a paused domain is let run.
    i=0
    until DOMID=$(xl domid "$name" 2>/dev/null); do
      i=$((i + 1))
      [ $i -le 200 ] || break
      sleep 0.1
    done
    export DOMID
    if [ -n "$paused" ]; then
      hook paused
      xl unpause "$name" >/dev/null 2>&1
    fi
    hook running
  fi
  # Wait (bounded) for xl's own report of the shutdown and the action it took; grep on its log
  # is cheap, where polling `xl list` would take the one vCPU from the domain being built.
  i=0
  while [ $i -lt $((dom_limit * 10)) ]; do
    grep -q 'Action for shutdown reason' /tmp/xl-$name.log && break
    kill -0 $xlpid 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
  done
  t1=$(now)
  # The domain as xl list sees it now: "s" shut down, "c" crashed; gone if its action destroyed it.
  domid=$(sed -n 's/.*(domid \([0-9]*\)).*/\1/p' /tmp/xl-$name.log | head -n 1)
  state=$(xl list "$name" 2>/dev/null | awk 'NR == 2 { print $5 }')
  say "timing $name create->shutdown-cs=$((t1 - t0)) state=${state:-gone} domid=${domid:-none}"
  say "section xenstore-backend"
  [ -n "$domid" ] && for c in vbd qdisk vif vkbd vfb console; do
    xenstore-ls -f /local/domain/0/backend/$c/$domid 2>/dev/null
  done | quote
  say "section xenstore-frontend"
  [ -n "$domid" ] && xenstore-ls -f /local/domain/$domid/device 2>/dev/null | quote
  say "section dmesg"
  xl dmesg 2>&1 | quote
  say "section console"
  # xenconsoled may still be writing the last bytes it drained.
  sleep 0.2
  quote </var/log/xen/console/guest-$name.log 2>/dev/null
  DOMID=$domid hook post
  say "section shutdown"
  grep -E 'has shut down|Action for shutdown|reason code' /tmp/xl-$name.log | quote
  say "section xl"
  quote </tmp/xl-$name.log
  [ -n "$domid" ] && timeout 20 xl destroy "$domid" >/dev/null 2>&1
  kill $xlpid 2>/dev/null
  wait $xlpid 2>/dev/null
  hook cleanup
  say "end $name"
}

for cfg in /scenarios/*.cfg; do
  run_scenario "$cfg"
done
step scenarios
finish ok
