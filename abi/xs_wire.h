/*
 * abi/xs_wire.h: the XenStore wire protocol and the shared ring page (xen/io/xs_wire.h).
 *
 *   XSHIM_XS_TYPE(F)    F(name, type, since)   XSHIM_XS_<name> = message type
 *   XSHIM_XS_ERROR(F)   F(name, index, since)  errors travel as strings ("ENOENT"); index is
 *                                              the position in Xen's xsd_errors[]
 *
 * [H] types 0..22, the error names and the ring layout. Introducing releases [M] (not verified)
 * except: 23..26 [S] added to xs_wire.h by "xs_wire.h: add missing commands" (J. Gross,
 * xen-devel, 2024; documented earlier in docs/misc/xenstore.txt); not in the 4.17 headers, so
 * recorded with 4.19, the earliest release possible. Type 20 was XS_RESTRICT, removed; Xen
 * skips the number (XS_RESET_WATCHES = XS_SET_TARGET + 2), so a guest never sends 20.
 */
#ifndef XSHIM_ABI_XS_WIRE_H
#define XSHIM_ABI_XS_WIRE_H

#include "base.h"

/* clang-format off */
#define XSHIM_XS_TYPE(F)                                                                        \
    F(CONTROL,               0, XSHIM_REL(3, 0)) /* also XS_DEBUG */                            \
    F(DIRECTORY,             1, XSHIM_REL(3, 0))                                                \
    F(READ,                  2, XSHIM_REL(3, 0))                                                \
    F(GET_PERMS,             3, XSHIM_REL(3, 0))                                                \
    F(WATCH,                 4, XSHIM_REL(3, 0))                                                \
    F(UNWATCH,               5, XSHIM_REL(3, 0))                                                \
    F(TRANSACTION_START,     6, XSHIM_REL(3, 0))                                                \
    F(TRANSACTION_END,       7, XSHIM_REL(3, 0))                                                \
    F(INTRODUCE,             8, XSHIM_REL(3, 0))                                                \
    F(RELEASE,               9, XSHIM_REL(3, 0))                                                \
    F(GET_DOMAIN_PATH,      10, XSHIM_REL(3, 0))                                                \
    F(WRITE,                11, XSHIM_REL(3, 0))                                                \
    F(MKDIR,                12, XSHIM_REL(3, 0))                                                \
    F(RM,                   13, XSHIM_REL(3, 0))                                                \
    F(SET_PERMS,            14, XSHIM_REL(3, 0))                                                \
    F(WATCH_EVENT,          15, XSHIM_REL(3, 0))                                                \
    F(ERROR,                16, XSHIM_REL(3, 0))                                                \
    F(IS_DOMAIN_INTRODUCED, 17, XSHIM_REL(3, 0))                                                \
    F(RESUME,               18, XSHIM_REL(3, 1))                                                \
    F(SET_TARGET,           19, XSHIM_REL(3, 3))                                                \
    F(RESET_WATCHES,        21, XSHIM_REL(4, 6))                                                \
    F(DIRECTORY_PART,       22, XSHIM_REL(4, 9))                                                \
    F(GET_FEATURE,          23, XSHIM_REL(4, 19)) /* [S] */                                     \
    F(SET_FEATURE,          24, XSHIM_REL(4, 19)) /* [S] */                                     \
    F(GET_QUOTA,            25, XSHIM_REL(4, 19)) /* [S] */                                     \
    F(SET_QUOTA,            26, XSHIM_REL(4, 19)) /* [S] */
/* clang-format on */

#define XSHIM_XS_ENUM_(name, value, since) XSHIM_XS_##name = (value),
enum xshim_xs_type { XSHIM_XS_TYPE(XSHIM_XS_ENUM_) };
#define XSHIM_XS_RESTRICT_REMOVED 20u

