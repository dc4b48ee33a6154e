/*
 * abi/shared_info_x86_32.h: the shared_info page of a 32-bit x86 guest. Reference:
 * xen/foreign/x86_32.h (struct shared_info_x86_32 ...), which Xen packs to 4 (#pragma pack(4)):
 * 64-bit fields are 4-aligned here, so they use xshim_u64_a4.
 *
 * 2344 bytes. Event-channel words are 32 bits (32 words: 1024 ports for the 2-level ABI).
 * wc_sec_hi (4.6+) lives at the END of arch here, not after wc_nsec: the generic struct had
 * no room left on x86_32 (arch-x86/xen.h, "There's no room for this field in the generic
 * structure"). Xen's own macro for it is xen_wc_sec_hi = arch.wc_sec_hi.
 */
#ifndef XSHIM_ABI_SHARED_INFO_X86_32_H
#define XSHIM_ABI_SHARED_INFO_X86_32_H

#include "base.h"
#include "vcpu_time_info.h"

/* XEN_LEGACY_MAX_VCPUS on x86; the same definition as in shared_info_x86_64.h. */
#define XSHIM_X86_VCPU_SLOTS 32

struct xshim_arch_vcpu_info_x86_32 {
    uint32_t cr2;
    uint32_t pad[5]; /* sizeof(vcpu_info) == 64 */
};

/* clang-format off */
#define XSHIM_LAYOUT_arch_vcpu_info_x86_32(F, T)                                                 \
    F(T, cr2, 0, XSHIM_REL(3, 0))                                                               \
    F(T, pad, 4, XSHIM_REL(3, 0))
/* clang-format on */

XSHIM_LAYOUT_arch_vcpu_info_x86_32(XSHIM_ASSERT_FIELD, arch_vcpu_info_x86_32)
    XSHIM_ASSERT_SIZE(arch_vcpu_info_x86_32, 24)

        struct xshim_vcpu_info_x86_32 {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint32_t evtchn_pending_sel;
    struct xshim_arch_vcpu_info_x86_32 arch;
    struct xshim_vcpu_time_info time;
};

/* clang-format off */
#define XSHIM_LAYOUT_vcpu_info_x86_32(F, T)                                                      \
    F(T, evtchn_upcall_pending, 0, XSHIM_REL(3, 0))                                             \
    F(T, evtchn_upcall_mask,    1, XSHIM_REL(3, 0))                                             \
    F(T, evtchn_pending_sel,    4, XSHIM_REL(3, 0))                                             \
    F(T, arch,                  8, XSHIM_REL(3, 0))                                             \
    F(T, time,                 32, XSHIM_REL(3, 0))
/* clang-format on */

XSHIM_LAYOUT_vcpu_info_x86_32(XSHIM_ASSERT_FIELD, vcpu_info_x86_32)
    XSHIM_ASSERT_SIZE(vcpu_info_x86_32, 64)

        struct xshim_arch_shared_info_x86_32 {
    uint32_t max_pfn;
    uint32_t pfn_to_mfn_frame_list_list;
    uint32_t nmi_reason;
    uint32_t p2m_cr3; /* linear p2m list (4.6+): valid when p2m_cr3 != 0 */
    uint32_t p2m_vaddr;
    uint32_t p2m_generation;
    uint32_t wc_sec_hi; /* 4.6+: the wallclock's upper 32 seconds bits */
};

/* clang-format off */
#define XSHIM_LAYOUT_arch_shared_info_x86_32(F, T)                                               \
    F(T, max_pfn,                     0, XSHIM_REL(3, 0))                                       \
    F(T, pfn_to_mfn_frame_list_list,  4, XSHIM_REL(3, 0))                                       \
    F(T, nmi_reason,                  8, XSHIM_REL(3, 0))                                       \
    F(T, p2m_cr3,                    12, XSHIM_REL(4, 6))                                       \
    F(T, p2m_vaddr,                  16, XSHIM_REL(4, 6))                                       \
    F(T, p2m_generation,             20, XSHIM_REL(4, 6))                                       \
    F(T, wc_sec_hi,                  24, XSHIM_REL(4, 6))
/* clang-format on */

XSHIM_LAYOUT_arch_shared_info_x86_32(XSHIM_ASSERT_FIELD, arch_shared_info_x86_32)
    XSHIM_ASSERT_SIZE(arch_shared_info_x86_32, 28)

        struct xshim_shared_info_x86_32 {
    struct xshim_vcpu_info_x86_32 vcpu_info[XSHIM_X86_VCPU_SLOTS];
    uint32_t evtchn_pending[32];
    uint32_t evtchn_mask[32];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    /* no wc_sec_hi here on x86_32: see arch.wc_sec_hi */
    struct xshim_arch_shared_info_x86_32 arch;
};

/* clang-format off */
#define XSHIM_LAYOUT_shared_info_x86_32(F, T)                                                    \
    F(T, vcpu_info,         0, XSHIM_REL(3, 0))                                                 \
    F(T, evtchn_pending, 2048, XSHIM_REL(3, 0))                                                 \
    F(T, evtchn_mask,    2176, XSHIM_REL(3, 0))                                                 \
    F(T, wc_version,     2304, XSHIM_REL(3, 0))                                                 \
    F(T, wc_sec,         2308, XSHIM_REL(3, 0))                                                 \
    F(T, wc_nsec,        2312, XSHIM_REL(3, 0))                                                 \
    F(T, arch,           2316, XSHIM_REL(3, 0))
/* clang-format on */

XSHIM_LAYOUT_shared_info_x86_32(XSHIM_ASSERT_FIELD, shared_info_x86_32)
    XSHIM_ASSERT_SIZE(shared_info_x86_32, 2344)

#endif /* XSHIM_ABI_SHARED_INFO_X86_32_H */
