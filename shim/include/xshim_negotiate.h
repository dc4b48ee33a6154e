/*
 * xshim_negotiate.h: feature negotiation between a frontend and its backend, as data.
 *
 * Between domains Xen prefers per-feature flags to version numbers: a backend advertises
 * feature-X (or a limit such as max-ring-page-order) in XenStore, a frontend that supports it
 * answers with its own node (request-X, ring-page-order, multi-queue-num-queues, ...), and a
 * node that is not there means the default, which is the old protocol. Either end may be older
 * or newer than the other, and the backend is not trusted.
 *
 * A device class is one table of rules (struct xshim_neg_rule), one per node the frontend reads.
 * xshim_negotiate() is a pure function: (rules, the backend's values as read, the frontend's own
 * limits) -> (a decision per rule, the nodes the frontend writes, or a refusal that names both
 * sides). It reads nothing and writes nothing itself, so it is tested and fuzzed on a host; the
 * XenStore I/O around it is the caller's. C types only; no libc.
 */
#ifndef XSHIM_NEGOTIATE_H
#define XSHIM_NEGOTIATE_H

#include "xshim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a rule's backend node is. */
enum xshim_neg_kind {
    XSHIM_NEG_FLAG = 1,  /* feature-X: 1 offered; 0 or absent not offered */
    XSHIM_NEG_LIMIT = 2, /* a number the frontend uses up to its own limit (max-ring-page-order) */
    XSHIM_NEG_VALUE = 3, /* a number the frontend only reads and checks (sector-size, sectors) */
    XSHIM_NEG_MATCH = 4, /* text that must equal the frontend's own (protocol's ring ABI) */
    XSHIM_NEG_ANNOUNCE = 5, /* no backend node (backend_node NULL): the frontend writes its own
                             * value, clamped to [min, max], for the backend to read
                             * (feature-persistent: each end announces its own, and the feature
                             * is used when both do) */
    XSHIM_NEG_MAC = 6,      /* an Ethernet address in XenStore's text form, six two-digit hex
                             * bytes joined by ':' ("00:16:3e:5a:01:02", what libxl writes to a
                             * vif's "mac"); used = the 48-bit value, first byte highest. A
                             * group (multicast) address fails the rule's check */
};

/* Whether the device can work without the rule's feature. */
enum xshim_neg_need {
    XSHIM_NEG_WANTED = 0,   /* used when offered; the old protocol otherwise */
    XSHIM_NEG_REQUIRED = 1, /* absent, not offered or unusable: the device is refused */
};

/* What a backend value must satisfy beyond being a plain decimal within [min, max]. */
enum xshim_neg_check {
    XSHIM_NEG_CHECK_NONE = 0,
    XSHIM_NEG_CHECK_POW2 = 1,    /* a power of two (sector-size: and >= min) */
    XSHIM_NEG_CHECK_UNICAST = 2, /* a MAC rule's address is an individual one (bit 0 of its
                                  * first byte clear): an interface cannot own a group address */
};

/* What a value that breaks its rule (not a number, outside its range, failing its check) does. */
enum xshim_neg_on_bad {
    XSHIM_NEG_BAD_DEFAULT = 0, /* ignore it: the absent default (the old protocol) */
    XSHIM_NEG_BAD_CLAMP = 1,   /* a number outside [min, max] is clamped into it; else default */
    XSHIM_NEG_BAD_REFUSE = 2,  /* the device is refused */
};

#define XSHIM_NEG_NO_WRITE (~(uint64_t)0) /* write_from: the frontend writes no node for this */

/* Which directory a rule's node is read from. */
enum xshim_neg_where {
    XSHIM_NEG_IN_BACKEND = 0,  /* the backend's: what it advertises */
    XSHIM_NEG_IN_FRONTEND = 1, /* the frontend's own, as the toolstack wrote it (protocol) */
};

/* When a rule's node is read. A backend writes its features before it reaches InitWait, and
 * the device's own data (sectors, sector-size) when it reaches Connected. */
enum xshim_neg_phase {
    XSHIM_NEG_AT_INITWAIT = 0,  /* before the frontend writes its nodes */
    XSHIM_NEG_AT_CONNECTED = 1, /* after the backend reached Connected */
};

