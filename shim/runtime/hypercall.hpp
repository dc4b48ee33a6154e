// shim/runtime/hypercall.hpp: calling the selected hypercall port and making it callable. Generic: registers and
// instructions live in shim/arch/<arch>/, behind the platform's transport functions.
#pragma once

#include <xshim.h>

namespace xshim {

inline long call(const xshim_hypercall &hc, uint32_t nr, uintptr_t a1 = 0, uintptr_t a2 = 0,
                 uintptr_t a3 = 0, uintptr_t a4 = 0, uintptr_t a5 = 0) {
    return hc.fn(hc.cookie, nr, a1, a2, a3, a4, a5);
}

// Whether a platform can execute one transport (enum xshim_transport_kind).
bool transport_available(const xshim_platform &platform, uint32_t kind);
// Which transports a platform can execute: bit (1 << XSHIM_TRANSPORT_x).
uint32_t available_transports(const xshim_platform &platform);

// Make the adapter callable: look up its transport and, for the hypercall page, ask Xen to
// fill the page through the MSR that CPUID base+2 names. False if that cannot be done.
bool resolve_hypercall(const xshim_hypercall_adapter *adapter, const xshim_identity &id,
                       const xshim_platform &platform, xshim_hypercall *out);

} // namespace xshim
