/*
 * abi/fbif.h: the paravirtual framebuffer (xen/io/fbif.h): the shared page per ABI, its two
 * event rings, the event structs and the XenStore node names. [H] every value; introducing
 * releases [M] (3.0.4 for the device and update events, 3.3 for resize, 4.0 for the refresh
 * period).
 *
 * One page, shared by its frame (page-ref; QEMU maps it as foreign memory): ring indexes, the
 * geometry the frontend chose, and pd[256], the framebuffer's page directory. pd[] holds the
 * frames of directory pages, each a list of the framebuffer's own frames, one unsigned long per
 * frame: 8 bytes on x86_64 and Arm64, 4 on x86_32. That long is why the page differs by ABI:
 * pd[] starts at 40 on x86_64 and at 36 on x86_32 (the backend reads the frontend's "protocol"
 * node to know which). At 1024 the in ring (backend -> frontend, 1024 bytes, 25 events of 40),
 * at 2048 the out ring (frontend -> backend, 2048 bytes, 51 events).
 *
 * Node directions, unlike most classes: the frontend writes feature-update (it can send update
 * events), the backend answers request-update (it wants them); the backend writes
 * feature-resize (it takes resize events).
 */
#ifndef XSHIM_ABI_FBIF_H
#define XSHIM_ABI_FBIF_H

#include "base.h"

/* clang-format off */
/* Out events: frontend -> backend, sent only when the backend asked (request-update), or
 * offered (feature-resize); an unknown out event is an error for the backend. */
#define XSHIM_FBIF_OUT_TYPE(F)                                                                  \
    F(UPDATE, 2, XSHIM_REL(3, 0))                                                               \
    F(RESIZE, 3, XSHIM_REL(3, 3))
/* In events: backend -> frontend; a frontend ignores types it does not know. */
#define XSHIM_FBIF_IN_TYPE(F)                                                                   \
    F(REFRESH_PERIOD, 1, XSHIM_REL(4, 0))
/* clang-format on */
#define XSHIM_FBIF_OUT_ENUM_(name, value, since) XSHIM_FBIF_TYPE_##name = (value),
enum xshim_fbif_out_type { XSHIM_FBIF_OUT_TYPE(XSHIM_FBIF_OUT_ENUM_) };
#define XSHIM_FBIF_IN_ENUM_(name, value, since) XSHIM_FBIF_TYPE_##name = (value),
enum xshim_fbif_in_type { XSHIM_FBIF_IN_TYPE(XSHIM_FBIF_IN_ENUM_) };
#define XSHIM_FBIF_NO_REFRESH 0u /* refresh period: none needed */

#define XSHIM_FBIF_EVENT_SIZE 40u
#define XSHIM_FBIF_IN_RING_OFFS 1024u
#define XSHIM_FBIF_IN_RING_SIZE 1024u
#define XSHIM_FBIF_IN_RING_LEN (XSHIM_FBIF_IN_RING_SIZE / XSHIM_FBIF_EVENT_SIZE) /* 25 */
#define XSHIM_FBIF_OUT_RING_OFFS (XSHIM_FBIF_IN_RING_OFFS + XSHIM_FBIF_IN_RING_SIZE)
#define XSHIM_FBIF_OUT_RING_SIZE 2048u
#define XSHIM_FBIF_OUT_RING_LEN (XSHIM_FBIF_OUT_RING_SIZE / XSHIM_FBIF_EVENT_SIZE) /* 51 */
#define XSHIM_FBIF_PD_ENTRIES 256u

/* Node names. */
#define XSHIM_FBIF_FEATURE_UPDATE "feature-update" /* frontend: it sends update events */
#define XSHIM_FBIF_REQUEST_UPDATE "request-update" /* backend: it wants them */
#define XSHIM_FBIF_FEATURE_RESIZE "feature-resize" /* backend: it takes resize events */
#define XSHIM_FBIF_PAGE_REF "page-ref"
#define XSHIM_FBIF_EVENT_CHANNEL "event-channel"
#define XSHIM_FBIF_VIDEORAM                                                                        \
    "videoram" /* frontend dir, MiB; not fbif.h's: QEMU's xenfb.c reads it */