struct xshim_neg_rule {
    const char *name;          /* what the console line calls it: "ring-page-order" */
    const char *backend_node;  /* the node read: "max-ring-page-order"; NULL for ANNOUNCE */
    uint32_t where;            /* enum xshim_neg_where: whose directory backend_node is in */
    uint32_t phase;            /* enum xshim_neg_phase */
    const char *frontend_node; /* written in the frontend's directory, or NULL */
    uint32_t kind;             /* enum xshim_neg_kind */
    uint32_t need;             /* enum xshim_neg_need */
    uint32_t check;            /* enum xshim_neg_check */
    uint32_t on_bad;           /* enum xshim_neg_on_bad */
    uint64_t absent;           /* the value when the node is absent: the old protocol */
    uint64_t min, max;         /* the range a backend value must lie in */
    uint64_t write_from;       /* frontend_node is written when the value used >= this (e.g. 1
                                * for ring-page-order, 2 for multi-queue-num-queues, 0 for
                                * always); XSHIM_NEG_NO_WRITE never */
};

/* One device class: its table and the name its console lines use ("vbd"). */
struct xshim_neg_class {
    const char *name;
    const struct xshim_neg_rule *rules;
    uint32_t count;
};

/* The frontend's side of one rule: a flag's 1 (wants it) or 0 (does not); a limit's own
 * maximum; the text a MATCH rule expects. Unused fields are ignored. */
struct xshim_neg_limit {
    uint64_t value;
    const char *text;
};

/* The backend's side of one rule, as the caller read it: present or absent, and its bytes (a
 * XenStore value is not terminated; text need not be). */
#define XSHIM_NEG_TEXT_MAX 32 /* longer backend values are malformed ("overlong") */
struct xshim_neg_value {
    uint32_t present;
    uint32_t len;
    const char *text;
};

/* What became of one rule: F(NAME, value, "name", meaning). One list makes the enum and
 * xshim_neg_status_name(). */
/* clang-format off */
#define XSHIM_NEG_STATUSES(F)                                                                   \
    F(OK,          0, "ok",          "offered and valid; value used (perhaps clamped to the frontend)") \
    F(ABSENT,      1, "absent",      "node absent: the default, the old protocol")             \
    F(MALFORMED,   2, "malformed",   "not a plain decimal (a MAC rule: not xx:xx:xx:xx:xx:xx), negative, overlong, or a NUL inside") \
    F(RANGE,       3, "range",       "a number outside [min, max]")                            \
    F(CHECK,       4, "check",       "fails the rule's check (not a power of two, not unicast)") \
    F(MISMATCH,    5, "mismatch",    "MATCH text differs from the frontend's")                 \
    F(NOT_OFFERED, 6, "not-offered", "a flag the backend sets to 0")
/* clang-format on */
#define XSHIM_NEG_STATUS_ENUM_(name, value, text, meaning) XSHIM_NEG_##name = (value),
enum xshim_neg_status { XSHIM_NEG_STATUSES(XSHIM_NEG_STATUS_ENUM_) };

struct xshim_neg_decision {
    uint32_t status;      /* enum xshim_neg_status */
    uint32_t clamped;     /* 1: the backend offered more than the frontend's limit, or a value
                          * outside the range was clamped into it */
    uint64_t advertised;  /* the backend's number, when it was one */
    uint64_t used;        /* what the frontend uses: the negotiated value */
    uint64_t own;         /* the frontend's side as given: its limit, or 1/0 for a flag */
    const char *own_text; /* a MATCH rule's expected text (the frontend's), else NULL */
    char shown[XSHIM_NEG_TEXT_MAX + 1]; /* the backend's text, printable, for lines */
};

#define XSHIM_NEG_RULES_MAX 24 /* rules in one class */

struct xshim_neg_write {
    const char *node; /* the rule's frontend_node */
    const char *text; /* MATCH rules: the text to write; NULL: write value in decimal */
    uint64_t value;
};

struct xshim_neg_result {
    uint32_t phase;   /* enum xshim_neg_phase the result is for */
    uint32_t outcome; /* XSHIM_SELECTED, or XSHIM_REFUSED */
    uint32_t refused; /* the rule that refused the device, when REFUSED */
    uint32_t nwrites; /* entries of writes[] */
    struct xshim_neg_decision decisions[XSHIM_NEG_RULES_MAX];
    struct xshim_neg_write writes[XSHIM_NEG_RULES_MAX];
};

/* Negotiate one device's rules of one phase. backend[] and frontend[] run parallel to
 * cls->rules (entries of other phases are not read); their decisions stay zero (status ok,
 * nothing used) and only rules of this phase are written or printed. XSHIM_S_OK (the outcome
 * is in result, SELECTED or REFUSED), or XSHIM_S_EINVAL for a NULL argument or a class of more
 * than XSHIM_NEG_RULES_MAX rules. Pure: same inputs, same result. */
