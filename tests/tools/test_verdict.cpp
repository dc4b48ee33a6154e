// tests/tools/test_verdict.cpp: the host tool's verdict against the guest's own.
//
// The tool makes its verdict with the library's xshim_boot() over a host platform that answers
// from an identity. What is checked here is that the two agree: for every capture in
// tests/corpus and every guest type it applies to, the tool answering from the capture
// (CapturedXen, what `predict --identity` reads) prints the line xshim_boot() prints over the
// unit tests' FakeXen fed the same capture, and, where the capture records the line the real
// guest printed at boot, that line too. Further cases run the tool over the FakeXen itself,
// hostile answers included; each states the outcome it must reach, so both cannot be wrong
// together.
#include "guest_images.hpp"

#include <tools/elfnote.hpp>
#include <tools/identity.hpp>
#include <tools/verdict.hpp>

#include "tests/corpus/corpus.hpp"
#include "tests/policy.hpp"
#include "tests/unit/boot_fixtures.hpp"
#include "tests/unit/fake_xen.hpp"

#include <doctest/doctest.h>

#include <abi/features.h>
#include <abi/hvm.h>

#include <fstream>
#include <functional>
#include <iterator>

using namespace xshim::tools;

namespace {

// The unit tests' fake as the tool's identity: every answer, CPUID included, is the fake's.
struct FakeSource final : XenSource {
    FakeXen &xen;
    explicit FakeSource(FakeXen &x) : xen(x) {}
    long xen_version(uint32_t cmd, void *arg) override { return xen.xen_version(cmd, arg); }
    long hypercall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3) override {
        return xen.hypercall(nr, a1, a2, a3);
    }
    bool cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]) override {
        if (!xen.has_cpuid)
            return false;
        FakeXen::cpuid_fn(&xen, leaf, subleaf, regs);
        return true;
    }
    uint32_t unknown_facts() const override { return 0; }
};

uint32_t guest_type_named(const std::string &name) {
    return name == "pv"    ? uint32_t{XSHIM_GUEST_PV}
           : name == "pvh" ? uint32_t{XSHIM_GUEST_PVH}
           : name == "arm" ? uint32_t{XSHIM_GUEST_ARM}
                           : uint32_t{XSHIM_GUEST_UNKNOWN};
}

std::vector<uint64_t> read_blob(const std::string &path) { // 8-byte aligned, as a DTB must be
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<uint64_t> out((bytes.size() + 7) / 8);
    std::memcpy(out.data(), bytes.data(), bytes.size());
    return out;
}

// The guest: xshim_boot() over FakeXen fed the capture, handed what the capture says it was.
std::string guest_line(const corpus::Capture &c, const xshim_policy &policy) {
    FakeXen xen(c);
    const xshim_platform platform = xen.platform();
    xshim_verdict v{};
    const uint32_t type = guest_type_named(c.text("guest"));
    if (type == XSHIM_GUEST_PV) {
        PvStart pv(c.text("start_info.magic").c_str());
        const xshim_handoff h = pv.handoff();
        (void)xshim_boot(&h, &policy, &platform, &v);
    } else if (type == XSHIM_GUEST_PVH) {
        PvhStart pvh(c.u32("hvm_start_info.version"));
        const xshim_handoff h = pvh.handoff();
        (void)xshim_boot(&h, &policy, &platform, &v);
    } else {
        const std::vector<uint64_t> dtb = read_blob(c.text("fdt"));
        const xshim_handoff h{XSHIM_BOOT_FDT, 0, dtb.data()};
        (void)xshim_boot(&h, &policy, &platform, &v);
    }
    return v.line;
}

// The tool: `predict --identity` over the same capture file.
std::string tool_line(const corpus::Capture &c, const xshim_policy &policy) {
    std::string error;
    std::optional<CapturedXen> xen =
        CapturedXen::read(corpus::dir() + "/" + c.name + ".txt", &error);
    REQUIRE_MESSAGE(xen.has_value(), error);
    const GuestKind kind{guest_type_named(c.text("guest")), c.text("arch") == "arm64"
                                                                ? uint32_t{XSHIM_ARCH_ARM64}
                                                                : uint32_t{XSHIM_ARCH_X86_64}};
    Evaluation e;
    evaluate(*xen, policy, kind, xshim_identity{}, xen->pvh_version().value_or(1), &e);
    return e.verdict.line;
}

