// shim/runtime/hypercall.cpp: the typed hypercall wrappers a kernel needs first, over the selected
// port (shim/runtime/hypercall_port.cpp makes it callable). Compat slots: a PV guest on a Xen that predates a call's current number
// answers -ENOSYS there, and the adapter says whether the old slot (6/16) may be tried.
#include "shim/runtime/hypercall.hpp"

#include <xshim_frontend.h>

#include "shim/lib/text.hpp"

#include <abi/console_io.h>
#include <abi/event_channel.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>

using xshim::call;

extern "C" {

long xshim_xen_version(const xshim_hypercall *hc, uint32_t cmd, void *arg) {
    return call(*hc, XSHIM_HC_xen_version, cmd, reinterpret_cast<uintptr_t>(arg));
}

long xshim_console_write(const xshim_hypercall *hc, const char *s, size_t len) {
    return call(*hc, XSHIM_HC_console_io, XSHIM_CONSOLEIO_write, len,
                reinterpret_cast<uintptr_t>(s));
}

long xshim_sched_op(const xshim_hypercall *hc, uint32_t cmd, void *arg) {
    return call(*hc, XSHIM_HC_sched_op, cmd, reinterpret_cast<uintptr_t>(arg));
}

// event_channel_op, falling back to slot 16 (one struct carrying cmd and the op) on PV. The op
// is in/out (alloc_unbound answers a port): the compat copy is copied back after the call.
static long evtchn_op(const xshim_hypercall *hc, uint32_t cmd, void *op, size_t op_size) {
    long rc = call(*hc, XSHIM_HC_event_channel_op, cmd, reinterpret_cast<uintptr_t>(op));
    if (rc != XSHIM_S_ENOSYS || hc->adapter == nullptr || !hc->adapter->compat_slots)
        return rc;
    xshim_evtchn_op_compat compat;
    xshim::zero_bytes(&compat, sizeof compat);
    compat.cmd = cmd;
    const size_t n = op_size < sizeof compat.u ? op_size : sizeof compat.u;
    xshim::copy_bytes(&compat.u, op, n);
    rc = call(*hc, XSHIM_HC_event_channel_op_compat, reinterpret_cast<uintptr_t>(&compat));
    xshim::copy_bytes(op, &compat.u, n);
    return rc;
}

long xshim_evtchn_send(const xshim_hypercall *hc, uint32_t port) {
    struct xshim_evtchn_send op = {port};
    return evtchn_op(hc, XSHIM_EVTCHNOP_send, &op, sizeof op);
}

long xshim_evtchn_unmask(const xshim_hypercall *hc, uint32_t port) {
    struct xshim_evtchn_unmask op = {port};
    return evtchn_op(hc, XSHIM_EVTCHNOP_unmask, &op, sizeof op);
}

long xshim_evtchn_alloc_unbound(const xshim_hypercall *hc, uint16_t remote_dom, uint32_t *port) {
    struct xshim_evtchn_alloc_unbound op = {XSHIM_DOMID_SELF, remote_dom, 0};
    long rc = evtchn_op(hc, XSHIM_EVTCHNOP_alloc_unbound, &op, sizeof op);
    if (rc == 0 && port != nullptr)
        *port = op.port;
    return rc;
}

long xshim_evtchn_close(const xshim_hypercall *hc, uint32_t port) {
    struct xshim_evtchn_close op = {port};
    return evtchn_op(hc, XSHIM_EVTCHNOP_close, &op, sizeof op);
}

long xshim_vcpu_op(const xshim_hypercall *hc, uint32_t cmd, uint32_t vcpu, void *arg) {
    return call(*hc, XSHIM_HC_vcpu_op, cmd, vcpu, reinterpret_cast<uintptr_t>(arg));
}

long xshim_hvm_get_param(const xshim_hypercall *hc, uint32_t index, uint64_t *value) {
    xshim_hvm_param p;
    xshim::zero_bytes(&p, sizeof p);
    p.domid = XSHIM_DOMID_SELF;
    p.index = index;
    long rc = call(*hc, XSHIM_HC_hvm_op, XSHIM_HVMOP_get_param, reinterpret_cast<uintptr_t>(&p));
    if (rc == 0)
        *value = p.value;
    return rc;
}

} // extern "C"
