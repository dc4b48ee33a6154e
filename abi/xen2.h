/*
 * abi/xen2.h: HISTORY. The Xen 2.0 (2004) x86_32 guest interface, described only so that xshim
 * can recognise the pre-3.0 generation and refuse it with a reason. Nothing here is used to
 * run on Xen 2.0. Frozen: Xen 2.0 will not change.
 *
 * Source of every number below (no Xen 2.0 header is installed, so tests/abi/conform_layouts.c
 * checks these structs against the same numbers written as literals):
 *   [X2] the Xen 2.0 public header xen/include/public/xen.h ("Copyright (c) 2004, K A Fraser";
 *        console_io = 18, MAX_VIRT_CPUS 1, MAX_CMDLINE 256). Its structs are PACKED and carry
 *        offset comments: shared_info_t "/\* 4 *\/" evtchn_pending, "132" evtchn_pending_sel,
 *        "136" evtchn_mask, "264" cpu_freq, "272" time_version1, "276" time_version2,
 *        "312" wall_timeout, "320" domain_timeout; start_info_t "0" nr_pages, "8" shared_info,
 *        "16" flags, "20" domain_controller_evtchn, "24" pt_base, "32" nr_pt_frames,
 *        "40" mfn_list, "48" mod_start, "56" mod_len, "64" cmd_line, and "320 bytes" in total.
 *   [A2] its arch-x86_32.h of the same generation: memory_t is 32 bits and each memory_t in an
 *        interface struct is followed by 32 bits of padding (_MEMORY_PADDING); tsc_timestamp_t
 *        is u64; PACKED is __attribute__((packed)).
 *   Both were read as text found by the code search of public repositories; the repository
 *   that holds them was not identified.
 * Offsets without a comment in [X2] (tsc_timestamp 280, system_time 288, wc_sec 296,
 * wc_usec 300, domain_time 304, arch 328) follow from [X2]'s field order, PACKED and [A2]'s
 * sizes, and [X2]'s own "312" for wall_timeout confirms that arithmetic.
 *
 * Left out, because it could not be established with confidence: the contents and size of
 * shared_info_t's trailing `arch_shared_info_t arch` (at 328) in the 2.0 release. A header of
 * that era shows { u64 mfn_to_pfn_start; u64 pfn_to_mfn_frame_list; }, but we could not tie
 * it to the 2.0 release. So struct xshim_xen2_shared_info_x86_32 stops at 328: it is the
 * documented prefix, not the whole page.
 *
 * How 2.0 differs from 3.0 and later, which is what recognition uses:
 *   - start_info has no magic: it begins with nr_pages. A 3.0+ start_info begins with
 *     "xen-3.0-" (XSHIM_START_INFO_MAGIC_PREFIX); anything else is pre-3.0 or not Xen.
 *   - Images declared their generation in the "__xen_guest" ELF section: "XEN_VER=2.0" for
 *     2.0, which 2.0's loader required; "XEN_VER=xen-3.0" for 3.0, which 3.0's loaders
 *     required. (3.0 later moved to ELF notes.)
 *   - shared_info holds the time itself (time_version1/2, wc_usec in microseconds), one
 *     4-byte vcpu record, 32-bit event words and a single pending selector; 3.0 moved the time
 *     into per-vCPU vcpu_time_info and the wallclock to wc_version/wc_sec/wc_nsec.
 */
#ifndef XSHIM_ABI_XEN2_H
#define XSHIM_ABI_XEN2_H

#include "base.h"

/* "__xen_guest" section tags that name the interface generation of an image. */
#define XSHIM_XEN2_GUEST_XEN_VER "XEN_VER=2.0"
#define XSHIM_XEN3_GUEST_XEN_VER "XEN_VER=xen-3.0"
/* The 3.0+ start_info.magic prefix; 2.0 has none (see above). */
#define XSHIM_XEN3_START_INFO_MAGIC_PREFIX "xen-3.0-"

#define XSHIM_XEN2_MAX_VIRT_CPUS 1
#define XSHIM_XEN2_MAX_CMDLINE 256

/* [X2]: the anonymous per-VCPU struct of shared_info_t (vcpu_data[]), 4 bytes. */
struct xshim_xen2_vcpu_data_x86_32 {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint8_t pad0, pad1;
};

/* clang-format off */
#define XSHIM_LAYOUT_xen2_vcpu_data_x86_32(F, T)                                                 \
    F(T, evtchn_upcall_pending, 0, XSHIM_REL(2, 0))                                             \
    F(T, evtchn_upcall_mask,    1, XSHIM_REL(2, 0))                                             \
    F(T, pad0,                  2, XSHIM_REL(2, 0))                                             \
    F(T, pad1,                  3, XSHIM_REL(2, 0))
/* clang-format on */

XSHIM_LAYOUT_xen2_vcpu_data_x86_32(XSHIM_ASSERT_FIELD, xen2_vcpu_data_x86_32)
    XSHIM_ASSERT_SIZE(xen2_vcpu_data_x86_32, 4)

    /* [X2] shared_info_t up to (not including) arch; PACKED there, so the u64s are 4-aligned. */
    struct xshim_xen2_shared_info_x86_32 {
    struct xshim_xen2_vcpu_data_x86_32 vcpu_data[XSHIM_XEN2_MAX_VIRT_CPUS];
    uint32_t evtchn_pending[32];
    uint32_t evtchn_pending_sel;
    uint32_t evtchn_mask[32];
    xshim_u64_a4 cpu_freq;  /* Hz */
    uint32_t time_version1; /* bumped before an update */
    uint32_t time_version2; /* bumped after it */
    xshim_u64_a4 tsc_timestamp;
    xshim_u64_a4 system_time; /* ns since boot */
    uint32_t wc_sec;
    uint32_t wc_usec; /* microseconds (3.0: wc_nsec) */
    xshim_u64_a4 domain_time;
    xshim_u64_a4 wall_timeout;
    xshim_u64_a4 domain_timeout;
    /* arch_shared_info_t arch at 328: not established, left out (see above). */
};

