/*
 * abi/start_info_x86.h: the start_info page a PV x86 guest finds through %rsi (64-bit) or %esi
 * (32-bit) at entry. Reference: xen/foreign/x86_64.h and xen/foreign/x86_32.h
 * (struct start_info_x86_64 / start_info_x86_32), from xen/xen.h.
 *
 * x86_64: 1168 bytes; x86_32: 1112 bytes (unsigned long and xen_pfn_t are 32 bits, pack(4)).
 * The magic names the interface generation, not the release: Xen 3.0 to today write
 * "xen-3.0-" followed by the guest's platform, e.g. "xen-3.0-x86_64"; a 32-bit PV guest on a
 * 64-bit Xen sees "xen-3.0-x86_32p" (PAE). The Xen 2.0 start_info had no magic (abi/xen2.h).
 */
#ifndef XSHIM_ABI_START_INFO_X86_H
#define XSHIM_ABI_START_INFO_X86_H

#include "base.h"

#define XSHIM_MAX_GUEST_CMDLINE 1024
#define XSHIM_START_INFO_MAGIC_SIZE 32

/* start_info.magic: prefix, then one of the platform suffixes. */
#define XSHIM_START_INFO_MAGIC_PREFIX "xen-3.0-"
#define XSHIM_START_INFO_ARCH_X86_64 "x86_64"
#define XSHIM_START_INFO_ARCH_X86_32P "x86_32p" /* 32-bit PAE guest: every 64-bit Xen */
#define XSHIM_START_INFO_ARCH_X86_32 "x86_32"   /* non-PAE: only 32-bit Xen of the 3.x era */

/* start_info.flags (xen/xen.h SIF_*). */
#define XSHIM_SIF_PRIVILEGED (1u << 0)      /* the domain is privileged */
#define XSHIM_SIF_INITDOMAIN (1u << 1)      /* the initial control domain (dom0) */
#define XSHIM_SIF_MULTIBOOT_MOD (1u << 2)   /* mod_start is a multiboot module list */
#define XSHIM_SIF_MOD_START_PFN (1u << 3)   /* mod_start is a PFN, not a virtual address */
#define XSHIM_SIF_VIRT_P2M_4TOOLS (1u << 4) /* tools understand a virtually mapped p2m */
#define XSHIM_SIF_PM_MASK (0xffu << 8)      /* reserved for Xen power-management options */

/*
 * console: a domU gets the frame and event channel of its PV console ring
 * (struct xshim_xencons_interface); dom0 gets where a dom0_vga_console_info lies inside this
 * page (the dom0 member appeared in the 3.0.x series; domU is 3.0's console_mfn/console_evtchn
 * under a new name, same bytes).
 */
union xshim_start_info_console_x86_64 {
    struct {
        xshim_u64_a8 mfn; /* machine frame of the console ring */
        uint32_t evtchn;
    } domU;
    struct {
        uint32_t info_off; /* offset of dom0_vga_console_info in start_info */
        uint32_t info_size;
    } dom0;
};

struct xshim_start_info_x86_64 {
    char magic[XSHIM_START_INFO_MAGIC_SIZE]; /* "xen-3.0-x86_64", NUL-terminated */
    xshim_u64_a8 nr_pages;                   /* pages allocated to the domain */
    xshim_u64_a8 shared_info;                /* machine address of the shared_info page */
    uint32_t flags;                          /* XSHIM_SIF_* */
    xshim_u64_a8 store_mfn;                  /* XenStore ring frame */
    uint32_t store_evtchn;
    union xshim_start_info_console_x86_64 console;
    /* Filled in only at first boot, not on resume: */
    xshim_u64_a8 pt_base; /* virtual address of the initial page tables */
    xshim_u64_a8 nr_pt_frames;
    xshim_u64_a8 mfn_list;  /* virtual address of the p2m list */
    xshim_u64_a8 mod_start; /* initrd: virtual address, or PFN if SIF_MOD_START_PFN */
    xshim_u64_a8 mod_len;
    int8_t cmd_line[XSHIM_MAX_GUEST_CMDLINE];
    xshim_u64_a8 first_p2m_pfn; /* p2m placed outside the kernel mapping (XEN_ELFNOTE_INIT_P2M) */
    xshim_u64_a8 nr_p2m_frames;
};

/*
 * first_p2m_pfn/nr_p2m_frames: XSHIM_REL(4, 0) is our best reading (they came with
 * XEN_ELFNOTE_INIT_P2M); the exact release is not established. Before them the bytes were zero
 * tail of the page, so a 0 there means "not provided".
 */
