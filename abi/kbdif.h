/*
 * abi/kbdif.h: the paravirtual keyboard and pointer (xen/io/kbdif.h): the shared page's event
 * ring, the in-event structs and the XenStore node names. [H] every value; introducing
 * releases [M] (3.0.4 for the device, 3.3 for rel_z in positions, 4.10 for raw pointer and
 * multi-touch).
 *
 * One page, shared by its frame (page-ref, which QEMU maps as foreign memory) or by a grant
 * (page-gref): four ring indexes, then at 1024 the in ring (backend -> frontend, 2048 bytes,
 * 51 events of 40 bytes) and at 3072 the out ring (1024 bytes, no events defined). Same on every
 * ABI: the structs hold no long and no 64-bit field.
 */
#ifndef XSHIM_ABI_KBDIF_H
#define XSHIM_ABI_KBDIF_H

#include "base.h"

/* clang-format off */
#define XSHIM_KBDIF_TYPE(F)                                                                     \
    F(MOTION,   1, XSHIM_REL(3, 0))  /* relative pointer motion */                              \
    F(RESERVED, 2, XSHIM_REL(3, 0))  /* was XENKBD_TYPE_BUTTON */                               \
    F(KEY,      3, XSHIM_REL(3, 0))  /* a key or a pointer button, Linux KEY_ and BTN_ codes */ \
    F(POS,      4, XSHIM_REL(3, 0))  /* absolute pointer position (request-abs-pointer) */      \
    F(MTOUCH,   5, XSHIM_REL(4, 10)) /* multi-touch (request-multi-touch) */
/* clang-format on */
#define XSHIM_KBDIF_TYPE_ENUM_(name, value, since) XSHIM_KBDIF_TYPE_##name = (value),
enum xshim_kbdif_type { XSHIM_KBDIF_TYPE(XSHIM_KBDIF_TYPE_ENUM_) };

#define XSHIM_KBDIF_IN_EVENT_SIZE 40u
#define XSHIM_KBDIF_IN_RING_OFFS 1024u
#define XSHIM_KBDIF_IN_RING_SIZE 2048u
#define XSHIM_KBDIF_IN_RING_LEN (XSHIM_KBDIF_IN_RING_SIZE / XSHIM_KBDIF_IN_EVENT_SIZE) /* 51 */
#define XSHIM_KBDIF_OUT_EVENT_SIZE 40u
#define XSHIM_KBDIF_OUT_RING_OFFS (XSHIM_KBDIF_IN_RING_OFFS + XSHIM_KBDIF_IN_RING_SIZE)
#define XSHIM_KBDIF_OUT_RING_SIZE 1024u
#define XSHIM_KBDIF_RAW_MAX 0x7fffu /* raw (unscaled) coordinates lie in [0, 0x7fff] */

/* Node names (XENKBD_FIELD_*). The backend writes feature-*, the frontend request-*. */
#define XSHIM_KBDIF_FEATURE_ABS_POINTER "feature-abs-pointer"
#define XSHIM_KBDIF_FEATURE_RAW_POINTER "feature-raw-pointer"
#define XSHIM_KBDIF_FEATURE_MTOUCH "feature-multi-touch"
#define XSHIM_KBDIF_FEATURE_DISABLE_KEYBOARD "feature-disable-keyboard"
#define XSHIM_KBDIF_FEATURE_DISABLE_POINTER "feature-disable-pointer"
#define XSHIM_KBDIF_REQUEST_ABS_POINTER "request-abs-pointer"
#define XSHIM_KBDIF_REQUEST_RAW_POINTER "request-raw-pointer"
#define XSHIM_KBDIF_REQUEST_MTOUCH "request-multi-touch"
#define XSHIM_KBDIF_PAGE_GREF "page-gref"
#define XSHIM_KBDIF_PAGE_REF "page-ref" /* "OBSOLETE" in kbdif.h, but what QEMU's backend maps */
#define XSHIM_KBDIF_EVENT_CHANNEL "event-channel"
#define XSHIM_KBDIF_WIDTH "width"
#define XSHIM_KBDIF_HEIGHT "height"

