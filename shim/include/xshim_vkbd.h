/*
 * xshim_vkbd.h: a PV keyboard and pointer frontend (Xen's io/kbdif.h) that negotiates with
 * whatever backend the host runs (the vkbd table, xshim_negotiate.h) and takes its events.
 *
 *   xshim_vkbd_connect()     XenBus handshake: wait for InitWait, negotiate request-abs-pointer
 *                            and request-raw-pointer, share the page (page-ref: its frame, which
 *                            QEMU maps; page-gref: a grant, when the kernel gives a grant table),
 *                            Initialised; wait for Connected, Connected
 *   xshim_vkbd_poll()        copy the events the backend produced out of the shared ring, each
 *                            checked: an index beyond the ring, an unknown type, a key code
 *                            beyond Linux's KEY_MAX or a position outside the pointer's range
 *                            is refused or clamped with a named reason, never followed
 *   xshim_vkbd_disconnect()  Closing, Closed; the grant ended, the event channel closed
 *
 * C types only; no libc, no heap. docs/xenstore.md ("The keyboard and framebuffer") has more.
 */
#ifndef XSHIM_VKBD_H
#define XSHIM_VKBD_H

#include "xshim_frontend.h"
#include "xshim_xenbus.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes (-16xx: the keyboard and framebuffer frontends'). */
#define XSHIM_S_PV_BAD_INDEX                                                                       \
    (-1601)                              /* a ring index the backend wrote claims more events
                                          * than the ring holds: the ring is not followed */
#define XSHIM_S_PV_NOT_CONNECTED (-1602) /* poll/update/disconnect outside a connection */
#define XSHIM_S_PV_RING_FULL (-1603)     /* the out ring stayed full through the bounded wait */
#define XSHIM_S_PV_MODE (-1604)          /* a framebuffer mode the pages or limits cannot hold */

#define XSHIM_VKBD_KEY_MAX 0x2ffu /* Linux's KEY_MAX: codes beyond are not keys or buttons */

/* What became of one event (xshim_vkbd_event.note). */
#define XSHIM_VKBD_NOTES(F)                                                                        \
    F(OK, 0, "ok")                                                                                 \
    F(CLAMPED, 1, "clamped")             /* a position outside the range, clamped into it */       \
    F(UNKNOWN_TYPE, 2, "unknown-type")   /* a type this frontend does not take: skipped */         \
    F(BAD_KEYCODE, 3, "bad-keycode")     /* a key code beyond KEY_MAX: skipped */                  \
    F(NOT_REQUESTED, 4, "not-requested") /* a position without request-abs-pointer: skipped */
#define XSHIM_VKBD_NOTE_ENUM_(name, value, text) XSHIM_VKBD_NOTE_##name = (value),
enum xshim_vkbd_note { XSHIM_VKBD_NOTES(XSHIM_VKBD_NOTE_ENUM_) };

/* One event as the frontend took it. */
struct xshim_vkbd_event {
    uint32_t type;          /* XSHIM_KBDIF_TYPE_KEY, _MOTION, _POS, or the unknown type seen */
    uint32_t note;          /* enum xshim_vkbd_note */
    uint32_t pressed;       /* KEY: 1 pressed, 0 released (any non-zero byte is pressed) */
    uint32_t keycode;       /* KEY: Linux KEY_* / BTN_* */
    int32_t x, y, z;        /* MOTION: relative; POS: absolute (z relative, the wheel) */
    int32_t seen_x, seen_y; /* POS: as the backend wrote them, before any clamp */
};

/* What one connection uses, as negotiated. */
struct xshim_vkbd_use {
    uint32_t abs_pointer;   /* positions (XENKBD_TYPE_POS) instead of motions */
    uint32_t raw_pointer;   /* positions are raw, [0, 0x7fff] */
    uint32_t width, height; /* the pointer's range for scaled positions: the backend's width and
                             * height nodes, else the kernel's (range_width/height); 0: none */
    uint32_t evtchn;
};

struct xshim_vkbd_stats {
    uint32_t events, keys, positions, motions, clamped, skipped;
};

struct xshim_vkbd {
    /* Set by the kernel before connect. */
    void *page;            /* a page-aligned 4 KiB page of its own */
    uint64_t page_frame;   /* its frame (PV: machine frame; otherwise guest frame) */
    uint32_t gref;         /* the grant ref for page-gref (>= 8), or 0: no grant */
    uint32_t range_width;  /* the pointer's range when the backend names none (the */
    uint32_t range_height; /* framebuffer's size); 0: positions are not clamped */
    /* Filled by connect. */
    struct xshim_xenbus_dev dev;
    struct xshim_gnttab *gt;
    const struct xshim_verdict *verdict;
    const struct xshim_platform *platform;
    struct xshim_vkbd_use use;
    struct xshim_vkbd_stats stats;
    struct xshim_neg_result at_initwait; /* for xshim_neg_format */
    struct xshim_xenbus_values values;
    uint32_t connected;
    uint32_t step; /* XSHIM_BLKFRONT_STEP_* meanings: 1 negotiated, 2 published, 3 connected */
    uint32_t granted;
    uint32_t in_cons; /* our copy of the index we own */
};

/* Connect to the device at dir ("device/vkbd/0"). gt may be NULL when kbd->gref is 0.
 * XSHIM_S_OK, XSHIM_S_XB_REFUSED, XSHIM_S_TIMEOUT, XSHIM_S_XB_CLOSED, XSHIM_S_EINVAL, or a
 * XenStore, grant or event-channel status. On failure the device is left Closed. */
XSHIM_NODISCARD int32_t xshim_vkbd_connect(struct xshim_vkbd *kbd, struct xshim_xs *xs,
                                           const char *dir, const struct xshim_verdict *verdict,
                                           const struct xshim_platform *platform,
                                           struct xshim_gnttab *gt,
                                           const struct xshim_neg_limit *own);

/* Take up to max events out of the ring into out (*n of them, skipped ones included with their
 * note), and tell the backend the slots are free. XSHIM_S_OK (possibly *n == 0),
 * XSHIM_S_PV_BAD_INDEX (the backend's in_prod is more than a ring ahead: nothing is read, the
 * ring is resynchronised to it), XSHIM_S_PV_NOT_CONNECTED, XSHIM_S_EINVAL. */
XSHIM_NODISCARD int32_t xshim_vkbd_poll(struct xshim_vkbd *kbd, struct xshim_vkbd_event *out,
                                        uint32_t max, uint32_t *n);

/* Closing, the backend's Closing or Closed, Closed, its Closed (bounded); the grant ended, the
 * channel closed. XSHIM_S_OK or the first failure; XSHIM_S_PV_NOT_CONNECTED outside one. */
XSHIM_NODISCARD int32_t xshim_vkbd_disconnect(struct xshim_vkbd *kbd);

/* "ok", "clamped", ... for a note; "invalid" beyond. */
const char *xshim_vkbd_note_name(uint32_t note);
/* A short name for any status of these calls (and of xshim_vfb.h's): "pv-bad-index", ... */
const char *xshim_pv_status_name(int32_t status);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_VKBD_H */
