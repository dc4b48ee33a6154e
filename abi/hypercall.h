/*
 * abi/hypercall.h: hypercall numbers (xen/xen.h), as data.
 *
 *   XSHIM_HC(F)          F(name, number, since)  every slot of the current numbering, 0..42 and
 *                                                 arch_0..7; XSHIM_HC_<name> = number
 *   XSHIM_HC_SCOPE(F)    F(name, scope)          where a call answers (XSHIM_HC_SCOPE_*)
 *   XSHIM_HC_COMPAT(F)   F(name, number, iface, replaced_by)  the slots that became *_compat
 *   XSHIM_HC_GONE(F)     F(name, number, since, removed)      calls that came and went
 *   XSHIM_HC_XEN2(F)     F(name, number, since)  HISTORY: the Xen 2.0 numbering
 *   XSHIM_HC_XEN1(F)     F(name, number, since)  HISTORY: the Xen 1.x slots all 1.x agree on
 *
 * "since" is the release whose XENVER_version first reports the slot with this meaning
 * (XSHIM_REL(major, minor); point releases such as 3.0.2 fold into 3.0). Sources, per entry:
 * [H] the installed Xen 4.17 public headers (checked by tests/abi/conform_constants.c),
 * [S] found with the search tool in a public tree (cited beside the table),
 * [M] the introducing release is from memory and NOT verified; the number itself is still [H].
 */
#ifndef XSHIM_ABI_HYPERCALL_H
#define XSHIM_ABI_HYPERCALL_H

#include "base.h"

#ifdef __cplusplus
#define XSHIM_CONSTEXPR constexpr
#else
#define XSHIM_CONSTEXPR
#endif

/*
 * Hypercall argument structs are laid out in the calling guest's own ABI (Xen's compat layer
 * reads a 32-bit guest's structs with i386 rules). For the structs in abi/ that have the same
 * offsets everywhere, only the alignment of a 64-bit member (and so of the whole struct)
 * follows the guest: 4 on i386, 8 on x86_64 and Arm.
 */
#if defined(__i386__)
typedef xshim_u64_a4 xshim_u64_guest;
#else
typedef xshim_u64_a8 xshim_u64_guest;
#endif

