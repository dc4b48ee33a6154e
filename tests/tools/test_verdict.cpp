// tests/tools/test_verdict.cpp: the host tool's verdict against the guest's own.
//
// The strongest check of "the same line the guest would print": for each case the shim's own
// xshim_boot() runs over the unit tests' FakeXen (a platform that answers like Xen), and the
// tool's evaluate() runs over the same FakeXen as its fact source; the two verdict lines must
// be identical, apart from the grant-table size the guest probes at boot and a host cannot know.
// Each case also states the outcome and reason it must reach, so both cannot be wrong together.
#include "guest_images.hpp"

#include <tools/elfnote.hpp>
#include <tools/verdict.hpp>

#include "shim/probe/probe.hpp"
#include "tests/unit/boot_fixtures.hpp"
#include "tests/unit/fake_xen.hpp"

#include <doctest/doctest.h>

#include <abi/features.h>

#include <functional>

using namespace xshim::tools;

namespace {

struct FakeSource final : XenSource {
    FakeXen &xen;
    explicit FakeSource(FakeXen &x) : xen(x) {}
    long xen_version(uint32_t cmd, void *arg) override { return xen.xen_version(cmd, arg); }
};

// The fields only a booted guest knows: the grant-table probe (gnttab=...).
std::string without_boot_only(std::string line) {
    const size_t at = line.find(" gnttab=");
    if (at != std::string::npos)
        line.erase(at, line.find(' ', at + 1) - at); // to the next word, or the end
    return line;
}

struct Case {
    const char *what;
    uint32_t guest_type;
    std::function<void(FakeXen &, xshim_policy &)> set;
    uint32_t reason; // XSHIM_REASON_NONE: selected
    const char *hypercall; // the adapter a selection must name, or nullptr
};

const Case kCases[] = {
    {"PV inside the range", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &) { x.version_rc = x.cpuid_version = XSHIM_RELEASE(4, 10); },
     XSHIM_REASON_NONE, "pv64-syscall"},
    {"PV newer than tested, policy accepts", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &p) {
         x.version_rc = x.cpuid_version = XSHIM_RELEASE(4, 21);
         p.newer = XSHIM_NEWER_ACCEPT;
     },
     XSHIM_REASON_NONE, "pv64-syscall"},
    {"PV newer than tested, policy refuses", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &) { x.version_rc = x.cpuid_version = XSHIM_RELEASE(4, 21); },
     XSHIM_REASON_TOO_NEW, nullptr},
    {"PV older than the policy's minimum", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &p) {
         x.version_rc = x.cpuid_version = XSHIM_RELEASE(4, 2);
         p.min_release = XSHIM_RELEASE(4, 6);
     },
     XSHIM_REASON_TOO_OLD, nullptr},
    {"a pre-3.0 release", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &p) {
         x.version_rc = x.cpuid_version = XSHIM_RELEASE(2, 0);
         p.min_release = XSHIM_RELEASE(2, 0);
     },
     XSHIM_REASON_OLD_GENERATION, nullptr},
    {"PVH on AMD", XSHIM_GUEST_PVH, [](FakeXen &x, xshim_policy &) { x.vendor = "AuthenticAMD"; },
     XSHIM_REASON_NONE, "hvm64-vmmcall"},
    {"PVH on Intel", XSHIM_GUEST_PVH, [](FakeXen &x, xshim_policy &) { x.vendor = "GenuineIntel"; },
     XSHIM_REASON_NONE, "hvm64-vmcall"},
    {"PVH, policy prefers the hypercall page", XSHIM_GUEST_PVH,
     [](FakeXen &x, xshim_policy &p) {
         x.give_page = true;
         p.flags = XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE;
     },
     XSHIM_REASON_NONE, "hvm64-page"},
    {"a required feature is missing", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &p) {
         x.features[0] = 0;
         p.required_features[0] = XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_dom0);
     },
     XSHIM_REASON_MISSING_FEATURE, nullptr},
    {"XENVER_get_features fails and a feature is required", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &p) {
         x.features_rc = XSHIM_S_ENOSYS;
         p.required_features[0] = XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_dom0);
     },
     XSHIM_REASON_MISSING_FEATURE, nullptr},
    {"a wanted feature is missing", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &p) {
         x.features[0] = 0x1;
         p.wanted_features[0] = XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_vcpu_time_phys_area);
     },
     XSHIM_REASON_NONE, "pv64-syscall"},
    {"the guest type is not accepted", XSHIM_GUEST_PVH,
     [](FakeXen &, xshim_policy &p) { p.guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_PV); },
     XSHIM_REASON_GUEST_TYPE, nullptr},
    {"the kernel's policy is malformed", XSHIM_GUEST_PV,
     [](FakeXen &, xshim_policy &p) { p.min_release = p.max_tested_release + 1; },
     XSHIM_REASON_BAD_POLICY, nullptr},
    {"XENVER_version is denied", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &) { x.version_rc = XSHIM_S_EPERM; },
     XSHIM_REASON_HYPERCALL_FAILED, nullptr},
    {"CPUID and XENVER_version disagree", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &) { x.cpuid_version = XSHIM_RELEASE(4, 11); },
     XSHIM_REASON_RELEASE_MISMATCH, nullptr},
    {"the extra version is <denied>", XSHIM_GUEST_PV,
     [](FakeXen &x, xshim_policy &) { std::strcpy(x.extraversion, "<denied>"); },
     XSHIM_REASON_NONE, "pv64-syscall"},
};

} // namespace

