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
