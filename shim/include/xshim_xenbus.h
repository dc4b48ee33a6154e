/*
 * xshim_xenbus.h: a frontend device's XenBus connection: the state machine both ends drive
 * through their "state" nodes, watches on the backend's, and the negotiation table's reads and
 * writes over XenStore.
 *
 *   frontend                                   backend
 *   Initialising ... waits for InitWait  <---  InitWait (features written)
 *   reads features, negotiates (xshim_negotiate), sets up rings and channels
 *   one transaction: negotiated nodes, ring nodes, state = Initialised  --->  connects
 *   waits for Connected  <---  Connected (sectors, sector-size, ... written)
 *   reads the device's data, state = Connected
 *   ... on the backend's Closing: tear down, state = Closing, then Closed
 *
 * Every wait is bounded: at most dev->rounds watch events, each waited for at most
 * xs->spin_limit relax() rounds; a backend that never moves ends in XSHIM_S_TIMEOUT with
 * dev->backend_state saying where it stayed. Include this header (it includes xshim_xenstore.h
 * and xshim_negotiate.h). C types only; no libc; the handle is plain data the kernel owns.
 */
#ifndef XSHIM_XENBUS_H
#define XSHIM_XENBUS_H

#include "xshim_negotiate.h"
#include "xshim_xenstore.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes (-13xx: the XenBus connection's). */
#define XSHIM_S_XB_CLOSED                                                                          \
    (-1301)                          /* the backend went to Closing or Closed while the frontend
                                      * waited for another state */
#define XSHIM_S_XB_BAD_STATE (-1302) /* the backend's state node is not a state (0..8) */
#define XSHIM_S_XB_REFUSED (-1303)   /* negotiation refused the device (see the result) */

#define XSHIM_XB_DIR_MAX 64        /* "device/vbd/51712" */
#define XSHIM_XB_ROUNDS_DEFAULT 64 /* watch events one wait takes at most */

struct xshim_xenbus_dev {
    struct xshim_xs *xs;             /* an open XenStore handle; must outlive this */
    char dir[XSHIM_XB_DIR_MAX];      /* the frontend's directory */
    char backend[XSHIM_XS_PATH_MAX]; /* dir/backend, validated absolute path */
    uint32_t backend_id;             /* dir/backend-id: the domain to grant to */
    uint32_t backend_state;          /* enum xshim_xenbus_state, as last read */
    uint32_t state;                  /* ours, as last written */
    uint32_t rounds;                 /* watch events per wait; 0: XSHIM_XB_ROUNDS_DEFAULT */
    char token[XSHIM_XS_TOKEN_MAX];  /* the watch on backend/state */
};

/* Open the device at dir ("device/vbd/51712"): read and check dir/backend and
 * dir/backend-id, and watch the backend's state node. XSHIM_S_OK, XSHIM_S_EINVAL (bad dir),
 * XSHIM_S_ENOENT (no such device), XSHIM_S_XS_BAD_BACKEND, XSHIM_S_XS_MALFORMED (a backend-id
 * that is not a domain id), or a XenStore status. */
XSHIM_NODISCARD int32_t xshim_xenbus_open(struct xshim_xenbus_dev *dev, struct xshim_xs *xs,
                                          const char *dir);
/* Stop watching (before the device is forgotten or opened again). */
XSHIM_NODISCARD int32_t xshim_xenbus_close(struct xshim_xenbus_dev *dev);

/* Read the backend's state into dev->backend_state. XSHIM_S_XB_BAD_STATE for a value that
 * is not 0..8 in plain decimal; an absent node reads as Unknown. */
XSHIM_NODISCARD int32_t xshim_xenbus_backend_state(struct xshim_xenbus_dev *dev);

/* Wait until the backend is in one of the states of want_mask (bit 1 << state). XSHIM_S_OK;
 * XSHIM_S_XB_CLOSED when it is Closing or Closed and neither is wanted (Unknown, a backend not
 * there yet, is waited through; so is Closing when Closed is wanted);
 * XSHIM_S_TIMEOUT when dev->rounds watch events went by (or none came within xs->spin_limit
 * rounds) without it. */
XSHIM_NODISCARD int32_t xshim_xenbus_wait(struct xshim_xenbus_dev *dev, uint32_t want_mask);

/* Write our state (dir/state) in transaction tx (0: none). */
XSHIM_NODISCARD int32_t xshim_xenbus_set_state(struct xshim_xenbus_dev *dev, uint32_t tx,
                                               uint32_t state);

/* The backend's side of a negotiation: each rule of phase read from its node (the backend's
 * directory, or ours for XSHIM_NEG_IN_FRONTEND rules). An absent node is absent; a value longer
 * than XSHIM_NEG_TEXT_MAX is kept as overlong (the negotiation calls it malformed). */
struct xshim_xenbus_values {
    struct xshim_neg_value values[XSHIM_NEG_RULES_MAX];
    char text[XSHIM_NEG_RULES_MAX][XSHIM_NEG_TEXT_MAX + 2];
};
XSHIM_NODISCARD int32_t xshim_xenbus_read(struct xshim_xenbus_dev *dev,
                                          const struct xshim_neg_class *cls, uint32_t phase,
                                          struct xshim_xenbus_values *out);

/* Extra nodes a device writes with its negotiated ones (ring-ref, event-channel, ...). */
struct xshim_xenbus_node {
    const char *name; /* relative to dev->dir */
    uint64_t value;   /* written in decimal */
};

/* One transaction: result's writes, then extra[0..n), then state (0: leave it). On -EAGAIN the
 * transaction is started again, at most XSHIM_XS_TX_RETRIES times (then -EAGAIN). A refused
 * result writes nothing: XSHIM_S_XB_REFUSED. */
XSHIM_NODISCARD int32_t xshim_xenbus_publish(struct xshim_xenbus_dev *dev,
                                             const struct xshim_neg_result *result,
                                             const struct xshim_xenbus_node *extra, uint32_t n,
                                             uint32_t state);

/* "InitWait", "Connected", ...; "invalid" beyond 8. Never NULL. */
const char *xshim_xenbus_state_name(uint32_t state);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_XENBUS_H */