TEST_CASE("the tool's verdict line is the guest's own, case by case") {
    for (const Case &c : kCases) {
        CAPTURE(c.what);
        FakeXen xen;
        xen.fifo_rc = XSHIM_S_ENOSYS; // a host cannot probe FIFO: compare the 2-level choice
        xshim_policy policy = make_policy(XSHIM_RELEASE(4, 0), XSHIM_RELEASE(4, 17));
        c.set(xen, policy);

        // The guest: xshim_boot() over the fake platform.
        xshim_verdict guest{};
        PvStart pv;
        PvhStart pvh(1); // what a toolstack hands a PVH domU
        const xshim_handoff h = c.guest_type == XSHIM_GUEST_PV ? pv.handoff() : pvh.handoff();
        const xshim_platform platform = xen.platform();
        (void)xshim_boot(&h, &policy, &platform, &guest);

        // The tool: the same Xen as a fact source, the CPU as the fake platform shows it.
        xshim_identity cpu{};
        xshim::scan_cpuid(platform, &cpu);
        FakeSource source(xen);
        Evaluation e;
        evaluate(source, policy, {c.guest_type, XSHIM_ARCH_X86_64}, cpu, 1, &e);

        CHECK(e.verdict.reason == c.reason);
        CHECK(guest.reason == c.reason);
        CHECK(without_boot_only(e.verdict.line) == without_boot_only(guest.line));
        if (c.hypercall != nullptr) {
            REQUIRE(e.verdict.selection.hypercall.adapter != nullptr);
            CHECK(std::string(e.verdict.selection.hypercall.adapter->name) == c.hypercall);
        }
        CHECK(e.xen_refuses.empty()); // the fake's capabilities offer PV and HVM guests
    }
}

TEST_CASE("pv64-needs99: predict refuses too-old for every release below 99") {
    GuestImage g("pv64-needs99.elf");
    ElfImage elf;
    ImageNotes notes;
    std::string error;
    REQUIRE(parse_elf({g.bytes.data(), g.bytes.size()}, &elf, &error));
    REQUIRE(decode_image(elf, &notes, &error));
    REQUIRE(notes.policy.has_value());
    xshim_identity cpu{};
    cpu.cpu_vendor = XSHIM_VENDOR_AMD;
    for (uint32_t major = 3; major < 99; ++major) {
        for (uint32_t minor : {0u, 1u, 17u, 65535u}) {
            DescribedXen xen;
            xen.release = XSHIM_RELEASE(major, minor);
            Evaluation e;
            evaluate(xen, *notes.policy, {XSHIM_GUEST_PV, XSHIM_ARCH_X86_64}, cpu, 1, &e);
            CAPTURE(e.verdict.line);
            REQUIRE(e.verdict.outcome == XSHIM_REFUSED);
            REQUIRE(e.verdict.reason == XSHIM_REASON_TOO_OLD);
            const std::string line = e.verdict.line;
            REQUIRE(line.rfind("xshim: REFUSED Xen " + std::to_string(major) + "." +
                                   std::to_string(minor) + " (pv64): ",
                               0) == 0);
            REQUIRE(line.find("kernel needs Xen >= 99.0 [too-old]") != std::string::npos);
        }
    }
    DescribedXen at99;
    at99.release = XSHIM_RELEASE(99, 0);
    Evaluation e;
    evaluate(at99, *notes.policy, {XSHIM_GUEST_PV, XSHIM_ARCH_X86_64}, cpu, 1, &e);
    CHECK(e.verdict.outcome == XSHIM_SELECTED);
}