/* clang-format off */
#define XSHIM_XS_ERROR(F)                                                                       \
    F(EINVAL,     0, XSHIM_REL(3, 0))                                                           \
    F(EACCES,     1, XSHIM_REL(3, 0))                                                           \
    F(EEXIST,     2, XSHIM_REL(3, 0))                                                           \
    F(EISDIR,     3, XSHIM_REL(3, 0))                                                           \
    F(ENOENT,     4, XSHIM_REL(3, 0))                                                           \
    F(ENOMEM,     5, XSHIM_REL(3, 0))                                                           \
    F(ENOSPC,     6, XSHIM_REL(3, 0))                                                           \
    F(EIO,        7, XSHIM_REL(3, 0))                                                           \
    F(ENOTEMPTY,  8, XSHIM_REL(3, 0))                                                           \
    F(ENOSYS,     9, XSHIM_REL(3, 0))                                                           \
    F(EROFS,     10, XSHIM_REL(3, 0))                                                           \
    F(EBUSY,     11, XSHIM_REL(3, 0))                                                           \
    F(EAGAIN,    12, XSHIM_REL(3, 0))                                                           \
    F(EISCONN,   13, XSHIM_REL(3, 0))                                                           \
    F(E2BIG,     14, XSHIM_REL(4, 6))                                                           \
    F(EPERM,     15, XSHIM_REL(4, 9))
/* clang-format on */

/* Message header; the payload (len bytes, at most XENSTORE_PAYLOAD_MAX) follows. */
struct xshim_xsd_sockmsg {
    uint32_t type;   /* XS_* */
    uint32_t req_id; /* echoed in the reply */
    uint32_t tx_id;  /* transaction, 0 for none */
    uint32_t len;    /* payload bytes */
};
/* clang-format off */
#define XSHIM_LAYOUT_xsd_sockmsg(F, T)                                                          \
    F(T, type,    0, XSHIM_REL(3, 0))                                                           \
    F(T, req_id,  4, XSHIM_REL(3, 0))                                                           \
    F(T, tx_id,   8, XSHIM_REL(3, 0))                                                           \
    F(T, len,    12, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_xsd_sockmsg(XSHIM_ASSERT_FIELD, xsd_sockmsg) XSHIM_ASSERT_SIZE(xsd_sockmsg, 16)

#define XSHIM_XENSTORE_RING_SIZE 1024u /* a power of two: index & (size - 1) */
#define XSHIM_XENSTORE_PAYLOAD_MAX 4096u
#define XSHIM_XS_ABS_PATH_MAX 3072u /* XENSTORE_ABS_PATH_MAX */
#define XSHIM_XS_REL_PATH_MAX 2048u /* XENSTORE_REL_PATH_MAX */

/* server_features bits, and the connection / error values. [H] */
#define XSHIM_XENSTORE_SERVER_FEATURE_RECONNECTION 1u
#define XSHIM_XENSTORE_SERVER_FEATURE_ERROR 2u
#define XSHIM_XENSTORE_CONNECTED 0u
#define XSHIM_XENSTORE_RECONNECT 1u
#define XSHIM_XENSTORE_ERROR_NONE 0u
#define XSHIM_XENSTORE_ERROR_COMM 1u
#define XSHIM_XENSTORE_ERROR_RINGIDX 2u
#define XSHIM_XENSTORE_ERROR_PROTO 3u

    /*
 * The ring page. Indexes are free-running uint32_t; a consumer masks them and distrusts them
 * (prod - cons > RING_SIZE is a protocol error). server_features, connection and error came
 * later than the rings [M]; before that the bytes were zero, which reads as "no features".
 */
    struct xshim_xenstore_domain_interface {
    char req[1024]; /* requests to xenstored */
    char rsp[1024]; /* replies and watch events */
    uint32_t req_cons, req_prod;
    uint32_t rsp_cons, rsp_prod;
    uint32_t server_features;
    uint32_t connection;
    uint32_t error;
};
/* clang-format off */
#define XSHIM_LAYOUT_xenstore_domain_interface(F, T)                                            \
    F(T, req,                0, XSHIM_REL(3, 0))                                                \
    F(T, rsp,             1024, XSHIM_REL(3, 0))                                                \
    F(T, req_cons,        2048, XSHIM_REL(3, 0))                                                \
    F(T, req_prod,        2052, XSHIM_REL(3, 0))                                                \
    F(T, rsp_cons,        2056, XSHIM_REL(3, 0))                                                \
    F(T, rsp_prod,        2060, XSHIM_REL(3, 0))                                                \
    F(T, server_features, 2064, XSHIM_REL(4, 9))                                                \
    F(T, connection,      2068, XSHIM_REL(4, 9))                                                \
    F(T, error,           2072, XSHIM_REL(4, 16))
/* clang-format on */
XSHIM_LAYOUT_xenstore_domain_interface(XSHIM_ASSERT_FIELD, xenstore_domain_interface)
    XSHIM_ASSERT_SIZE(xenstore_domain_interface, 2076)

#endif /* XSHIM_ABI_XS_WIRE_H */
