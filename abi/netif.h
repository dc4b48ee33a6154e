/*
 * abi/netif.h: the network device ring entries (xen/io/netif.h) and their flags. [H] every
 * value. Unlike blkif, no entry holds a 64-bit field, so the layouts are the same on x86_32,
 * x86_64 and Arm: one set, no protocol node (Linux's netfront writes none).
 *
 * Two rings per queue: tx (frontend -> backend: frames to send; a request names a granted
 * page, an offset and a size, the backend answers with the request's id and a status) and rx
 * (the frontend posts empty granted pages, the backend copies a received frame into one and
 * answers with the id, the offset of the data, flags and, in status, the size or an error).
 */
#ifndef XSHIM_ABI_NETIF_H
#define XSHIM_ABI_NETIF_H

#include "base.h"

/* netif.h: "the minimum number of slots a frontend must be prepared to handle" per frame. */
#define XSHIM_NETIF_NR_SLOTS_MIN 18u
#define XSHIM_NETIF_MAX_TX_SIZE 0xffffu /* XEN_NETIF_MAX_TX_SIZE: a tx request's size field */

/* Response status (NETIF_RSP_*); an rx response's status >= 0 is the frame's size in bytes. */
#define XSHIM_NETIF_RSP_DROPPED (-2)
#define XSHIM_NETIF_RSP_ERROR (-1)
#define XSHIM_NETIF_RSP_OKAY 0
#define XSHIM_NETIF_RSP_NULL 1 /* a tx slot that carried an extra-info segment */

/* tx request flags (NETTXF_*): (bit, name). */
/* clang-format off */
#define XSHIM_NETTXF(F)                                                                         \
    F(csum_blank,     0)  /* the protocol checksum is to be filled in (offload) */              \
    F(data_validated, 1)  /* the checksum was validated */                                      \
    F(more_data,      2)  /* the frame continues in the next request */                         \
    F(extra_info,     3)  /* an extra-info segment follows this request */
/* rx response flags (NETRXF_*): (bit, name). */
#define XSHIM_NETRXF(F)                                                                         \
    F(data_validated, 0)                                                                        \
    F(csum_blank,     1)                                                                        \
    F(more_data,      2)  /* the frame continues in the next response */                        \
    F(extra_info,     3)  /* an extra-info segment follows (it takes the next slot) */         \
    F(gso_prefix,     4)
/* clang-format on */
#define XSHIM_NETTXF_ENUM_(name, bit) XSHIM_NETTXF_##name = (1u << (bit)),
enum xshim_nettxf { XSHIM_NETTXF(XSHIM_NETTXF_ENUM_) };
#define XSHIM_NETRXF_ENUM_(name, bit) XSHIM_NETRXF_##name = (1u << (bit)),
enum xshim_netrxf { XSHIM_NETRXF(XSHIM_NETRXF_ENUM_) };

/* Extra-info types (XEN_NETIF_EXTRA_TYPE_*) and its flag. */
#define XSHIM_NETIF_EXTRA_TYPE_NONE 0
#define XSHIM_NETIF_EXTRA_TYPE_GSO 1
#define XSHIM_NETIF_EXTRA_TYPE_MCAST_ADD 2
#define XSHIM_NETIF_EXTRA_TYPE_MCAST_DEL 3
#define XSHIM_NETIF_EXTRA_TYPE_HASH 4
#define XSHIM_NETIF_EXTRA_TYPE_MAX 5
#define XSHIM_NETIF_EXTRA_FLAG_MORE 1u

struct xshim_netif_tx_request {
    uint32_t gref;   /* grant_ref_t of the page holding the data */
    uint16_t offset; /* of the data in that page */
    uint16_t flags;  /* XSHIM_NETTXF_* */
    uint16_t id;     /* echoed in the response */
    uint16_t size;   /* first request of a frame: the whole frame's; else this slot's */
};
/* clang-format off */
#define XSHIM_LAYOUT_netif_tx_request(F, T)                                                     \
    F(T, gref,    0, XSHIM_REL(3, 0))                                                           \
    F(T, offset,  4, XSHIM_REL(3, 0))                                                           \
    F(T, flags,   6, XSHIM_REL(3, 0))                                                           \
    F(T, id,      8, XSHIM_REL(3, 0))                                                           \
    F(T, size,   10, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_netif_tx_request(XSHIM_ASSERT_FIELD, netif_tx_request)
    XSHIM_ASSERT_SIZE(netif_tx_request, 12)

        struct xshim_netif_tx_response {
    uint16_t id;
    int16_t status; /* XSHIM_NETIF_RSP_* */
};
/* clang-format off */
#define XSHIM_LAYOUT_netif_tx_response(F, T)                                                    \
    F(T, id,      0, XSHIM_REL(3, 0))                                                           \
    F(T, status,  2, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_netif_tx_response(XSHIM_ASSERT_FIELD, netif_tx_response)
    XSHIM_ASSERT_SIZE(netif_tx_response, 4)

        struct xshim_netif_rx_request {
    uint16_t id; /* echoed in the response */
    uint16_t pad;
    uint32_t gref; /* the page the backend copies a frame into (feature-rx-copy) */
};
/* clang-format off */
#define XSHIM_LAYOUT_netif_rx_request(F, T)                                                     \
    F(T, id,     0, XSHIM_REL(3, 0))                                                            \
    F(T, gref,   4, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_netif_rx_request(XSHIM_ASSERT_FIELD, netif_rx_request)
    XSHIM_ASSERT_SIZE(netif_rx_request, 8)

        struct xshim_netif_rx_response {
    uint16_t id;
    uint16_t offset; /* of the data in the page */
    uint16_t flags;  /* XSHIM_NETRXF_* */
    int16_t status;  /* >= 0: bytes of data; < 0: XSHIM_NETIF_RSP_* */
};
/* clang-format off */
#define XSHIM_LAYOUT_netif_rx_response(F, T)                                                    \
    F(T, id,      0, XSHIM_REL(3, 0))                                                           \
    F(T, offset,  2, XSHIM_REL(3, 0))                                                           \
    F(T, flags,   4, XSHIM_REL(3, 0))                                                           \
    F(T, status,  6, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_netif_rx_response(XSHIM_ASSERT_FIELD, netif_rx_response)
    XSHIM_ASSERT_SIZE(netif_rx_response, 8)

    /* An extra-info segment (takes one ring slot): type, flags, then 6 bytes of union. */
    struct xshim_netif_extra_info {
    uint8_t type;  /* XSHIM_NETIF_EXTRA_TYPE_* */
    uint8_t flags; /* XSHIM_NETIF_EXTRA_FLAG_MORE */
    uint16_t u[3]; /* gso {size, type, pad, features}, mcast {addr[6]}, hash {...} */
};
/* clang-format off */
#define XSHIM_LAYOUT_netif_extra_info(F, T)                                                     \
    F(T, type,   0, XSHIM_REL(3, 0))                                                            \
    F(T, flags,  1, XSHIM_REL(3, 0))                                                            \
    F(T, u,      2, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_netif_extra_info(XSHIM_ASSERT_FIELD, netif_extra_info)
    XSHIM_ASSERT_SIZE(netif_extra_info, 8)

#endif /* XSHIM_ABI_NETIF_H */
