/*
 * abi/hvm_start_info.h: the start-of-day structure a PVH guest (and an HVM guest started
 * directly) finds through %ebx at its 32-bit entry point. Reference:
 * xen/arch-x86/hvm/start_info.h (struct hvm_start_info, hvm_modlist_entry,
 * hvm_memmap_table_entry), which documents the offsets in a diagram.
 *
 * One layout for 32- and 64-bit guests: every address and size is a 64-bit little-endian value.
 * The Xen header uses plain uint64_t, so its alignment follows the compiler (8 at -m64, 4 at
 * -m32); ours is pinned at 8, which is where Xen's builders place these records.
 *
 * `version` is the structure's version, not a release: 0 has no memory map and ends after
 * rsdp_paddr (XSHIM_HVM_START_INFO_V0_SIZE); 1 adds memmap_paddr/memmap_entries/reserved.
 * Xen's own PVH dom0 builder writes 0, the toolstack writes 1; never read past 40 bytes when
 * version is 0. Releases (the `since` column): the header appeared with PVHv2 in 4.8 and the
 * version 1 fields in 4.11 by our reading; neither release number is established from a
 * release tarball.
 */
#ifndef XSHIM_ABI_HVM_START_INFO_H
#define XSHIM_ABI_HVM_START_INFO_H

#include "base.h"

#define XSHIM_HVM_START_MAGIC 0x336ec578u /* "xEn3" with the 0x80 bit of the "E" set */
#define XSHIM_HVM_START_INFO_V0_SIZE 40
#define XSHIM_HVM_START_INFO_V1_SIZE 56

/* hvm_memmap_table_entry.type: the ACPI address range types (XEN_HVM_MEMMAP_TYPE_*). */
#define XSHIM_HVM_MEMMAP_TYPE_RAM 1
#define XSHIM_HVM_MEMMAP_TYPE_RESERVED 2
#define XSHIM_HVM_MEMMAP_TYPE_ACPI 3
#define XSHIM_HVM_MEMMAP_TYPE_NVS 4
#define XSHIM_HVM_MEMMAP_TYPE_UNUSABLE 5
#define XSHIM_HVM_MEMMAP_TYPE_DISABLED 6
#define XSHIM_HVM_MEMMAP_TYPE_PMEM 7

struct xshim_hvm_start_info {
    uint32_t magic;   /* XSHIM_HVM_START_MAGIC */
    uint32_t version; /* 0 or 1, see above */
    uint32_t flags;   /* XSHIM_SIF_* (abi/start_info_x86.h) */
    uint32_t nr_modules;
    xshim_u64_a8 modlist_paddr; /* array of xshim_hvm_modlist_entry; 0 = none */
    xshim_u64_a8 cmdline_paddr; /* NUL-terminated ASCII; 0 = none */
    xshim_u64_a8 rsdp_paddr;    /* ACPI RSDP; 0 = none */
    /* version 1 and newer only: */
    xshim_u64_a8 memmap_paddr; /* array of xshim_hvm_memmap_table_entry */
    uint32_t memmap_entries;   /* 0: no memory map provided */
    uint32_t reserved;         /* must be zero */
};

/* clang-format off */
#define XSHIM_LAYOUT_hvm_start_info(F, T)                                                        \
    F(T, magic,           0, XSHIM_REL(4, 8))                                                   \
    F(T, version,         4, XSHIM_REL(4, 8))                                                   \
    F(T, flags,           8, XSHIM_REL(4, 8))                                                   \
    F(T, nr_modules,     12, XSHIM_REL(4, 8))                                                   \
    F(T, modlist_paddr,  16, XSHIM_REL(4, 8))                                                   \
    F(T, cmdline_paddr,  24, XSHIM_REL(4, 8))                                                   \
    F(T, rsdp_paddr,     32, XSHIM_REL(4, 8))                                                   \
    F(T, memmap_paddr,   40, XSHIM_REL(4, 11))                                                  \
    F(T, memmap_entries, 48, XSHIM_REL(4, 11))                                                  \
    F(T, reserved,       52, XSHIM_REL(4, 11))
/* clang-format on */

XSHIM_LAYOUT_hvm_start_info(XSHIM_ASSERT_FIELD, hvm_start_info)
    XSHIM_ASSERT_SIZE(hvm_start_info, XSHIM_HVM_START_INFO_V1_SIZE)
        XSHIM_STATIC_ASSERT(offsetof(struct xshim_hvm_start_info, memmap_paddr) ==
                                XSHIM_HVM_START_INFO_V0_SIZE,
                            "xshim ABI: hvm_start_info v0 must end where the v1 fields begin");

struct xshim_hvm_modlist_entry {
    xshim_u64_a8 paddr;         /* the module */
    xshim_u64_a8 size;          /* in bytes */
    xshim_u64_a8 cmdline_paddr; /* 0 = none */
    xshim_u64_a8 reserved;
};

/* clang-format off */
#define XSHIM_LAYOUT_hvm_modlist_entry(F, T)                                                     \
    F(T, paddr,          0, XSHIM_REL(4, 8))                                                    \
    F(T, size,           8, XSHIM_REL(4, 8))                                                    \
    F(T, cmdline_paddr, 16, XSHIM_REL(4, 8))                                                    \
    F(T, reserved,      24, XSHIM_REL(4, 8))
/* clang-format on */

XSHIM_LAYOUT_hvm_modlist_entry(XSHIM_ASSERT_FIELD, hvm_modlist_entry)
    XSHIM_ASSERT_SIZE(hvm_modlist_entry, 32)

        struct xshim_hvm_memmap_table_entry {
    xshim_u64_a8 addr;
    xshim_u64_a8 size;
    uint32_t type;     /* XSHIM_HVM_MEMMAP_TYPE_* */
    uint32_t reserved; /* zero in version 1 */
};

/* clang-format off */
#define XSHIM_LAYOUT_hvm_memmap_table_entry(F, T)                                                \
    F(T, addr,      0, XSHIM_REL(4, 11))                                                        \
    F(T, size,      8, XSHIM_REL(4, 11))                                                        \
    F(T, type,     16, XSHIM_REL(4, 11))                                                        \
    F(T, reserved, 20, XSHIM_REL(4, 11))
/* clang-format on */

XSHIM_LAYOUT_hvm_memmap_table_entry(XSHIM_ASSERT_FIELD, hvm_memmap_table_entry)
    XSHIM_ASSERT_SIZE(hvm_memmap_table_entry, 24)

#endif /* XSHIM_ABI_HVM_START_INFO_H */