/* The page on x86_64 (and Arm64): pd[] of 8-byte frames at 40. */
struct xshim_fbif_page_x86_64 {
    uint32_t in_cons, in_prod;
    uint32_t out_cons, out_prod;
    int32_t width;        /* pixels */
    int32_t height;       /* pixels */
    uint32_t line_length; /* bytes per row */
    uint32_t mem_length;  /* bytes of framebuffer */
    uint8_t depth;        /* bits per pixel: 8, 16, 24 or 32 for QEMU */
    uint8_t pad[7];       /* implicit in Xen's struct */
    xshim_u64_a8 pd[256];
};
/* clang-format off */
#define XSHIM_LAYOUT_fbif_page_x86_64(F, T)                                                     \
    F(T, in_cons,      0, XSHIM_REL(3, 0))                                                      \
    F(T, in_prod,      4, XSHIM_REL(3, 0))                                                      \
    F(T, out_cons,     8, XSHIM_REL(3, 0))                                                      \
    F(T, out_prod,    12, XSHIM_REL(3, 0))                                                      \
    F(T, width,       16, XSHIM_REL(3, 0))                                                      \
    F(T, height,      20, XSHIM_REL(3, 0))                                                      \
    F(T, line_length, 24, XSHIM_REL(3, 0))                                                      \
    F(T, mem_length,  28, XSHIM_REL(3, 0))                                                      \
    F(T, depth,       32, XSHIM_REL(3, 0))                                                      \
    F(T, pd,          40, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_fbif_page_x86_64(XSHIM_ASSERT_FIELD, fbif_page_x86_64)
    XSHIM_ASSERT_SIZE(fbif_page_x86_64, 2088)

    /* The page on x86_32: pd[] of 4-byte frames at 36. */
    struct xshim_fbif_page_x86_32 {
    uint32_t in_cons, in_prod;
    uint32_t out_cons, out_prod;
    int32_t width;
    int32_t height;
    uint32_t line_length;
    uint32_t mem_length;
    uint8_t depth;
    uint8_t pad[3]; /* implicit */
    uint32_t pd[256];
};
/* clang-format off */
#define XSHIM_LAYOUT_fbif_page_x86_32(F, T)                                                     \
    F(T, in_cons,      0, XSHIM_REL(3, 0))                                                      \
    F(T, in_prod,      4, XSHIM_REL(3, 0))                                                      \
    F(T, out_cons,     8, XSHIM_REL(3, 0))                                                      \
    F(T, out_prod,    12, XSHIM_REL(3, 0))                                                      \
    F(T, width,       16, XSHIM_REL(3, 0))                                                      \
    F(T, height,      20, XSHIM_REL(3, 0))                                                      \
    F(T, line_length, 24, XSHIM_REL(3, 0))                                                      \
    F(T, mem_length,  28, XSHIM_REL(3, 0))                                                      \
    F(T, depth,       32, XSHIM_REL(3, 0))                                                      \
    F(T, pd,          36, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_fbif_page_x86_32(XSHIM_ASSERT_FIELD, fbif_page_x86_32)
    XSHIM_ASSERT_SIZE(fbif_page_x86_32, 1060)

        struct xshim_fbif_update {
    uint8_t type; /* XSHIM_FBIF_TYPE_UPDATE */
    uint8_t pad[3];
    int32_t x, y, width, height; /* the rectangle drawn */
};
/* clang-format off */
#define XSHIM_LAYOUT_fbif_update(F, T)                                                          \
    F(T, type,    0, XSHIM_REL(3, 0))                                                           \
    F(T, x,       4, XSHIM_REL(3, 0))                                                           \
    F(T, y,       8, XSHIM_REL(3, 0))                                                           \
    F(T, width,  12, XSHIM_REL(3, 0))                                                           \
    F(T, height, 16, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_fbif_update(XSHIM_ASSERT_FIELD, fbif_update) XSHIM_ASSERT_SIZE(fbif_update, 20)

    struct xshim_fbif_resize {
    uint8_t type; /* XSHIM_FBIF_TYPE_RESIZE */
    uint8_t pad[3];
    int32_t width, height, stride, depth, offset;
};
/* clang-format off */
#define XSHIM_LAYOUT_fbif_resize(F, T)                                                          \
    F(T, type,    0, XSHIM_REL(3, 3))                                                           \
    F(T, width,   4, XSHIM_REL(3, 3))                                                           \
    F(T, height,  8, XSHIM_REL(3, 3))                                                           \
    F(T, stride, 12, XSHIM_REL(3, 3))                                                           \
    F(T, depth,  16, XSHIM_REL(3, 3))                                                           \
    F(T, offset, 20, XSHIM_REL(3, 3))
/* clang-format on */
XSHIM_LAYOUT_fbif_resize(XSHIM_ASSERT_FIELD, fbif_resize) XSHIM_ASSERT_SIZE(fbif_resize, 24)

    struct xshim_fbif_refresh_period {
    uint8_t type; /* XSHIM_FBIF_TYPE_REFRESH_PERIOD */
    uint8_t pad[3];
    uint32_t period; /* ms; XSHIM_FBIF_NO_REFRESH */
};
/* clang-format off */
#define XSHIM_LAYOUT_fbif_refresh_period(F, T)                                                  \
    F(T, type,    0, XSHIM_REL(4, 0))                                                           \
    F(T, period,  4, XSHIM_REL(4, 0))
/* clang-format on */
XSHIM_LAYOUT_fbif_refresh_period(XSHIM_ASSERT_FIELD, fbif_refresh_period)
    XSHIM_ASSERT_SIZE(fbif_refresh_period, 8)

        union xshim_fbif_out_event {
    uint8_t type;
    struct xshim_fbif_update update;
    struct xshim_fbif_resize resize;
    char pad[XSHIM_FBIF_EVENT_SIZE];
};
union xshim_fbif_in_event {
    uint8_t type;
    struct xshim_fbif_refresh_period refresh_period;
    char pad[XSHIM_FBIF_EVENT_SIZE];
};
XSHIM_STATIC_ASSERT(sizeof(union xshim_fbif_out_event) == 40, "xshim ABI: fbif out event");
XSHIM_STATIC_ASSERT(sizeof(union xshim_fbif_in_event) == 40, "xshim ABI: fbif in event");

#endif /* XSHIM_ABI_FBIF_H */
