/*
 * abi/vcpu.h: vcpu_op(cmd, vcpuid, arg) subops (xen/vcpu.h).
 *
 *   XSHIM_VCPUOP(F)  F(name, cmd, since)  XSHIM_VCPUOP_<name>
 *
 * [H] every number; introducing releases [M] (not verified) except where noted.
 * Deliberately absent: VCPUOP_register_runstate_phys_area / register_vcpu_time_phys_area
 * (4.18+, signalled by XENFEAT 18/19): their numbers are not in the installed 4.17 headers and
 * were not verified.
 */
#ifndef XSHIM_ABI_VCPU_H
#define XSHIM_ABI_VCPU_H

#include "hypercall.h"

/* clang-format off */
#define XSHIM_VCPUOP(F)                                                                         \
    F(initialise,                      0, XSHIM_REL(3, 0))                                      \
    F(up,                              1, XSHIM_REL(3, 0))                                      \
    F(down,                            2, XSHIM_REL(3, 0))                                      \
    F(is_up,                           3, XSHIM_REL(3, 0))                                      \
    F(get_runstate_info,               4, XSHIM_REL(3, 0))                                      \
    F(register_runstate_memory_area,   5, XSHIM_REL(3, 0))                                      \
    F(set_periodic_timer,              6, XSHIM_REL(3, 1))                                      \
    F(stop_periodic_timer,             7, XSHIM_REL(3, 1))                                      \
    F(set_singleshot_timer,            8, XSHIM_REL(3, 1))                                      \
    F(stop_singleshot_timer,           9, XSHIM_REL(3, 1))                                      \
    F(register_vcpu_info,             10, XSHIM_REL(3, 1))                                      \
    F(send_nmi,                       11, XSHIM_REL(3, 1))                                      \
    F(get_physid,                     12, XSHIM_REL(3, 2))                                      \
    F(register_vcpu_time_memory_area, 13, XSHIM_REL(4, 3))
/* clang-format on */

#define XSHIM_VCPUOP_ENUM_(name, value, since) XSHIM_VCPUOP_##name = (value),
enum xshim_vcpuop { XSHIM_VCPUOP(XSHIM_VCPUOP_ENUM_) };

/*
 * VCPUOP_register_vcpu_info argument: place this vCPU's vcpu_info at (mfn, offset); once per
 * vCPU, and the only way to reach vcpu_info beyond the 32 (x86) / 1 (Arm) in shared_info.
 * mfn is a guest frame on HVM/PVH. The vcpu_info must not cross a page boundary.
 */
struct xshim_vcpu_register_vcpu_info {
    xshim_u64_guest mfn; /* frame of the page holding vcpu_info */
    uint32_t offset;     /* byte offset within that page */
    uint32_t rsvd;       /* must be 0 */
};
/* clang-format off */
#define XSHIM_LAYOUT_vcpu_register_vcpu_info(F, T)                                              \
    F(T, mfn,     0, XSHIM_REL(3, 1))                                                           \
    F(T, offset,  8, XSHIM_REL(3, 1))                                                           \
    F(T, rsvd,   12, XSHIM_REL(3, 1))
/* clang-format on */
XSHIM_LAYOUT_vcpu_register_vcpu_info(XSHIM_ASSERT_FIELD, vcpu_register_vcpu_info)
    XSHIM_ASSERT_SIZE(vcpu_register_vcpu_info, 16)

#endif /* XSHIM_ABI_VCPU_H */
