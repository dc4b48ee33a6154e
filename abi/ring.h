/*
 * abi/ring.h: the shared ring every split driver uses (xen/io/ring.h, DEFINE_RING_TYPES): a
 * 64-byte header of four free-running indexes and private bytes, then as many entries (each the
 * larger of a request and a response) as fit in the ring's pages, rounded down to a power of
 * two. [H] every offset and the sizing rule.
 */
#ifndef XSHIM_ABI_RING_H
#define XSHIM_ABI_RING_H

#include "base.h"

struct xshim_sring_header {
    uint32_t req_prod;  /* frontend: requests published */
    uint32_t req_event; /* backend: notify me when req_prod passes this */
    uint32_t rsp_prod;  /* backend: responses published */
    uint32_t rsp_event; /* frontend: notify me when rsp_prod passes this */
    uint8_t pvt[4];     /* per-class private bytes (netif smartpoll) */
    uint8_t pad[44];
};
/* clang-format off */
#define XSHIM_LAYOUT_sring_header(F, T)                                                         \
    F(T, req_prod,   0, XSHIM_REL(3, 0))                                                        \
    F(T, req_event,  4, XSHIM_REL(3, 0))                                                        \
    F(T, rsp_prod,   8, XSHIM_REL(3, 0))                                                        \
    F(T, rsp_event, 12, XSHIM_REL(3, 0))                                                        \
    F(T, pvt,       16, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_sring_header(XSHIM_ASSERT_FIELD, sring_header) XSHIM_ASSERT_SIZE(sring_header, 64)

#endif /* XSHIM_ABI_RING_H */
