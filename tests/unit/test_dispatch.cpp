// tests/unit/test_dispatch.cpp: xshim::dispatch() (shim/runtime/dispatch.hpp) binds what
// xshim_boot() selected over the captured Xen 4.17 answers: the x86_64 4.6+ layout and the
// syscall transport for a PV guest, the vmcall/vmmcall transport for PVH by CPU vendor; it calls
// the kernel's code exactly once with that pair, and not at all for a refusal, an unresolved port
// or a pair the kernel did not list. The transports here are recorders (a hosted test cannot
// execute syscall/vmcall); their kind and bind() are what the real ones in
// shim/arch/x86_64/transport.hpp have.
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"

#include <doctest/doctest.h>

#include "shim/arch/i386/entries.hpp"
#include "shim/arch/x86_64/entries.hpp"
#include "shim/runtime/dispatch.hpp"

#include <abi/hypercall.h>

#include <string>
#include <type_traits>

namespace {

struct Seen {
    uint32_t nr;
    uintptr_t a1, a2;
};
Seen g_seen;

template <uint32_t Kind> struct Recorder {
    static constexpr uint32_t kind = Kind;
    bool bind(const xshim_hypercall &) { return true; }
    template <uint32_t Nr, typename... A> static long call(A... args) {
        const uintptr_t v[] = {uintptr_t(args)..., 0, 0};
        g_seen = {Nr, v[0], v[1]};
        return Kind;
    }
};
using Syscall = Recorder<XSHIM_TRANSPORT_SYSCALL>;
using Vmcall = Recorder<XSHIM_TRANSPORT_VMCALL>;
using Vmmcall = Recorder<XSHIM_TRANSPORT_VMMCALL>;
using Layouts =
    xshim::TypeList<xshim::arch_i386::Hi, xshim::arch_x86_64::Old, xshim::arch_x86_64::Hi>;
using Transports = xshim::TypeList<Syscall, Vmcall, Vmmcall>;

struct Run {
    FakeXen xen;
    xshim_policy policy = make_policy();
    xshim_verdict v{};
    uint32_t boot(const xshim_handoff &h) {
        xshim_platform p = xen.platform();
        return xshim_boot(&h, &policy, &p, &v);
    }
};

// What the bound code saw: its layout, its transport kind, and how often it ran.
struct Bound {
    int runs = 0;
    bool hi = false;
    uint32_t kind = 0;
    long send = 0;
};

template <typename L, typename T> Bound bind(const xshim_selection &sel) {
    Bound b;
    const bool ok = xshim::dispatch<L, T>(sel, [&]<typename Xen>(const Xen &xen) {
        ++b.runs;
        b.hi = std::is_same_v<typename Xen::Ops, xshim::arch_x86_64::Hi>;
        b.kind = Xen::Transport::kind;
        b.send = xen.evtchn_send(7);
    });
    CHECK(ok == (b.runs == 1));
    return b;
}

} // namespace

TEST_CASE("dispatch binds the PV selection: x86_64 4.6+ layout, syscall, called once") {
    Run r;
    PvStart pv;
    REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
    REQUIRE(std::string(r.v.selection.shared_info->name) == "x86_64 4.6+");
    const Bound b = bind<Layouts, Transports>(r.v.selection);
    CHECK(b.runs == 1);
    CHECK(b.hi);
    CHECK(b.kind == XSHIM_TRANSPORT_SYSCALL);
    // evtchn_send through the bound transport: event_channel_op(EVTCHNOP_send, &op)
    CHECK(b.send == XSHIM_TRANSPORT_SYSCALL);
    CHECK(g_seen.nr == XSHIM_HC_event_channel_op);
    CHECK(g_seen.a1 == XSHIM_EVTCHNOP_send);
}

TEST_CASE("dispatch follows the release: before 4.6 the layout without wc_sec_hi") {
    Run r;
    r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(4, 5);
    PvStart pv;
    REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
    REQUIRE(r.v.selection.shared_info->has_wc_sec_hi == 0);
    const Bound b = bind<Layouts, Transports>(r.v.selection);
    CHECK(b.runs == 1);
    CHECK_FALSE(b.hi);
}

TEST_CASE("dispatch binds PVH to the vendor's instruction") {
    for (const char *vendor : {"GenuineIntel", "AuthenticAMD"}) {
        Run r;
        r.xen.vendor = vendor;
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_SELECTED);
        const Bound b = bind<Layouts, Transports>(r.v.selection);
        CHECK(b.runs == 1);
        CHECK(b.kind == r.v.selection.hypercall.adapter->transport);
        CHECK(b.kind == (std::string(vendor) == "GenuineIntel" ? XSHIM_TRANSPORT_VMCALL
                                                               : XSHIM_TRANSPORT_VMMCALL));
    }
}

TEST_CASE("dispatch calls nothing when the selection is not a listed pair") {
    Run r;
    PvStart pv;
    REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
    // The kernel left the selected transport out of its list.
    CHECK(bind<Layouts, xshim::TypeList<Vmcall, Vmmcall>>(r.v.selection).runs == 0);
    // ... or the selected layout.
    CHECK(bind<xshim::TypeList<xshim::arch_i386::Hi>, Transports>(r.v.selection).runs == 0);
    // A port that was never resolved.
    xshim_selection unresolved = r.v.selection;
    unresolved.hypercall.fn = nullptr;
    CHECK(bind<Layouts, Transports>(unresolved).runs == 0);

    // A refusal has no selection to bind.
    Run old;
    old.policy = make_policy(XSHIM_RELEASE(4, 18), XSHIM_RELEASE(4, 20)); // needs a newer Xen
    REQUIRE(old.boot(pv.handoff()) == XSHIM_REFUSED);
    CHECK(bind<Layouts, Transports>(old.v.selection).runs == 0);
}
