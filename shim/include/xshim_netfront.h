/*
 * xshim_netfront.h: a network frontend (Xen's io/netif.h) that negotiates with whatever backend
 * the host runs, feature by feature (the netif table, xshim_negotiate.h), and moves Ethernet
 * frames.
 *
 *   xshim_netfront_connect()     XenBus handshake: wait for InitWait, negotiate (rx-copy is
 *                                required), grant the tx and rx rings and the buffer pages, post
 *                                every rx buffer, one or two event channels (split), publish the
 *                                nodes with state Connected in one transaction, wait for the
 *                                backend's Connected
 *   xshim_netfront_send()        one frame (one tx slot, at most one page) through a tx buffer
 *   xshim_netfront_receive()     the next received frame, copied out; its rx buffer posted again
 *   xshim_netfront_disconnect()  Closing, Closed; grants ended once the backend let go; channels
 *                                closed
 *
 * Memory is the kernel's: it fills nf->pages with the two ring pages and the buffer pages, each
 * with the frame the backend is granted (PV: its machine frame; PVH, HVM, Arm: its guest frame).
 * Every page is granted once, at connect, for the connection (the backend copies with grant
 * copy: rx buffers writable, tx buffers read-only). One queue; no frame spans two slots (the
 * frontend announces no feature-sg, so the backend sends none; it sends none over a page).
 * The backend is untrusted: a response index beyond what was posted, an id that names no
 * outstanding request, an rx offset or size outside the page, a flag for a feature not
 * negotiated: each is a named fault (XSHIM_S_NET_BAD_RESPONSE), never followed.
 *
 * C types only; no libc, no heap. docs/xenstore.md ("A network frontend") has the details.
 */
#ifndef XSHIM_NETFRONT_H
#define XSHIM_NETFRONT_H

#include "xshim_frontend.h"
#include "xshim_xenbus.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes (-15xx: the network frontend's). */
#define XSHIM_S_NET_BAD_RESPONSE (-1501)  /* a response that is not one the frontend can take */
#define XSHIM_S_NET_NOT_CONNECTED (-1502) /* send/receive/disconnect outside a connection */
#define XSHIM_S_NET_NONE (-1503)          /* receive: no frame within the wait */
#define XSHIM_S_NET_TX_FULL (-1504)       /* send: no tx buffer came back within the wait */

#define XSHIM_NETFRONT_BUFS_MAX 32u    /* rx and tx buffer pages each */
#define XSHIM_NETFRONT_FRAME_MAX 1514u /* Ethernet header + 1500 (no feature-sg: one slot) */
#define XSHIM_NETFRONT_FRAME_MIN 14u   /* an Ethernet header */

/* How far connect got (nf->step). */
#define XSHIM_NETFRONT_STEP_NONE 0u
#define XSHIM_NETFRONT_STEP_INITWAIT 1u  /* negotiated */
#define XSHIM_NETFRONT_STEP_PUBLISHED 2u /* rings, rx buffers and nodes published */
#define XSHIM_NETFRONT_STEP_CONNECTED 3u /* the backend reached Connected */

/* The kernel's memory for one vif: page-aligned 4 KiB pages, each with its frame. */
struct xshim_netfront_pages {
    void *tx_ring, *rx_ring;
    uint64_t tx_ring_frame, rx_ring_frame;
    uint32_t nr_tx, nr_rx; /* 1..XSHIM_NETFRONT_BUFS_MAX each */
    void *tx[XSHIM_NETFRONT_BUFS_MAX];
    uint64_t tx_frames[XSHIM_NETFRONT_BUFS_MAX];
    void *rx[XSHIM_NETFRONT_BUFS_MAX];
    uint64_t rx_frames[XSHIM_NETFRONT_BUFS_MAX];
};

/* What one connection uses, as negotiated (filled by connect). */
struct xshim_netfront_use {
    uint8_t mac[6];      /* the toolstack's mac node */
    uint32_t split;      /* 1: event-channel-tx and -rx; 0: one event-channel */
    uint32_t queues;     /* 1 */
    uint32_t tx_entries; /* the tx ring's slots */
    uint32_t rx_entries; /* the rx ring's slots */
    uint32_t evtchn_tx;  /* our port for tx (and rx, when not split) */
    uint32_t evtchn_rx;  /* our port for rx (== evtchn_tx when not split) */
    uint32_t multicast;  /* request-multicast-control written */
    uint32_t handle;     /* the vif's number (the directory's last part) */
};

