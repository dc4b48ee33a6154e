/*
 * abi/version.h: the xen_version hypercall (xen/version.h): subops, buffers, encodings.
 *
 *   XSHIM_XENVER(F)  F(name, subop, since)  XSHIM_XENVER_<name> = subop
 *
 * Sources: [H] installed Xen 4.17 headers (checked by the conformance test); [S] found with
 * the search tool; [M] from memory, not verified.
 *   - 11..14 (the variable-length subops), [S]: xen/include/public/version.h of 4.20+, and
 *     A. Cooper's series "XENVER_{extraversion,capabilities,changeset,commandline}2" on
 *     xen-devel (2023). The 4.20 release as their first comes from the project brief.
 *   - "<denied>", [S]: xen/common/version.c, xen_deny(); what XSM substitutes for a denied
 *     string, in place, within the fixed-size buffer.
 */
#ifndef XSHIM_ABI_VERSION_H
#define XSHIM_ABI_VERSION_H

#include "hypercall.h"

/* clang-format off */
#define XSHIM_XENVER(F)                                                                         \
    F(version,             0, XSHIM_REL(3, 0)) /* [H] returns major << 16 | minor */            \
    F(extraversion,        1, XSHIM_REL(3, 0)) /* [H] char[16], truncating */                    \
    F(compile_info,        2, XSHIM_REL(3, 0)) /* [H] struct xshim_compile_info */               \
    F(capabilities,        3, XSHIM_REL(3, 0)) /* [H] char[1024] */                              \
    F(changeset,           4, XSHIM_REL(3, 0)) /* [H] char[64] */                                \
    F(platform_parameters, 5, XSHIM_REL(3, 0)) /* [H] xen_ulong_t virt_start */                  \
    F(get_features,        6, XSHIM_REL(3, 0)) /* [S] in the 3.0 version.h */                    \
    F(pagesize,            7, XSHIM_REL(3, 0)) /* [M] returns the page size */                   \
    F(guest_handle,        8, XSHIM_REL(3, 2)) /* [M] xen_domain_handle_t (16 bytes) */          \
    F(commandline,         9, XSHIM_REL(3, 3)) /* [M] char[1024] */                              \
    F(build_id,           10, XSHIM_REL(4, 7)) /* [M] xen_varbuf-shaped */                       \
    F(extraversion2,      11, XSHIM_REL(4, 20)) /* [S] xen_varbuf */                             \
    F(capabilities2,      12, XSHIM_REL(4, 20)) /* [S] xen_varbuf */                             \
    F(changeset2,         13, XSHIM_REL(4, 20)) /* [S] xen_varbuf */                             \
    F(commandline2,       14, XSHIM_REL(4, 20)) /* [S] xen_varbuf */
/* clang-format on */

#define XSHIM_XENVER_ENUM_(name, value, since) XSHIM_XENVER_##name = (value),
enum xshim_xenver { XSHIM_XENVER(XSHIM_XENVER_ENUM_) };

/* XENVER_version: major in bits 31..16, minor in 15..0; the same as XSHIM_REL. */
#define XSHIM_XENVER_VERSION_MAJOR(v) XSHIM_REL_MAJOR(v)
#define XSHIM_XENVER_VERSION_MINOR(v) XSHIM_REL_MINOR(v)

/* Fixed buffer sizes of the old subops. [H] */
#define XSHIM_XEN_EXTRAVERSION_LEN 16u /* xen_extraversion_t; not always NUL-terminated */
#define XSHIM_XEN_CAPABILITIES_INFO_LEN 1024u
#define XSHIM_XEN_CHANGESET_INFO_LEN 64u
#define XSHIM_XEN_COMMANDLINE_LEN 1024u
#define XSHIM_XEN_DOMAIN_HANDLE_LEN 16u
/* The 4.20 variable-length subops refuse a string above 64 KiB with -E2BIG. [S] kernel.c */
#define XSHIM_XENVER_VARBUF_MAX 65536u

/* The string XSM puts in place of a denied answer. [S] */
#define XSHIM_XENVER_DENIED "<denied>"
#define XSHIM_XENVER_DENIED_LEN 8u

struct xshim_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
/* clang-format off */
#define XSHIM_LAYOUT_compile_info(F, T)                                                         \
    F(T, compiler,         0, XSHIM_REL(3, 0))                                                  \
    F(T, compile_by,      64, XSHIM_REL(3, 0))                                                  \
    F(T, compile_domain,  80, XSHIM_REL(3, 0))                                                  \
    F(T, compile_date,   112, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_compile_info(XSHIM_ASSERT_FIELD, compile_info) XSHIM_ASSERT_SIZE(compile_info, 144)

    /* XENVER_get_features argument. Xen declares submap_idx "unsigned int": 32 bits everywhere. */
    struct xshim_feature_info {
    uint32_t submap_idx; /* IN: which 32-bit submap */
    uint32_t submap;     /* OUT */
};
/* clang-format off */
#define XSHIM_LAYOUT_feature_info(F, T)                                                         \
    F(T, submap_idx, 0, XSHIM_REL(3, 0))                                                        \
    F(T, submap,     4, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_feature_info(XSHIM_ASSERT_FIELD, feature_info) XSHIM_ASSERT_SIZE(feature_info, 8)

    /*
 * struct xen_varbuf (4.20+; XENVER_build_id used the same shape as struct xen_build_id since
 * 4.7): len is IN, the size of buf; the answer is the number of bytes written, or with a
 * NULL argument the size needed. Text comes back WITHOUT a NUL terminator. [S]
 */
    struct xshim_varbuf {
    uint32_t len;
    unsigned char buf[];
};
/* clang-format off */
#define XSHIM_LAYOUT_varbuf(F, T)                                                               \
    F(T, len, 0, XSHIM_REL(4, 7))                                                               \
    F(T, buf, 4, XSHIM_REL(4, 7))
/* clang-format on */
XSHIM_LAYOUT_varbuf(XSHIM_ASSERT_FIELD, varbuf) XSHIM_ASSERT_SIZE(varbuf, 4)

#endif /* XSHIM_ABI_VERSION_H */