/* The head of the shared page; the rings follow at their offsets. */
struct xshim_kbdif_page {
    uint32_t in_cons, in_prod; /* in ring: the backend produces, the frontend consumes */
    uint32_t out_cons, out_prod;
};
/* clang-format off */
#define XSHIM_LAYOUT_kbdif_page(F, T)                                                           \
    F(T, in_cons,   0, XSHIM_REL(3, 0))                                                         \
    F(T, in_prod,   4, XSHIM_REL(3, 0))                                                         \
    F(T, out_cons,  8, XSHIM_REL(3, 0))                                                         \
    F(T, out_prod, 12, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_kbdif_page(XSHIM_ASSERT_FIELD, kbdif_page) XSHIM_ASSERT_SIZE(kbdif_page, 16)

    struct xshim_kbdif_motion {
    uint8_t type; /* XSHIM_KBDIF_TYPE_MOTION */
    uint8_t pad[3];
    int32_t rel_x, rel_y, rel_z;
};
/* clang-format off */
#define XSHIM_LAYOUT_kbdif_motion(F, T)                                                         \
    F(T, type,   0, XSHIM_REL(3, 0))                                                            \
    F(T, rel_x,  4, XSHIM_REL(3, 0))                                                            \
    F(T, rel_y,  8, XSHIM_REL(3, 0))                                                            \
    F(T, rel_z, 12, XSHIM_REL(3, 3))
/* clang-format on */
XSHIM_LAYOUT_kbdif_motion(XSHIM_ASSERT_FIELD, kbdif_motion) XSHIM_ASSERT_SIZE(kbdif_motion, 16)

    struct xshim_kbdif_key {
    uint8_t type;    /* XSHIM_KBDIF_TYPE_KEY */
    uint8_t pressed; /* 1 pressed, 0 released */
    uint8_t pad[2];
    uint32_t keycode; /* Linux KEY_* or BTN_* (linux/input-event-codes.h) */
};
/* clang-format off */
#define XSHIM_LAYOUT_kbdif_key(F, T)                                                            \
    F(T, type,     0, XSHIM_REL(3, 0))                                                          \
    F(T, pressed,  1, XSHIM_REL(3, 0))                                                          \
    F(T, keycode,  4, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_kbdif_key(XSHIM_ASSERT_FIELD, kbdif_key) XSHIM_ASSERT_SIZE(kbdif_key, 8)

    struct xshim_kbdif_position {
    uint8_t type; /* XSHIM_KBDIF_TYPE_POS */
    uint8_t pad[3];
    int32_t abs_x, abs_y; /* in framebuffer pixels, or raw [0, 0x7fff] */
    int32_t rel_z;        /* wheel */
};
/* clang-format off */
#define XSHIM_LAYOUT_kbdif_position(F, T)                                                       \
    F(T, type,   0, XSHIM_REL(3, 0))                                                            \
    F(T, abs_x,  4, XSHIM_REL(3, 0))                                                            \
    F(T, abs_y,  8, XSHIM_REL(3, 0))                                                            \
    F(T, rel_z, 12, XSHIM_REL(3, 3))
/* clang-format on */
XSHIM_LAYOUT_kbdif_position(XSHIM_ASSERT_FIELD, kbdif_position)
    XSHIM_ASSERT_SIZE(kbdif_position, 16)

    /* One slot of the in ring: the type byte first, whatever the event. */
    union xshim_kbdif_in_event {
    uint8_t type;
    struct xshim_kbdif_motion motion;
    struct xshim_kbdif_key key;
    struct xshim_kbdif_position pos;
    char pad[XSHIM_KBDIF_IN_EVENT_SIZE];
};
XSHIM_STATIC_ASSERT(sizeof(union xshim_kbdif_in_event) == 40, "xshim ABI: kbdif in event");

#endif /* XSHIM_ABI_KBDIF_H */