/* Counts since connect. */
struct xshim_netfront_stats {
    uint64_t tx_packets, tx_bytes, rx_packets, rx_bytes;
    uint32_t tx_errors;  /* tx responses NETIF_RSP_ERROR */
    uint32_t tx_dropped; /* tx responses NETIF_RSP_DROPPED */
    uint32_t rx_errors;  /* rx responses with a negative status (buffer posted again) */
    uint32_t rx_too_big; /* frames larger than the caller's buffer (dropped) */
    uint32_t notifies;   /* EVTCHNOP_send to the backend */
    uint32_t rx_posted;  /* rx requests posted, the first fill included */
};

struct xshim_netfront {
    /* Set by the kernel before connect. */
    struct xshim_netfront_pages pages;
    uint32_t first_ref; /* grant refs first_ref .. first_ref + 2 + nr_tx + nr_rx - 1 */
    uint32_t rounds;    /* relax() rounds a send waits for a free tx buffer; 0: the platform's */
    /* Filled by connect. */
    struct xshim_xenbus_dev dev;
    struct xshim_gnttab *gt;
    const struct xshim_verdict *verdict;
    const struct xshim_platform *platform;
    struct xshim_netfront_use use;
    struct xshim_netfront_stats stats;
    struct xshim_neg_result negotiated;          /* for xshim_neg_format */
    struct xshim_xenbus_values values;           /* scratch: the backend's nodes */
    uint32_t connected;                          /* 1 between connect and disconnect */
    uint32_t step;                               /* XSHIM_NETFRONT_STEP_* reached */
    uint32_t granted;                            /* refs granted so far (first_ref onwards) */
    uint32_t tx_busy;                            /* bit i: tx buffer i is in flight */
    uint64_t tx_ring_state[4], rx_ring_state[4]; /* each front ring's indexes */
    uint8_t rx_buf_of[256];                      /* rx ring slot -> the buffer posted in it */
};

/* Connect to the vif at dir ("device/vif/0"). own: the frontend's limits
 * (xshim_netif_frontend_defaults; the queue limit is capped to 1). XSHIM_S_OK (nf->use says
 * what was negotiated), XSHIM_S_XB_REFUSED (nf->negotiated says which rule, for
 * xshim_neg_format; nothing was published, the device is left Closed), XSHIM_S_TIMEOUT,
 * XSHIM_S_XB_CLOSED (the backend failed the connection: netback does for a frontend it cannot
 * serve), XSHIM_S_EINVAL (bad pages or arguments), or a XenStore, grant or event-channel
 * status. On failure the device is left Closed and nothing stays granted that the backend does
 * not map. */
XSHIM_NODISCARD int32_t xshim_netfront_connect(struct xshim_netfront *nf, struct xshim_xs *xs,
                                               const char *dir, const struct xshim_verdict *verdict,
                                               const struct xshim_platform *platform,
                                               struct xshim_gnttab *gt,
                                               const struct xshim_neg_limit *own);

/* Send one frame of XSHIM_NETFRONT_FRAME_MIN..XSHIM_NETFRONT_FRAME_MAX bytes. Completed tx
 * responses are taken first; with every tx buffer in flight, waits (bounded, nf->rounds) for
 * one. XSHIM_S_OK (queued and the backend notified when it asked), XSHIM_S_RANGE (size),
 * XSHIM_S_NET_TX_FULL, XSHIM_S_NET_BAD_RESPONSE, XSHIM_S_NET_NOT_CONNECTED. */
XSHIM_NODISCARD int32_t xshim_netfront_send(struct xshim_netfront *nf, const void *frame,
                                            uint32_t len);

/* The next received frame into buf (cap bytes), waiting at most `rounds` relax() rounds (0: look
 * once). Its rx buffer is posted again. XSHIM_S_OK with *len, XSHIM_S_NET_NONE, or
 * XSHIM_S_NET_BAD_RESPONSE / XSHIM_S_NET_NOT_CONNECTED. Rx errors and frames larger than cap are
 * counted (rx_errors, rx_too_big) and passed over. */
XSHIM_NODISCARD int32_t xshim_netfront_receive(struct xshim_netfront *nf, void *buf, uint32_t cap,
                                               uint32_t *len, uint32_t rounds);

/* Closing; wait (bounded) for the backend's Closing or Closed; Closed; wait for its Closed (or
 * its directory gone); end every grant; close the channels; stop watching. XSHIM_S_OK, or the
 * first failure (XSHIM_S_GNT_BUSY: a page the backend kept mapped, not to be reused).
 * XSHIM_S_NET_NOT_CONNECTED outside a connection. */
XSHIM_NODISCARD int32_t xshim_netfront_disconnect(struct xshim_netfront *nf);

/* "ok", "net-bad-response", "timeout", ... ; XenStore's names; "other" otherwise. */
const char *xshim_netfront_status_name(int32_t status);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_NETFRONT_H */
