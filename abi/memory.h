/*
 * abi/memory.h: memory_op(XENMEM_add_to_physmap) (xen/memory.h), the call an HVM/PVH guest
 * uses to place shared_info or grant-table frames in its physical address space.
 *
 *   XSHIM_XENMAPSPACE(F)  F(name, space, since)  XSHIM_XENMAPSPACE_<name>
 *
 * [H] every number and both layouts. struct xen_add_to_physmap has xen_ulong_t idx and
 * xen_pfn_t gpfn: 32-bit on x86_32, 64-bit on x86_64 and on Arm (32 and 64: there both are
 * uint64_t), so the layout is per ABI; xshim_add_to_physmap is the one of this build.
 */
#ifndef XSHIM_ABI_MEMORY_H
#define XSHIM_ABI_MEMORY_H

#include "hypercall.h"

#define XSHIM_XENMEM_add_to_physmap 7u

/* clang-format off */
#define XSHIM_XENMAPSPACE(F)                                                                    \
    F(shared_info,  0, XSHIM_REL(3, 0))                                                         \
    F(grant_table,  1, XSHIM_REL(3, 0))                                                         \
    F(gmfn,         2, XSHIM_REL(3, 2)) /* [M] */                                               \
    F(gmfn_range,   3, XSHIM_REL(4, 1)) /* [M] */                                               \
    F(gmfn_foreign, 4, XSHIM_REL(4, 4)) /* [M] */                                               \
    F(dev_mmio,     5, XSHIM_REL(4, 7)) /* [M] */
/* clang-format on */

#define XSHIM_XENMAPSPACE_ENUM_(name, value, since) XSHIM_XENMAPSPACE_##name = (value),
enum xshim_xenmapspace { XSHIM_XENMAPSPACE(XSHIM_XENMAPSPACE_ENUM_) };
#define XSHIM_XENMAPIDX_grant_table_status 0x80000000u /* OR into idx for grant_table */

struct xshim_add_to_physmap_x86_32 {
    uint16_t domid; /* DOMID_SELF */
    uint16_t size;  /* pages, for gmfn_range */
    uint32_t space; /* XENMAPSPACE_* */
    uint32_t idx;
    uint32_t gpfn;
};
/* clang-format off */
#define XSHIM_LAYOUT_add_to_physmap_x86_32(F, T)                                                \
    F(T, domid,  0, XSHIM_REL(3, 0))                                                            \
    F(T, size,   2, XSHIM_REL(4, 1))                                                            \
    F(T, space,  4, XSHIM_REL(3, 0))                                                            \
    F(T, idx,    8, XSHIM_REL(3, 0))                                                            \
    F(T, gpfn,  12, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_add_to_physmap_x86_32(XSHIM_ASSERT_FIELD, add_to_physmap_x86_32)
    XSHIM_ASSERT_SIZE(add_to_physmap_x86_32, 16)

    /* x86_64, and Arm (arm32 and arm64 alike). */
    struct xshim_add_to_physmap_x86_64 {
    uint16_t domid;
    uint16_t size;
    uint32_t space;
    xshim_u64_a8 idx;
    xshim_u64_a8 gpfn;
};
/* clang-format off */
#define XSHIM_LAYOUT_add_to_physmap_x86_64(F, T)                                                \
    F(T, domid,  0, XSHIM_REL(3, 0))                                                            \
    F(T, size,   2, XSHIM_REL(4, 1))                                                            \
    F(T, space,  4, XSHIM_REL(3, 0))                                                            \
    F(T, idx,    8, XSHIM_REL(3, 0))                                                            \
    F(T, gpfn,  16, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_add_to_physmap_x86_64(XSHIM_ASSERT_FIELD, add_to_physmap_x86_64)
    XSHIM_ASSERT_SIZE(add_to_physmap_x86_64, 24)

#if defined(__i386__)
        typedef struct xshim_add_to_physmap_x86_32 xshim_add_to_physmap;
#else
        typedef struct xshim_add_to_physmap_x86_64 xshim_add_to_physmap;
#endif

#endif /* XSHIM_ABI_MEMORY_H */
