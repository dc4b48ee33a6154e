// tests/unit/test_fdt_select.cpp: xshim_boot() for an Arm64 guest over the fake platform: the
// device tree in x0 (the one Xen 4.17 Arm64 handed dom0, or a hand-made one), no CPUID, only the
// HVC transport, and the xen_version answers the guest saw on the test bed (the capture
// tests/corpus/xen-4.17-arm64-dom0.txt).
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"
#include "test_fdt_blobs.hpp"

#include <doctest/doctest.h>

using namespace fdt_test;

namespace {

struct ArmRun {
    FakeXen xen{corpus::read("xen-4.17-arm64-dom0")};
    xshim_policy policy = make_policy();
    xshim_verdict v{};
    std::vector<uint8_t> dtb = load_fixture("xen-4.17-arm64-dom0.dtb");

    ArmRun() {
        xen.capabilities = "xen-3.0-aarch64 xen-3.0-armv7l "; // not captured: the tokens Arm has
        policy.guest_types |= XSHIM_GUEST_MASK(XSHIM_GUEST_ARM);
    }
    uint32_t boot() {
        xshim_platform p = xen.platform();
        const xshim_handoff h{XSHIM_BOOT_FDT, 0, dtb.data()};
        return xshim_boot(&h, &policy, &p, &v);
    }
};

} // namespace

TEST_CASE("arm64 on Xen 4.17 (captured device tree and answers) selects the Arm adapters") {
    ArmRun r;
    REQUIRE(!r.dtb.empty());
    REQUIRE(r.boot() == XSHIM_SELECTED);
    const auto &id = r.v.identity;
    CHECK(id.guest_type == XSHIM_GUEST_ARM);
    CHECK(id.arch == XSHIM_ARCH_ARM64);
    CHECK(id.cpu_vendor == XSHIM_VENDOR_ARM);
    CHECK(id.cpuid_base == 0);
    CHECK(id.release == XSHIM_RELEASE(4, 17));
    CHECK(id.release_xenver_fact.status == XSHIM_FACT_OK);
    CHECK(id.release_fdt == id.release_xenver); // both sources, one answer
    CHECK(id.release_fdt_fact.source == XSHIM_SRC_FDT);
    CHECK(id.release_fdt_fact.status == XSHIM_FACT_OK);
    CHECK(id.release_cpuid_fact.status == XSHIM_FACT_UNASKED);
    CHECK(std::string(id.signature) == "xen,xen");
    CHECK(std::string(id.extraversion) == ".7");
    CHECK(id.features[0] == 0x26805);
    CHECK(id.capabilities == (XSHIM_CAP_XEN_AARCH64 | XSHIM_CAP_XEN_ARMV7L));

    const auto &s = r.v.selection;
    REQUIRE(s.hypercall.adapter != nullptr);
    CHECK(std::string(s.hypercall.adapter->name) == "arm64-hvc");
    CHECK(s.hypercall.adapter->transport == XSHIM_TRANSPORT_HVC);
    CHECK(r.xen.last_transport == XSHIM_TRANSPORT_HVC);
    REQUIRE(s.shared_info != nullptr);
    CHECK(s.shared_info->arch == XSHIM_ARCH_ARM64);
    CHECK(s.shared_info->size == 1088);
    CHECK(s.shared_info->vcpu_slots == 1);
    CHECK((s.shared_info->upcall_mask == nullptr)); // Arm has no PV upcall mask
    REQUIRE(s.start_info != nullptr);
    CHECK(std::string(s.start_info->name) == "fdt");
    CHECK(r.v.boot.protocol == XSHIM_BOOT_FDT);
    CHECK(r.v.boot.version == 17);

    CHECK(contains(r.v.line, "xshim: SELECTED Xen 4.17.7 (arm64) dt=4.17 features=0x00026805"));
    CHECK(contains(r.v.line, "hypercall=arm64-hvc"));
    CHECK(contains(r.v.line, "shared_info=arm64 4.6+"));
    CHECK(contains(r.v.line, "start_info=fdt"));
}

