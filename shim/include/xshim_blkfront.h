/*
 * xshim_blkfront.h: a block frontend (Xen's io/blkif.h) that negotiates with whatever backend the
 * host runs, feature by feature (the blkif table, xshim_negotiate.h), and moves data.
 *
 *   xshim_blkfront_connect()     XenBus handshake: wait for InitWait, negotiate, share the ring
 *                                and the I/O pages, Initialised; wait for Connected, check the
 *                                disk's nodes, Connected
 *   xshim_blkfront_read/write()  whole 512-byte sectors through the shared I/O pages: one
 *                                indirect request per up to 512 pages when the backend offers
 *                                indirect segments, else requests of at most 11 pages; with
 *                                several queues (multi-queue-max-queues), requests take them
 *                                in turn
 *   xshim_blkfront_flush()       FLUSH_DISKCACHE (or WRITE_BARRIER) when the backend offers one
 *   xshim_blkfront_disconnect()  flush, Closing, Closed; grants ended once the backend let go;
 *                                the event channel closed
 *
 * Memory is the kernel's: it fills bf->pages with a virtually contiguous ring area, one page for
 * indirect segments and the I/O pages, each with the frame the backend is granted (PV: its
 * machine frame; PVH, HVM, Arm: its guest frame). Every page is granted once, at connect, and
 * kept for the connection: the same grant always names the same page, which is what a backend's
 * persistent grants need, so the frontend announces feature-persistent and works the same
 * whether the backend uses it or not. Data is copied between the caller's buffer and the I/O
 * pages. One request is in flight at a time; each wait for a response is bounded
 * (bf->rounds relax() rounds). The backend is untrusted: a response index beyond what was
 * pushed, an id or operation that is not the request's, is a named fault, never followed.
 *
 * C types only; no libc, no heap. docs/xenstore.md ("A block frontend") has the details.
 */
#ifndef XSHIM_BLKFRONT_H
#define XSHIM_BLKFRONT_H

#include "xshim_frontend.h"
#include "xshim_xenbus.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes (-14xx: the block frontend's). */
#define XSHIM_S_BLK_IO (-1401)      /* the backend answered BLKIF_RSP_ERROR */
#define XSHIM_S_BLK_NOTSUPP (-1402) /* the backend answered BLKIF_RSP_EOPNOTSUPP */
#define XSHIM_S_BLK_BAD_RESPONSE                                                                   \
    (-1403)                               /* a response that is not the request's (id, op), or
                                          * a response index beyond the requests pushed */
#define XSHIM_S_BLK_NOT_CONNECTED (-1404) /* read/write/flush/disconnect outside a connection */

/* How far connect got (bf->step): which negotiation results are filled. */
#define XSHIM_BLKFRONT_STEP_NONE 0u        /* the device was not opened, or no InitWait */
#define XSHIM_BLKFRONT_STEP_INITWAIT 1u    /* at_initwait negotiated */
#define XSHIM_BLKFRONT_STEP_INITIALISED 2u /* ring and nodes published */
#define XSHIM_BLKFRONT_STEP_CONNECTED 3u   /* at_connected negotiated */

#define XSHIM_BLKFRONT_RING_PAGES_MAX                                                              \
    16u                                 /* ring pages in all: ring-page-order 4
                                           * (XENBUS_MAX_RING_GRANT_ORDER) for one queue */
#define XSHIM_BLKFRONT_QUEUES_MAX 4u    /* rings, each with its own pages and channel */
#define XSHIM_BLKFRONT_IO_PAGES_MAX 64u /* I/O pages shared at connect */

/* The kernel's memory for one device. */
struct xshim_blkfront_pages {
    void *ring; /* nr_ring pages, contiguous; queue q's ring is its q-th 2^order pages */
    uint64_t ring_frames[XSHIM_BLKFRONT_RING_PAGES_MAX]; /* frame of each ring page */
    uint32_t nr_ring;                                    /* a power of two, 1..16 */
    uint32_t nr_io;                                      /* 1..XSHIM_BLKFRONT_IO_PAGES_MAX */
    void *io[XSHIM_BLKFRONT_IO_PAGES_MAX];               /* page-aligned 4 KiB pages */
    uint64_t io_frames[XSHIM_BLKFRONT_IO_PAGES_MAX];
    void *indirect; /* one page for indirect segments, or NULL: never indirect */
    uint64_t indirect_frame;
};

/* What one connection uses, as negotiated (filled by connect). */
struct xshim_blkfront_use {
    uint32_t ring_page_order;   /* 0: one page ("ring-ref"), n: 2^n pages ("ring-refN") */
    uint32_t queues;            /* 1 (no multi-queue-num-queues node), or 2..4: queue-N/ nodes */
    uint32_t ring_entries;      /* requests the ring holds */
    uint32_t indirect_segments; /* segments per indirect request; 0: none offered or taken */
    uint32_t persistent;        /* both ends announced feature-persistent */
    uint32_t flush_op;          /* XSHIM_BLKIF_OP_FLUSH_DISKCACHE, _WRITE_BARRIER, or 0: none */
    uint32_t sector_size;       /* the disk's logical sector (bytes) */
    uint64_t sectors;           /* the disk's size in 512-byte sectors */
    uint32_t info;              /* VDISK_* bits */
    uint32_t evtchn[XSHIM_BLKFRONT_QUEUES_MAX]; /* our port, per queue */
    uint32_t handle; /* the virtual device (the directory's last part: 51712) */
};

