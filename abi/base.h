/*
 * abi/base.h: the conventions every ABI header in xshim follows.
 *
 * - C-compatible (C11 and C++17 or later), usable freestanding: only <stdint.h> and <stddef.h>.
 * - Every width that crosses the ABI is pinned. 64-bit fields use a typedef that states their
 *   alignment (8 on x86_64 and Arm, 4 on x86_32, where Xen's foreign/x86_32.h has pack(4)), so a
 *   layout is the same whether this header is compiled with -m64, -m32 or for aarch64.
 * - Every struct is followed by its layout list: an X-macro naming each field with its byte
 *   offset and the Xen release that introduced it. The same list drives the assert block under
 *   the struct, the conformance test against the Xen public headers (tests/abi/) and the matrix
 *   in docs/abi.md, so the offsets are written once.
 *
 *   #define XSHIM_LAYOUT_<name>(F, T) F(T, field, offset, since)
 *
 *   T is the struct tag without the "xshim_" prefix; it names the matching Xen foreign struct
 *   (struct shared_info_x86_64 in xen/foreign/x86_64.h matches struct xshim_shared_info_x86_64).
 * - Releases are encoded as XENVER_version returns them: major << 16 | minor.
 */
#ifndef XSHIM_ABI_BASE_H
#define XSHIM_ABI_BASE_H

/*
 * Xen's page: 4 KiB on every architecture, whatever page size the kernel itself uses (Linux's
 * XEN_PAGE_SIZE). start_info, shared_info, the hypercall page and the rings are each one.
 * Without a suffix so that the guests' entry assembly can use it too.
 */
#define XSHIM_PAGE_SIZE 4096

/* Only the line above is for assembly sources; everything below is C. */
#ifndef __ASSEMBLER__

#include <stddef.h>
#include <stdint.h>

#define XSHIM_REL(major, minor) ((uint32_t)(((uint32_t)(major) << 16) | (uint32_t)(minor)))
#define XSHIM_REL_MAJOR(rel) ((uint32_t)(rel) >> 16)
#define XSHIM_REL_MINOR(rel) ((uint32_t)(rel)&0xffffu)

/* 64-bit fields with their ABI alignment stated (a typedef may lower alignment). */
typedef uint64_t xshim_u64_a8 __attribute__((aligned(8)));
typedef uint64_t xshim_u64_a4 __attribute__((aligned(4)));
typedef int64_t xshim_s64_a8 __attribute__((aligned(8)));
typedef int64_t xshim_s64_a4 __attribute__((aligned(4)));

#ifdef __cplusplus
#define XSHIM_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define XSHIM_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* Assert-block helpers: XSHIM_LAYOUT_x(XSHIM_ASSERT_FIELD, x) checks every stated offset. */
#define XSHIM_ASSERT_FIELD(T, field, offset, since)                                                \
    XSHIM_STATIC_ASSERT(offsetof(struct xshim_##T, field) == (offset),                             \
                        "xshim ABI: " #T "." #field " is not at offset " #offset);
#define XSHIM_ASSERT_SIZE(T, size)                                                                 \
    XSHIM_STATIC_ASSERT(sizeof(struct xshim_##T) == (size),                                        \
                        "xshim ABI: sizeof " #T " is not " #size);

#endif /* !__ASSEMBLER__ */
#endif /* XSHIM_ABI_BASE_H */
