// tests/unit/test_probe_select.cpp: xshim_boot() end to end over an injected platform: every
// refusal reason, every hypercall adapter, and hostile answers from the "hypervisor".
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"

#include <doctest/doctest.h>

#include <abi/features.h>

#include "shim/select/select.hpp"

namespace {

struct Run {
    FakeXen xen;
    xshim_policy policy = make_policy();
    xshim_verdict v{};
    uint32_t boot(const xshim_handoff &h) {
        xshim_platform p = xen.platform();
        return xshim_boot(&h, &policy, &p, &v);
    }
};

} // namespace

TEST_CASE("PV guest on Xen 4.17 (captured values) selects every adapter") {
    Run r;
    PvStart pv;
    REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
    const auto &id = r.v.identity;
    CHECK(id.guest_type == XSHIM_GUEST_PV);
    CHECK(id.release == XSHIM_RELEASE(4, 17));
    CHECK(id.release_xenver_fact.source == XSHIM_SRC_XENVER);
    CHECK(id.release_cpuid == XSHIM_RELEASE(4, 17));
    CHECK(id.release_cpuid_fact.status == XSHIM_FACT_OK);
    CHECK(id.cpuid_base == 0x40000000);
    CHECK(std::string(id.signature) == "XenVMMXenVMM");
    CHECK(std::string(id.extraversion) == ".7");
    CHECK(id.extraversion_fact.source == XSHIM_SRC_XENVER); // fell back from extraversion2
    CHECK(id.features[0] == 0x000228e0);
    CHECK(std::string(id.start_magic) == "xen-3.0-x86_64");
    CHECK(id.interface_major == 3);
    CHECK(id.interface_minor == 0);
    CHECK(id.capabilities == (XSHIM_CAP_XEN_X86_64 | XSHIM_CAP_HVM_X86_32 | XSHIM_CAP_HVM_X86_32P |
                              XSHIM_CAP_HVM_X86_64));
    CHECK(id.capabilities_unknown == 0);
    CHECK(std::string(r.v.selection.hypercall.adapter->name) == "pv64-syscall");
    CHECK(r.xen.last_transport == XSHIM_TRANSPORT_SYSCALL);
    CHECK(r.v.selection.shared_info->has_wc_sec_hi == 1);
    CHECK(r.v.selection.start_info->protocol == XSHIM_BOOT_PV);
    CHECK(r.v.selection.evtchn_abi == XSHIM_EVTCHN_FIFO);
    CHECK(contains(r.v.line, "xshim: SELECTED Xen 4.17.7 (pv64)"));
    CHECK(contains(r.v.line, "magic=xen-3.0-x86_64"));
    CHECK(contains(r.v.line, "features=0x000228e0"));
    CHECK(contains(r.v.line, "hypercall=pv64-syscall"));
    CHECK(contains(r.v.line, "evtchn=fifo"));
}

TEST_CASE("the decision follows the reported release, not 4.17") {
    SUBCASE("Xen 4.5: before wc_sec_hi, the 3.0-4.5 layout adapter") {
        Run r;
        r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(4, 5);
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.selection.shared_info->has_wc_sec_hi == 0);
        CHECK(r.v.selection.shared_info->max_release < XSHIM_RELEASE(4, 6));
    }
    SUBCASE("Xen 4.3: no FIFO event channels, 2-level") {
        Run r;
        r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(4, 3);
        r.xen.fifo_rc = XSHIM_S_ENOSYS;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.selection.evtchn_abi == XSHIM_EVTCHN_2L);
        CHECK(r.v.identity.evtchn_fifo_fact.status == XSHIM_FACT_ABSENT);
        CHECK(contains(r.v.line, "evtchn=2l"));
    }
    SUBCASE("FIFO compiled out (-EOPNOTSUPP) falls back to 2-level") {
        Run r;
        r.xen.fifo_rc = XSHIM_S_EOPNOTSUPP;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.selection.evtchn_abi == XSHIM_EVTCHN_2L);
    }
    SUBCASE("Xen 4.20: extraversion2 gives an untruncated extra version") {
        Run r;
        r.policy = make_policy(XSHIM_RELEASE(4, 0), XSHIM_RELEASE(4, 21));
        r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(4, 20);
        r.xen.extraversion2_rc = 0;
        r.xen.extraversion2 = ".0-rc+REALLY-LONG-EXTRA"; // longer than 15 bytes
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.extraversion_fact.source == XSHIM_SRC_XENVER2);
        CHECK(std::string(r.v.identity.extraversion) == ".0-rc+REALLY-LONG-EXTRA");
    }
    SUBCASE("newer than tested: refused by default") {
        Run r;
        r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(4, 19);
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_TOO_NEW);
        CHECK(contains(r.v.line, "REFUSED Xen 4.19.7 (pv64): kernel tested up to Xen 4.17"));
        CHECK(contains(r.v.line, "[too-new]"));
    }
    SUBCASE("newer than tested: accepted and said when the policy allows") {
        Run r;
        r.policy.newer = XSHIM_NEWER_ACCEPT;
        r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(4, 19);
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK((r.v.selection.notes & XSHIM_NOTE_NEWER_THAN_TESTED) != 0);
        CHECK(contains(r.v.line, "newer than tested (4.17)"));
    }
}