TEST_CASE("arm64: the decision follows what the device tree and XENVER report") {
    SUBCASE("Xen 4.5 on both: the 4.4-4.5 Arm layout") {
        ArmRun r;
        r.dtb = xen_tree(strlist({"xen,xen-4.5", "xen,xen"}));
        r.xen.version_rc = XSHIM_RELEASE(4, 5);
        REQUIRE(r.boot() == XSHIM_SELECTED);
        CHECK(r.v.identity.release_fdt == XSHIM_RELEASE(4, 5));
        CHECK(r.v.selection.shared_info->max_release == XSHIM_RELEASE(4, 5));
        CHECK(r.v.selection.shared_info->has_wc_sec_hi == 0);
    }
    SUBCASE("Xen 4.3 on both: before the stable Arm ABI, no layout") {
        ArmRun r;
        r.dtb = xen_tree(strlist({"xen,xen-4.3", "xen,xen"}));
        r.xen.version_rc = XSHIM_RELEASE(4, 3);
        REQUIRE(r.boot() == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_NO_LAYOUT);
    }
    SUBCASE("the device tree and XENVER disagree") {
        ArmRun r;
        r.xen.version_rc = XSHIM_RELEASE(4, 18);
        REQUIRE(r.boot() == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_RELEASE_MISMATCH);
        CHECK(contains(r.v.line, "XENVER_version says 4.18 but the device tree says 4.17"));
        CHECK(contains(r.v.line, "[release-mismatch]"));
    }
    SUBCASE("no versioned compatible: XENVER alone decides, the line says so") {
        ArmRun r;
        r.dtb = xen_tree(strlist({"xen,xen"}));
        r.xen.version_rc = XSHIM_RELEASE(4, 19);
        r.policy.newer = XSHIM_NEWER_ACCEPT;
        REQUIRE(r.boot() == XSHIM_SELECTED);
        CHECK(r.v.identity.release == XSHIM_RELEASE(4, 19));
        CHECK(contains(r.v.line, " dt=absent "));
        CHECK(contains(r.v.line, "NOTE: newer than tested"));
    }
    SUBCASE("a policy that excludes this release refuses it, naming both sides") {
        ArmRun r;
        r.policy = make_policy(XSHIM_RELEASE(99, 0), XSHIM_RELEASE(99, 0));
        r.policy.guest_types |= XSHIM_GUEST_MASK(XSHIM_GUEST_ARM);
        REQUIRE(r.boot() == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_TOO_OLD);
        CHECK(contains(r.v.line, "xshim: REFUSED Xen 4.17.7 (arm64): kernel needs Xen >= 99.0"));
    }
    SUBCASE("a policy without Arm refuses the guest type") {
        ArmRun r;
        r.policy = make_policy(); // PV and PVH only
        REQUIRE(r.boot() == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_GUEST_TYPE);
        CHECK(contains(r.v.line, "(arm64): kernel runs only as pv64 pvh64"));
    }
    SUBCASE("xen_version fails: the device tree's release is what the line can name") {
        ArmRun r;
        r.xen.version_rc = XSHIM_S_ENOSYS;
        REQUIRE(r.boot() == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_HYPERCALL_FAILED);
        CHECK(contains(r.v.line, "xshim: REFUSED Xen 4.17 (device tree) (arm64)"));
    }
}

TEST_CASE("arm64 without Xen: no /hypervisor, no hypercall, the refusal goes to the UART") {
    ArmRun r;
    r.dtb = load_fixture("qemu-virt-arm64.dtb");
    REQUIRE(!r.dtb.empty());
    REQUIRE(r.boot() == XSHIM_REFUSED);
    CHECK(r.v.reason == XSHIM_REASON_NO_XEN);
    CHECK(r.xen.calls.empty()); // hvc #0xEA1 would be undefined there
    CHECK((r.v.selection.hypercall.fn == nullptr));
    CHECK(contains(r.v.line, "xshim: REFUSED no Xen hypervisor (no /hypervisor node in the "
                             "device tree) (arm64): kernel needs Xen (a /hypervisor node "
                             "compatible \"xen,xen\" in the device tree) [no-xen]"));
    // The kernel's outb stands in for the debug port (the guest points it at its PL011).
    xshim_platform p = r.xen.platform();
    const char text[] = "refused\n";
    CHECK(xshim_say(&r.v, &p, text, sizeof text - 1) == 1);
    CHECK(r.xen.port_e9 == "refused\n");
    CHECK(r.xen.console.empty());
}

TEST_CASE("arm64 under Xen: console_io takes the text, the UART stand-in is not touched") {
    ArmRun r;
    REQUIRE(r.boot() == XSHIM_SELECTED);
    xshim_platform p = r.xen.platform();
    const char text[] = "hello\n";
    CHECK(xshim_say(&r.v, &p, text, sizeof text - 1) == 1);
    CHECK(r.xen.console == "hello\n");
    CHECK(r.xen.port_e9.empty());
}

TEST_CASE("arm64: a malformed device tree is refused as bad-fdt, naming the reader's cause") {
    ArmRun r;
    r.dtb[8] ^= 0x01; // off_dt_struct no longer 4-aligned
    REQUIRE(r.boot() == XSHIM_REFUSED);
    CHECK(r.v.reason == XSHIM_REASON_BAD_FDT);
    CHECK(std::string(xshim_reason_name(XSHIM_REASON_BAD_FDT)) == "bad-fdt");
    CHECK(contains(r.v.line, "device tree in x0 is malformed (struct-range)"));
    CHECK(contains(r.v.line, "[bad-fdt]"));
    CHECK(r.xen.calls.empty());
}
