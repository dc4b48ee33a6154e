/*
 * xshim_xenstore.h: a small, bounded XenStore client for a guest kernel (read-only probe).
 *
 *   xshim_xs_open()  find the store ring (PV: start_info store_mfn/store_evtchn; PVH/HVM/Arm:
 *                    HVM_PARAM_STORE_PFN/STORE_EVTCHN), map it with platform->map_frame
 *   xshim_xs_read()  one node's value         xshim_xs_directory()  one node's children
 *   xshim_xs_backend_features()  for a frontend device ("device/vif/0"): its backend's
 *                    feature-* nodes and numeric limits, clamped to the frontend's own limits
 *
 * Include this header (it includes xshim.h); xshim.h does not include it. C types only, no
 * libc, no heap: the handle is plain data the kernel owns (static storage: it holds a
 * XENSTORE_PAYLOAD_MAX scratch buffer). One request at a time, no transactions, no watches.
 * Every wait is bounded by xs->spin_limit rounds of platform->relax(). The store is untrusted:
 * every reply is checked, each kind of hostile reply has its own status, and a protocol fault
 * makes the handle refuse further requests (XSHIM_S_XS_BROKEN) until it is opened again.
 * docs/xenstore.md has the details.
 */
#ifndef XSHIM_XENSTORE_H
#define XSHIM_XENSTORE_H