/* Current numbering, xen/xen.h. [H] for every number. */
/* clang-format off */
#define XSHIM_HC(F)                                                                             \
    F(set_trap_table,                0, XSHIM_REL(2, 0)) /* [S] same slot in 2.0 */              \
    F(mmu_update,                    1, XSHIM_REL(2, 0)) /* [S] */                               \
    F(set_gdt,                       2, XSHIM_REL(2, 0)) /* [S] */                               \
    F(stack_switch,                  3, XSHIM_REL(2, 0)) /* [S] */                               \
    F(set_callbacks,                 4, XSHIM_REL(2, 0)) /* [S] */                               \
    F(fpu_taskswitch,                5, XSHIM_REL(2, 0)) /* [S] */                               \
    F(sched_op_compat,               6, XSHIM_REL(2, 0)) /* [S] 2.0 sched_op; compat 3.0.2 */    \
    F(platform_op,                   7, XSHIM_REL(2, 0)) /* [S] 2.0 dom0_op; renamed 3.0.4 */    \
    F(set_debugreg,                  8, XSHIM_REL(2, 0)) /* [S] */                               \
    F(get_debugreg,                  9, XSHIM_REL(2, 0)) /* [S] */                               \
    F(update_descriptor,            10, XSHIM_REL(2, 0)) /* [S] */                               \
    F(memory_op,                    12, XSHIM_REL(3, 0)) /* [S] 2.0 dom_mem_op in this slot */   \
    F(multicall,                    13, XSHIM_REL(2, 0)) /* [S] */                               \
    F(update_va_mapping,            14, XSHIM_REL(2, 0)) /* [S] */                               \
    F(set_timer_op,                 15, XSHIM_REL(2, 0)) /* [S] */                               \
    F(event_channel_op_compat,      16, XSHIM_REL(2, 0)) /* [S] 2.0 event_channel_op */          \
    F(xen_version,                  17, XSHIM_REL(2, 0)) /* [S] */                               \
    F(console_io,                   18, XSHIM_REL(2, 0)) /* [S] */                               \
    F(physdev_op_compat,            19, XSHIM_REL(2, 0)) /* [S] 2.0 physdev_op */                \
    F(grant_table_op,               20, XSHIM_REL(2, 0)) /* [S] */                               \
    F(vm_assist,                    21, XSHIM_REL(2, 0)) /* [S] */                               \
    F(update_va_mapping_otherdomain, 22, XSHIM_REL(2, 0)) /* [S] */                              \
    F(iret,                         23, XSHIM_REL(3, 0)) /* [M] 2.0 had switch_vm86 here */      \
    F(vcpu_op,                      24, XSHIM_REL(3, 0)) /* [M] */                               \
    F(set_segment_base,             25, XSHIM_REL(3, 0)) /* [M] */                               \
    F(mmuext_op,                    26, XSHIM_REL(3, 0)) /* [M] */                               \
    F(xsm_op,                       27, XSHIM_REL(3, 0)) /* [M] acm_op in 3.0, xsm_op later */   \
    F(nmi_op,                       28, XSHIM_REL(3, 0)) /* [M] */                               \
    F(sched_op,                     29, XSHIM_REL(3, 0)) /* [H] sched.h: new in 3.0.2 */         \
    F(callback_op,                  30, XSHIM_REL(3, 0)) /* [M] */                               \
    F(xenoprof_op,                  31, XSHIM_REL(3, 0)) /* [M]; gone in 4.22, XSHIM_HC_GONE */  \
    F(event_channel_op,             32, XSHIM_REL(3, 0)) /* [H] xen.h: iface 0x00030202 */       \
    F(physdev_op,                   33, XSHIM_REL(3, 0)) /* [H] xen.h: iface 0x00030202 */       \
    F(hvm_op,                       34, XSHIM_REL(3, 0)) /* [M] */                               \
    F(sysctl,                       35, XSHIM_REL(3, 0)) /* [M] 3.0.4 */                         \
    F(domctl,                       36, XSHIM_REL(3, 0)) /* [M] 3.0.4 */                         \
    F(kexec_op,                     37, XSHIM_REL(3, 0)) /* [M] 3.0.4 */                         \
    F(tmem_op,                      38, XSHIM_REL(4, 0)) /* [M]; gone in 4.13, XSHIM_HC_GONE */  \
    F(argo_op,                      39, XSHIM_REL(4, 12)) /* [S] was xc_reserved_op before */    \
    F(xenpmu_op,                    40, XSHIM_REL(4, 6)) /* [M] */                               \
    F(dm_op,                        41, XSHIM_REL(4, 9)) /* [M] */                               \
    F(hypfs_op,                     42, XSHIM_REL(4, 14)) /* [M] */                              \
    F(arch_0,                       48, XSHIM_REL(3, 0)) /* x86: mca (arch-x86/xen-mca.h) */   \
    F(arch_1,                       49, XSHIM_REL(3, 0)) /* x86: paging_domctl_cont [M] */      \
    F(arch_2,                       50, XSHIM_REL(3, 0))                                        \
    F(arch_3,                       51, XSHIM_REL(3, 0))                                        \
    F(arch_4,                       52, XSHIM_REL(3, 0))                                        \
    F(arch_5,                       53, XSHIM_REL(3, 0))                                        \
    F(arch_6,                       54, XSHIM_REL(3, 0))                                        \
    F(arch_7,                       55, XSHIM_REL(3, 0))
/* clang-format on */

#define XSHIM_HC_ENUM_(name, value, since) XSHIM_HC_##name = (value),
enum xshim_hc { XSHIM_HC(XSHIM_HC_ENUM_) };
#define XSHIM_HC_PAGE_STRIDE 32u /* hypercall page: entry of call nr at nr * 32 */
#define XSHIM_HC_SLOTS 64u       /* numbers 0..63 have an entry in the hypercall page */
/* Stubs in the page: Xen fills the whole page, so a number up to this bound is a safe jump
 * (past NR_hypercalls, XSHIM_HC_SLOTS, the stub answers -ENOSYS). */
#define XSHIM_HC_PAGE_ENTRIES (XSHIM_PAGE_SIZE / XSHIM_HC_PAGE_STRIDE)