TEST_CASE("pv64: predict selects a release inside the image's own range") {
    GuestImage g("pv64.elf");
    ElfImage elf;
    ImageNotes notes;
    std::string error;
    REQUIRE(parse_elf({g.bytes.data(), g.bytes.size()}, &elf, &error));
    REQUIRE(decode_image(elf, &notes, &error));
    REQUIRE(notes.policy.has_value());
    const xshim_policy &p = *notes.policy;
    xshim_identity cpu{};
    for (uint32_t release : {p.min_release, p.max_tested_release}) {
        DescribedXen xen;
        xen.release = release;
        xen.extraversion = ".3";
        xen.features0 = p.required_features[0] | p.wanted_features[0];
        Evaluation e;
        evaluate(xen, p, {XSHIM_GUEST_PV, XSHIM_ARCH_X86_64}, cpu, 1, &e);
        CAPTURE(e.verdict.line);
        CHECK(e.verdict.outcome == XSHIM_SELECTED);
        const std::string line = e.verdict.line;
        CHECK(line.rfind("xshim: SELECTED Xen " + std::to_string(XSHIM_REL_MAJOR(release)) + "." +
                             std::to_string(XSHIM_REL_MINOR(release)) + ".3 (pv64) ",
                         0) == 0);
        CHECK(line.find(" magic=xen-3.0-x86_64 ") != std::string::npos);
        CHECK(line.find(" hypercall=pv64-syscall ") != std::string::npos);
        CHECK(line.find(" start_info=pv-x86_64 ") != std::string::npos);
    }
}

TEST_CASE("a described Xen without features: required features refuse, naming the fact") {
    xshim_policy p = make_policy(XSHIM_RELEASE(4, 0), XSHIM_RELEASE(4, 17));
    p.required_features[0] = XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_hvm_callback_vector);
    DescribedXen xen;
    xen.release = XSHIM_RELEASE(4, 8);
    xshim_identity cpu{};
    Evaluation e;
    evaluate(xen, p, {XSHIM_GUEST_PVH, XSHIM_ARCH_X86_64}, cpu, 1, &e);
    CHECK(e.verdict.reason == XSHIM_REASON_MISSING_FEATURE);
    CHECK(std::string(e.verdict.line).find("feature hvm_callback_vector (XENFEAT bit 8) "
                                           "(XENVER_get_features: absent)") != std::string::npos);
    xen.features0 = XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_hvm_callback_vector);
    evaluate(xen, p, {XSHIM_GUEST_PVH, XSHIM_ARCH_X86_64}, cpu, 1, &e);
    CHECK(e.verdict.outcome == XSHIM_SELECTED);
}

TEST_CASE("a Xen whose capabilities lack a guest kind cannot build it, whatever the shim says") {
    FakeXen x;
    x.capabilities = "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64"; // built without CONFIG_PV
    FakeSource source(x);
    xshim_policy p = make_policy(XSHIM_RELEASE(4, 0), XSHIM_RELEASE(4, 17), XSHIM_NEWER_ACCEPT);
    xshim_identity cpu{};
    Evaluation e;
    evaluate(source, p, {XSHIM_GUEST_PV, XSHIM_ARCH_X86_64}, cpu, 1, &e);
    CHECK(e.xen_refuses ==
          "XENVER_capabilities has no xen-3.0-x86_64: Xen cannot build a pv64 domain");
    evaluate(source, p, {XSHIM_GUEST_PVH, XSHIM_ARCH_X86_64}, cpu, 1, &e);
    CHECK(e.xen_refuses.empty());
    x.capabilities_rc = XSHIM_S_EPERM; // unknown capabilities: no claim either way
    evaluate(source, p, {XSHIM_GUEST_PV, XSHIM_ARCH_X86_64}, cpu, 1, &e);
    CHECK(e.xen_refuses.empty());
}

TEST_CASE("guest kind names are the shim's own") {
    for (const char *name : {"pv64", "pvh64", "pv32", "pvh32"}) {
        std::optional<GuestKind> k = guest_kind_named(name);
        REQUIRE(k.has_value());
        CHECK(guest_kind_name(*k) == name);
    }
    CHECK_FALSE(guest_kind_named("hvm64").has_value());
    CHECK_FALSE(guest_kind_named("").has_value());
    CHECK(cpu_vendor_named("amd") == std::optional<uint32_t>(XSHIM_VENDOR_AMD));
    CHECK_FALSE(cpu_vendor_named("AMD").has_value());
}
