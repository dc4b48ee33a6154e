/*
 * xshim_vfb.h: a PV framebuffer frontend (Xen's io/fbif.h) that negotiates with whatever
 * backend the host runs (the vfb table, xshim_negotiate.h) and shows what the kernel draws.
 *
 *   xshim_vfb_connect()     XenBus handshake: wait for InitWait, negotiate (protocol,
 *                           feature-update, feature-resize, videoram); write the mode into the
 *                           shared page and the framebuffer's page directory: pd[] names the
 *                           directory pages, which list the framebuffer's frames, each an
 *                           unsigned long of the frontend's ABI (8 bytes x86_64, 4 x86_32);
 *                           publish page-ref, event-channel, protocol, feature-update,
 *                           Initialised; wait for Connected, read request-update, Connected
 *   xshim_vfb_update()      tell the backend a rectangle changed (when it asked: request-update)
 *   xshim_vfb_resize()      a new mode within the same memory (when it offers feature-resize)
 *   xshim_vfb_poll()        take the backend's in events (refresh period; others ignored)
 *   xshim_vfb_disconnect()  Closing, Closed; the event channel closed
 *
 * Memory is the kernel's: the shared page, the directory pages and the framebuffer pages, with
 * their frames (PV: machine frames). QEMU's backend maps them as foreign memory by frame, not
 * by grant; fbif.h has no grant node. The backend is untrusted: an out_cons beyond what was
 * produced, or an in_prod more than a ring ahead, is a named fault, never followed.
 *
 * C types only; no libc, no heap. docs/xenstore.md ("The keyboard and framebuffer") has more.
 */
#ifndef XSHIM_VFB_H
#define XSHIM_VFB_H

#include "xshim_vkbd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XSHIM_VFB_DIR_PAGES_MAX 4u /* 4 x 512 frames: 8 MiB of framebuffer at 8-byte entries */

struct xshim_vfb_mode {
    uint32_t width, height; /* pixels */
    uint32_t depth;         /* bits per pixel: 8, 16, 24 or 32 */
    uint32_t line_length;   /* bytes per row, >= width * depth / 8 */
};

struct xshim_vfb_pages {
    void *page; /* the shared page (page-aligned 4 KiB) */
    uint64_t page_frame;
    void *dir[XSHIM_VFB_DIR_PAGES_MAX]; /* directory pages, as many as the frames need */
    uint64_t dir_frames[XSHIM_VFB_DIR_PAGES_MAX];
    uint32_t nr_dir;
    void *fb;                  /* nr_fb pages, virtually contiguous */
    const uint64_t *fb_frames; /* the frame of each framebuffer page */
    uint32_t nr_fb;
};

/* What one connection uses. */
struct xshim_vfb_use {
    struct xshim_vfb_mode mode; /* as written to the page (height lowered to fit videoram) */
    uint32_t mem_length;        /* bytes of framebuffer published */
    uint32_t update;            /* the backend asked for update events (request-update) */
    uint32_t resize;            /* the backend takes resize events (feature-resize) */
    uint32_t videoram_mib;      /* the toolstack's limit, 0: none */
    uint32_t height_clamped;    /* 1: the kernel's height did not fit videoram */
    uint32_t evtchn;
    uint32_t refresh_period_ms; /* the last refresh-period event, or ~0 when none came */
};

struct xshim_vfb_stats {
    uint32_t updates, resizes, in_events, unknown_in;
};

struct xshim_vfb {
    /* Set by the kernel before connect. */
    struct xshim_vfb_pages pages;
    struct xshim_vfb_mode mode; /* wanted */
    uint32_t rounds;            /* relax() rounds a full out ring is waited for; 0: platform's */
    /* Filled by connect. */
    struct xshim_xenbus_dev dev;
    const struct xshim_verdict *verdict;
    const struct xshim_platform *platform;
    struct xshim_vfb_use use;
    struct xshim_vfb_stats stats;
    struct xshim_neg_result at_initwait, at_connected;
    struct xshim_xenbus_values values;
    uint32_t connected;
    uint32_t step;              /* 1 negotiated, 2 published, 3 connected */
    uint32_t x86_32;            /* the page's x86_32 layout (4-byte pd entries) */
    uint32_t out_prod, in_cons; /* our copies of the indexes we own */
};

/* Connect to the device at dir ("device/vfb/0"). XSHIM_S_OK; XSHIM_S_PV_MODE (a depth QEMU's
 * backend cannot show, a line shorter than the width, more framebuffer than the pages or the
 * directory hold, a frame beyond 32 bits on x86_32); XSHIM_S_XB_REFUSED; XSHIM_S_TIMEOUT;
 * XSHIM_S_XB_CLOSED; XSHIM_S_EINVAL; or a XenStore or event-channel status. */
XSHIM_NODISCARD int32_t xshim_vfb_connect(struct xshim_vfb *fb, struct xshim_xs *xs,
                                          const char *dir, const struct xshim_verdict *verdict,
                                          const struct xshim_platform *platform,
                                          const struct xshim_neg_limit *own);

/* The rectangle changed; clipped to the mode. XSHIM_S_OK (also when the backend did not ask for
 * updates: nothing is sent, it reads the whole framebuffer itself), XSHIM_S_PV_RING_FULL,
 * XSHIM_S_PV_BAD_INDEX, XSHIM_S_PV_NOT_CONNECTED, XSHIM_S_RANGE (nothing left after clipping). */
XSHIM_NODISCARD int32_t xshim_vfb_update(struct xshim_vfb *fb, uint32_t x, uint32_t y,
                                         uint32_t width, uint32_t height);

/* A new mode in the same framebuffer memory. XSHIM_S_OK, XSHIM_S_ENOSYS (no feature-resize),
 * XSHIM_S_PV_MODE, and update()'s ring statuses. */
XSHIM_NODISCARD int32_t xshim_vfb_resize(struct xshim_vfb *fb, const struct xshim_vfb_mode *mode);

/* Take the backend's in events (refresh period into use.refresh_period_ms; unknown types are
 * ignored, as fbif.h says, and counted). XSHIM_S_OK, XSHIM_S_PV_BAD_INDEX, _NOT_CONNECTED. */
XSHIM_NODISCARD int32_t xshim_vfb_poll(struct xshim_vfb *fb);

/* Closing, Closed (bounded waits), the channel closed. XSHIM_S_OK or the first failure. */
XSHIM_NODISCARD int32_t xshim_vfb_disconnect(struct xshim_vfb *fb);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_VFB_H */
