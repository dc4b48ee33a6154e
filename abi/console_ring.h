/*
 * abi/console_ring.h: the PV console ring page (what `xl console` shows). Reference:
 * xen/io/console.h (struct xencons_interface). The same bytes on every architecture.
 *
 * The guest writes to out[] and advances out_prod; the backend advances out_cons. Indexes run
 * freely and are masked with the ring size (a power of two): XSHIM_XENCONS_MASK_IDX.
 * Update protocol: write data, write barrier, then out_prod; notify the console event channel.
 *
 * Not declared: XEN_WANT_FLEX_CONSOLE_RING's DEFINE_XEN_FLEX_RING(xencons) helpers (inline
 * functions, no layout).
 */
#ifndef XSHIM_ABI_CONSOLE_RING_H
#define XSHIM_ABI_CONSOLE_RING_H

#include "base.h"

typedef uint32_t XSHIM_XENCONS_RING_IDX; /* XENCONS_RING_IDX */

#define XSHIM_XENCONS_IN_SIZE 1024
#define XSHIM_XENCONS_OUT_SIZE 2048
#define XSHIM_XENCONS_MASK_IDX(idx, size) ((idx) & ((size)-1u))

struct xshim_xencons_interface {
    char in[XSHIM_XENCONS_IN_SIZE];   /* backend -> guest */
    char out[XSHIM_XENCONS_OUT_SIZE]; /* guest -> backend */
    XSHIM_XENCONS_RING_IDX in_cons, in_prod;
    XSHIM_XENCONS_RING_IDX out_cons, out_prod;
};

/* clang-format off */
#define XSHIM_LAYOUT_xencons_interface(F, T)                                                     \
    F(T, in,          0, XSHIM_REL(3, 0))                                                       \
    F(T, out,      1024, XSHIM_REL(3, 0))                                                       \
    F(T, in_cons,  3072, XSHIM_REL(3, 0))                                                       \
    F(T, in_prod,  3076, XSHIM_REL(3, 0))                                                       \
    F(T, out_cons, 3080, XSHIM_REL(3, 0))                                                       \
    F(T, out_prod, 3084, XSHIM_REL(3, 0))
/* clang-format on */

XSHIM_LAYOUT_xencons_interface(XSHIM_ASSERT_FIELD, xencons_interface)
    XSHIM_ASSERT_SIZE(xencons_interface, 3088)

#endif /* XSHIM_ABI_CONSOLE_RING_H */