TEST_CASE("every hypercall adapter is chosen from the table by guest type, arch and vendor") {
    SUBCASE("PVH on AMD: vmmcall") {
        Run r;
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_SELECTED);
        CHECK(std::string(r.v.selection.hypercall.adapter->name) == "hvm64-vmmcall");
        CHECK(r.xen.last_transport == XSHIM_TRANSPORT_VMMCALL);
        CHECK(contains(r.v.line, "hvm_start_info=v0"));
    }
    SUBCASE("PVH on Hygon: vmmcall") {
        Run r;
        r.xen.vendor = "HygonGenuine";
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_SELECTED);
        CHECK(std::string(r.v.selection.hypercall.adapter->name) == "hvm64-vmmcall");
    }
    SUBCASE("PVH on Intel: vmcall") {
        Run r;
        r.xen.vendor = "GenuineIntel";
        PvhStart pvh(1);
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_SELECTED);
        CHECK(std::string(r.v.selection.hypercall.adapter->name) == "hvm64-vmcall");
        CHECK(r.xen.last_transport == XSHIM_TRANSPORT_VMCALL);
        CHECK(contains(r.v.line, "hvm_start_info=v1"));
    }
    SUBCASE("PVH preferring the hypercall page: Xen is asked to fill it through base+2's MSR") {
        Run r;
        r.xen.give_page = true;
        r.xen.hypercall_msr = 0x40000200;
        r.policy.flags = XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE;
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_SELECTED);
        CHECK(std::string(r.v.selection.hypercall.adapter->name) == "hvm64-page");
        REQUIRE(r.xen.msr_writes.size() == 1);
        CHECK(r.xen.msr_writes[0].first == 0x40000200u);
        CHECK(r.xen.msr_writes[0].second == 0x123000u);
        CHECK(r.xen.last_transport == XSHIM_TRANSPORT_PAGE);
    }
    SUBCASE("preferring the page without a page falls back to the instruction") {
        Run r;
        r.policy.flags = XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE;
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_SELECTED);
        CHECK(std::string(r.v.selection.hypercall.adapter->name) == "hvm64-vmmcall");
        CHECK(r.xen.msr_writes.empty());
    }
    SUBCASE("32-bit PV: int $0x82 and the x86_32 layout") {
        Run r;
        r.xen.arch = XSHIM_ARCH_X86_32;
        PvStart pv; // x86_32 start_info: magic at the same place
        xshim_start_info_x86_32 si32{};
        std::strncpy(si32.magic, "xen-3.0-x86_32p", sizeof si32.magic);
        xshim_handoff h{XSHIM_BOOT_PV, 0, &si32};
        REQUIRE(r.boot(h) == XSHIM_SELECTED);
        CHECK(std::string(r.v.selection.hypercall.adapter->name) == "pv32-int82");
        CHECK(r.v.selection.shared_info->arch == XSHIM_ARCH_X86_32);
        CHECK(contains(r.v.line, "(pv32)"));
    }
    SUBCASE("32-bit PVH on Intel: vmcall, x86_32 layout") {
        Run r;
        r.xen.arch = XSHIM_ARCH_X86_32;
        r.xen.vendor = "GenuineIntel";
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_SELECTED);
        CHECK(std::string(r.v.selection.hypercall.adapter->name) == "hvm32-vmcall");
        CHECK(r.v.selection.shared_info->arch == XSHIM_ARCH_X86_32);
    }
    SUBCASE("a build that cannot execute the transport refuses: no-transport") {
        Run r;
        r.xen.transports = 1u << XSHIM_TRANSPORT_SYSCALL; // a PV-only kernel build
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_NO_TRANSPORT);
        CHECK(contains(r.v.line, "[no-transport]"));
    }
}