struct Case {
    const char *what;
    uint32_t guest_type;
    std::function<void(FakeXen &, xshim_policy &)> set;
    uint32_t reason;       // XSHIM_REASON_NONE: selected
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
     [](FakeXen &x, xshim_policy &) { std::strcpy(x.extraversion, "<denied>"); }, XSHIM_REASON_NONE,
     "pv64-syscall"},
};

} // namespace

TEST_CASE("every capture: the tool's line is the guest's, and the real guest's where recorded") {
    const std::vector<const corpus::Capture *> all = corpus::all();
    REQUIRE(all.size() >= 3);
    size_t real_lines = 0;
    for (const corpus::Capture *c : all) {
        CAPTURE(c->name);
        // The policies the real guests declared (their lines are in the capture), and others
        // that reach each outcome the captured facts can lead to.
        std::vector<std::pair<std::string, xshim_policy>> policies;
        for (const auto &[image, line] : c->verdicts()) {
            const bool needs99 = image.size() > 8 && image.substr(image.size() - 8) == "-needs99";
            policies.push_back({line, guest_boot_policy(needs99)});
        }
        xshim_policy p = make_policy();
        p.guest_types |= XSHIM_GUEST_MASK(XSHIM_GUEST_ARM);
        policies.push_back({"", p});
        p.max_tested_release = XSHIM_RELEASE(4, 16); // too-new
        policies.push_back({"", p});
        p.newer = XSHIM_NEWER_ACCEPT; // newer than tested, noted
        policies.push_back({"", p});
        p = make_policy(XSHIM_RELEASE(4, 18), XSHIM_RELEASE(4, 20)); // too-old
        policies.push_back({"", p});
        p = make_policy();
        p.required_features[0] = 1u << 31; // missing-feature
        p.wanted_features[0] = 1u << 30;
        p.guest_types |= XSHIM_GUEST_MASK(XSHIM_GUEST_ARM);
        policies.push_back({"", p});
        p.guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_HVM); // guest-type
        policies.push_back({"", p});

        for (const auto &[real, policy] : policies) {
            const std::string guest = guest_line(*c, policy);
            CAPTURE(guest);
            if (!real.empty()) {
                CHECK(guest == real);
                ++real_lines;
            }
            CHECK(tool_line(*c, policy) == guest); // Arm too: handed the captured device tree
        }
    }
    CHECK(real_lines >= 6);
}

TEST_CASE("the tool's verdict line is the guest's own over the fake, case by case") {
    for (const Case &c : kCases) {
        CAPTURE(c.what);
        FakeXen xen;
        xshim_policy policy = make_policy(XSHIM_RELEASE(4, 0), XSHIM_RELEASE(4, 17));
        c.set(xen, policy);

        // The guest: xshim_boot() over the fake platform.
        xshim_verdict guest{};
        PvStart pv;
        PvhStart pvh(1); // what a toolstack hands a PVH domU
        const xshim_handoff h = c.guest_type == XSHIM_GUEST_PV ? pv.handoff() : pvh.handoff();
        const xshim_platform platform = xen.platform();
        (void)xshim_boot(&h, &policy, &platform, &guest);

        // The tool: the host platform answering from the same fake.
        FakeSource source(xen);
        Evaluation e;
        evaluate(source, policy, {c.guest_type, XSHIM_ARCH_X86_64}, xshim_identity{}, 1, &e);

        CHECK(e.verdict.reason == c.reason);
        CHECK(guest.reason == c.reason);
        CHECK(std::string(e.verdict.line) == guest.line);
        if (c.hypercall != nullptr) {
            REQUIRE(e.verdict.selection.hypercall.adapter != nullptr);
            CHECK(std::string(e.verdict.selection.hypercall.adapter->name) == c.hypercall);
        }
        CHECK(e.xen_refuses.empty()); // the fake's capabilities offer PV and HVM guests
    }
}

