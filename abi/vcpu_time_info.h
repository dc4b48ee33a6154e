/*
 * abi/vcpu_time_info.h: the per-vCPU system time record (xen/xen.h: struct vcpu_time_info).
 * Same layout on every architecture; it is 32 bytes and lives inside vcpu_info.
 * Read it under `version`: odd means Xen is updating it; re-read until two equal even values.
 *
 * ONE type for every architecture, checked against vcpu_time_info_x86_64, _x86_32, _arm32 and
 * _arm64 of xen/foreign/ (tests/abi/conform_layouts.c). Its alignment is deliberately 4 (the
 * 64-bit fields are xshim_u64_a4), the lowest any architecture gives it: x86_32 packs it to 4,
 * x86_64 and Arm align it to 8. Every place Xen embeds it (vcpu_info + 32 on x86, + 16 on Arm)
 * is 8-aligned, so the offsets are the same; only alignof differs, and only downwards.
 */
#ifndef XSHIM_ABI_VCPU_TIME_INFO_H
#define XSHIM_ABI_VCPU_TIME_INFO_H

#include "base.h"

struct xshim_vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    xshim_u64_a4 tsc_timestamp; /* TSC at last update of system_time */
    xshim_u64_a4 system_time;   /* ns since boot at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* ns = ((tsc - tsc_timestamp) << tsc_shift) * mul >> 32 */
    int8_t tsc_shift;
    uint8_t flags; /* XEN_PVCLOCK_*; was padding before 4.7 */
    uint8_t pad1[2];
};

/* clang-format off */
#define XSHIM_LAYOUT_vcpu_time_info(F, T)                                                        \
    F(T, version,           0, XSHIM_REL(3, 0))                                                 \
    F(T, pad0,              4, XSHIM_REL(3, 0))                                                 \
    F(T, tsc_timestamp,     8, XSHIM_REL(3, 0))                                                 \
    F(T, system_time,      16, XSHIM_REL(3, 0))                                                 \
    F(T, tsc_to_system_mul, 24, XSHIM_REL(3, 0))                                                \
    F(T, tsc_shift,        28, XSHIM_REL(3, 0))                                                 \
    F(T, flags,            29, XSHIM_REL(4, 7))                                                 \
    F(T, pad1,             30, XSHIM_REL(3, 0))
/* clang-format on */

XSHIM_LAYOUT_vcpu_time_info(XSHIM_ASSERT_FIELD, vcpu_time_info)
    XSHIM_ASSERT_SIZE(vcpu_time_info, 32)

/* vcpu_time_info.flags bits (xen/xen.h), 4.7+. */
#define XSHIM_PVCLOCK_TSC_STABLE_BIT (1u << 0)
#define XSHIM_PVCLOCK_GUEST_STOPPED (1u << 1)

#endif
