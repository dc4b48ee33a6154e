/*
 * abi/hvm.h: hvm_op(cmd, arg) for parameters (xen/hvm/hvm_op.h, xen/hvm/params.h).
 *
 *   XSHIM_HVMOP(F)      F(name, cmd, since)    XSHIM_HVMOP_<name>
 *   XSHIM_HVM_PARAM(F)  F(name, index, since)  XSHIM_HVM_PARAM_<name>
 *
 * [H] every number and the layout; introducing releases [M] (not verified).
 * PVH and HVM guests find the XenStore and console rings here (PV: start_info).
 */
#ifndef XSHIM_ABI_HVM_H
#define XSHIM_ABI_HVM_H

#include "hypercall.h"

/*
 * HVM or PVH: an HVM domain whose device model starts the kernel (QEMU's PVH option ROM) enters
 * it through hvm_start_info exactly as Xen enters a PVH domain. What Xen itself tells apart:
 * XENFEAT_hvm_pirqs is set only for an HVM domain with emulated PIRQs (xen/common/kernel.c:
 * is_hvm_domain(d) && has_pirq(d)); a PVH domain never has them (xen/arch/x86/domain.c,
 * emulation_flags_ok: a PVH domU is X86_EMU_LAPIC only, a PVH dom0 VPCI|LAPIC|IOAPIC), and an
 * HVM dom0 does not exist. Up to 4.18 every HVM domU had emulated PIRQs [H: 4.17.5 source];
 * from 4.19 a toolstack may create one without ("x86/hvm: make X86_EMU_USE_PIRQ optional",
 * R. Pau Monne, 2024-01-25) [S], so there a domU without the bit may be either.
 */
#define XSHIM_HVM_PIRQS_OPTIONAL_SINCE XSHIM_REL(4, 19)

/* clang-format off */
#define XSHIM_HVMOP(F)                                                                          \
    F(set_param, 0, XSHIM_REL(3, 0))                                                            \
    F(get_param, 1, XSHIM_REL(3, 0))
/* clang-format on */

/* clang-format off */
#define XSHIM_HVM_PARAM(F)                                                                      \
    F(CALLBACK_IRQ,    0, XSHIM_REL(3, 0))                                                      \
    F(STORE_PFN,       1, XSHIM_REL(3, 0))                                                      \
    F(STORE_EVTCHN,    2, XSHIM_REL(3, 0))                                                      \
    F(IOREQ_PFN,       5, XSHIM_REL(3, 0))                                                      \
    F(BUFIOREQ_PFN,    6, XSHIM_REL(3, 0))                                                      \
    F(VIRIDIAN,        9, XSHIM_REL(3, 3))                                                      \
    F(TIMER_MODE,     10, XSHIM_REL(3, 1))                                                      \
    F(HPET_ENABLED,   11, XSHIM_REL(3, 1))                                                      \
    F(CONSOLE_PFN,    17, XSHIM_REL(4, 2))                                                      \
    F(CONSOLE_EVTCHN, 18, XSHIM_REL(4, 2))
/* clang-format on */

#define XSHIM_HVMOP_ENUM_(name, value, since) XSHIM_HVMOP_##name = (value),
enum xshim_hvmop { XSHIM_HVMOP(XSHIM_HVMOP_ENUM_) };
#define XSHIM_HVM_PARAM_ENUM_(name, value, since) XSHIM_HVM_PARAM_##name = (value),
enum xshim_hvm_param_index { XSHIM_HVM_PARAM(XSHIM_HVM_PARAM_ENUM_) };

/* x86 HVM/PVH: a byte written to this I/O port goes to Xen's console (and QEMU's debugcon).
 * [H] XEN_HVM_DEBUGCONS_IOPORT, arch-x86/xen.h. */
#define XSHIM_HVM_DEBUGCONS_IOPORT 0xe9

/* HVM_PARAM_CALLBACK_IRQ value: type in bits 63..56. [H] */
#define XSHIM_HVM_PARAM_CALLBACK_TYPE_SHIFT 56u
#define XSHIM_HVM_PARAM_CALLBACK_TYPE_GSI 0u
#define XSHIM_HVM_PARAM_CALLBACK_TYPE_PCI_INTX 1u
#define XSHIM_HVM_PARAM_CALLBACK_TYPE_VECTOR 2u /* x86 */
#define XSHIM_HVM_PARAM_CALLBACK_TYPE_PPI 2u    /* Arm */

#define XSHIM_DOMID_SELF 0x7ff0u /* [H] xen.h DOMID_SELF */

struct xshim_hvm_param {
    uint16_t domid; /* domid_t; DOMID_SELF */
    uint16_t pad;
    uint32_t index;        /* HVM_PARAM_* */
    xshim_u64_guest value; /* IN (set) / OUT (get) */
};
/* clang-format off */
#define XSHIM_LAYOUT_hvm_param(F, T)                                                            \
    F(T, domid, 0, XSHIM_REL(3, 0))                                                             \
    F(T, pad,   2, XSHIM_REL(3, 0))                                                             \
    F(T, index, 4, XSHIM_REL(3, 0))                                                             \
    F(T, value, 8, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_hvm_param(XSHIM_ASSERT_FIELD, hvm_param) XSHIM_ASSERT_SIZE(hvm_param, 16)

#endif /* XSHIM_ABI_HVM_H */
