/*
 * abi/pv_mmu.h: what an x86 PV guest needs to map a machine frame into its own page tables with
 * update_va_mapping(va, new_val, flags) (hypercall 14, xen/xen.h): the flush flags, and the
 * bits of the page-table entry it writes.
 *
 *   XSHIM_UVMF(F)     F(name, value, since)  XSHIM_UVMF_<name>     the flags argument
 *   XSHIM_X86_PTE(F)  F(name, bit)           XSHIM_X86_PTE_<name>  bit numbers of a 4 KiB PTE
 *
 * [H] every UVMF number (checked by tests/abi/conform_constants.c); they date from 2.0/3.0
 * [M]. The PTE bits are the CPU's (Intel SDM vol. 3A, "4-level paging": table "Format of a
 * Page-Table Entry that Maps a 4-KByte Page"), which Xen validates and does not redefine; the
 * Xen public headers have no names for them, so they are not checked against the headers.
 * Calling convention (xen/xen.h, Mini-OS and Linux alike): on x86_64 new_val is one 64-bit
 * argument; on x86_32 (PAE) it is two, low word first: update_va_mapping(va, lo, hi, flags).
 * A 64-bit PV guest runs its kernel in ring 3: Xen sets the user bit itself where needed.
 */
#ifndef XSHIM_ABI_PV_MMU_H
#define XSHIM_ABI_PV_MMU_H

#include "base.h"

/* clang-format off */
#define XSHIM_UVMF(F)                                                                           \
    F(NONE,       0, XSHIM_REL(2, 0)) /* [M] no flush */                                        \
    F(TLB_FLUSH,  1, XSHIM_REL(2, 0)) /* [M] flush the whole TLB */                             \
    F(INVLPG,     2, XSHIM_REL(2, 0)) /* [M] flush this one entry */                            \
    F(LOCAL,      0, XSHIM_REL(3, 0)) /* [M] only this vCPU's TLB (UVMF_MULTI, no bitmap) */    \
    F(ALL,        4, XSHIM_REL(3, 0)) /* [M] every vCPU's TLB */
/* clang-format on */
#define XSHIM_UVMF_ENUM_(name, value, since) XSHIM_UVMF_##name = (value),
enum xshim_uvmf { XSHIM_UVMF(XSHIM_UVMF_ENUM_) };

/* clang-format off */
#define XSHIM_X86_PTE(F)                                                                        \
    F(present,   0)                                                                             \
    F(rw,        1)                                                                             \
    F(user,      2)                                                                             \
    F(accessed,  5)                                                                             \
    F(dirty,     6)
/* clang-format on */
#define XSHIM_X86_PTE_ENUM_(name, bit) XSHIM_X86_PTE_##name = (bit),
enum xshim_x86_pte_bit { XSHIM_X86_PTE(XSHIM_X86_PTE_ENUM_) };
#define XSHIM_X86_PTE_BIT(name) (1ull << XSHIM_X86_PTE_##name)
/* The frame number sits at bit 12 of a PTE. */
#define XSHIM_X86_PTE_FRAME_SHIFT 12u

#endif /* XSHIM_ABI_PV_MMU_H */
