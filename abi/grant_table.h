/*
 * abi/grant_table.h: grant_table_op(cmd, arg, count) subops and the structs xshim's probe uses
 * (xen/grant_table.h).
 *
 *   XSHIM_GNTTABOP(F)  F(name, cmd, since)  XSHIM_GNTTABOP_<name>
 *
 * [H] every number and layout. Introducing releases: set_version..swap_grant_ref sit under
 * __XEN_INTERFACE_VERSION__ >= 0x0003020a in the header (the 4.0 interface); cache_flush 4.6
 * [M]; the rest [M] (3.0 trees have them). The probe asks only harmless questions:
 * query_size (frames in use and the most allowed, which Xen's gnttab_max_frames= sets) and
 * get_version; it never changes the table's version.
 */
#ifndef XSHIM_ABI_GRANT_TABLE_H
#define XSHIM_ABI_GRANT_TABLE_H

#include "hypercall.h"

/* clang-format off */
#define XSHIM_GNTTABOP(F)                                                                       \
    F(map_grant_ref,      0, XSHIM_REL(3, 0))                                                   \
    F(unmap_grant_ref,    1, XSHIM_REL(3, 0))                                                   \
    F(setup_table,        2, XSHIM_REL(3, 0))                                                   \
    F(dump_table,         3, XSHIM_REL(3, 0))                                                   \
    F(transfer,           4, XSHIM_REL(3, 0))                                                   \
    F(copy,               5, XSHIM_REL(3, 0))  /* [M] */                                        \
    F(query_size,         6, XSHIM_REL(3, 0))  /* [M] */                                        \
    F(unmap_and_replace,  7, XSHIM_REL(3, 0))  /* [M] */                                        \
    F(set_version,        8, XSHIM_REL(4, 0))                                                   \
    F(get_status_frames,  9, XSHIM_REL(4, 0))                                                   \
    F(get_version,       10, XSHIM_REL(4, 0))                                                   \
    F(swap_grant_ref,    11, XSHIM_REL(4, 0))                                                   \
    F(cache_flush,       12, XSHIM_REL(4, 6))  /* [M] */
/* clang-format on */

#define XSHIM_GNTTABOP_ENUM_(name, value, since) XSHIM_GNTTABOP_##name = (value),
enum xshim_gnttabop { XSHIM_GNTTABOP(XSHIM_GNTTABOP_ENUM_) };

/* GNTST_*: the per-operation status in the structs (the hypercall itself may succeed). [H] */
#define XSHIM_GNTST_okay 0
#define XSHIM_GNTST_general_error (-1)
#define XSHIM_GNTST_bad_domain (-2)
#define XSHIM_GNTST_permission_denied (-8)

/* A version 1 grant entry (struct grant_entry_v1): a frontend writes one per page it shares.
 * Xen sets GTF_reading / GTF_writing while the other domain has the page mapped. [H] */
