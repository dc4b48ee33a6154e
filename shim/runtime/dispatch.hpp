// shim/runtime/dispatch.hpp: one dispatch, then direct code. A C++ kernel writes its hot code
// once as a template over a bound Xen, `template <typename Xen> ... (const Xen &xen, ...)`, and
// calls it through xshim::dispatch() once (at boot, or once per long-running loop). dispatch()
// finds which of the build's shared_info layouts and hypercall transports the verdict selected
// and calls the kernel's code instantiated for exactly that pair, so every access inside is
// a direct, inlined access of that layout and every hypercall is the transport's own instruction:
// no function pointer, no per-call check (docs/dispatch.md; figures in docs/bench.md).
//
//   bool ok = xshim::dispatch<xshim::arch_x86_64::Layouts, xshim::arch_x86_64::Transports>(
//       verdict.selection, [&]<typename Xen>(const Xen &xen) { kernel_main_loop(xen); });
//
// The layouts and transports a build can bind are listed by its architecture
// (shim/arch/<arch>/bind.hpp), so an archive instantiates nothing it cannot select. dispatch()
// returns false (and calls nothing) when the selection is not one of those pairs: a verdict that
// is not SELECTED, a port that was not resolved, or a kernel that left a transport out of its
// list.
#pragma once

#include "shim/runtime/shared_info_ops.hpp"

#include <abi/event_channel.h>
#include <abi/hypercall.h>
#include <xshim.h>

#include <stddef.h>
#include <stdint.h>

namespace xshim {

template <typename... T> struct TypeList {};

// For an architecture's bind.hpp to check, at compile time, that its lists cover its adapter
// tables (shim/arch/<arch>/entries.hpp): every transport an entry names has a type in
// Transports, and every shared_info entry is the layout of one of Layouts. A layout is known
// here by what its entry says of it (size, vCPU slots, event-channel ports, whether wc_sec_hi is
// maintained): function addresses, which dispatch() compares at run time, are not constants in
// a position-independent build (an inline function may be interposed). A kernel that lists
// fewer pairs gets false from dispatch() for the others; an architecture's own lists miss none.
template <typename... Ts, size_t N>
constexpr bool binds_every_transport(TypeList<Ts...>, const xshim_hypercall_adapter (&entries)[N]) {
    for (const xshim_hypercall_adapter &e : entries)
        if (((e.transport != Ts::kind) && ...))
            return false;
    return true;
}
template <typename Ops> constexpr bool is_layout_of(const xshim_shared_info_adapter &e) {
    constexpr xshim_shared_info_adapter mine = Ops::adapter("", 0, 0, 0);
    return e.size == mine.size && e.vcpu_slots == mine.vcpu_slots &&
           e.evtchn_ports == mine.evtchn_ports && e.has_wc_sec_hi == mine.has_wc_sec_hi;
}
template <typename... Ls, size_t N>
constexpr bool binds_every_layout(TypeList<Ls...>, const xshim_shared_info_adapter (&entries)[N]) {
    for (const xshim_shared_info_adapter &e : entries)
        if ((!is_layout_of<Ls>(e) && ...))
            return false;
    return true;
}

// What the kernel's code sees: the selected layout's operations (static, inline: Ops is a
// SharedInfoOps instantiation) and the selected transport (a value: the page's address for the
// page transport, nothing otherwise). The hot_* operations trust their caller as
// SharedInfoOps says: pointers to a mapped shared_info / vcpu_info of this layout and
// port < Ops::evtchn_ports, which the kernel checks once when it binds its ports.
template <typename OpsT, typename TransportT> struct Bound {
    using Ops = OpsT;
    using Transport = TransportT;
    Transport transport;

    // The hypercall Nr with its arguments (numbers from abi/hypercall.h), inline.
    template <uint32_t Nr, typename... A> long hypercall(A... args) const {
        return transport.template call<Nr>(args...);
    }

    // The vCPU's system time at `tsc`, under the bounded version-counted read (false if the record
    // never settled: XSHIM_TIME_RETRIES re-reads).
    [[nodiscard]] static bool time_ns(const void *vcpu_info, uint64_t tsc, uint64_t &ns) {
        return Ops::hot_time_ns(vcpu_info, tsc, ns);
    }
    [[nodiscard]] static int wallclock(const void *shared_info, xshim_wallclock &out) {
        return Ops::hot_wallclock(shared_info, out);
    }
    static bool evtchn_test_and_clear(void *shared_info, uint32_t port) {
        return Ops::hot_test_and_clear(shared_info, port);
    }
    static uint8_t upcall_disable(void *vcpu_info) { return Ops::hot_upcall_disable(vcpu_info); }
    static void upcall_restore(void *vcpu_info, uint8_t prev) {
        Ops::hot_upcall_restore(vcpu_info, prev);
    }
    static uint8_t upcall_pending(const void *vcpu_info) {
        return Ops::hot_upcall_pending(vcpu_info);
    }

    // EVTCHNOP_send on the current numbering (event_channel_op = 32, Xen 3.0.3+). The PV compat
    // slot 16 that xshim_evtchn_send() falls back to on -ENOSYS is for Xen 3.0.2 and older; a
    // kernel whose policy admits those calls xshim_evtchn_send() on -ENOSYS itself.
    long evtchn_send(uint32_t port) const {
        struct xshim_evtchn_send op {
            port
        };
        return hypercall<XSHIM_HC_event_channel_op>(XSHIM_EVTCHNOP_send, &op);
    }
};

namespace detail {

// Is this adapter entry the code of Ops? The entry's function pointers are Ops' own functions
// (SharedInfoOps::adapter), and no other instantiation has the same ones.
template <typename Ops> bool is_layout(const xshim_shared_info_adapter *a) {
    return a != nullptr && a->wallclock == &Ops::wallclock && a->vcpu_time == &Ops::vcpu_time &&
           a->evtchn_test_and_clear == &Ops::evtchn_test_and_clear;
}

template <typename Ops, typename F, typename... Ts>
bool dispatch_transport(const xshim_hypercall &hc, F &f, TypeList<Ts...>) {
    const uint32_t kind =
        hc.adapter != nullptr ? hc.adapter->transport : uint32_t{XSHIM_TRANSPORT_NONE};
    bool done = false;
    // Fold over the transports: the first whose kind matches and that binds the port runs.
    ((!done && kind == Ts::kind && hc.fn != nullptr &&
      [&] {
          Bound<Ops, Ts> xen{};
          if (!xen.transport.bind(hc))
              return false;
          f(static_cast<const Bound<Ops, Ts> &>(xen));
          return true;
      }() &&
      (done = true)),
     ...);
    return done;
}

template <typename Transports, typename F, typename... Ls>
bool dispatch_layout(const xshim_selection &sel, F &f, TypeList<Ls...>) {
    bool done = false;
    ((!done && is_layout<Ls>(sel.shared_info) &&
      (done = dispatch_transport<Ls>(sel.hypercall, f, Transports{}), true)),
     ...);
    return done;
}

} // namespace detail

// Call f(xen) once, with xen a Bound<the selected layout, the selected transport>; false if the
// selection is not among Layouts x Transports (f is not called then).
template <typename Layouts, typename Transports, typename F>
bool dispatch(const xshim_selection &sel, F &&f) {
    return detail::dispatch_layout<Transports>(sel, f, Layouts{});
}

} // namespace xshim
