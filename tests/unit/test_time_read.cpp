// tests/unit/test_time_read.cpp: the time read once at boot (shim/runtime/shared_info_map.cpp,
// time_read.cpp, shim/report/time_line.cpp). Each case boots over a capture of a real Xen 4.17.7
// (tests/corpus), so the selected adapter is the one a real boot selects, then writes the
// shared_info page as Xen would (through the abi/ layout) and reads it. The values written are
// those the real boots printed (make test-boot, test-boot-arm64); the bounded retry is driven
// into its torn path with a version that stays odd, as a Xen stuck mid-update would leave it.
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"
#include "test_fdt_blobs.hpp"

#include <abi/pv_mmu.h>
#include <abi/shared_info_arm.h>
#include <abi/shared_info_x86_64.h>

#include <doctest/doctest.h>

#include <string>

namespace {

// A boot over one capture, with the boot structure its guest was handed.
struct Run {
    FakeXen xen;
    xshim_policy policy = guest_boot_policy();
    xshim_verdict v{};
    PvStart pv;
    PvhStart pvh;
    std::vector<uint8_t> dtb;
    std::string guest;
    xshim_platform p{};

    explicit Run(const char *name = corpus::kDefault) : xen(corpus::read(name)) {
        const corpus::Capture &c = corpus::read(name);
        guest = c.text("guest");
        if (guest == "pv" && c.text("domain") == "dom0")
            pv.si.flags = XSHIM_SIF_PRIVILEGED | XSHIM_SIF_INITDOMAIN;
        if (guest == "arm")
            dtb = fdt_test::load_fixture("xen-4.17-arm64-dom0.dtb");
        p = xen.platform();
        xshim_handoff h = guest == "pvh"   ? pvh.handoff()
                          : guest == "arm" ? xshim_handoff{XSHIM_BOOT_FDT, 0, dtb.data()}
                                           : pv.handoff();
        REQUIRE(xshim_boot(&h, &policy, &p, &v) == XSHIM_SELECTED);
    }
    std::string line(int32_t map_status, const xshim_time_reading *r) const {
        char buf[XSHIM_LINE_MAX];
        const size_t n = xshim_time_line(&v, map_status, r, buf, sizeof buf);
        CHECK(n == std::string(buf).size());
        return buf;
    }
};

// What the x86 boots showed: Xen 4.17.7's system time at the read and the wallclock (PV dom0,
// make test-boot: "xshim: time system=894706522 wallclock=1796038684.426131146 wc_version=2").
constexpr uint64_t kSystemTime = 894706522;
constexpr uint32_t kWcSec = 1796038684u, kWcNsec = 426131146u, kWcVersion = 2;

struct alignas(XSHIM_PAGE_SIZE) X86Page {
    xshim_shared_info_x86_64 s{};
    // Stamp vCPU 0's record at a TSC of 0 with a scale of exactly one ns per tick (mul 2^31,
    // shift 1: (delta << 1) * 2^31 >> 32 = delta), so the read adds the fake's TSC in ns.
    void keep_time(uint32_t version) {
        xshim_vcpu_time_info &t = s.vcpu_info[0].time;
        t.version = version;
        t.tsc_timestamp = 0;
        t.system_time = kSystemTime;
        t.tsc_to_system_mul = 0x80000000u;
        t.tsc_shift = 1;
    }
    void wallclock(uint32_t version) {
        s.wc_version = version;
        s.wc_sec = kWcSec;
        s.wc_nsec = kWcNsec;
    }
};

const std::string kTorn = "torn-after-" + std::to_string(1 + XSHIM_TIME_RETRIES) + "-reads";

} // namespace