/*
 * Where a call answers. The PV-only calls manage a PV guest's own MMU, traps and segments;
 * an HVM, PVH or Arm guest gets -ENOSYS. [H] for iret (x86 only) and set_segment_base
 * (x86_64 only), from xen.h comments; the rest follows from what the call does.
 */
enum xshim_hc_scope {
    XSHIM_HC_SCOPE_ANY = 0,       /* every guest type that has the call at all */
    XSHIM_HC_SCOPE_X86 = 1,       /* x86 only, PV and HVM */
    XSHIM_HC_SCOPE_X86_PV = 2,    /* x86 PV only */
    XSHIM_HC_SCOPE_X86_64_PV = 3, /* x86_64 PV only */
};
/* clang-format off */
#define XSHIM_HC_SCOPE(F)                                                                       \
    F(set_trap_table, XSHIM_HC_SCOPE_X86_PV)                                                    \
    F(mmu_update, XSHIM_HC_SCOPE_X86_PV)                                                        \
    F(set_gdt, XSHIM_HC_SCOPE_X86_PV)                                                           \
    F(stack_switch, XSHIM_HC_SCOPE_X86_PV)                                                      \
    F(set_callbacks, XSHIM_HC_SCOPE_X86_PV)                                                     \
    F(fpu_taskswitch, XSHIM_HC_SCOPE_X86_PV)                                                    \
    F(sched_op_compat, XSHIM_HC_SCOPE_X86_PV)                                                   \
    F(set_debugreg, XSHIM_HC_SCOPE_X86_PV)                                                      \
    F(get_debugreg, XSHIM_HC_SCOPE_X86_PV)                                                      \
    F(update_descriptor, XSHIM_HC_SCOPE_X86_PV)                                                 \
    F(update_va_mapping, XSHIM_HC_SCOPE_X86_PV)                                                 \
    F(event_channel_op_compat, XSHIM_HC_SCOPE_X86_PV)                                           \
    F(physdev_op_compat, XSHIM_HC_SCOPE_X86_PV)                                                 \
    F(update_va_mapping_otherdomain, XSHIM_HC_SCOPE_X86_PV)                                     \
    F(iret, XSHIM_HC_SCOPE_X86_PV)                                                              \
    F(set_segment_base, XSHIM_HC_SCOPE_X86_64_PV)                                               \
    F(mmuext_op, XSHIM_HC_SCOPE_X86_PV)                                                         \
    F(callback_op, XSHIM_HC_SCOPE_X86_PV)                                                       \
    F(xenpmu_op, XSHIM_HC_SCOPE_X86)                                                            \
    F(arch_0, XSHIM_HC_SCOPE_X86)                                                               \
    F(arch_1, XSHIM_HC_SCOPE_X86)
/* clang-format on */

/*
 * The slots that became compat: xen.h "compat since 0x00030101" (sched_op) and
 * "0x00030202" (event_channel_op, physdev_op). iface is that __XEN_INTERFACE_VERSION__ (3.0.2
 * and 3.0.3 era; not an XSHIM_REL). [H] for number and iface. They answer only PV guests:
 * HVM, PVH and Arm get -ENOSYS, so a PV guest may retry there on -ENOSYS from the new slot.
 *
 * Argument shapes differ from the new slots:
 *   sched_op_compat(cmd, unsigned long arg): arg BY VALUE; for SCHEDOP_shutdown the reason
 *     itself (SHUTDOWN_*), not a pointer to struct sched_shutdown.
 *   event_channel_op_compat(struct evtchn_op *): one pointer to {uint32_t cmd; union u},
 *     struct xshim_evtchn_op_compat in abi/event_channel.h; the new slot takes (cmd, pointer to the op struct).
 *   physdev_op_compat(struct physdev_op *): the same shape, {uint32_t cmd; union u}.
 */
/* clang-format off */
#define XSHIM_HC_COMPAT(F)                                                                      \
    F(sched_op_compat,          6, 0x00030101u, sched_op)                                       \
    F(event_channel_op_compat, 16, 0x00030202u, event_channel_op)                               \
    F(physdev_op_compat,       19, 0x00030202u, physdev_op)
/* clang-format on */

/* struct physdev_op (xen/physdev.h) sizes, for the compat slot; [H]. */
#define XSHIM_PHYSDEV_OP_COMPAT_SIZE_X86_64 24u
#define XSHIM_PHYSDEV_OP_COMPAT_SIZE_X86_32 16u