TEST_CASE("CPUID scan") {
    SUBCASE("Xen behind Viridian: base 0x40000100") {
        Run r;
        r.xen.base = 0x40000100;
        r.xen.first_signature = "Microsoft Hv";
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.cpuid_base == 0x40000100);
        CHECK(contains(r.v.line, "cpuid=0x40000100:4.17"));
    }
    SUBCASE("a Xen signature without base+2 is not accepted") {
        Run r;
        r.xen.max_leaf_offset = 1;
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_NO_XEN);
    }
    SUBCASE("no Xen: names the signature it saw") {
        Run r;
        r.xen.signature = "TCGTCGTCGTCG";
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_NO_XEN);
        CHECK(contains(r.v.line, "REFUSED no Xen hypervisor (CPUID 0x40000000 \"TCGTCGTCGTCG\")"));
        CHECK(contains(r.v.line, "[no-xen]"));
        CHECK(r.xen.calls.empty()); // no hypercall was attempted
    }
    SUBCASE("a non-printable signature is sanitised in the line") {
        Run r;
        r.xen.signature = std::string("\x1b[2J\x01\x02garbage", 12);
        PvhStart pvh;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_REFUSED);
        CHECK(!contains(r.v.line, "\x1b"));
        CHECK(contains(r.v.line, "?[2J??garbag\""));
    }
}

