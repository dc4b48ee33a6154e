// guest-boot/bound.hpp: after a selection, one hot-path call through the bound dispatch
// (shim/runtime/dispatch.hpp), on every architecture the library builds for. The kernel's code,
// instantiated for the selected layout and transport, asks XENVER_version (two arguments) and
// GNTTABOP_query_size (three: the command, a pointer, a count), reads vCPU 0's system time and
// reads the wallclock; the line puts each answer beside the adapter path's (the probe asked the
// same two questions through the adapter port; tests/boot/check-time.sh compares them):
//
//   xshim: bound shared_info=<layout> transport=<port> xen_version=0x........
//          adapter-xen_version=0x........ gnttab=<frames>/<max> adapter-gnttab=<frames>/<max>
//          time=<ns> adapter-time=<ns>,<ns>
//          wallclock=<sec>.<nsec>/<wc_version> adapter-wallclock=<...>,<...>
//
// (one line). Where Xen keeps no vcpu_time_info (Arm: tsc_to_system_mul 0, as the time line
// says) the time part is "time=unmaintained(tsc_to_system_mul=0)": there is no time to compare,
// and the wallclock (which Xen on Arm does write) is what checks the bound layout.
// Each environment defines guest_say_bound (guest.hpp) with its architecture's lists:
//   say_bound<xshim::arch_<arch>::Layouts, xshim::arch_<arch>::Transports>(v, p, shared_info)
// (shim/arch/<arch>/bind.hpp). Decimals go through xshim::format_dec: no 64-bit division, so the
// i386 guest needs no __udivdi3.
#pragma once

#include "guest.hpp"

#include "shim/lib/text.hpp"
#include "shim/runtime/dispatch.hpp"

#include <abi/grant_table.h>
#include <abi/hvm.h>
#include <abi/version.h>

namespace guest_bound {

inline void dec(LineBuf &line, uint64_t v, size_t width = 0) {
    char digits[22];
    const size_t n = xshim::format_dec(v, digits);
    for (size_t i = n; i < width; ++i)
        line.str("0");
    digits[n] = '\0';
    line.str(digits);
}

// "<frames>/<max>" when the query answered, else what went wrong.
inline void gnttab(LineBuf &line, bool ok, uint32_t frames, uint32_t max) {
    if (!ok) {
        line.str("unanswered");
        return;
    }
    dec(line, frames);
    line.str("/");
    dec(line, max);
}

inline void wallclock(LineBuf &line, const xshim_wallclock &wc) {
    dec(line, wc.sec);
    line.str(".");
    dec(line, wc.nsec, 9);
    line.str("/");
    dec(line, wc.version);
}

} // namespace guest_bound

template <typename Layouts, typename Transports>
void say_bound(const xshim_verdict &v, const xshim_platform &p, void *shared_info) {
    if (v.outcome != XSHIM_SELECTED || v.selection.shared_info == nullptr ||
        shared_info == nullptr || p.rdtsc == nullptr)
        return;
    const xshim_shared_info_adapter &a = *v.selection.shared_info;
    const void *vcpu0 = a.vcpu_info(shared_info, 0);
    // One counter value for every read, so the two paths compute the same time from the same
    // record; the adapter reads before and after, in case Xen rewrote the record in between.
    // The same for the wallclock.
    const uint64_t tsc = p.rdtsc(p.ctx);
    uint64_t before = 0, after = 0, bound = 0;
    bool unmaintained = false;
    xshim_time_snapshot snap;
    if (a.vcpu_time(vcpu0, &snap) == XSHIM_S_OK) {
        before = xshim_time_ns(&snap, tsc);
        unmaintained = snap.tsc_to_system_mul == 0;
    }
    xshim_wallclock wc_before{}, wc_after{}, wc_bound{};
    (void)a.wallclock(shared_info, &wc_before); // an unread one stays 0/0 and will not match
    long version = 0, gnt_rc = -1;
    xshim_gnttab_query_size q{};
    q.dom = XSHIM_DOMID_SELF;
    const bool bound_ok =
        xshim::dispatch<Layouts, Transports>(v.selection, [&]<typename Xen>(const Xen &xen) {
            if (!Xen::time_ns(vcpu0, tsc, bound))
                bound = 0;
            if (Xen::wallclock(shared_info, wc_bound) != XSHIM_S_OK)
                wc_bound = {};
            version = xen.template hypercall<XSHIM_HC_xen_version>(XSHIM_XENVER_version, nullptr);
            gnt_rc =
                xen.template hypercall<XSHIM_HC_grant_table_op>(XSHIM_GNTTABOP_query_size, &q, 1u);
        });
    if (a.vcpu_time(vcpu0, &snap) == XSHIM_S_OK)
        after = xshim_time_ns(&snap, tsc);
    (void)a.wallclock(shared_info, &wc_after);

    LineBuf line;
    if (!bound_ok) {
        line.str("xshim: bound none (the selection is not one of this architecture's bindings)\n");
    } else {
        line.str("xshim: bound shared_info=").str(a.name).str(" transport=");
        line.str(v.selection.hypercall.adapter->name).str(" xen_version=");
        line.hex(static_cast<uint32_t>(version), 8).str(" adapter-xen_version=");
        line.hex(v.identity.release_xenver, 8).str(" gnttab=");
        guest_bound::gnttab(line, gnt_rc == 0 && q.status == XSHIM_GNTST_okay, q.nr_frames,
                            q.max_nr_frames);
        line.str(" adapter-gnttab=");
        guest_bound::gnttab(line, v.identity.gnttab_fact.status == XSHIM_FACT_OK,
                            v.identity.gnttab_frames, v.identity.gnttab_max_frames);
        if (unmaintained) {
            line.str(" time=unmaintained(tsc_to_system_mul=0)");
        } else {
            line.str(" time=");
            guest_bound::dec(line, bound);
            line.str(" adapter-time=");
            guest_bound::dec(line, before);
            line.str(",");
            guest_bound::dec(line, after);
        }
        line.str(" wallclock=");
        guest_bound::wallclock(line, wc_bound);
        line.str(" adapter-wallclock=");
        guest_bound::wallclock(line, wc_before);
        line.str(",");
        guest_bound::wallclock(line, wc_after);
        line.str("\n");
    }
    (void)xshim_say(&v, &p, line.text, line.len);
}