TEST_CASE("time read: a record Xen keeps, through the adapter a real PV boot selects") {
    Run r;
    REQUIRE(std::string(r.v.selection.shared_info->name) == "x86_64 4.6+");
    X86Page page;
    page.keep_time(2);
    page.wallclock(kWcVersion);
    xshim_time_reading t;
    CHECK(xshim_time_read(&r.v, &r.p, &page.s, &t) == XSHIM_S_OK);
    CHECK(t.time_status == XSHIM_S_OK);
    CHECK(t.wallclock_status == XSHIM_S_OK);
    const uint64_t tsc = r.p.rdtsc(r.p.ctx); // the fake's TSC: the same at every read
    CHECK(t.counter == tsc);
    CHECK(t.system_ns == kSystemTime + tsc);
    CHECK(r.line(XSHIM_S_OK, &t) == "xshim: time system=" + std::to_string(kSystemTime + tsc) +
                                        " wallclock=" + std::to_string(kWcSec) + "." +
                                        std::to_string(kWcNsec) + " wc_version=2");
}

TEST_CASE("time read: a version that stays odd is a named fact after the bounded reads") {
    Run r;
    X86Page page;
    SUBCASE("the system time record") {
        page.keep_time(3); // Xen "mid-update", forever
        page.wallclock(kWcVersion);
        xshim_time_reading t;
        CHECK(xshim_time_read(&r.v, &r.p, &page.s, &t) == XSHIM_S_TORN);
        CHECK(t.time_status == XSHIM_S_TORN);
        CHECK(t.wallclock_status == XSHIM_S_OK); // the other record is still read
        CHECK(t.system_ns == 0);
        CHECK(r.line(XSHIM_S_OK, &t) == "xshim: time system=" + kTorn +
                                            " wallclock=" + std::to_string(kWcSec) + "." +
                                            std::to_string(kWcNsec) + " wc_version=2");
    }
    SUBCASE("the wallclock") {
        page.keep_time(2);
        page.wallclock(5);
        xshim_time_reading t;
        CHECK(xshim_time_read(&r.v, &r.p, &page.s, &t) == XSHIM_S_TORN);
        CHECK(t.time_status == XSHIM_S_OK);
        CHECK(r.line(XSHIM_S_OK, &t) ==
              "xshim: time system=" + std::to_string(kSystemTime + t.counter) +
                  " wallclock=" + kTorn);
    }
}

TEST_CASE("time read: Xen on Arm keeps no vcpu_time_info and no RTC wallclock") {
    // What the real Arm64 boot printed: the record never written (all zero), the wallclock
    // written once at domain creation with wc_sec 0 (xen/arch/arm/time.c, common/time.c).
    Run r("xen-4.17-arm64-dom0");
    REQUIRE(std::string(r.v.selection.shared_info->name) == "arm64 4.6+");
    struct alignas(XSHIM_PAGE_SIZE) {
        xshim_shared_info_arm s{};
    } page;
    page.s.wc_version = 2;
    xshim_time_reading t;
    CHECK(xshim_time_read(&r.v, &r.p, &page.s, &t) == XSHIM_S_OK);
    CHECK(t.system_ns == 0);
    CHECK(
        r.line(XSHIM_S_OK, &t) ==
        "xshim: time system=unmaintained(tsc_to_system_mul=0) wallclock=0.000000000 wc_version=2");
}

TEST_CASE("time read: a wallclock Xen never wrote is named, not printed as 1970") {
    // What the PVH domU of the toolstack test bed read on Xen 4.17.7: a kept system time, and
    // wc_version 0 with every wallclock field zero.
    Run r("xen-4.17-x86_64-pvh-domU");
    X86Page page;
    page.keep_time(2);
    xshim_time_reading t;
    REQUIRE(xshim_time_read(&r.v, &r.p, &page.s, &t) == XSHIM_S_OK);
    CHECK(r.line(XSHIM_S_OK, &t) ==
          "xshim: time system=" + std::to_string(kSystemTime + t.counter) +
              " wallclock=unwritten(wc_version=0)");
}

TEST_CASE("time read: nine digits of ns, whatever the value") {
    Run r;
    X86Page page;
    page.keep_time(2);
    page.wallclock(kWcVersion);
    page.s.wc_nsec = 42;
    xshim_time_reading t;
    REQUIRE(xshim_time_read(&r.v, &r.p, &page.s, &t) == XSHIM_S_OK);
    CHECK(contains(r.line(XSHIM_S_OK, &t).c_str(),
                   (" wallclock=" + std::to_string(kWcSec) + ".000000042 ").c_str()));
}

