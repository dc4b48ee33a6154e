/*
 * abi/sched.h: sched_op(cmd, arg) subops and shutdown reasons (xen/sched.h).
 *
 *   XSHIM_SCHEDOP(F)   F(name, cmd, since)     XSHIM_SCHEDOP_<name>
 *   XSHIM_SHUTDOWN(F)  F(name, reason, since)  XSHIM_SHUTDOWN_<name>
 *
 * [H] every number. Introducing releases: [S] yield/block/shutdown existed in Xen 2.0 (then
 * with the reason in the command word; abi/hypercall.h XSHIM_XEN2_SCHEDOP_*); sched.h says the
 * pointer-argument sched_op (29) is new in 3.0.2; the rest [M].
 * Through the compat slot 6, SCHEDOP_shutdown's argument is the reason itself, by value.
 */
#ifndef XSHIM_ABI_SCHED_H
#define XSHIM_ABI_SCHED_H

#include "hypercall.h"

/* clang-format off */
#define XSHIM_SCHEDOP(F)                                                                        \
    F(yield,           0, XSHIM_REL(2, 0)) /* [S] */                                            \
    F(block,           1, XSHIM_REL(2, 0)) /* [S] */                                            \
    F(shutdown,        2, XSHIM_REL(2, 0)) /* [S] arg: struct xshim_sched_shutdown */           \
    F(poll,            3, XSHIM_REL(3, 0)) /* [M] */                                            \
    F(remote_shutdown, 4, XSHIM_REL(3, 0)) /* [M] */                                            \
    F(shutdown_code,   5, XSHIM_REL(3, 2)) /* [M] */                                            \
    F(watchdog,        6, XSHIM_REL(4, 0)) /* [M] */                                            \
    F(pin_override,    7, XSHIM_REL(4, 7)) /* [M] */
/* clang-format on */

/* clang-format off */
#define XSHIM_SHUTDOWN(F)                                                                       \
    F(poweroff,   0, XSHIM_REL(3, 0))                                                           \
    F(reboot,     1, XSHIM_REL(3, 0))                                                           \
    F(suspend,    2, XSHIM_REL(3, 0))                                                           \
    F(crash,      3, XSHIM_REL(3, 0))                                                           \
    F(watchdog,   4, XSHIM_REL(4, 0)) /* [M] */                                                 \
    F(soft_reset, 5, XSHIM_REL(4, 6)) /* [M] */
/* clang-format on */

#define XSHIM_SCHEDOP_ENUM_(name, value, since) XSHIM_SCHEDOP_##name = (value),
enum xshim_schedop { XSHIM_SCHEDOP(XSHIM_SCHEDOP_ENUM_) };
#define XSHIM_SHUTDOWN_ENUM_(name, value, since) XSHIM_SHUTDOWN_##name = (value),
enum xshim_shutdown { XSHIM_SHUTDOWN(XSHIM_SHUTDOWN_ENUM_) };
#define XSHIM_SHUTDOWN_MAX 5u /* [H] SHUTDOWN_MAX */

/* SCHEDOP_shutdown argument (Xen: unsigned int reason). */
struct xshim_sched_shutdown {
    uint32_t reason; /* SHUTDOWN_* */
};
#define XSHIM_LAYOUT_sched_shutdown(F, T) F(T, reason, 0, XSHIM_REL(3, 0))
XSHIM_LAYOUT_sched_shutdown(XSHIM_ASSERT_FIELD, sched_shutdown) XSHIM_ASSERT_SIZE(sched_shutdown, 4)

#endif /* XSHIM_ABI_SCHED_H */
