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

// ---- The other architectures' lists (shim/arch/i386/bind.hpp, shim/arch/aarch64/bind.hpp) ----

#include "shim/arch/aarch64/entries.hpp"
#include "shim/arch/i386/bind.hpp"
#include "test_fdt_blobs.hpp"

namespace {

// Which of a list's types the dispatch chose, by name, without calling a hypercall (the real
// transports' instructions cannot run on the host).
template <typename L, typename T> std::string chosen(const xshim_selection &sel, int &runs) {
    std::string what = "none";
    runs = 0;
    (void)xshim::dispatch<L, T>(sel, [&]<typename Xen>(const Xen &) {
        ++runs;
        using Ops = typename Xen::Ops;
        using Tr = typename Xen::Transport;
        what = std::is_same_v<Ops, xshim::arch_i386::Hi>    ? "i386-hi"
               : std::is_same_v<Ops, xshim::arch_i386::Old> ? "i386-old"
               : std::is_same_v<Ops, xshim::arch_arm::Hi>   ? "arm-hi"
               : std::is_same_v<Ops, xshim::arch_arm::Old>  ? "arm-old"
                                                            : "other";
        what += std::is_same_v<Tr, xshim::arch_i386::Int82>     ? "/int82"
                : std::is_same_v<Tr, xshim::arch_i386::Vmcall>  ? "/vmcall"
                : std::is_same_v<Tr, xshim::arch_i386::Vmmcall> ? "/vmmcall"
                : std::is_same_v<Tr, xshim::arch_i386::Page>    ? "/page"
                                                                : "/other";
    });
    return what;
}

struct Pv32Run {
    FakeXen xen;
    xshim_policy policy = make_policy();
    xshim_verdict v{};
    xshim_start_info_x86_32 si{};
    Pv32Run() {
        xen.arch = XSHIM_ARCH_X86_32;
        std::strncpy(si.magic, "xen-3.0-x86_32p", sizeof si.magic);
    }
    uint32_t boot() {
        xshim_platform p = xen.platform();
        const xshim_handoff h{XSHIM_BOOT_PV, 0, &si};
        return xshim_boot(&h, &policy, &p, &v);
    }
};

} // namespace

TEST_CASE(
    "dispatch over i386's own lists binds a 32-bit PV selection to int $0x82 and x86_32 4.6+") {
    Pv32Run r;
    REQUIRE(r.boot() == XSHIM_SELECTED);
    REQUIRE(std::string(r.v.selection.hypercall.adapter->name) == "pv32-int82");
    int runs = 0;
    CHECK(chosen<xshim::arch_i386::Layouts, xshim::arch_i386::Transports>(r.v.selection, runs) ==
          "i386-hi/int82");
    CHECK(runs == 1);
    // Before 4.6: the x86_32 layout without wc_sec_hi.
    Pv32Run old;
    old.xen.version_rc = old.xen.cpuid_version = XSHIM_RELEASE(4, 5);
    REQUIRE(old.boot() == XSHIM_SELECTED);
    CHECK(chosen<xshim::arch_i386::Layouts, xshim::arch_i386::Transports>(old.v.selection, runs) ==
          "i386-old/int82");
    // x86_64's lists do not hold the x86_32 layouts: nothing runs.
    CHECK(chosen<xshim::TypeList<xshim::arch_x86_64::Old, xshim::arch_x86_64::Hi>,
                 xshim::arch_i386::Transports>(r.v.selection, runs) == "none");
    CHECK(runs == 0);
}

TEST_CASE("dispatch over i386's lists binds 32-bit PVH to the vendor's instruction") {
    for (const char *vendor : {"GenuineIntel", "AuthenticAMD"}) {
        Run r;
        r.xen.arch = XSHIM_ARCH_X86_32;
        r.xen.vendor = vendor;
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_SELECTED);
        int runs = 0;
        CHECK(
            chosen<xshim::arch_i386::Layouts, xshim::arch_i386::Transports>(r.v.selection, runs) ==
            (std::string(vendor) == "GenuineIntel" ? "i386-hi/vmcall" : "i386-hi/vmmcall"));
    }
}

TEST_CASE("dispatch binds the Arm64 selection (Xen 4.17's device tree) to arm64 4.6+ and hvc") {
    // The aarch64 transport (hvc #0xEA1) cannot run or even compile on the host: its kind,
    // with the layouts aarch64's bind.hpp lists (arch_arm::Old, Hi), stands in for it.
    using Layouts = xshim::TypeList<xshim::arch_arm::Old, xshim::arch_arm::Hi>;
    FakeXen xen{corpus::read("xen-4.17-arm64-dom0")};
    xen.capabilities = "xen-3.0-aarch64 xen-3.0-armv7l ";
    xshim_policy policy = make_policy();
    policy.guest_types |= XSHIM_GUEST_MASK(XSHIM_GUEST_ARM);
    const std::vector<uint8_t> dtb = fdt_test::load_fixture("xen-4.17-arm64-dom0.dtb");
    REQUIRE(!dtb.empty());
    xshim_verdict v{};
    xshim_platform p = xen.platform();
    const xshim_handoff h{XSHIM_BOOT_FDT, 0, dtb.data()};
    REQUIRE(xshim_boot(&h, &policy, &p, &v) == XSHIM_SELECTED);
    int runs = 0;
    using Hvc = Recorder<XSHIM_TRANSPORT_HVC>;
    CHECK(chosen<Layouts, xshim::TypeList<Hvc>>(v.selection, runs) == "arm-hi/other");
    CHECK(runs == 1);
    const Bound b = bind<Layouts, xshim::TypeList<Hvc>>(v.selection);
    CHECK(b.kind == XSHIM_TRANSPORT_HVC);
    CHECK(b.send == XSHIM_TRANSPORT_HVC); // EVTCHNOP_send through the bound transport
    CHECK(g_seen.nr == XSHIM_HC_event_channel_op);
    // An x86 transport list cannot bind it.
    CHECK(chosen<Layouts, Transports>(v.selection, runs) == "none");
}

// What each architecture's bind.hpp asserts at compile time, asserted here again for the ones
// the host can include, and shown to fail for a list that misses an entry.
static_assert(xshim::binds_every_layout(xshim::arch_i386::Layouts{},
                                        xshim::arch_i386::shared_info_entries));
static_assert(!xshim::binds_every_layout(xshim::TypeList<xshim::arch_i386::Hi>{},
                                         xshim::arch_i386::shared_info_entries));
static_assert(!xshim::binds_every_transport(
    xshim::TypeList<xshim::arch_i386::Int82, xshim::arch_i386::Vmcall>{},
    xshim::arch_i386::hypercall_entries));
static_assert(
    xshim::binds_every_layout(xshim::TypeList<xshim::arch_arm::Old, xshim::arch_arm::Hi>{},
                              xshim::arch_aarch64::shared_info_entries));
static_assert(xshim::binds_every_transport(xshim::TypeList<Recorder<XSHIM_TRANSPORT_HVC>>{},
                                           xshim::arch_aarch64::hypercall_entries));