XSHIM_NODISCARD int32_t xshim_negotiate(const struct xshim_neg_class *cls, uint32_t phase,
                                        const struct xshim_neg_value *backend,
                                        const struct xshim_neg_limit *frontend,
                                        struct xshim_neg_result *result);

/* The index of the rule named name in cls, or -1. */
int32_t xshim_neg_find(const struct xshim_neg_class *cls, const char *name);

/* One console line for a device: "vbd 51712: ring-page-order=4 max-queues=1 ..." on success,
 * or "vbd 51712: REFUSED: backend offers sector-size=1000, frontend needs a power of two
 * >= 512" naming both sides. Notes each value the frontend did not take as offered ("backend
 * offers max-ring-page-order=99, frontend clamps to 4"). Printable ASCII, clipped to cap, always
 * NUL-terminated; returns its length. */
uint32_t xshim_neg_format(const struct xshim_neg_class *cls, const char *device,
                          const struct xshim_neg_result *result, char *out, uint32_t cap);

/* Short name of a status ("ok", "absent", "malformed", ...). Never NULL. */
const char *xshim_neg_status_name(uint32_t status);

/* The device classes xshim knows. The block class (blkif): the rules' order is stable, so a
 * caller may index frontend limits by the XSHIM_BLKIF_* names below. */
extern const struct xshim_neg_class xshim_neg_blkif;
enum xshim_blkif_rule {
    XSHIM_BLKIF_PROTOCOL = 0,          /* frontend's ring ABI: "x86_64-abi", "x86_32-abi", ... */
    XSHIM_BLKIF_RING_PAGE_ORDER = 1,   /* max-ring-page-order -> ring-page-order */
    XSHIM_BLKIF_QUEUES = 2,            /* multi-queue-max-queues -> multi-queue-num-queues */
    XSHIM_BLKIF_PERSISTENT = 3,        /* the backend's feature-persistent (at Connected) */
    XSHIM_BLKIF_INDIRECT = 4,          /* feature-max-indirect-segments (at Connected) */
    XSHIM_BLKIF_FLUSH = 5,             /* feature-flush-cache (at Connected) */
    XSHIM_BLKIF_BARRIER = 6,           /* feature-barrier (at Connected) */
    XSHIM_BLKIF_DISCARD = 7,           /* feature-discard (at Connected) */
    XSHIM_BLKIF_SECTOR_SIZE = 8,       /* sector-size (at Connected) */
    XSHIM_BLKIF_SECTORS = 9,           /* sectors (at Connected) */
    XSHIM_BLKIF_INFO = 10,             /* info: VDISK_* bits (at Connected) */
    XSHIM_BLKIF_PERSISTENT_OFFER = 11, /* the frontend's own feature-persistent (announced) */
    XSHIM_BLKIF_RULES = 12,
};

/* The block frontend's own side for a kernel of this arch (enum xshim_arch): its ring ABI, up
 * to 4 ring pages (16 KiB, XENBUS_MAX_RING_GRANT_ORDER), one queue, 32 indirect segments,
 * persistent grants, flush, barrier and discard. A kernel lowers or raises entries before it
 * negotiates. XSHIM_S_OK, or XSHIM_S_EINVAL (NULL, or an arch with no blkif ABI). */
XSHIM_NODISCARD int32_t
xshim_blkif_frontend_defaults(uint32_t arch, struct xshim_neg_limit out[XSHIM_BLKIF_RULES]);

/* The network class (netif, Xen's io/netif.h) as Linux's netback writes it: every node before
 * InitWait, so every rule is of the InitWait phase. Order stable, as XSHIM_NETIF_* names. */