TEST_CASE("refusals: one per reason, each naming both sides") {
    SUBCASE("NULL handoff") {
        Run r;
        xshim_platform p = r.xen.platform();
        REQUIRE(xshim_boot(nullptr, &r.policy, &p, &r.v) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_NO_HANDOFF);
        CHECK(contains(r.v.line, "[no-handoff]"));
    }
    SUBCASE("handoff with a NULL pointer or no protocol") {
        Run r;
        xshim_handoff h{XSHIM_BOOT_PV, 0, nullptr};
        CHECK(r.boot(h) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_NO_HANDOFF);
        PvStart pv;
        xshim_handoff none{XSHIM_BOOT_NONE, 0, &pv.si};
        CHECK(r.boot(none) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_NO_HANDOFF);
    }
    SUBCASE("garbage start_info magic") {
        Run r;
        PvStart pv("\x7f"
                   "ELF garbage");
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_BAD_START_INFO);
        CHECK(contains(r.v.line, "start_info magic \"?ELF garbage\" is malformed"));
    }
    SUBCASE("start_info magic without a terminator") {
        Run r;
        PvStart pv;
        std::memset(pv.si.magic, 'A', sizeof pv.si.magic);
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_BAD_START_INFO);
        CHECK(r.v.identity.start_magic_fact.status == XSHIM_FACT_MALFORMED);
    }
    SUBCASE("Xen 2.0 generation magic") {
        Run r;
        PvStart pv("xen-2.0-x86_32");
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_OLD_GENERATION);
        CHECK(contains(r.v.line, "predates 3.0"));
    }
    SUBCASE("PVH magic wrong") {
        Run r;
        PvhStart pvh;
        pvh.hsi.magic = 0xdeadbeef;
        REQUIRE(r.boot(pvh.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_BAD_HVM_START_INFO);
        CHECK(contains(r.v.line, "kernel needs magic 0x336ec578"));
    }
    SUBCASE("release 0 is a pre-3.0 answer") {
        Run r;
        r.xen.version_rc = r.xen.cpuid_version = 0;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_OLD_GENERATION);
        // The 3.0 magic is not what is old here: the line names the release that is.
        CHECK(contains(r.v.line, "interface generation 0.0 predates 3.0"));
        CHECK(!contains(r.v.line, "xen-3.0-x86_64\" predates"));
    }
    SUBCASE("release 0xffffffff: too new, or accepted on the open-ended layout") {
        Run r;
        r.xen.version_rc = static_cast<long>(0xffffffffu);
        r.xen.cpuid_version = 0xffffffff;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        if (sizeof(long) == 4) {
            // In a 32-bit long, 0xffffffff is -1: -EPERM. No verdict can tell them apart.
            CHECK(r.v.reason == XSHIM_REASON_HYPERCALL_FAILED);
            return;
        }
        CHECK(r.v.reason == XSHIM_REASON_TOO_NEW);
        CHECK(contains(r.v.line, "Xen 65535.65535"));
        r.policy.newer = XSHIM_NEWER_ACCEPT;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
    }
    SUBCASE("a release with the top bit set is a release, not an error, at both widths") {
        Run r;
        r.policy.newer = XSHIM_NEWER_ACCEPT;
        r.xen.version_rc = static_cast<long>(0x80000001u);
        r.xen.cpuid_version = 0x80000001u;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.release == 0x80000001u);
    }
    SUBCASE("XENVER and CPUID disagree") {
        Run r;
        r.xen.cpuid_version = XSHIM_RELEASE(4, 18);
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_RELEASE_MISMATCH);
        CHECK(contains(r.v.line, "XENVER_version says 4.17 but CPUID says 4.18"));
    }
    SUBCASE("xen_version answers -ENOSYS or -EPERM") {
        for (long rc : {long(XSHIM_S_ENOSYS), long(XSHIM_S_EPERM)}) {
            Run r;
            r.xen.version_rc = rc;
            PvStart pv;
            REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
            CHECK(r.v.reason == XSHIM_REASON_HYPERCALL_FAILED);
            CHECK(contains(r.v.line, rc == XSHIM_S_ENOSYS ? "answered -38 (absent)"
                                                          : "answered -1 (denied)"));
            CHECK(contains(r.v.line, "Xen 4.17 (CPUID)"));
        }
    }
    SUBCASE("too old") {
        Run r;
        r.policy = make_policy(XSHIM_RELEASE(99, 0), XSHIM_RELEASE(99, 0));
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_TOO_OLD);
        CHECK(contains(r.v.line,
                       "xshim: REFUSED Xen 4.17.7 (pv64): kernel needs Xen >= 99.0 [too-old]"));
    }
    SUBCASE("guest type not accepted") {
        Run r;
        r.policy.guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_PVH);
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_GUEST_TYPE);
        CHECK(contains(r.v.line, "kernel runs only as pvh64"));
    }
    SUBCASE("a required feature is missing, named") {
        Run r;
        r.policy.required_features[0] = 1u << 8; // hvm_callback_vector: clear in 0x000228e0
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_MISSING_FEATURE);
        CHECK(contains(r.v.line, "kernel needs feature hvm_callback_vector (XENFEAT bit 8)"));
    }
    SUBCASE("a required feature when XENVER_get_features failed") {
        Run r;
        r.xen.features_rc = XSHIM_S_EPERM;
        r.policy.required_features[0] = 1u << 5;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_MISSING_FEATURE);
        CHECK(contains(r.v.line, "(XENVER_get_features: denied)"));
    }
    SUBCASE("wanted but missing features are noted, not refused") {
        Run r;
        r.policy.wanted_features[0] = (1u << 8) | (1u << 5);
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.selection.wanted_missing[0] == (1u << 8));
        CHECK(contains(r.v.line, "wanted-missing=0x00000100"));
    }
    SUBCASE("no layout for the architecture and release (select() alone: Arm before 4.4)") {
        // x86 has layouts from 3.0 on, so only Arm's start at 4.4 leaves a gap a real identity
        // can fall into (test_fdt_select.cpp boots into it end to end).
        xshim_policy policy = make_policy(XSHIM_RELEASE(3, 0));
        policy.guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_ARM);
        for (uint32_t arch : {uint32_t{XSHIM_ARCH_ARM32}, uint32_t{XSHIM_ARCH_ARM64}}) {
            CAPTURE(arch);
            xshim_identity id{};
            id.guest_type = XSHIM_GUEST_ARM;
            id.arch = arch;
            id.release = XSHIM_RELEASE(4, 3);
            xshim_selection sel{};
            xshim_boot_info boot{};
            xshim_inconsistency odd{};
            CHECK(xshim::select(id, boot, &policy, &sel, &odd) == XSHIM_REASON_NO_LAYOUT);
            CHECK(sel.shared_info == nullptr);
            id.release = XSHIM_RELEASE(4, 4);
            CHECK(xshim::select(id, boot, &policy, &sel, &odd) == XSHIM_REASON_NONE);
            REQUIRE(sel.shared_info != nullptr);
            CHECK(sel.shared_info->size == 1088);
        }
    }
    SUBCASE("a malformed policy is the kernel's own mistake") {
        Run r;
        r.policy.size = 4;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_BAD_POLICY);
        CHECK(contains(r.v.line, "[bad-policy]"));
        CHECK(contains(r.v.line, "Xen 4.17.7 (pv64)")); // still names the hypervisor
        Run q;
        xshim_platform p = q.xen.platform();
        CHECK(xshim_boot(nullptr, nullptr, &p, &q.v) == XSHIM_REFUSED);
        CHECK(q.v.reason == XSHIM_REASON_BAD_POLICY);
        // A refusal must end the domain: suspend (2), soft_reset (5) or no such reason are not.
        for (uint32_t bad : {2u, 5u, 6u, 42u}) {
            CAPTURE(bad);
            Run b;
            b.policy.on_refusal = bad;
            REQUIRE(b.boot(pv.handoff()) == XSHIM_REFUSED);
            CHECK(b.v.reason == XSHIM_REASON_BAD_POLICY);
        }
        for (uint32_t good : {0u, 1u, 3u, 4u}) {
            CAPTURE(good);
            Run g;
            g.policy.on_refusal = good;
            CHECK(g.boot(pv.handoff()) == XSHIM_SELECTED);
        }
    }
    SUBCASE("no platform, no verdict buffer") {
        Run r;
        PvStart pv;
        xshim_handoff h = pv.handoff();
        CHECK(xshim_boot(&h, &r.policy, nullptr, &r.v) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_NO_TRANSPORT);
        // Nothing was asked: the line must not claim a hypervisor.
        CHECK(contains(r.v.line, "xshim: REFUSED unknown hypervisor (not probed)"));
        CHECK(xshim_boot(&h, &r.policy, nullptr, nullptr) == XSHIM_REFUSED);
    }
    SUBCASE("every reason has a name") {
        for (uint32_t reason = 0; reason < XSHIM_REASON_COUNT; ++reason)
            CHECK(std::string(xshim_reason_name(reason)) != "unknown");
        CHECK(std::string(xshim_reason_name(XSHIM_REASON_COUNT)) == "unknown");
    }
}