TEST_CASE("time read: nothing to read without a selection or a page") {
    Run r;
    xshim_time_reading t;
    CHECK(xshim_time_read(&r.v, &r.p, nullptr, &t) == XSHIM_S_EINVAL);
    CHECK(r.line(XSHIM_S_OK, &t) ==
          "xshim: time system=unread(status=-22) wallclock=unread(status=-22)");
    xshim_verdict refused = r.v;
    refused.outcome = XSHIM_REFUSED;
    X86Page page;
    CHECK(xshim_time_read(&refused, &r.p, &page.s, &t) == XSHIM_S_EINVAL);
    CHECK(r.line(XSHIM_S_EPERM, nullptr) ==
          "xshim: time unread: shared_info not mapped (pv64, status=-1)");
}

TEST_CASE("shared_info map: PV points a page of the kernel's at start_info's frame") {
    Run r;
    X86Page page;
    REQUIRE(xshim_shared_info_map(&r.v, &r.p, &page, 0) == XSHIM_S_OK);
    REQUIRE(r.xen.map_calls.size() == 1);
    const auto &c = r.xen.map_calls[0];
    CHECK(c.nr == XSHIM_HC_update_va_mapping);
    CHECK(c.a1 == reinterpret_cast<uintptr_t>(&page));
    // The entry: start_info's machine address (boot_fixtures: 0x12345000), present, writable,
    // accessed and dirty; flush this one entry on this vCPU.
    const uint64_t pte = r.pv.si.shared_info | XSHIM_X86_PTE_BIT(present) | XSHIM_X86_PTE_BIT(rw) |
                         XSHIM_X86_PTE_BIT(accessed) | XSHIM_X86_PTE_BIT(dirty);
    if (sizeof(void *) == 4) { // x86_32 PAE: the entry in two words, then the flags
        CHECK(c.a2 == static_cast<uint32_t>(pte));
        CHECK(c.a3 == static_cast<uint32_t>(pte >> 32));
        CHECK(c.a4 == (XSHIM_UVMF_INVLPG | XSHIM_UVMF_LOCAL));
    } else {
        CHECK(c.a2 == pte);
        CHECK(c.a3 == (XSHIM_UVMF_INVLPG | XSHIM_UVMF_LOCAL));
    }
    // Xen's refusal is the answer; an unaligned page or a start_info without the frame is
    // refused before any call.
    r.xen.map_rc = XSHIM_S_EPERM;
    CHECK(xshim_shared_info_map(&r.v, &r.p, &page, 0) == XSHIM_S_EPERM);
    CHECK(xshim_shared_info_map(&r.v, &r.p, reinterpret_cast<char *>(&page) + 8, 0) ==
          XSHIM_S_EINVAL);
    r.v.boot.shared_info = 0;
    CHECK(xshim_shared_info_map(&r.v, &r.p, &page, 0) == XSHIM_S_EINVAL);
    CHECK(r.xen.map_calls.size() == 2);
}

TEST_CASE("shared_info map: PVH and Arm have Xen place it at the kernel's guest frame") {
    for (const char *capture : {"xen-4.17-x86_64-pvh-dom0", "xen-4.17-arm64-dom0"}) {
        CAPTURE(capture);
        Run r(capture);
        X86Page page;
        REQUIRE(xshim_shared_info_map(&r.v, &r.p, &page, 0x7654) == XSHIM_S_OK);
        REQUIRE(r.xen.map_calls.size() == 1);
        const auto &c = r.xen.map_calls[0];
        CHECK(c.nr == XSHIM_HC_memory_op);
        CHECK(c.a1 == XSHIM_XENMEM_add_to_physmap);
        CHECK(c.op.domid == XSHIM_DOMID_SELF);
        CHECK(c.op.space == XSHIM_XENMAPSPACE_shared_info);
        CHECK(c.op.idx == 0);
        CHECK(c.op.gpfn == 0x7654);
    }
}