#include "xshim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes beyond xshim.h's enum xshim_status (same int32_t space; -11xx is XenStore's),
 * written once: F(NAME, value, "name") makes XSHIM_S_XS_<NAME> and xshim_xs_status_name()'s words.
 * A request that xenstored answers with XS_ERROR returns the negative errno of its name
 * ("ENOENT" -> XSHIM_S_ENOENT = -2, "EACCES" -> -13, ...; Xen's errno numbers) and copies the
 * name into xs->last_error; last_error is "" for every status xshim decided itself. */
/* clang-format off */
#define XSHIM_XS_STATUSES(F)                                                                       \
    F(NO_STORE,      -1101, "no-store")      /* no XenStore for this domain (frame or event        \
                                                channel is 0: dom0 before xenstored, or a          \
                                                domain built without) */                           \
    F(NO_MAP,        -1102, "no-map")        /* platform->map_frame is NULL or returned NULL */    \
    F(RECONNECTING,  -1103, "reconnecting")  /* ring's connection field stayed                     \
                                                != XENSTORE_CONNECTED */                           \
    F(RING_ERROR,    -1104, "ring-error")    /* the server set the ring's error field              \
                                                (FEATURE_ERROR) */                                 \
    F(BAD_INDEX,     -1105, "bad-index")     /* ring indexes that cannot be (prod - cons >         \
                                                ring size, or our own index changed behind         \
                                                our back) */                                       \
    F(TOO_LONG,      -1106, "too-long")      /* reply header len > XENSTORE_PAYLOAD_MAX */         \
    F(BAD_REQ_ID,    -1107, "bad-req-id")    /* reply req_id is not the request's */               \
    F(BAD_TX_ID,     -1108, "bad-tx-id")     /* reply tx_id is not the request's (0) */            \
    F(BAD_TYPE,      -1109, "bad-type")      /* reply type neither the request's nor XS_ERROR */   \
    F(MALFORMED,     -1110, "malformed")     /* payload breaks its format: a directory entry       \
                                                empty or unterminated, an XS_ERROR name            \
                                                unterminated/garbled, a number that is not         \
                                                plain decimal */                                   \
    F(BAD_BACKEND,   -1111, "bad-backend")   /* the frontend's backend node is not a valid         \
                                                absolute path (charset, length, NUL inside) */     \
    F(BROKEN,        -1112, "broken")        /* an earlier fault (xs->fault) retired this          \
                                                handle */                                          \
    F(NOTIFY,        -1113, "notify-failed") /* EVTCHNOP_send on the store's event channel         \
                                                failed */                                          \
    F(ERROR_UNKNOWN, -1114, "unknown-error") /* XS_ERROR with a name not in Xen's                  \
                                                xsd_errors[] */
/* clang-format on */

#define XSHIM_XS_STATUS_ENUM_(name, value, text) XSHIM_S_XS_##name = (value),
enum xshim_xs_status { XSHIM_XS_STATUSES(XSHIM_XS_STATUS_ENUM_) };
#undef XSHIM_XS_STATUS_ENUM_
/* Also used: XSHIM_S_OK, XSHIM_S_EINVAL (bad argument or path), XSHIM_S_ENOBUFS (the reply does
 * not fit the caller's buffer: nothing truncated, the reply is consumed, the handle stays
 * usable), XSHIM_S_TIMEOUT (no reply within spin_limit relax() rounds; retires the handle),
 * XSHIM_S_RANGE (a number beyond 32 bits), and the negative Xen errno of a failed
 * hvm_op get_param. */

#define XSHIM_XS_SPINS_DEFAULT (1u << 24) /* relax() rounds per wait, set by xshim_xs_open */
#define XSHIM_XS_ERROR_NAME_MAX 16        /* "ENOTEMPTY" and the rest fit */
#define XSHIM_XS_SCRATCH 4097             /* XENSTORE_PAYLOAD_MAX + a terminator */

enum xshim_xs_source {
    XSHIM_XS_SRC_NONE = 0,
    XSHIM_XS_SRC_START_INFO = 1, /* PV: start_info.store_mfn / store_evtchn */
    XSHIM_XS_SRC_HVM_PARAM = 2,  /* PVH/HVM/Arm: HVM_PARAM_STORE_PFN / HVM_PARAM_STORE_EVTCHN */
};

#define XSHIM_XS_EVENTS_MAX 8       /* watch events queued while a request waits */
#define XSHIM_XS_EVENT_PATH_MAX 256 /* an event's path, with its NUL */
#define XSHIM_XS_TOKEN_MAX 32       /* a watch token, with its NUL */
#define XSHIM_XS_TX_RETRIES 16      /* transaction attempts before -EAGAIN is given up on */

/* One watch event: the node that changed (or the watched path itself, at registration) and
 * the token the watch was registered with. */
struct xshim_xs_event {
    char path[XSHIM_XS_EVENT_PATH_MAX];
    char token[XSHIM_XS_TOKEN_MAX];
};

/* The handle. Zero it before the first open (static storage is). Fields are readable; only
 * spin_limit is meant to be set by the caller: a nonzero value found by open/attach is kept
 * (it also bounds their wait for a reconnect), 0 becomes XSHIM_XS_SPINS_DEFAULT. */
struct xshim_xs {
    void *ring;                            /* struct xenstore_domain_interface, mapped */
    const struct xshim_platform *platform; /* must outlive the handle */
    struct xshim_hypercall hypercall;      /* copy of the verdict's port, for EVTCHNOP_send */
    uint64_t frame;                        /* store frame: MFN (PV) or PFN */
    uint32_t evtchn;                       /* store event channel */
    uint32_t source;                       /* enum xshim_xs_source */
    uint32_t server_features;              /* ring's server_features at open */
    uint32_t req_id;                       /* id of the next request */
    uint32_t req_prod;                     /* private copies of the indexes this side owns */
    uint32_t rsp_cons;
    uint32_t spin_limit;                      /* relax() rounds per request (and per open) */
    int32_t fault;                            /* first fault that retired the handle, 0 if none */
    char last_error[XSHIM_XS_ERROR_NAME_MAX]; /* XS_ERROR name of the last request, or "" */
    char scratch[XSHIM_XS_SCRATCH];           /* directory listings of xshim_xs_backend_features */
    uint8_t reserved[3];
    /* Watch events that arrived between replies, oldest first; more than XSHIM_XS_EVENTS_MAX
     * at once are counted in events_dropped (a watcher re-reads what it watches anyway). */
    uint32_t events_head, events_count, events_dropped, reserved2;
    struct xshim_xs_event events[XSHIM_XS_EVENTS_MAX];
};

/* Find, map and check the store ring for the selected verdict. XSHIM_S_OK, or
 * XSHIM_S_XS_NO_STORE, XSHIM_S_XS_NO_MAP, XSHIM_S_XS_RECONNECTING, XSHIM_S_XS_RING_ERROR,
 * XSHIM_S_XS_BAD_INDEX, XSHIM_S_EINVAL (NULL argument, verdict not SELECTED), or a negative
 * Xen errno from hvm_op get_param. */
XSHIM_NODISCARD int32_t xshim_xs_open(struct xshim_xs *xs, const struct xshim_verdict *verdict,
                                      const struct xshim_platform *platform);

/* Open over an already known ring and event channel (tests, kernels that found the store
 * some other way). Same checks as xshim_xs_open. */
XSHIM_NODISCARD int32_t xshim_xs_attach(struct xshim_xs *xs, void *ring, uint32_t evtchn,
                                        const struct xshim_hypercall *hypercall,
                                        const struct xshim_platform *platform);

/* XS_READ of path (absolute "/local/domain/0/..." or relative to the domain's home,
 * "device/vbd/51712/backend"). The value goes to out, followed by a NUL that xshim adds (on
 * the wire a value has no terminator); *len = value bytes, without the NUL. A value may hold
 * NUL bytes: use *len. XSHIM_S_ENOBUFS when len + 1 > cap (*len then says how many bytes the
 * value has). */
XSHIM_NODISCARD int32_t xshim_xs_read(struct xshim_xs *xs, const char *path, char *out,
                                      uint32_t cap, uint32_t *len);

/* XS_DIRECTORY of path: out receives the children's names, each followed by a NUL, as on the
 * wire; *count = number of names (0 for a leaf). Every name is checked non-empty and
 * terminated (else XSHIM_S_XS_MALFORMED). XSHIM_S_ENOBUFS when the listing exceeds cap. */
XSHIM_NODISCARD int32_t xshim_xs_directory(struct xshim_xs *xs, const char *path, char *out,
                                           uint32_t cap, uint32_t *count);

/* ---- writing, transactions and watches ------------------------------------------------ */

/* tx: 0 outside a transaction, else the id xshim_xs_transaction_start gave. Each is one request
 * with the same checks and bounds as a read; a reply for another transaction is
 * XSHIM_S_XS_BAD_TX_ID. -EAGAIN (-11) from a write inside a transaction, like from its end, means
 * the transaction conflicted: start again. */

/* XS_WRITE of len value bytes (no terminator is sent; len <= 4096 - path - 1). */
XSHIM_NODISCARD int32_t xshim_xs_write(struct xshim_xs *xs, uint32_t tx, const char *path,
                                       const char *value, uint32_t len);
/* XS_MKDIR (no error if it exists) and XS_RM (a missing node is -ENOENT). */
XSHIM_NODISCARD int32_t xshim_xs_mkdir(struct xshim_xs *xs, uint32_t tx, const char *path);
XSHIM_NODISCARD int32_t xshim_xs_rm(struct xshim_xs *xs, uint32_t tx, const char *path);
/* XS_TRANSACTION_START: *tx = the new transaction's id (a plain decimal from the server, not 0).
 * XS_TRANSACTION_END: commit != 0 commits, 0 aborts; -EAGAIN: it conflicted, nothing was
 * written, start again (at most XSHIM_XS_TX_RETRIES times is what xshim's own callers do). */
XSHIM_NODISCARD int32_t xshim_xs_transaction_start(struct xshim_xs *xs, uint32_t *tx);
XSHIM_NODISCARD int32_t xshim_xs_transaction_end(struct xshim_xs *xs, uint32_t tx, uint32_t commit);

/* XS_WATCH / XS_UNWATCH of path with token (1..31 path characters). xenstored fires one event
 * for the path right after registering, then one for each change at or below it. */
XSHIM_NODISCARD int32_t xshim_xs_watch(struct xshim_xs *xs, const char *path, const char *token);
XSHIM_NODISCARD int32_t xshim_xs_unwatch(struct xshim_xs *xs, const char *path, const char *token);
/* The next watch event: the oldest queued one, else one read from the ring, waiting at most
 * xs->spin_limit relax() rounds (XSHIM_S_TIMEOUT, which leaves the handle usable: no request
 * was outstanding). Another message than an event then is XSHIM_S_XS_BAD_TYPE; an event whose
 * payload is not path NUL token NUL is XSHIM_S_XS_MALFORMED. */
XSHIM_NODISCARD int32_t xshim_xs_next_event(struct xshim_xs *xs, struct xshim_xs_event *event);

/* ---- backend features of one frontend device ------------------------------------------- */

#define XSHIM_XS_PATH_MAX 256    /* backend paths accepted ("/local/domain/0/backend/...") */
#define XSHIM_XS_NAME_MAX 64     /* a feature node's name, with its NUL */
#define XSHIM_XS_VALUE_MAX 32    /* a feature node's value read into this, with its NUL */
#define XSHIM_XS_FEATURES_MAX 32 /* feature-* nodes reported; more are counted as dropped */
#define XSHIM_XS_PROTOCOL_MAX 16 /* "x86_64-abi" */

/* What the frontend itself can do; advertised numbers are clamped to these. */
struct xshim_xs_frontend_limits {
    uint32_t max_ring_page_order; /* blkif: log2 of ring pages the frontend can map */
    uint32_t max_queues;          /* blkif/netif: queues the frontend can drive (>= 1) */
};

/* One feature-* node of the backend. */
struct xshim_xs_feature {
    char name[XSHIM_XS_NAME_MAX];   /* "feature-sg", NUL-terminated */
    char value[XSHIM_XS_VALUE_MAX]; /* as read, NUL-terminated; "" when status is not OK */
    int32_t status;                 /* XSHIM_S_OK, or why the value could not be read */
    int32_t number_status;          /* XSHIM_S_OK if value is plain decimal <= 0xffffffff,
                                     * XSHIM_S_XS_MALFORMED, XSHIM_S_RANGE; equal to status
                                     * when the value could not be read */
    uint32_t number;                /* the value as a number when number_status is OK */
    uint32_t reserved;
};

/* A numeric limit the backend advertises (absent: the old protocol's default). */
struct xshim_xs_limit {
    int32_t status;      /* XSHIM_S_OK: advertised; XSHIM_S_ENOENT: absent; else why not used */
    uint32_t advertised; /* what the backend wrote, when status is OK */
    uint32_t value;      /* what the frontend may use: min(advertised, own limit), or default */
    uint32_t clamped;    /* 1 when advertised > the frontend's own limit */
};

struct xshim_xs_backend_report {
    char backend[XSHIM_XS_PATH_MAX];      /* the frontend's backend node, validated */
    char protocol[XSHIM_XS_PROTOCOL_MAX]; /* frontend's protocol node ("x86_64-abi"); "" */
    int32_t protocol_status; /* XSHIM_S_OK, XSHIM_S_ENOENT (absent: native ABI), or error */
    uint32_t nfeatures;      /* entries of features[] filled */
    uint32_t dropped;        /* feature-* nodes not reported: beyond XSHIM_XS_FEATURES_MAX
                              * or a name longer than XSHIM_XS_NAME_MAX - 1 */
    uint32_t children;       /* nodes in the backend directory */
    struct xshim_xs_limit max_ring_page_order;    /* default 0: one ring page */
    struct xshim_xs_limit multi_queue_max_queues; /* default 1: one queue */
    struct xshim_xs_feature features[XSHIM_XS_FEATURES_MAX];
};

/* For the frontend device at dev ("device/vbd/51712"): read dev/backend (validated: absolute,
 * < XSHIM_XS_PATH_MAX, xenstore path characters only, no NUL inside), dev/protocol, list the
 * backend directory and read every feature-* node and the limits max-ring-page-order and
 * multi-queue-max-queues (each once), clamped to limits (a limit of 0 queues counts as 1).
 * XSHIM_S_OK when the backend was listed (a single node that fails is recorded in its own
 * status); otherwise the status of the step that failed (e.g. XSHIM_S_ENOENT: no such device,
 * XSHIM_S_XS_BAD_BACKEND), or the fault that retired the handle part-way. Uses xs->scratch for
 * the listing. At most 3 + 2 + XSHIM_XS_FEATURES_MAX requests. */
XSHIM_NODISCARD int32_t xshim_xs_backend_features(struct xshim_xs *xs, const char *dev,
                                                  const struct xshim_xs_frontend_limits *limits,
                                                  struct xshim_xs_backend_report *report);

/* One line for a console: "xenstore: /local/domain/0/backend/vif/1/0 protocol=- feature-sg=1
 * ... multi-queue-max-queues=1(use 1)". Clipped to cap, always NUL-terminated; returns its
 * length. */
uint32_t xshim_xs_format_report(const struct xshim_xs_backend_report *report, char *out,
                                uint32_t cap);

/* Short name of a status ("ok", "enoent", "no-store", "timeout", ...). Never NULL. */
const char *xshim_xs_status_name(int32_t status);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_XENSTORE_H */
