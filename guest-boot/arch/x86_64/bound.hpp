// guest-boot/arch/x86_64/bound.hpp: after a selection, one hot-path call through the bound
// dispatch (shim/runtime/dispatch.hpp): the kernel's code instantiated for the selected layout and
// transport reads vCPU 0's system time and asks XENVER_version, and the line puts each answer
// beside the adapter path's (tests/boot/check-time.sh compares them). The pv64 and pvh
// environments define guest_say_bound with it; x86_64 lists its bindings in
// shim/arch/x86_64/bind.hpp.
#pragma once

#include "guest.hpp"

#include "shim/arch/x86_64/bind.hpp"

#include <abi/version.h>

inline void say_bound_x86_64(const xshim_verdict &v, const xshim_platform &p, void *shared_info) {
    if (v.outcome != XSHIM_SELECTED || v.selection.shared_info == nullptr ||
        shared_info == nullptr || p.rdtsc == nullptr)
        return;
    const xshim_shared_info_adapter &a = *v.selection.shared_info;
    const void *vcpu0 = a.vcpu_info(shared_info, 0);
    // One counter value for every read, so the two paths compute the same time from the same
    // record; the adapter reads before and after, in case Xen rewrote the record in between.
    const uint64_t tsc = p.rdtsc(p.ctx);
    uint64_t before = 0, after = 0, bound = 0;
    xshim_time_snapshot snap;
    if (a.vcpu_time(vcpu0, &snap) == XSHIM_S_OK)
        before = xshim_time_ns(&snap, tsc);
    long version = 0;
    const bool bound_ok =
        xshim::dispatch<xshim::arch_x86_64::Layouts, xshim::arch_x86_64::Transports>(
            v.selection, [&]<typename Xen>(const Xen &xen) {
                if (!Xen::time_ns(vcpu0, tsc, bound))
                    bound = 0;
                version =
                    xen.template hypercall<XSHIM_HC_xen_version>(XSHIM_XENVER_version, nullptr);
            });
    if (a.vcpu_time(vcpu0, &snap) == XSHIM_S_OK)
        after = xshim_time_ns(&snap, tsc);

    LineBuf line;
    if (!bound_ok) {
        line.str("xshim: bound none (the selection is not one of x86_64's bindings)\n");
    } else {
        line.str("xshim: bound shared_info=").str(a.name).str(" transport=");
        line.str(v.selection.hypercall.adapter->name).str(" xen_version=");
        line.hex(static_cast<uint64_t>(version), 8).str(" adapter-xen_version=");
        line.hex(v.identity.release_xenver, 8).str(" time=").dec(bound);
        line.str(" adapter-time=").dec(before).str(",").dec(after).str("\n");
    }
    (void)xshim_say(&v, &p, line.text, line.len);
}