/* Counts since connect. */
struct xshim_blkfront_stats {
    uint32_t requests, indirect_requests, segments, notifies, flushes;
    uint32_t per_queue[XSHIM_BLKFRONT_QUEUES_MAX]; /* requests on each queue (round robin) */
};

struct xshim_blkfront {
    /* Set by the kernel before connect. */
    struct xshim_blkfront_pages pages;
    uint32_t first_ref; /* grant refs first_ref .. first_ref + nr_ring + nr_io + 1 are used */
    uint32_t rounds;    /* relax() rounds one response is waited for; 0: the platform's */
    /* Filled by connect. */
    struct xshim_xenbus_dev dev;
    struct xshim_gnttab *gt;
    const struct xshim_verdict *verdict;
    const struct xshim_platform *platform;
    struct xshim_blkfront_use use;
    struct xshim_blkfront_stats stats;
    struct xshim_neg_result at_initwait, at_connected; /* for xshim_neg_format */
    struct xshim_xenbus_values values;                 /* scratch: the backend's nodes */
    uint32_t connected;                                /* 1 between connect and disconnect */
    uint32_t step;                                     /* XSHIM_BLKFRONT_STEP_* reached */
    uint32_t granted; /* refs granted so far (first_ref onwards), ended at disconnect */
    uint32_t x86_32;  /* the ring speaks x86_32-abi (108-byte requests) */
    uint64_t next_id;
    uint32_t next_queue;                               /* the queue of the next request */
    uint64_t ring_state[XSHIM_BLKFRONT_QUEUES_MAX][4]; /* each front ring's indexes
                                                        * (shim/runtime/front_ring.hpp) */
};

/* Connect to the device at dir ("device/vbd/51712") over an open XenStore handle and grant
 * table. own: the frontend's limits (xshim_blkif_frontend_defaults, lowered by the kernel; the
 * ring-page-order limit is also capped by pages.nr_ring). XSHIM_S_OK (bf->use says what was
 * negotiated), XSHIM_S_XB_REFUSED (bf->at_initwait or at_connected says which rule, for
 * xshim_neg_format), XSHIM_S_TIMEOUT (the backend never reached InitWait or Connected;
 * bf->dev.backend_state says where it stayed), XSHIM_S_XB_CLOSED, XSHIM_S_EINVAL (bad pages or
 * arguments), or a XenStore, grant or event-channel status. On failure nothing stays granted
 * that the backend did not map, and the device is left Closed. */
XSHIM_NODISCARD int32_t xshim_blkfront_connect(struct xshim_blkfront *bf, struct xshim_xs *xs,
                                               const char *dir, const struct xshim_verdict *verdict,
                                               const struct xshim_platform *platform,
                                               struct xshim_gnttab *gt,
                                               const struct xshim_neg_limit *own);

/* Read or write bytes (a multiple of 512) at 512-byte sector `sector`. XSHIM_S_OK,
 * XSHIM_S_RANGE (beyond the disk, or not whole sectors), XSHIM_S_BLK_*, XSHIM_S_TIMEOUT. */
XSHIM_NODISCARD int32_t xshim_blkfront_read(struct xshim_blkfront *bf, uint64_t sector, void *buf,
                                            uint32_t bytes);
XSHIM_NODISCARD int32_t xshim_blkfront_write(struct xshim_blkfront *bf, uint64_t sector,
                                             const void *buf, uint32_t bytes);

/* Make what was written durable: FLUSH_DISKCACHE, or WRITE_BARRIER, whichever the backend
 * offers (no segments). XSHIM_S_OK; XSHIM_S_ENOSYS when it offers neither (its writes are not
 * cached: blkif.h), or a status as read. */
XSHIM_NODISCARD int32_t xshim_blkfront_flush(struct xshim_blkfront *bf);

/* Flush (while the backend is Connected: one that is closing already, as when the toolstack
 * detaches the disk, takes no more requests), then Closing; wait (bounded) for the backend's
 * Closing, Closed; wait for its Closed
 * (it unmaps then), end every grant, close the event channel, stop watching. XSHIM_S_OK, or
 * the first failure (XSHIM_S_GNT_BUSY when the backend kept a page mapped through the wait:
 * those pages must not be reused). XSHIM_S_BLK_NOT_CONNECTED outside a connection: a failed
 * connect, or a disconnect, left the device Closed already; nothing is written. */
XSHIM_NODISCARD int32_t xshim_blkfront_disconnect(struct xshim_blkfront *bf);

/* A short name for any status these calls return: "ok", "timeout", "blk-io", "xb-closed",
 * "gnt-busy", XenStore's names ("EAGAIN", ...); "other" for a number xshim does not name. */
const char *xshim_blkfront_status_name(int32_t status);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_BLKFRONT_H */