extern const struct xshim_neg_class xshim_neg_netif;
enum xshim_netif_rule {
    XSHIM_NETIF_RX_COPY = 0,      /* feature-rx-copy -> request-rx-copy (required: Linux's netfront
                                  * refuses a backend without it; netback refuses a frontend that
                                  * does not request it) */
    XSHIM_NETIF_RX_NOTIFY = 1,    /* the frontend's own feature-rx-notify (announced: it notifies
                                  * the backend of rx requests it posts) */
    XSHIM_NETIF_SG = 2,           /* feature-sg: the backend takes frames over several tx slots */
    XSHIM_NETIF_GSO_TCPV4 = 3,    /* feature-gso-tcpv4 */
    XSHIM_NETIF_GSO_TCPV6 = 4,    /* feature-gso-tcpv6 */
    XSHIM_NETIF_NO_CSUM = 5,      /* feature-no-csum-offload: absent (0) = IPv4 offload on */
    XSHIM_NETIF_IPV6_CSUM = 6,    /* feature-ipv6-csum-offload: absent (0) = off */
    XSHIM_NETIF_SPLIT = 7,        /* feature-split-event-channels -> event-channel-tx/-rx */
    XSHIM_NETIF_QUEUES = 8,       /* multi-queue-max-queues -> multi-queue-num-queues */
    XSHIM_NETIF_MCAST = 9,        /* feature-multicast-control -> request-multicast-control */
    XSHIM_NETIF_CTRL_RING = 10,   /* feature-ctrl-ring */
    XSHIM_NETIF_MAC = 11,         /* the frontend's mac node, as the toolstack wrote it */
    XSHIM_NETIF_NO_CSUM_OWN = 12, /* the frontend's own feature-no-csum-offload (announced: 1 =
                                   * send it no frame with a checksum left blank) */
    XSHIM_NETIF_RULES = 13,
};

/* The network frontend's own side (the same on every architecture: netif's entries have no
 * 64-bit field): rx-copy, rx-notify, one queue, multicast control, every backend flag taken as
 * offered, and no checksum offload towards the frontend (it checks no checksum itself).
 * XSHIM_S_OK, or XSHIM_S_EINVAL (NULL). */
XSHIM_NODISCARD int32_t
xshim_netif_frontend_defaults(struct xshim_neg_limit out[XSHIM_NETIF_RULES]);
/* The PV keyboard and pointer class (kbdif, "vkbd"). QEMU's backend writes feature-abs-pointer
 * and feature-raw-pointer before InitWait; the frontend answers request-*. Rule order is stable
 * (XSHIM_VKBD_*). */
extern const struct xshim_neg_class xshim_neg_vkbd;
enum xshim_vkbd_rule {
    XSHIM_VKBD_ABS_POINTER = 0,      /* feature-abs-pointer -> request-abs-pointer */
    XSHIM_VKBD_RAW_POINTER = 1,      /* feature-raw-pointer -> request-raw-pointer (with abs) */
    XSHIM_VKBD_MTOUCH = 2,           /* feature-multi-touch -> request-multi-touch */
    XSHIM_VKBD_DISABLE_KEYBOARD = 3, /* feature-disable-keyboard: no keyboard to expose */
    XSHIM_VKBD_DISABLE_POINTER = 4,  /* feature-disable-pointer: no pointer to expose */
    XSHIM_VKBD_WIDTH = 5,            /* width: the pointer's X range, pixels */
    XSHIM_VKBD_HEIGHT = 6,           /* height: its Y range */
    XSHIM_VKBD_RULES = 7,
};
/* The keyboard frontend's side: absolute and raw pointer wanted, no multi-touch. */
XSHIM_NODISCARD int32_t xshim_vkbd_frontend_defaults(struct xshim_neg_limit out[XSHIM_VKBD_RULES]);

/* The PV framebuffer class (fbif, "vfb"). Its update feature runs the other way round: the
 * frontend announces feature-update, the backend answers request-update (at Connected). */
extern const struct xshim_neg_class xshim_neg_vfb;
enum xshim_vfb_rule {
    XSHIM_VFB_PROTOCOL = 0,       /* frontend's ABI: where pd[] is and how wide its entries */
    XSHIM_VFB_UPDATE_OFFER = 1,   /* the frontend's own feature-update (announced) */
    XSHIM_VFB_RESIZE = 2,         /* feature-resize: the backend takes resize events */
    XSHIM_VFB_VIDEORAM = 3,       /* videoram (frontend dir, MiB; QEMU reads it): a limit */
    XSHIM_VFB_REQUEST_UPDATE = 4, /* request-update (at Connected): send update events */
    XSHIM_VFB_RULES = 5,
};
/* The framebuffer frontend's side for a kernel of this arch: its ABI, update events and resize
 * wanted. XSHIM_S_OK, or XSHIM_S_EINVAL (NULL, or an arch with no fbif ABI). */
XSHIM_NODISCARD int32_t xshim_vfb_frontend_defaults(uint32_t arch,
                                                    struct xshim_neg_limit out[XSHIM_VFB_RULES]);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_NEGOTIATE_H */