/*
 * Calls that came and went: the number stays reserved; a hypervisor without the call answers
 * -ENOSYS, which a prober reads as "absent", not as failure. removed = first release without.
 *   tmem_op: removal in 4.13 from the project brief and memory [M]; not found with search.
 *   xenoprof_op: [S] "xen: Drop xenoprofile support" (A. Cooper, xen-devel, 2026-01-05) marks
 *     __HYPERVISOR_xenoprof_op "Dropped in Xen 4.22" in xen/include/public/xen.h.
 */
/* clang-format off */
#define XSHIM_HC_GONE(F)                                                                        \
    F(tmem_op,     38, XSHIM_REL(4, 0), XSHIM_REL(4, 13))                                       \
    F(xenoprof_op, 31, XSHIM_REL(3, 0), XSHIM_REL(4, 22))
/* clang-format on */

/*
 * HISTORY: pre-3.0 numbering, for recognising (and refusing) an old hypervisor or kernel.
 * Not for calling. Xen 2.0, [S]: the 2004 xen/include/public/xen.h ("Copyright (c) 2004,
 * K A Fraser"; also copied into Minix's xenasm.h), whose start_info has no magic string.
 */
/* clang-format off */
#define XSHIM_HC_XEN2(F)                                                                        \
    F(set_trap_table,                0, XSHIM_REL(2, 0))                                        \
    F(mmu_update,                    1, XSHIM_REL(2, 0))                                        \
    F(set_gdt,                       2, XSHIM_REL(2, 0))                                        \
    F(stack_switch,                  3, XSHIM_REL(2, 0))                                        \
    F(set_callbacks,                 4, XSHIM_REL(2, 0))                                        \
    F(fpu_taskswitch,                5, XSHIM_REL(2, 0))                                        \
    F(sched_op,                      6, XSHIM_REL(2, 0))                                        \
    F(dom0_op,                       7, XSHIM_REL(2, 0))                                        \
    F(set_debugreg,                  8, XSHIM_REL(2, 0))                                        \
    F(get_debugreg,                  9, XSHIM_REL(2, 0))                                        \
    F(update_descriptor,            10, XSHIM_REL(2, 0))                                        \
    F(set_fast_trap,                11, XSHIM_REL(2, 0))                                        \
    F(dom_mem_op,                   12, XSHIM_REL(2, 0))                                        \
    F(multicall,                    13, XSHIM_REL(2, 0))                                        \
    F(update_va_mapping,            14, XSHIM_REL(2, 0))                                        \
    F(set_timer_op,                 15, XSHIM_REL(2, 0))                                        \
    F(event_channel_op,             16, XSHIM_REL(2, 0))                                        \
    F(xen_version,                  17, XSHIM_REL(2, 0))                                        \
    F(console_io,                   18, XSHIM_REL(2, 0))                                        \
    F(physdev_op,                   19, XSHIM_REL(2, 0))                                        \
    F(grant_table_op,               20, XSHIM_REL(2, 0))                                        \
    F(vm_assist,                    21, XSHIM_REL(2, 0))                                        \
    F(update_va_mapping_otherdomain, 22, XSHIM_REL(2, 0))                                       \
    F(switch_vm86,                  23, XSHIM_REL(2, 0))
/* clang-format on */

/* Xen 2.0 sched_op: the shutdown reason travelled in the command word. [S] */
#define XSHIM_XEN2_SCHEDOP_CMDMASK 255u
#define XSHIM_XEN2_SCHEDOP_REASONSHIFT 8u

/*
 * HISTORY: Xen 1.x. The 1.x trees found with search ([S]: NetBSD's Xen 1.2 loader, Mike
 * Rieker's OZONE port (2004), early hypervisor-if.h copies) agree on set_trap_table = 0 and
 * console_write = 2 only; the other slots moved between 1.0, 1.2 and the 1.3 development tree
 * (console_io was 23 there), so only those two are recorded. "since" 1.0.
 */
/* clang-format off */
#define XSHIM_HC_XEN1(F)                                                                        \
    F(set_trap_table, 0, XSHIM_REL(1, 0))                                                       \
    F(console_write,  2, XSHIM_REL(1, 0))
/* clang-format on */

#endif /* XSHIM_ABI_HYPERCALL_H */