TEST_CASE("a described Xen: the line claims nothing a host cannot know before boot") {
    xshim_identity cpu{};
    cpu.cpu_vendor = XSHIM_VENDOR_AMD;
    DescribedXen xen;
    xen.release = XSHIM_RELEASE(4, 19);
    xen.extraversion = ".1";
    xen.features0 = 0x000228e0;
    const xshim_policy policy = guest_boot_policy();
    Evaluation e;
    evaluate(xen, policy, {XSHIM_GUEST_PV, XSHIM_ARCH_X86_64}, cpu, 1, &e);
    CHECK(std::string(e.verdict.line) ==
          "xshim: SELECTED Xen 4.19.1 (pv64) magic=xen-3.0-x86_64 features=0x000228e0 "
          "hypercall=pv64-syscall shared_info=x86_64 4.6+ start_info=pv-x86_64 evtchn=2l "
          "NOTE: newer than tested (4.17)");
    xen.release = XSHIM_RELEASE(4, 17);
    xen.extraversion = ".7";
    xen.features0 = 0x00012b05;
    evaluate(xen, policy, {XSHIM_GUEST_PVH, XSHIM_ARCH_X86_64}, cpu, 0, &e);
    CHECK(std::string(e.verdict.line) ==
          "xshim: SELECTED Xen 4.17.7 (pvh64) hvm_start_info=v0 features=0x00012b05 "
          "hypercall=hvm64-vmmcall shared_info=x86_64 4.6+ start_info=pvh-v0 evtchn=2l");
    xshim_policy page = policy;
    page.flags = XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE;
    evaluate(xen, page, {XSHIM_GUEST_PVH, XSHIM_ARCH_X86_64}, cpu, 1, &e);
    CHECK(std::string(e.verdict.line).find(" hypercall=hvm64-page ") != std::string::npos);
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
    CHECK(std::string(e.verdict.line)
              .find("feature hvm_callback_vector (XENFEAT bit 8) "
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
    for (const char *name : {"pv64", "pvh64", "pv32", "pvh32", "hvm64", "hvm32", "arm64"}) {
        std::optional<GuestKind> k = guest_kind_named(name);
        REQUIRE(k.has_value());
        CHECK(guest_kind_name(*k) == name);
    }
    CHECK_FALSE(guest_kind_named("hvm").has_value());
    CHECK_FALSE(guest_kind_named("").has_value());
    CHECK(cpu_vendor_named("amd") == std::optional<uint32_t>(XSHIM_VENDOR_AMD));
    CHECK_FALSE(cpu_vendor_named("AMD").has_value());
}

namespace {

// A capture as the identity of the domain it was taken in (what `host --json` would hold).
HostIdentity identity_of(const char *name) {
    const corpus::Capture &c = corpus::read(name);
    std::string error;
    std::optional<CapturedXen> xen = CapturedXen::read(corpus::dir() + "/" + name + ".txt", &error);
    REQUIRE_MESSAGE(xen.has_value(), error);
    return {name, c.text("guest"), c.text("domain") == "dom0", *xen};
}

std::string features_of(const CapturedXen &x) {
    const std::string *f = x.find("xenver.features.0");
    return f != nullptr ? *f : "";
}

} // namespace

TEST_CASE("model_for: a domain of another kind gets what the real one of that kind was told") {
    // Each pair is two real boots of the same Xen 4.17 build: the identity of one kind of domain,
    // modelled for another kind, must give the features the other real domain printed.
    struct Pair {
        const char *from, *to;
        uint32_t guest_type;
    };
    const Pair kPairs[] = {
        {"xen-4.17-x86_64-pv-dom0", "xen-4.17-x86_64-pv-domU", XSHIM_GUEST_PV},
        {"xen-4.17-x86_64-pv-dom0", "xen-4.17-x86_64-pvh-domU", XSHIM_GUEST_PVH},
        {"xen-4.17-x86_64-pvh-dom0", "xen-4.17-x86_64-pvh-domU", XSHIM_GUEST_PVH},
        {"xen-4.17-x86_64-pvh-dom0", "xen-4.17-x86_64-pv-domU", XSHIM_GUEST_PV},
        {"xen-4.17-x86_64-pvh-domU", "xen-4.17-x86_64-pv-domU", XSHIM_GUEST_PV},
        {"xen-4.17-x86_64-pv-domU", "xen-4.17-x86_64-pvh-domU", XSHIM_GUEST_PVH},
    };
    for (const Pair &p : kPairs) {
        CAPTURE(p.from);
        CAPTURE(p.to);
        const HostIdentity id = identity_of(p.from);
        std::string modelled;
        const CapturedXen x = model_for(id, p.guest_type, false, false, &modelled);
        CAPTURE(modelled);
        CHECK(features_of(x) == corpus::read(p.to).text("xenver.features.0"));
        CHECK(modelled.find("not modelled") == std::string::npos);
    }
}

TEST_CASE("model_for hvm64: Xen's has_pirq rule, by the identity's own release") {
    const HostIdentity pv_dom0 = identity_of("xen-4.17-x86_64-pv-dom0");
    const std::string pvh_domu = corpus::read("xen-4.17-x86_64-pvh-domU").text("xenver.features.0");
    xshim_policy policy = guest_boot_policy();
    policy.guest_types |= XSHIM_GUEST_MASK(XSHIM_GUEST_HVM);
    const GuestKind hvm64{XSHIM_GUEST_HVM, XSHIM_ARCH_X86_64};

    // 4.17 (the capture's XENVER_version): every HVM domU has emulated PIRQs, so it sees what
    // the real PVH domU saw and XENFEAT_hvm_pirqs besides, and the guest names itself hvm64.
    std::string modelled;
    std::vector<std::string> assumed;
    CapturedXen x = model_for(pv_dom0, XSHIM_GUEST_HVM, false, false, &modelled, &assumed);
    const unsigned long pvh_bits = std::stoul(pvh_domu, nullptr, 0);
    const unsigned long hvm_bits = std::stoul(features_of(x), nullptr, 0);
    CHECK((pvh_bits & XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_hvm_pirqs)) == 0);
    CHECK(hvm_bits == (pvh_bits | XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_hvm_pirqs)));
    CHECK(modelled.rfind("an hvm domU", 0) == 0);
    REQUIRE(assumed.size() == 2);
    CHECK(assumed[1].find("before 4.19") != std::string::npos);
    Evaluation e;
    evaluate(x, policy, hvm64, xshim_identity{}, 1, &e);
    CAPTURE(e.verdict.line);
    CHECK(e.verdict.outcome == XSHIM_SELECTED);
    CHECK(e.verdict.identity.guest_type == XSHIM_GUEST_HVM);
    CHECK(std::string(e.verdict.line).find(" (hvm64) ") != std::string::npos);
    CHECK(e.xen_refuses.empty()); // the capture's capabilities have hvm-3.0-x86_64
    // The default policy (no HVM) refuses it as the real guest did in ts-hvm-refused.
    evaluate(x, guest_boot_policy(), hvm64, xshim_identity{}, 1, &e);
    CHECK(e.verdict.reason == XSHIM_REASON_GUEST_TYPE);

    // The same host one release on from 4.19: emulated PIRQs are optional and xl leaves them
    // off, so the guest cannot tell and says pvh64 with the library's NOTE.
    HostIdentity later = pv_dom0;
    char version[16];
    std::snprintf(version, sizeof version, "0x%08x", XSHIM_HVM_PIRQS_OPTIONAL_SINCE);
    later.xen.set("xenver.version", version);
    later.xen.set("cpuid.release", version);
    x = model_for(later, XSHIM_GUEST_HVM, false, false, &modelled, &assumed);
    CHECK(std::stoul(features_of(x), nullptr, 0) == pvh_bits);
    REQUIRE(assumed.size() == 2);
    CHECK(assumed[1].find("reports pvh with the NOTE") != std::string::npos);
    policy.newer = XSHIM_NEWER_ACCEPT;
    evaluate(x, policy, hvm64, xshim_identity{}, 1, &e);
    CAPTURE(e.verdict.line);
    CHECK(e.verdict.outcome == XSHIM_SELECTED);
    CHECK(e.verdict.identity.guest_type == XSHIM_GUEST_PVH);
    CHECK((e.verdict.selection.notes & XSHIM_NOTE_GUEST_TYPE_OPEN) != 0);

    // A Xen without HVM support cannot build it at all.
    HostIdentity pv_only = pv_dom0;
    pv_only.xen.set("xenver.capabilities", "xen-3.0-x86_64");
    x = model_for(pv_only, XSHIM_GUEST_HVM, false, false, &modelled);
    evaluate(x, policy, hvm64, xshim_identity{}, 1, &e);
    CHECK(e.xen_refuses ==
          "XENVER_capabilities has no hvm-3.0-x86_64: Xen cannot build a hvm64 domain");
}