TEST_CASE("hostile xen_version strings") {
    SUBCASE("extraversion without a terminator keeps 16 bytes and says malformed") {
        Run r;
        std::memset(r.xen.extraversion, 'Z', 16);
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.extraversion_fact.status == XSHIM_FACT_MALFORMED);
        CHECK(std::string(r.v.identity.extraversion) == std::string(16, 'Z'));
        CHECK(contains(r.v.line, "extraversion=malformed"));
    }
    SUBCASE("\"<denied>\" is recognised, not printed as a version") {
        Run r;
        std::strcpy(r.xen.extraversion, "<denied>");
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.extraversion_fact.status == XSHIM_FACT_DENIED);
        CHECK(std::string(r.v.identity.extraversion).empty());
        CHECK((r.v.selection.notes & XSHIM_NOTE_EXTRAVERSION_DENIED) != 0);
        CHECK(contains(r.v.line, "extraversion=denied"));
    }
    SUBCASE("extraversion2 claiming more bytes than the buffer holds") {
        Run r;
        r.xen.extraversion2_rc = 5000;
        r.xen.extraversion2 = ".1";
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.extraversion_fact.status == XSHIM_FACT_MALFORMED);
        CHECK(std::strlen(r.v.identity.extraversion) < XSHIM_EXTRAVERSION_MAX);
    }
    SUBCASE("extraversion2 denied by XSM") {
        Run r;
        r.xen.extraversion2_rc = XSHIM_S_EPERM;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.extraversion_fact.status == XSHIM_FACT_DENIED);
    }
    SUBCASE("capabilities without a terminator are parsed within their 1024 bytes") {
        Run r;
        r.xen.capabilities_unterminated = true;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.capabilities_fact.status == XSHIM_FACT_MALFORMED);
        CHECK(r.v.identity.capabilities == 0);
        CHECK(r.v.identity.capabilities_unknown == 1);
    }
    SUBCASE("capabilities: unknown tokens are counted, known ones kept") {
        Run r;
        r.xen.capabilities = "  xen-3.0-x86_64   xen-9.9-riscv64 hvm-3.0-x86_64 ";
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.capabilities == (XSHIM_CAP_XEN_X86_64 | XSHIM_CAP_HVM_X86_64));
        CHECK(r.v.identity.capabilities_unknown == 1);
    }
    SUBCASE("capabilities denied") {
        Run r;
        r.xen.capabilities = "<denied>";
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.capabilities_fact.status == XSHIM_FACT_DENIED);
    }
    SUBCASE("FIFO probe that 'succeeds' is impossible and not believed") {
        Run r;
        r.xen.fifo_rc = 0;
        PvStart pv;
        REQUIRE(r.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(r.v.identity.evtchn_fifo_fact.status == XSHIM_FACT_MALFORMED);
        CHECK(r.v.selection.evtchn_abi == XSHIM_EVTCHN_2L);
    }
}
