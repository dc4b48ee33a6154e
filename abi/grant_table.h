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

#define XSHIM_GNTTABOP_ENUM_(name, value, since) XSHIM_GNTTABOP_##name = (value),
enum xshim_gnttabop { XSHIM_GNTTABOP(XSHIM_GNTTABOP_ENUM_) };

/* GNTST_*: the per-operation status in the structs (the hypercall itself may succeed). [H] */
#define XSHIM_GNTST_okay 0
#define XSHIM_GNTST_general_error (-1)
#define XSHIM_GNTST_bad_domain (-2)
#define XSHIM_GNTST_permission_denied (-8)

/* GNTTABOP_query_size: this domain's grant-table frames. */
struct xshim_gnttab_query_size {
    uint16_t dom;           /* IN: domid_t; DOMID_SELF */
    uint16_t pad;           /* implicit padding in Xen's struct */
    uint32_t nr_frames;     /* OUT */
    uint32_t max_nr_frames; /* OUT */
    int16_t status;         /* OUT: GNTST_* */
    uint16_t pad2;          /* implicit tail padding */
};
#define XSHIM_LAYOUT_gnttab_query_size(F, T)                                                    \
    F(T, dom,            0, XSHIM_REL(3, 0))                                                    \
    F(T, nr_frames,      4, XSHIM_REL(3, 0))                                                    \
    F(T, max_nr_frames,  8, XSHIM_REL(3, 0))                                                    \
    F(T, status,        12, XSHIM_REL(3, 0))
XSHIM_LAYOUT_gnttab_query_size(XSHIM_ASSERT_FIELD, gnttab_query_size)
XSHIM_ASSERT_SIZE(gnttab_query_size, 16)

/* GNTTABOP_get_version (4.0+): the grant-entry format in use, 1 or 2. */
struct xshim_gnttab_get_version {
    uint16_t dom;     /* IN: domid_t */
    uint16_t pad;
    uint32_t version; /* OUT */
};
#define XSHIM_LAYOUT_gnttab_get_version(F, T)                                                   \
    F(T, dom,     0, XSHIM_REL(4, 0))                                                           \
    F(T, pad,     2, XSHIM_REL(4, 0))                                                           \
    F(T, version, 4, XSHIM_REL(4, 0))
XSHIM_LAYOUT_gnttab_get_version(XSHIM_ASSERT_FIELD, gnttab_get_version)
XSHIM_ASSERT_SIZE(gnttab_get_version, 8)

#endif /* XSHIM_ABI_GRANT_TABLE_H */
