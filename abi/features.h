/*
 * abi/features.h: XENFEAT_* bits of XENVER_get_features (xen/features.h), as a table.
 *
 *   XSHIM_XENFEAT(F)  F(name, bit, since)  XSHIM_XENFEAT_<name> = bit (submap 0)
 *
 * Sources: [H] number in the installed 4.17 headers (so since <= 4.17, checked by the test);
 * [S] found with the search tool; [M] introducing release from memory, NOT verified.
 *   - 0..2 [S]: present in the 3.0-era version.h (before features.h existed).
 *   - 18, 19 [S]: "domain: expose newly introduced hypercalls as XENFEAT" (R. Pau Monné,
 *     xen-devel, 2023-10), in the 4.18 development window.
 *   - 20 [S]: "XENFEAT_dm_msix_all_writes" (M. Marczykowski-Górecki, xen-devel, 2024); the
 *     first release was not established: recorded as 4.19, the earliest one possible.
 */
#ifndef XSHIM_ABI_FEATURES_H
#define XSHIM_ABI_FEATURES_H

#include "hypercall.h"

/* clang-format off */
#define XSHIM_XENFEAT(F)                                                                        \
    F(writable_page_tables,        0, XSHIM_REL(3, 0))  /* [S] */                              \
    F(writable_descriptor_tables,  1, XSHIM_REL(3, 0))  /* [S] */                              \
    F(auto_translated_physmap,     2, XSHIM_REL(3, 0))  /* [S] */                              \
    F(supervisor_mode_kernel,      3, XSHIM_REL(3, 0))  /* [H][M] */                           \
    F(pae_pgdir_above_4gb,         4, XSHIM_REL(3, 1))  /* [H][M] */                           \
    F(mmu_pt_update_preserve_ad,   5, XSHIM_REL(3, 3))  /* [H][M] */                           \
    F(highmem_assist,              6, XSHIM_REL(3, 3))  /* [H][M] */                           \
    F(gnttab_map_avail_bits,       7, XSHIM_REL(4, 0))  /* [H][M] */                           \
    F(hvm_callback_vector,         8, XSHIM_REL(4, 1))  /* [H][M] */                           \
    F(hvm_safe_pvclock,            9, XSHIM_REL(4, 1))  /* [H][M] */                           \
    F(hvm_pirqs,                  10, XSHIM_REL(4, 1))  /* [H][M] */                           \
    F(dom0,                       11, XSHIM_REL(4, 3))  /* [H][M] */                           \
    F(grant_map_identity,         12, XSHIM_REL(4, 5))  /* [M] deprecated: 4.17 has it only in a comment */ \
    F(memory_op_vnode_supported,  13, XSHIM_REL(4, 5))  /* [H][M] */                           \
    F(ARM_SMCCC_supported,        14, XSHIM_REL(4, 11)) /* [H][M] */                           \
    F(linux_rsdp_unrestricted,    15, XSHIM_REL(4, 13)) /* [H][M] */                           \
    F(not_direct_mapped,          16, XSHIM_REL(4, 16)) /* [H][M] */                           \
    F(direct_mapped,              17, XSHIM_REL(4, 16)) /* [H][M] */                           \
    F(runstate_phys_area,         18, XSHIM_REL(4, 18)) /* [S] */                              \
    F(vcpu_time_phys_area,        19, XSHIM_REL(4, 18)) /* [S] */                              \
    F(dm_msix_all_writes,         20, XSHIM_REL(4, 19)) /* [S] release: earliest possible */
/* clang-format on */

#define XSHIM_XENFEAT_ENUM_(name, bit, since) XSHIM_XENFEAT_##name = (bit),
enum xshim_xenfeat { XSHIM_XENFEAT(XSHIM_XENFEAT_ENUM_) };

/* Number of 32-bit submaps Xen defines (all bits above live in submap 0). [H] */
#define XSHIM_XENFEAT_NR_SUBMAPS 1u
#define XSHIM_XENFEAT_SUBMAP(bit) ((uint32_t)(bit) / 32u)
#define XSHIM_XENFEAT_MASK(bit) (1u << ((uint32_t)(bit) % 32u))

/* The name of a feature bit ("hvm_callback_vector"), or NULL; freestanding, constexpr in C++. */
static XSHIM_CONSTEXPR inline const char *xshim_xenfeat_name(uint32_t bit) {
#define XSHIM_XENFEAT_NAME_(name, b, since)                                                        \
    if (bit == (b))                                                                                \
        return #name;
    XSHIM_XENFEAT(XSHIM_XENFEAT_NAME_)
#undef XSHIM_XENFEAT_NAME_
    return 0;
}

/* The release that introduced a bit, or 0 for a bit this table does not know. */
static XSHIM_CONSTEXPR inline uint32_t xshim_xenfeat_since(uint32_t bit) {
#define XSHIM_XENFEAT_SINCE_(name, b, since)                                                       \
    if (bit == (b))                                                                                \
        return since;
    XSHIM_XENFEAT(XSHIM_XENFEAT_SINCE_)
#undef XSHIM_XENFEAT_SINCE_
    return 0;
}

#endif /* XSHIM_ABI_FEATURES_H */
