/*
 * abi/xenbus.h: the XenBus device states a frontend and its backend write to their "state"
 * nodes (xen/io/xenbus.h, enum xenbus_state).
 *
 *   XSHIM_XENBUS_STATES(F)  F(name, value, since)  XSHIM_XENBUS_<name>
 *
 * [H] every number. Reconfiguring/Reconfigured [M] 3.2; the rest 3.0.
 */
#ifndef XSHIM_ABI_XENBUS_H
#define XSHIM_ABI_XENBUS_H

#include "base.h"

/* clang-format off */
#define XSHIM_XENBUS_STATES(F)                                                                  \
    F(Unknown,        0, XSHIM_REL(3, 0))                                                       \
    F(Initialising,   1, XSHIM_REL(3, 0))                                                       \
    F(InitWait,       2, XSHIM_REL(3, 0)) /* backend: features written, waiting for the frontend */ \
    F(Initialised,    3, XSHIM_REL(3, 0)) /* frontend: rings and nodes written */                  \
    F(Connected,      4, XSHIM_REL(3, 0))                                                       \
    F(Closing,        5, XSHIM_REL(3, 0))                                                       \
    F(Closed,         6, XSHIM_REL(3, 0))                                                       \
    F(Reconfiguring,  7, XSHIM_REL(3, 2)) /* [M] */                                             \
    F(Reconfigured,   8, XSHIM_REL(3, 2)) /* [M] */
/* clang-format on */

#define XSHIM_XENBUS_ENUM_(name, value, since) XSHIM_XENBUS_##name = (value),
enum xshim_xenbus_state { XSHIM_XENBUS_STATES(XSHIM_XENBUS_ENUM_) };
#define XSHIM_XENBUS_STATE_MAX 8u

#endif /* XSHIM_ABI_XENBUS_H */
