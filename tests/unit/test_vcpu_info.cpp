// tests/unit/test_vcpu_info.cpp: where a vCPU's vcpu_info lives. In shared_info for the layout's
// slots; registered with VCPUOP_register_vcpu_info for any vCPU, and for those beyond the slots
// nothing else works.
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"

#include <doctest/doctest.h>

#include <vector>

namespace {

struct Selected {
    FakeXen xen;
    xshim_policy policy = make_policy();
    xshim_verdict v{};
    Selected() {
        xshim_platform p = xen.platform();
        PvStart pv;
        xshim_handoff h = pv.handoff();
        REQUIRE(xshim_boot(&h, &policy, &p, &v) == XSHIM_SELECTED);
    }
};

} // namespace

TEST_CASE("vcpu_info: shared slots for the first vCPUs, registration beyond them") {
    Selected s;
    const xshim_shared_info_adapter &si = *s.v.selection.shared_info;
    std::vector<unsigned char> shared(si.size);
    REQUIRE(si.vcpu_slots == 32); // x86: 32 vcpu_info slots in shared_info
    CHECK(si.vcpu_info(shared.data(), 0) == shared.data());
    CHECK(si.vcpu_info(shared.data(), si.vcpu_slots - 1) != nullptr);
    CHECK(si.vcpu_info(shared.data(), si.vcpu_slots) == nullptr); // vCPU 32 has no slot

    const xshim_hypercall &hc = s.v.selection.hypercall;
    CHECK(xshim_vcpu_info_register(&hc, 40, 0x1234, 64 * 8, 64) == 0);
    REQUIRE(s.xen.vcpu_infos.size() == 1);
    CHECK(s.xen.vcpu_infos[0].vcpu == 40);
    CHECK(s.xen.vcpu_infos[0].frame == 0x1234);
    CHECK(s.xen.vcpu_infos[0].offset == 512);
    // Once per vCPU: Xen's -EINVAL for a second time comes back unchanged.
    CHECK(xshim_vcpu_info_register(&hc, 40, 0x1235, 0, 64) == XSHIM_S_EINVAL);
    CHECK(s.xen.vcpu_infos.size() == 1);
}

TEST_CASE("vcpu_info: an area that would cross its page is refused before Xen is asked") {
    Selected s;
    const xshim_hypercall &hc = s.v.selection.hypercall;
    s.xen.calls.clear();
    CHECK(xshim_vcpu_info_register(&hc, 1, 0x1000, 4096 - 63, 64) == XSHIM_S_EINVAL);
    CHECK(xshim_vcpu_info_register(&hc, 1, 0x1000, 4096, 64) == XSHIM_S_EINVAL);
    CHECK(xshim_vcpu_info_register(&hc, 1, 0x1000, 0xffffffffu, 64) == XSHIM_S_EINVAL);
    CHECK(xshim_vcpu_info_register(&hc, 1, 0x1000, 0, 0) == XSHIM_S_EINVAL);
    CHECK(xshim_vcpu_info_register(nullptr, 1, 0x1000, 0, 64) == XSHIM_S_EINVAL);
    CHECK(s.xen.calls.empty());
    CHECK(xshim_vcpu_info_register(&hc, 1, 0x1000, 4096 - 64, 64) == 0); // the last fit
}

TEST_CASE("vcpu_info: a Xen without the operation answers -ENOSYS, passed on") {
    Selected s;
    s.xen.vcpu_op_rc = XSHIM_S_ENOSYS;
    CHECK(xshim_vcpu_info_register(&s.v.selection.hypercall, 33, 0x2000, 0, 64) == XSHIM_S_ENOSYS);
    CHECK(s.xen.vcpu_infos.empty());
}
