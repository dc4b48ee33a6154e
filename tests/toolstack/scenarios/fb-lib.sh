# tests/toolstack/scenarios/fb-lib.sh: what the framebuffer scenarios' hooks share (sourced).
# fb_wait_line REGEX SECONDS: until the guest's console log has a matching line (bounded).
fb_wait_line() {
  i=0
  until grep -qE "$1" "$GUEST_LOG" 2>/dev/null; do
    i=$((i + 1))
    [ $i -le $(($2 * 10)) ] || { echo "no line /$1/ in the guest's console within $2 s"; return 1; }
    sleep 0.1
  done
}
# fb_qmp COMMAND...: through QEMU's QMP socket of this domain (tests/toolstack/qmp.c).
fb_qmp() { qmp "/var/run/xen/qmp-libxl-$DOMID" "$@"; }
fb_key() { # QCODE DOWN(true|false)
  fb_qmp "{\"execute\":\"input-send-event\",\"arguments\":{\"events\":[{\"type\":\"key\",\"data\":{\"down\":$2,\"key\":{\"type\":\"qcode\",\"data\":\"$1\"}}}]}}"
}
fb_abs() { # X Y (0..0x7fff each)
  fb_qmp "{\"execute\":\"input-send-event\",\"arguments\":{\"events\":[{\"type\":\"abs\",\"data\":{\"axis\":\"x\",\"value\":$1}},{\"type\":\"abs\",\"data\":{\"axis\":\"y\",\"value\":$2}}]}}"
}
fb_btn() { # BUTTON DOWN(true|false)
  fb_qmp "{\"execute\":\"input-send-event\",\"arguments\":{\"events\":[{\"type\":\"btn\",\"data\":{\"down\":$2,\"button\":\"$1\"}}]}}"
}
# fb_screenshot: QEMU's screendump of the domain's console, brought out of the emulated machine
# gzipped and in base64 between markers (run.sh decodes it into the scenario's screenshot.ppm).
fb_screenshot() {
  # A moment for Xen's own "(dN)" copy of the guest's last line (PVH: port 0xe9), which shares
  # dom0's serial line, to go out before the base64 does.
  sleep 1
  rm -f /tmp/fb-shot.ppm
  fb_qmp "{\"execute\":\"screendump\",\"arguments\":{\"filename\":\"/tmp/fb-shot.ppm\"}}" || return 1
  [ -s /tmp/fb-shot.ppm ] || { echo "screendump wrote no file"; return 1; }
  echo "screenshot $(wc -c </tmp/fb-shot.ppm) bytes, header $(head -c 15 /tmp/fb-shot.ppm | tr '\n' ' ')"
  echo "@@screenshot-begin"
  gzip -c /tmp/fb-shot.ppm | base64
  echo "@@screenshot-end"
}
# fb_wait_backend CLASS: until QEMU's backend of this domain's CLASS/0 reached InitWait (it has
# written its feature nodes then), bounded to 20 s.
fb_wait_backend() {
  i=0
  until [ "$(xenstore-read "/local/domain/0/backend/$1/$DOMID/0/state" 2>/dev/null)" = 2 ]; do
    i=$((i + 1))
    [ $i -le 200 ] || { echo "$1 backend not at InitWait within 20 s"; return 1; }
    sleep 0.1
  done
}