/* clang-format off */
#define XSHIM_LAYOUT_start_info_x86_64(F, T)                                                     \
    F(T, magic,                  0, XSHIM_REL(3, 0))                                            \
    F(T, nr_pages,              32, XSHIM_REL(3, 0))                                            \
    F(T, shared_info,           40, XSHIM_REL(3, 0))                                            \
    F(T, flags,                 48, XSHIM_REL(3, 0))                                            \
    F(T, store_mfn,             56, XSHIM_REL(3, 0))                                            \
    F(T, store_evtchn,          64, XSHIM_REL(3, 0))                                            \
    F(T, console,               72, XSHIM_REL(3, 0))                                            \
    F(T, console.domU.mfn,      72, XSHIM_REL(3, 0))                                            \
    F(T, console.domU.evtchn,   80, XSHIM_REL(3, 0))                                            \
    F(T, console.dom0.info_off, 72, XSHIM_REL(3, 0))                                            \
    F(T, console.dom0.info_size, 76, XSHIM_REL(3, 0))                                           \
    F(T, pt_base,               88, XSHIM_REL(3, 0))                                            \
    F(T, nr_pt_frames,          96, XSHIM_REL(3, 0))                                            \
    F(T, mfn_list,             104, XSHIM_REL(3, 0))                                            \
    F(T, mod_start,            112, XSHIM_REL(3, 0))                                            \
    F(T, mod_len,              120, XSHIM_REL(3, 0))                                            \
    F(T, cmd_line,             128, XSHIM_REL(3, 0))                                            \
    F(T, first_p2m_pfn,       1152, XSHIM_REL(4, 0))                                            \
    F(T, nr_p2m_frames,       1160, XSHIM_REL(4, 0))
/* clang-format on */

XSHIM_LAYOUT_start_info_x86_64(XSHIM_ASSERT_FIELD, start_info_x86_64)
    XSHIM_ASSERT_SIZE(start_info_x86_64, 1168)

        union xshim_start_info_console_x86_32 {
    struct {
        uint32_t mfn;
        uint32_t evtchn;
    } domU;
    struct {
        uint32_t info_off;
        uint32_t info_size;
    } dom0;
};

struct xshim_start_info_x86_32 {
    char magic[XSHIM_START_INFO_MAGIC_SIZE]; /* "xen-3.0-x86_32p" on any 64-bit Xen */
    uint32_t nr_pages;
    uint32_t shared_info;
    uint32_t flags;
    uint32_t store_mfn;
    uint32_t store_evtchn;
    union xshim_start_info_console_x86_32 console;
    uint32_t pt_base;
    uint32_t nr_pt_frames;
    uint32_t mfn_list;
    uint32_t mod_start;
    uint32_t mod_len;
    int8_t cmd_line[XSHIM_MAX_GUEST_CMDLINE];
    uint32_t first_p2m_pfn;
    uint32_t nr_p2m_frames;
};

/* clang-format off */
#define XSHIM_LAYOUT_start_info_x86_32(F, T)                                                     \
    F(T, magic,                  0, XSHIM_REL(3, 0))                                            \
    F(T, nr_pages,              32, XSHIM_REL(3, 0))                                            \
    F(T, shared_info,           36, XSHIM_REL(3, 0))                                            \
    F(T, flags,                 40, XSHIM_REL(3, 0))                                            \
    F(T, store_mfn,             44, XSHIM_REL(3, 0))                                            \
    F(T, store_evtchn,          48, XSHIM_REL(3, 0))                                            \
    F(T, console,               52, XSHIM_REL(3, 0))                                            \
    F(T, console.domU.mfn,      52, XSHIM_REL(3, 0))                                            \
    F(T, console.domU.evtchn,   56, XSHIM_REL(3, 0))                                            \
    F(T, console.dom0.info_off, 52, XSHIM_REL(3, 0))                                            \
    F(T, console.dom0.info_size, 56, XSHIM_REL(3, 0))                                           \
    F(T, pt_base,               60, XSHIM_REL(3, 0))                                            \
    F(T, nr_pt_frames,          64, XSHIM_REL(3, 0))                                            \
    F(T, mfn_list,              68, XSHIM_REL(3, 0))                                            \
    F(T, mod_start,             72, XSHIM_REL(3, 0))                                            \
    F(T, mod_len,               76, XSHIM_REL(3, 0))                                            \
    F(T, cmd_line,              80, XSHIM_REL(3, 0))                                            \
    F(T, first_p2m_pfn,       1104, XSHIM_REL(4, 0))                                            \
    F(T, nr_p2m_frames,       1108, XSHIM_REL(4, 0))
/* clang-format on */

XSHIM_LAYOUT_start_info_x86_32(XSHIM_ASSERT_FIELD, start_info_x86_32)
    XSHIM_ASSERT_SIZE(start_info_x86_32, 1112)

#endif /* XSHIM_ABI_START_INFO_X86_H */
