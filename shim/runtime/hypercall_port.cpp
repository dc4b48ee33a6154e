// shim/runtime/hypercall_port.cpp: making the selected hypercall adapter callable: which
// transports the platform can execute, and for the hypercall page, asking Xen to fill it.
#include "shim/runtime/hypercall.hpp"

#include <abi/cpuid.h>

namespace xshim {

bool transport_available(const xshim_platform &platform, uint32_t kind) {
    if (platform.transport == nullptr || platform.transport(platform.ctx, kind) == nullptr)
        return false;
    return kind != XSHIM_TRANSPORT_PAGE || platform.hypercall_page != nullptr;
}

uint32_t available_transports(const xshim_platform &platform) {
    uint32_t mask = 0;
    for (uint32_t kind = 1; kind < XSHIM_TRANSPORT_COUNT; ++kind)
        if (transport_available(platform, kind))
            mask |= 1u << kind;
    return mask;
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
