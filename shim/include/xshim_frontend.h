/*
 * xshim_frontend.h: the runtime a split-driver frontend needs after xshim_boot() selected:
 * a grant table (version 1 entries) and event channels, reached through the selected adapters.
 *
 *   xshim_gnttab_open()   PV: GNTTABOP_setup_table; PVH/HVM/Arm: XENMEM_add_to_physmap of the
 *                         grant-table frames at guest frames the kernel chooses; then maps them
 *   xshim_gnttab_grant()  let a domain access one of this domain's frames
 *   xshim_gnttab_end()    take it back, refusing while the other domain still maps it
 *   xshim_evtchn_alloc_unbound() / xshim_evtchn_close() / xshim_evtchn_wait()
 *
 * Include this header (it includes xshim.h). C types only; no libc, no heap: the handle is plain
 * data the kernel owns. Every wait is bounded (relax() rounds) and ends in a named status.
 * docs/xenstore.md ("The frontend runtime") has the details.
 */
#ifndef XSHIM_FRONTEND_H
#define XSHIM_FRONTEND_H

#include "xshim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes beyond xshim.h's enum xshim_status (same int32_t space; -12xx is the frontend
 * runtime's). */
#define XSHIM_S_GNT_BUSY                                                                           \
    (-1201)                        /* the other domain still maps the frame (GTF_reading or
                                    * GTF_writing stayed set through the bounded wait) */
#define XSHIM_S_GNT_IN_USE (-1202) /* the entry is already granted: end it first */
#define XSHIM_S_GNT_STATUS                                                                         \
    (-1203) /* the hypercall succeeded but its GNTST_* status did not;
                                    * gt->last_status holds it */

#define XSHIM_GNTTAB_FRAMES_MAX 8 /* frames a handle maps: 8 x 512 = 4096 v1 entries */

/* The grant table. Zero it before xshim_gnttab_open (static storage is). */
struct xshim_gnttab {
    struct xshim_hypercall hypercall;      /* copy of the verdict's port */
    const struct xshim_platform *platform; /* must outlive the handle */
    void *frames[XSHIM_GNTTAB_FRAMES_MAX]; /* each frame as mapped by platform->map_frame */
    uint64_t frame_numbers[XSHIM_GNTTAB_FRAMES_MAX]; /* MFN (PV) or guest frame */
    uint32_t nr_frames;
    uint32_t nr_refs;     /* nr_frames * 512; refs below XSHIM_GNTTAB_NR_RESERVED_ENTRIES (8)
                            * belong to the toolstack and are never granted here */
    uint32_t wait_rounds; /* relax() rounds xshim_gnttab_end waits; 0: the platform's bound */
    int32_t last_status;  /* GNTST_* of the last setup, 0 otherwise */
};

/* Set up and map nr_frames (1..XSHIM_GNTTAB_FRAMES_MAX) frames of this domain's grant table.
 * PV: GNTTABOP_setup_table gives machine frames; PVH, HVM and Arm: the kernel names the guest
 * frames to place them at, first_gfn .. first_gfn + nr_frames - 1 (memory it does not use;
 * on Arm the region the device tree's /hypervisor node names), and xshim asks Xen to put the
 * table there with XENMEM_add_to_physmap. Each frame is then mapped with platform->map_frame.
 * XSHIM_S_OK; XSHIM_S_EINVAL (NULL, not SELECTED, nr_frames out of range), XSHIM_S_RANGE (more
 * frames than the probe's GNTTABOP_query_size maximum), XSHIM_S_GNT_STATUS, XSHIM_S_ENOSYS
 * (no map_frame), or Xen's negative errno. */
XSHIM_NODISCARD int32_t xshim_gnttab_open(struct xshim_gnttab *gt,
                                          const struct xshim_verdict *verdict,
                                          const struct xshim_platform *platform, uint32_t nr_frames,
                                          uint64_t first_gfn);

/* Let domid access frame (PV: its MFN; otherwise its guest frame) through entry ref, read-only
 * if readonly != 0. The entry must be free. XSHIM_S_OK, XSHIM_S_RANGE (ref outside the table
 * or reserved, a frame beyond 32 bits: v1 entries hold 32), XSHIM_S_GNT_IN_USE. */
XSHIM_NODISCARD int32_t xshim_gnttab_grant(struct xshim_gnttab *gt, uint32_t ref, uint16_t domid,
                                           uint64_t frame, uint32_t readonly);

/* End access through ref: clears the entry unless the other domain maps the frame (Xen keeps
 * GTF_reading/GTF_writing set while it does), waiting for it to unmap at most wait_rounds
 * relax() rounds. The frame may be reused only after XSHIM_S_OK. XSHIM_S_GNT_BUSY when the
 * mapping outlived the wait (the entry stays granted), XSHIM_S_RANGE. */
XSHIM_NODISCARD int32_t xshim_gnttab_end(struct xshim_gnttab *gt, uint32_t ref);

/* EVTCHNOP_alloc_unbound: a new port in this domain that remote_dom may bind. */
XSHIM_NODISCARD long xshim_evtchn_alloc_unbound(const struct xshim_hypercall *hc,
                                                uint16_t remote_dom, uint32_t *port);
/* EVTCHNOP_close. */
XSHIM_NODISCARD long xshim_evtchn_close(const struct xshim_hypercall *hc, uint32_t port);

/* Wait for an event on port by polling its pending bit in shared_info through the selected
 * shared_info adapter (2-level event channels, which every Xen offers; a kernel that switched to
 * FIFO with EVTCHNOP_init_control polls its own queues). Clears the bit it saw. At most rounds
 * relax() rounds (0: the platform's wait_rounds). XSHIM_S_OK, XSHIM_S_TIMEOUT, XSHIM_S_RANGE
 * (a port the layout does not hold), XSHIM_S_EINVAL. */
XSHIM_NODISCARD int32_t xshim_evtchn_wait(const struct xshim_verdict *verdict, void *shared_info,
                                          const struct xshim_platform *platform, uint32_t port,
                                          uint32_t rounds);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_FRONTEND_H */
