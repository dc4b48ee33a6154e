// tests/unit/test_evidence.cpp: a refusal carries what proves it. The stage that decides stores
// both sides in verdict.evidence, and the line prints those numbers, not a second derivation.
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"

#include <doctest/doctest.h>

#include "shim/report/verdict_line.hpp"

#include <cstddef>

namespace {

struct Boot {
    FakeXen xen;
    xshim_policy policy = make_policy();
    xshim_verdict v{};

    uint32_t pv() {
        PvStart pv;
        xshim_handoff h = pv.handoff();
        xshim_platform p = xen.platform();
        return xshim_boot(&h, &policy, &p, &v);
    }
};

} // namespace

TEST_CASE("evidence: a selection carries none") {
    Boot b;
    REQUIRE(b.pv() == XSHIM_SELECTED);
    CHECK(b.v.evidence.kind == XSHIM_EVIDENCE_NONE);
    CHECK(b.v.evidence.seen == 0);
    CHECK(b.v.evidence.against == 0);
}

TEST_CASE("evidence: both sides of each refusal, as the deciding stage saw them") {
    Boot b;
    const xshim_evidence &e = b.v.evidence;
    SUBCASE("too-old: the release against the policy's min_release") {
        b.policy = make_policy(XSHIM_RELEASE(99, 0), XSHIM_RELEASE(99, 0));
        REQUIRE(b.pv() == XSHIM_REFUSED);
        CHECK(b.v.reason == XSHIM_REASON_TOO_OLD);
        CHECK(e.kind == XSHIM_EVIDENCE_BOUND);
        CHECK(e.seen == XSHIM_RELEASE(4, 17));
        CHECK(e.against == XSHIM_RELEASE(99, 0));
        CHECK(e.fact.source == XSHIM_SRC_XENVER);
    }
    SUBCASE("too-new: the release against max_tested_release") {
        b.xen.version_rc = XSHIM_RELEASE(4, 19);
        b.xen.cpuid_version = XSHIM_RELEASE(4, 19);
        REQUIRE(b.pv() == XSHIM_REFUSED);
        CHECK(b.v.reason == XSHIM_REASON_TOO_NEW);
        CHECK(e.kind == XSHIM_EVIDENCE_BOUND);
        CHECK(e.seen == XSHIM_RELEASE(4, 19));
        CHECK(e.against == XSHIM_RELEASE(4, 17));
    }
    SUBCASE("release-mismatch: CPUID's release against XENVER_version's") {
        b.xen.cpuid_version = XSHIM_RELEASE(4, 18);
        REQUIRE(b.pv() == XSHIM_REFUSED);
        CHECK(b.v.reason == XSHIM_REASON_RELEASE_MISMATCH);
        CHECK(e.kind == XSHIM_EVIDENCE_SOURCES);
        CHECK(e.fact.source == XSHIM_SRC_CPUID);
        CHECK(e.seen == XSHIM_RELEASE(4, 18));
        CHECK(e.against == XSHIM_RELEASE(4, 17));
    }
    SUBCASE("hypercall-failed: XENVER_version's status and error") {
        b.xen.version_rc = XSHIM_S_EPERM;
        REQUIRE(b.pv() == XSHIM_REFUSED);
        CHECK(b.v.reason == XSHIM_REASON_HYPERCALL_FAILED);
        CHECK(e.kind == XSHIM_EVIDENCE_FACT);
        CHECK(e.fact.source == XSHIM_SRC_XENVER);
        CHECK(e.fact.status == XSHIM_FACT_DENIED);
        CHECK(e.fact.error == XSHIM_S_EPERM);
    }
    SUBCASE("missing-feature: the bit, the submap read and the features fact") {
        b.policy.required_features[0] = 1u << 8; // hvm_callback_vector: not offered to PV
        REQUIRE(b.pv() == XSHIM_REFUSED);
        CHECK(b.v.reason == XSHIM_REASON_MISSING_FEATURE);
        CHECK(e.kind == XSHIM_EVIDENCE_FEATURE);
        CHECK(e.against == 8);
        CHECK(e.seen == b.xen.features[0]);
        CHECK(e.fact.status == XSHIM_FACT_OK);
    }
    SUBCASE("guest-type: the guest type against the accepted mask") {
        b.policy.guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_PVH);
        REQUIRE(b.pv() == XSHIM_REFUSED);
        CHECK(b.v.reason == XSHIM_REASON_GUEST_TYPE);
        CHECK(e.kind == XSHIM_EVIDENCE_GUEST_TYPE);
        CHECK(e.seen == XSHIM_GUEST_PV);
        CHECK(e.against == XSHIM_GUEST_MASK(XSHIM_GUEST_PVH));
    }
    SUBCASE("bad-policy: the first bad field, by offset, and its value") {
        b.policy.on_refusal = 2; // suspend would leave the toolstack waiting
        REQUIRE(b.pv() == XSHIM_REFUSED);
        CHECK(b.v.reason == XSHIM_REASON_BAD_POLICY);
        CHECK(e.kind == XSHIM_EVIDENCE_POLICY);
        CHECK(e.against == offsetof(xshim_policy, on_refusal));
        CHECK(e.seen == 2);
    }
    SUBCASE("no-xen: the CPUID signature fact") {
        b.xen.signature = "TCGTCGTCGTCG";
        REQUIRE(b.pv() == XSHIM_REFUSED);
        CHECK(b.v.reason == XSHIM_REASON_NO_XEN);
        CHECK(e.kind == XSHIM_EVIDENCE_FACT);
        CHECK(e.fact.source == XSHIM_SRC_CPUID);
    }
}

TEST_CASE("evidence: the line is printed from the evidence, not derived again") {
    // Too old, then the evidence says another bound: the line follows the evidence.
    Boot b;
    b.policy = make_policy(XSHIM_RELEASE(99, 0), XSHIM_RELEASE(99, 0));
    REQUIRE(b.pv() == XSHIM_REFUSED);
    CHECK(contains(b.v.line, "kernel needs Xen >= 99.0 [too-old]"));
    b.v.evidence.against = XSHIM_RELEASE(98, 1);
    b.v.line[0] = '\0';
    xshim_verdict again = b.v;
    xshim::format_verdict_line(&again);
    CHECK(contains(again.line, "kernel needs Xen >= 98.1 [too-old]"));
}
