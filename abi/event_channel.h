/*
 * abi/event_channel.h: event_channel_op(cmd, arg) subops and the structs xshim uses
 * (xen/event_channel.h).
 *
 *   XSHIM_EVTCHNOP(F)  F(name, cmd, since)  XSHIM_EVTCHNOP_<name>
 *
 * [H] every number and layout. Introducing releases: FIFO ABI ops (11..13) 4.4 from DESIGN.md
 * and the header's FIFO section; the rest [M]. Probe FIFO with EVTCHNOP_init_control and fall
 * back to the 2-level bitmaps in shared_info on any error.
 */
#ifndef XSHIM_ABI_EVENT_CHANNEL_H
#define XSHIM_ABI_EVENT_CHANNEL_H

#include "hypercall.h"

/* clang-format off */
#define XSHIM_EVTCHNOP(F)                                                                       \
    F(bind_interdomain, 0, XSHIM_REL(3, 0))                                                     \
    F(bind_virq,        1, XSHIM_REL(3, 0))                                                     \
    F(bind_pirq,        2, XSHIM_REL(3, 0))                                                     \
    F(close,            3, XSHIM_REL(3, 0))                                                     \
    F(send,             4, XSHIM_REL(3, 0))                                                     \
    F(status,           5, XSHIM_REL(3, 0))                                                     \
    F(alloc_unbound,    6, XSHIM_REL(3, 0))                                                     \
    F(bind_ipi,         7, XSHIM_REL(3, 0))                                                     \
    F(bind_vcpu,        8, XSHIM_REL(3, 0))                                                     \
    F(unmask,           9, XSHIM_REL(3, 0))                                                     \
    F(reset,           10, XSHIM_REL(4, 0)) /* [M] */                                           \
    F(init_control,    11, XSHIM_REL(4, 4))                                                     \
    F(expand_array,    12, XSHIM_REL(4, 4))                                                     \
    F(set_priority,    13, XSHIM_REL(4, 4))
/* clang-format on */

#define XSHIM_EVTCHNOP_ENUM_(name, value, since) XSHIM_EVTCHNOP_##name = (value),
enum xshim_evtchnop { XSHIM_EVTCHNOP(XSHIM_EVTCHNOP_ENUM_) };

/* FIFO ABI constants. [H] */
#define XSHIM_EVTCHN_FIFO_PRIORITY_MAX 0u
#define XSHIM_EVTCHN_FIFO_PRIORITY_DEFAULT 7u
#define XSHIM_EVTCHN_FIFO_PRIORITY_MIN 15u
#define XSHIM_EVTCHN_FIFO_LINK_BITS 17u

struct xshim_evtchn_send {
    uint32_t port; /* evtchn_port_t */
};
#define XSHIM_LAYOUT_evtchn_send(F, T) F(T, port, 0, XSHIM_REL(3, 0))
XSHIM_LAYOUT_evtchn_send(XSHIM_ASSERT_FIELD, evtchn_send) XSHIM_ASSERT_SIZE(evtchn_send, 4)

    struct xshim_evtchn_unmask {
    uint32_t port;
};
#define XSHIM_LAYOUT_evtchn_unmask(F, T) F(T, port, 0, XSHIM_REL(3, 0))
XSHIM_LAYOUT_evtchn_unmask(XSHIM_ASSERT_FIELD, evtchn_unmask) XSHIM_ASSERT_SIZE(evtchn_unmask, 4)

    /* EVTCHNOP_alloc_unbound: a port in this domain that remote_dom may bind. [H] */
    struct xshim_evtchn_alloc_unbound {
    uint16_t dom;        /* IN: domid_t; DOMID_SELF */
    uint16_t remote_dom; /* IN: the domain that binds it (the backend's) */
    uint32_t port;       /* OUT: evtchn_port_t */
};
/* clang-format off */
#define XSHIM_LAYOUT_evtchn_alloc_unbound(F, T)                                                 \
    F(T, dom,        0, XSHIM_REL(3, 0))                                                        \
    F(T, remote_dom, 2, XSHIM_REL(3, 0))                                                        \
    F(T, port,       4, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_evtchn_alloc_unbound(XSHIM_ASSERT_FIELD, evtchn_alloc_unbound)
    XSHIM_ASSERT_SIZE(evtchn_alloc_unbound, 8)

    /* EVTCHNOP_close. [H] */
    struct xshim_evtchn_close {
    uint32_t port;
};
#define XSHIM_LAYOUT_evtchn_close(F, T) F(T, port, 0, XSHIM_REL(3, 0))
XSHIM_LAYOUT_evtchn_close(XSHIM_ASSERT_FIELD, evtchn_close) XSHIM_ASSERT_SIZE(evtchn_close, 4)

    /* EVTCHNOP_init_control (4.4+): register this vCPU's FIFO control block. */
    struct xshim_evtchn_init_control {
    xshim_u64_guest control_gfn; /* IN: frame of the control block */
    uint32_t offset;             /* IN: its offset in that frame */
    uint32_t vcpu;               /* IN */
    uint8_t link_bits;           /* OUT: bits in an event word's LINK field */
    uint8_t _pad[7];
};
/* clang-format off */
#define XSHIM_LAYOUT_evtchn_init_control(F, T)                                                  \
    F(T, control_gfn,  0, XSHIM_REL(4, 4))                                                      \
    F(T, offset,       8, XSHIM_REL(4, 4))                                                      \
    F(T, vcpu,        12, XSHIM_REL(4, 4))                                                      \
    F(T, link_bits,   16, XSHIM_REL(4, 4))                                                      \
    F(T, _pad,        17, XSHIM_REL(4, 4))
/* clang-format on */
XSHIM_LAYOUT_evtchn_init_control(XSHIM_ASSERT_FIELD, evtchn_init_control)
    XSHIM_ASSERT_SIZE(evtchn_init_control, 24)

/*
 * The argument of the compat slot 16, event_channel_op_compat(struct evtchn_op *): one pointer
 * to {cmd, union}. The union is as large as Xen's largest member, struct evtchn_status (24
 * bytes), so the struct is 28 bytes with 4-byte alignment on every architecture; the
 * conformance test compares it with Xen's struct evtchn_op, which the 4.17 headers still
 * declare. Only the members xshim sends are named; raw covers the rest.
 */
#define XSHIM_EVTCHN_OP_UNION_SIZE 24u
        struct xshim_evtchn_op_compat {
    uint32_t cmd; /* EVTCHNOP_* */
    union {
        struct xshim_evtchn_send send;
        struct xshim_evtchn_unmask unmask;
        uint32_t raw[XSHIM_EVTCHN_OP_UNION_SIZE / 4];
    } u;
};
/* clang-format off */
#define XSHIM_LAYOUT_evtchn_op_compat(F, T)                                                     \
    F(T, cmd, 0, XSHIM_REL(2, 0))                                                               \
    F(T, u,   4, XSHIM_REL(2, 0))
/* clang-format on */
XSHIM_LAYOUT_evtchn_op_compat(XSHIM_ASSERT_FIELD, evtchn_op_compat)
    XSHIM_ASSERT_SIZE(evtchn_op_compat, 28)

#endif /* XSHIM_ABI_EVENT_CHANNEL_H */
