/*
 * abi/shared_info_arm.h: the shared_info page of an Arm guest, the same bytes for arm32 and
 * arm64. References: xen/foreign/arm32.h and xen/foreign/arm64.h (struct shared_info_arm32,
 * shared_info_arm64, vcpu_info_arm32, vcpu_info_arm64); both are checked.
 *
 * 1088 bytes with one 48-byte vcpu_info: on Arm every vCPU beyond the first must register its
 * vcpu_info with VCPUOP_register_vcpu_info. Event-channel words are 64 bits on both arm32 and
 * arm64 (xen_ulong_t is uint64_t on Arm). wc_sec_hi is in the generic part, as on x86_64.
 *
 * Deliberately omitted: Xen's `struct arch_vcpu_info arch` (in vcpu_info, at 16) and
 * `struct arch_shared_info arch` (at the end of shared_info). Both are EMPTY structs on Arm:
 * size 0 in GNU C, but size 1 in C++, where they would shift `time` and grow the page, so this
 * C/C++ header leaves them out. Nothing is lost: they hold no bytes.
 * Also: Arm has no event upcall mask, so byte 1 of vcpu_info is Xen's pad0.
 *
 * Releases: Arm guests first ran on Xen 4.3 (2013), which is our `since` for the layout;
 * wc_sec_hi is 4.6, as on x86.
 */
#ifndef XSHIM_ABI_SHARED_INFO_ARM_H
#define XSHIM_ABI_SHARED_INFO_ARM_H

#include "base.h"
#include "vcpu_time_info.h"

/* XEN_LEGACY_MAX_VCPUS on Arm. */
#define XSHIM_ARM_VCPU_SLOTS 1

struct xshim_vcpu_info_arm {
    uint8_t evtchn_upcall_pending;
    uint8_t pad0; /* no upcall mask on Arm */
    xshim_u64_a8 evtchn_pending_sel;
    /* struct arch_vcpu_info arch: empty on Arm, omitted (see above) */
    struct xshim_vcpu_time_info time;
};

/* clang-format off */
#define XSHIM_LAYOUT_vcpu_info_arm(F, T)                                                         \
    F(T, evtchn_upcall_pending, 0, XSHIM_REL(4, 3))                                             \
    F(T, pad0,                  1, XSHIM_REL(4, 3))                                             \
    F(T, evtchn_pending_sel,    8, XSHIM_REL(4, 3))                                             \
    F(T, time,                 16, XSHIM_REL(4, 3))
/* clang-format on */

XSHIM_LAYOUT_vcpu_info_arm(XSHIM_ASSERT_FIELD, vcpu_info_arm) XSHIM_ASSERT_SIZE(vcpu_info_arm, 48)

    struct xshim_shared_info_arm {
    struct xshim_vcpu_info_arm vcpu_info[XSHIM_ARM_VCPU_SLOTS];
    xshim_u64_a8 evtchn_pending[64];
    xshim_u64_a8 evtchn_mask[64];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi; /* 4.6+ */
    /* struct arch_shared_info arch: empty on Arm, omitted (see above) */
};

/* clang-format off */
#define XSHIM_LAYOUT_shared_info_arm(F, T)                                                       \
    F(T, vcpu_info,        0, XSHIM_REL(4, 3))                                                  \
    F(T, evtchn_pending,  48, XSHIM_REL(4, 3))                                                  \
    F(T, evtchn_mask,    560, XSHIM_REL(4, 3))                                                  \
    F(T, wc_version,    1072, XSHIM_REL(4, 3))                                                  \
    F(T, wc_sec,        1076, XSHIM_REL(4, 3))                                                  \
    F(T, wc_nsec,       1080, XSHIM_REL(4, 3))                                                  \
    F(T, wc_sec_hi,     1084, XSHIM_REL(4, 6))
/* clang-format on */

XSHIM_LAYOUT_shared_info_arm(XSHIM_ASSERT_FIELD, shared_info_arm)
    XSHIM_ASSERT_SIZE(shared_info_arm, 1088)

#endif /* XSHIM_ABI_SHARED_INFO_ARM_H */