/* clang-format off */
#define XSHIM_LAYOUT_xen2_shared_info_x86_32(F, T)                                               \
    F(T, vcpu_data,            0, XSHIM_REL(2, 0))  /* [X2] "0"   */                            \
    F(T, evtchn_pending,       4, XSHIM_REL(2, 0))  /* [X2] "4"   */                            \
    F(T, evtchn_pending_sel, 132, XSHIM_REL(2, 0))  /* [X2] "132" */                            \
    F(T, evtchn_mask,        136, XSHIM_REL(2, 0))  /* [X2] "136" */                            \
    F(T, cpu_freq,           264, XSHIM_REL(2, 0))  /* [X2] "264" */                            \
    F(T, time_version1,      272, XSHIM_REL(2, 0))  /* [X2] "272" */                            \
    F(T, time_version2,      276, XSHIM_REL(2, 0))  /* [X2] "276" */                            \
    F(T, tsc_timestamp,      280, XSHIM_REL(2, 0))  /* derived */                               \
    F(T, system_time,        288, XSHIM_REL(2, 0))  /* derived */                               \
    F(T, wc_sec,             296, XSHIM_REL(2, 0))  /* derived */                               \
    F(T, wc_usec,            300, XSHIM_REL(2, 0))  /* derived */                               \
    F(T, domain_time,        304, XSHIM_REL(2, 0))  /* derived */                               \
    F(T, wall_timeout,       312, XSHIM_REL(2, 0))  /* [X2] "312" */                            \
    F(T, domain_timeout,     320, XSHIM_REL(2, 0))  /* [X2] "320" */
/* clang-format on */

XSHIM_LAYOUT_xen2_shared_info_x86_32(XSHIM_ASSERT_FIELD, xen2_shared_info_x86_32)
    XSHIM_ASSERT_SIZE(xen2_shared_info_x86_32, 328) /* the documented prefix: arch starts here */

    /* [X2] start_info_t, 320 bytes: every memory_t is 32 bits plus 32 bits of padding ([A2]). */
    struct xshim_xen2_start_info_x86_32 {
    uint32_t nr_pages;
    uint32_t pad_a;
    uint32_t shared_info; /* machine address of shared_info */
    uint32_t pad_b;
    uint32_t flags; /* 2.0 SIF_*: not the 3.0 set */
    uint16_t domain_controller_evtchn;
    uint16_t pad;
    uint32_t pt_base;
    uint32_t pad_c;
    uint32_t nr_pt_frames;
    uint32_t pad_d;
    uint32_t mfn_list;
    uint32_t pad_e;
    uint32_t mod_start;
    uint32_t pad_f;
    uint32_t mod_len;
    uint32_t pad_g;
    uint8_t cmd_line[XSHIM_XEN2_MAX_CMDLINE];
};

/* clang-format off */
#define XSHIM_LAYOUT_xen2_start_info_x86_32(F, T)                                                \
    F(T, nr_pages,                  0, XSHIM_REL(2, 0))  /* [X2] "0"  */                        \
    F(T, pad_a,                     4, XSHIM_REL(2, 0))  /* [A2] padding */                     \
    F(T, shared_info,               8, XSHIM_REL(2, 0))  /* [X2] "8"  */                        \
    F(T, pad_b,                    12, XSHIM_REL(2, 0))                                         \
    F(T, flags,                    16, XSHIM_REL(2, 0))  /* [X2] "16" */                        \
    F(T, domain_controller_evtchn, 20, XSHIM_REL(2, 0))  /* [X2] "20" */                        \
    F(T, pad,                      22, XSHIM_REL(2, 0))  /* [X2] u16 __pad */                   \
    F(T, pt_base,                  24, XSHIM_REL(2, 0))  /* [X2] "24" */                        \
    F(T, pad_c,                    28, XSHIM_REL(2, 0))                                         \
    F(T, nr_pt_frames,             32, XSHIM_REL(2, 0))  /* [X2] "32" */                        \
    F(T, pad_d,                    36, XSHIM_REL(2, 0))                                         \
    F(T, mfn_list,                 40, XSHIM_REL(2, 0))  /* [X2] "40" */                        \
    F(T, pad_e,                    44, XSHIM_REL(2, 0))                                         \
    F(T, mod_start,                48, XSHIM_REL(2, 0))  /* [X2] "48" */                        \
    F(T, pad_f,                    52, XSHIM_REL(2, 0))                                         \
    F(T, mod_len,                  56, XSHIM_REL(2, 0))  /* [X2] "56" */                        \
    F(T, pad_g,                    60, XSHIM_REL(2, 0))                                         \
    F(T, cmd_line,                 64, XSHIM_REL(2, 0))  /* [X2] "64" */
/* clang-format on */

XSHIM_LAYOUT_xen2_start_info_x86_32(XSHIM_ASSERT_FIELD, xen2_start_info_x86_32)
    XSHIM_ASSERT_SIZE(xen2_start_info_x86_32, 320) /* [X2] "320 bytes" */

#endif /* XSHIM_ABI_XEN2_H */
