// tests/unit/test_guest_type.cpp: HVM or PVH, for a guest that entered through hvm_start_info
// (shim/probe/guest_type.cpp, guest_type_open in shim/select/select.cpp; abi/hvm.h says why).
// Each case starts from what a real Xen 4.17.7 answered a PVH guest (tests/corpus) and changes
// the facts that differ for an HVM domain: the toolstack test bed's ts-hvm domU saw the same
// answers with XENFEAT_hvm_pirqs set (docs/toolstack.md).
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"

#include <abi/features.h>

#include <doctest/doctest.h>

#include <string>

namespace {

constexpr uint32_t kHvmPirqs = 1u << XSHIM_XENFEAT_hvm_pirqs;

struct Run {
    FakeXen xen;
    xshim_policy policy = guest_boot_policy();
    xshim_verdict v{};
    PvhStart pvh;

    explicit Run(const char *name) : xen(corpus::read(name)) {
        pvh.hsi.version = corpus::read(name).text("domain") == "dom0" ? 0 : 1;
    }
    uint32_t boot() {
        xshim_platform p = xen.platform();
        xshim_handoff h = pvh.handoff();
        return xshim_boot(&h, &policy, &p, &v);
    }
    bool open() const { return (v.selection.notes & XSHIM_NOTE_GUEST_TYPE_OPEN) != 0; }
    void release(uint32_t major, uint32_t minor) {
        xen.version_rc = static_cast<long>(XSHIM_RELEASE(major, minor));
        xen.cpuid_version = XSHIM_RELEASE(major, minor);
    }
};

} // namespace

TEST_CASE("guest type: emulated PIRQs make a guest that entered as PVH an HVM guest") {
    Run r("xen-4.17-x86_64-pvh-domU");
    r.xen.features[0] |= kHvmPirqs;
    r.policy.guest_types |= XSHIM_GUEST_MASK(XSHIM_GUEST_HVM);
    REQUIRE(r.boot() == XSHIM_SELECTED);
    CHECK(r.v.identity.guest_type == XSHIM_GUEST_HVM);
    CHECK(contains(r.v.line, "Xen 4.17.7 (hvm64) "));
    CHECK(contains(r.v.line, "hypercall=hvm64-vmmcall"));
    CHECK_FALSE(r.open());

    // A kernel that does not run as HVM refuses, naming both sides.
    Run q("xen-4.17-x86_64-pvh-domU");
    q.xen.features[0] |= kHvmPirqs;
    REQUIRE(q.boot() == XSHIM_REFUSED);
    CHECK(q.v.reason == XSHIM_REASON_GUEST_TYPE);
    CHECK(q.v.evidence.seen == XSHIM_GUEST_HVM);
    CHECK(contains(q.v.line, "(hvm64)"));
    CHECK(contains(q.v.line, "[guest-type]"));
}

TEST_CASE("guest type: PVH is proved for a domU of 4.17 and for dom0 of any release") {
    Run r("xen-4.17-x86_64-pvh-domU"); // no emulated PIRQs; every HVM domU of 4.17 has them
    REQUIRE(r.boot() == XSHIM_SELECTED);
    CHECK(r.v.identity.guest_type == XSHIM_GUEST_PVH);
    CHECK(contains(r.v.line, "(pvh64)"));
    CHECK_FALSE(r.open());
    CHECK_FALSE(contains(r.v.line, "pvh or hvm"));

    Run d("xen-4.17-x86_64-pvh-dom0"); // no HVM dom0 exists
    d.release(4, 20);
    REQUIRE(d.boot() == XSHIM_SELECTED);
    CHECK(d.v.identity.guest_type == XSHIM_GUEST_PVH);
    CHECK_FALSE(d.open());
}

TEST_CASE(
    "guest type: open where Xen may run HVM without emulated PIRQs, or features are unknown") {
    Run r("xen-4.17-x86_64-pvh-domU");
    r.release(4, 20);
    REQUIRE(r.boot() == XSHIM_SELECTED);
    CHECK(r.v.identity.guest_type == XSHIM_GUEST_PVH); // the entry's word stands
    CHECK(r.open());
    CHECK(contains(r.v.line, "(pvh64)"));
    CHECK(contains(r.v.line, " NOTE: pvh or hvm (nothing Xen reported proves which)"));

    Run s("xen-4.17-x86_64-pvh-domU");
    s.release(4, 18); // the last release whose HVM domUs always have emulated PIRQs
    REQUIRE(s.boot() == XSHIM_SELECTED);
    CHECK_FALSE(s.open());

    Run u("xen-4.17-x86_64-pvh-domU");
    u.xen.features_rc = XSHIM_S_ENOSYS;
    REQUIRE(u.boot() == XSHIM_SELECTED);
    CHECK(u.v.identity.guest_type == XSHIM_GUEST_PVH);
    CHECK(u.open());

    // The bit still proves HVM on a release where its absence proves nothing.
    Run h("xen-4.17-x86_64-pvh-domU");
    h.release(4, 20);
    h.xen.features[0] |= kHvmPirqs;
    h.policy.guest_types |= XSHIM_GUEST_MASK(XSHIM_GUEST_HVM);
    REQUIRE(h.boot() == XSHIM_SELECTED);
    CHECK(h.v.identity.guest_type == XSHIM_GUEST_HVM);
    CHECK_FALSE(h.open());
}