struct xshim_grant_entry_v1 {
    uint16_t flags; /* GTF_* */
    uint16_t domid; /* domid_t allowed to map or access the frame */
    uint32_t frame; /* the frame shared: MFN (PV) or GFN */
};
/* clang-format off */
#define XSHIM_LAYOUT_grant_entry_v1(F, T)                                                       \
    F(T, flags, 0, XSHIM_REL(3, 0))                                                             \
    F(T, domid, 2, XSHIM_REL(3, 0))                                                             \
    F(T, frame, 4, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_grant_entry_v1(XSHIM_ASSERT_FIELD, grant_entry_v1) XSHIM_ASSERT_SIZE(grant_entry_v1, 8)
#define XSHIM_GRANT_FRAME_SIZE 4096u /* a grant-table frame: one 4 KiB page on every arch */
#define XSHIM_GRANT_V1_PER_FRAME (XSHIM_GRANT_FRAME_SIZE / 8u) /* 512 v1 entries a frame */
#define XSHIM_GNTTAB_NR_RESERVED_ENTRIES 8u /* refs the toolstack uses (console 0, store 1) */

/* GTF_*: grant entry flags. [H] */
#define XSHIM_GTF_invalid 0u
#define XSHIM_GTF_permit_access 1u
#define XSHIM_GTF_type_mask 3u
#define XSHIM_GTF_readonly (1u << 2)
#define XSHIM_GTF_reading (1u << 3)
#define XSHIM_GTF_writing (1u << 4)

    /* GNTTABOP_setup_table (PV): the frames of this domain's table. frame_list is a guest handle
 * to xen_pfn_t: 4-byte pointer and 4-byte frames on x86_32; 8-byte on x86_64, and on Arm
 * (where every guest handle is 64-bit). [H] */
    struct xshim_gnttab_setup_table_x86_32 {
    uint16_t dom; /* IN: domid_t; DOMID_SELF */
    uint16_t pad;
    uint32_t nr_frames; /* IN */
    int16_t status;     /* OUT: GNTST_* */
    uint16_t pad2;
    uint32_t frame_list; /* IN: guest pointer to nr_frames xen_pfn_t (OUT) */
};
/* clang-format off */
#define XSHIM_LAYOUT_gnttab_setup_table_x86_32(F, T)                                            \
    F(T, dom,         0, XSHIM_REL(3, 0))                                                       \
    F(T, nr_frames,   4, XSHIM_REL(3, 0))                                                       \
    F(T, status,      8, XSHIM_REL(3, 0))                                                       \
    F(T, frame_list, 12, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_gnttab_setup_table_x86_32(XSHIM_ASSERT_FIELD, gnttab_setup_table_x86_32)
    XSHIM_ASSERT_SIZE(gnttab_setup_table_x86_32, 16)

        struct xshim_gnttab_setup_table_x86_64 {
    uint16_t dom;
    uint16_t pad;
    uint32_t nr_frames;
    int16_t status;
    uint16_t pad2;
    uint32_t pad3;
    xshim_u64_a8 frame_list;
};
/* clang-format off */
#define XSHIM_LAYOUT_gnttab_setup_table_x86_64(F, T)                                            \
    F(T, dom,         0, XSHIM_REL(3, 0))                                                       \
    F(T, nr_frames,   4, XSHIM_REL(3, 0))                                                       \
    F(T, status,      8, XSHIM_REL(3, 0))                                                       \
    F(T, frame_list, 16, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_gnttab_setup_table_x86_64(XSHIM_ASSERT_FIELD, gnttab_setup_table_x86_64)
    XSHIM_ASSERT_SIZE(gnttab_setup_table_x86_64, 24)

    /* GNTTABOP_query_size: this domain's grant-table frames. */
    struct xshim_gnttab_query_size {
    uint16_t dom;           /* IN: domid_t; DOMID_SELF */
    uint16_t pad;           /* implicit padding in Xen's struct */
    uint32_t nr_frames;     /* OUT */
    uint32_t max_nr_frames; /* OUT */
    int16_t status;         /* OUT: GNTST_* */
    uint16_t pad2;          /* implicit tail padding */
};
/* clang-format off */
#define XSHIM_LAYOUT_gnttab_query_size(F, T)                                                    \
    F(T, dom,            0, XSHIM_REL(3, 0))                                                    \
    F(T, nr_frames,      4, XSHIM_REL(3, 0))                                                    \
    F(T, max_nr_frames,  8, XSHIM_REL(3, 0))                                                    \
    F(T, status,        12, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_gnttab_query_size(XSHIM_ASSERT_FIELD, gnttab_query_size)
    XSHIM_ASSERT_SIZE(gnttab_query_size, 16)

    /* GNTTABOP_get_version (4.0+): the grant-entry format in use, 1 or 2. */
    struct xshim_gnttab_get_version {
    uint16_t dom; /* IN: domid_t */
    uint16_t pad;
    uint32_t version; /* OUT */
};
/* clang-format off */
#define XSHIM_LAYOUT_gnttab_get_version(F, T)                                                   \
    F(T, dom,     0, XSHIM_REL(4, 0))                                                           \
    F(T, pad,     2, XSHIM_REL(4, 0))                                                           \
    F(T, version, 4, XSHIM_REL(4, 0))
/* clang-format on */
XSHIM_LAYOUT_gnttab_get_version(XSHIM_ASSERT_FIELD, gnttab_get_version)
    XSHIM_ASSERT_SIZE(gnttab_get_version, 8)

#endif /* XSHIM_ABI_GRANT_TABLE_H */
