// shim/hypercall.cpp: resolving the selected hypercall port, and the typed wrappers a kernel
// needs first. Compat slots: a PV guest on a Xen that predates a call's current number
// answers -ENOSYS there, and the adapter says whether the old slot (6/16) may be tried.
#include "hypercall.hpp"

#include "adapters.hpp"
#include "text.hpp"

#include <abi/console_io.h>
#include <abi/cpuid.h>
#include <abi/event_channel.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <abi/sched.h>

namespace xshim {

uint32_t available_transports(const xshim_platform &platform) {
    uint32_t mask = 0;
    if (platform.transport == nullptr)
        return 0;
    for (uint32_t kind = 1; kind < XSHIM_TRANSPORT_COUNT; ++kind) {
        if (platform.transport(platform.ctx, kind) == nullptr)
            continue;
        if (kind == XSHIM_TRANSPORT_PAGE && platform.hypercall_page == nullptr)
            continue;
        mask |= 1u << kind;
    }
    return mask;
}

const xshim_hypercall_adapter *find_hypercall_adapter(uint32_t guest_type, uint32_t arch,
                                                      uint32_t vendor, uint32_t available,
                                                      bool prefer_page) {
    // Two passes: with prefer_page, the page entries first; then everything in table order.
    for (int pass = prefer_page ? 0 : 1; pass < 2; ++pass) {
        for (const auto &a : hypercall_adapters) {
            if (pass == 0 && a.transport != XSHIM_TRANSPORT_PAGE)
                continue;
            if ((a.guest_types & XSHIM_GUEST_MASK(guest_type)) == 0 || a.arch != arch)
                continue;
            if (vendor >= 32 || (a.vendors & (1u << vendor)) == 0)
                continue;
            if ((available & (1u << a.transport)) == 0)
                continue;
            return &a;
        }
    }
    return nullptr;
}

bool resolve_hypercall(const xshim_hypercall_adapter *adapter, const xshim_identity &id,
                       const xshim_platform &platform, xshim_hypercall *out) {
    out->adapter = nullptr;
    out->fn = nullptr;
    out->cookie = nullptr;
    if (adapter == nullptr || platform.transport == nullptr)
        return false;
    xshim_transport_fn fn = platform.transport(platform.ctx, adapter->transport);
    if (fn == nullptr)
        return false;
    if (adapter->transport == XSHIM_TRANSPORT_PAGE) {
        // CPUID base+2: eax = number of hypercall pages, ebx = the MSR that installs them.
        if (platform.hypercall_page == nullptr || platform.wrmsr == nullptr ||
            platform.cpuid == nullptr || id.cpuid_base == 0 ||
            id.cpuid_leaves < id.cpuid_base + XSHIM_CPUID_LEAF_HYPERCALL)
            return false;
        uint32_t r[4] = {};
        platform.cpuid(platform.ctx, id.cpuid_base + XSHIM_CPUID_LEAF_HYPERCALL, 0, r);
        if (r[0] == 0)
            return false;
        platform.wrmsr(platform.ctx, r[1], platform.hypercall_page_gpa);
        out->cookie = platform.hypercall_page;
    } else {
        out->cookie = platform.ctx;
    }
    out->adapter = adapter;
    out->fn = fn;
    return true;
}

} // namespace xshim

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

// event_channel_op, falling back to slot 16 (one struct carrying cmd and the op) on PV.
static long evtchn_op(const xshim_hypercall *hc, uint32_t cmd, const void *op, size_t op_size) {
    long rc = call(*hc, XSHIM_HC_event_channel_op, cmd, reinterpret_cast<uintptr_t>(op));
    if (rc != XSHIM_S_ENOSYS || hc->adapter == nullptr || !hc->adapter->compat_slots)
        return rc;
    xshim_evtchn_op_compat compat;
    xshim::zero_bytes(&compat, sizeof compat);
    compat.cmd = cmd;
    xshim::copy_bytes(&compat.u, op, op_size < sizeof compat.u ? op_size : sizeof compat.u);
    return call(*hc, XSHIM_HC_event_channel_op_compat, reinterpret_cast<uintptr_t>(&compat));
}

long xshim_evtchn_send(const xshim_hypercall *hc, uint32_t port) {
    struct xshim_evtchn_send op = {port};
    return evtchn_op(hc, XSHIM_EVTCHNOP_send, &op, sizeof op);
}

long xshim_evtchn_unmask(const xshim_hypercall *hc, uint32_t port) {
    struct xshim_evtchn_unmask op = {port};
    return evtchn_op(hc, XSHIM_EVTCHNOP_unmask, &op, sizeof op);
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

void xshim_shutdown(const xshim_hypercall *hc, const xshim_platform *platform, uint32_t reason) {
    if (hc != nullptr && hc->fn != nullptr) {
        xshim_sched_shutdown arg = {reason};
        long rc = xshim_sched_op(hc, XSHIM_SCHEDOP_shutdown, &arg);
        // Before sched_op took a struct (3.0.2), slot 6 took the reason by value.
        if (rc == XSHIM_S_ENOSYS && hc->adapter != nullptr && hc->adapter->compat_slots)
            (void)call(*hc, XSHIM_HC_sched_op_compat, XSHIM_SCHEDOP_shutdown, reason);
    } else if (platform != nullptr && platform->stop != nullptr) {
        platform->stop(platform->ctx, reason);
    }
    // Shutdown is asynchronous (or failed): never return to the caller. The volatile counter
    // keeps the loop observable when there is no relax() to call.
    volatile uint32_t rounds = 0;
    for (;;) {
        rounds = rounds + 1;
        if (platform != nullptr && platform->relax != nullptr)
            platform->relax(platform->ctx);
    }
}

} // extern "C"
