// tests/unit/test_consistency.cpp: the consistency rules (shim/select/consistency.cpp). Each case
// starts from what a real Xen 4.17.7 answered (tests/corpus) and changes one fact; the verdict is a
// refusal where the policy requires what the inconsistency touches, a NOTE otherwise.
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"
#include "test_fdt_blobs.hpp"

#include <abi/features.h>

#include <doctest/doctest.h>

#include <string>

namespace {

constexpr uint32_t bit(uint32_t b) { return 1u << b; }

// A boot over one capture, with the boot structure its guest was handed.
struct Run {
    FakeXen xen;
    xshim_policy policy = guest_boot_policy();
    xshim_verdict v{};
    PvStart pv;
    PvhStart pvh;
    std::vector<uint8_t> dtb;
    std::string guest;

    explicit Run(const char *name = corpus::kDefault) : xen(corpus::read(name)) {
        const corpus::Capture &c = corpus::read(name);
        guest = c.text("guest");
        if (guest == "pv" && c.text("domain") == "dom0")
            pv.si.flags = XSHIM_SIF_PRIVILEGED | XSHIM_SIF_INITDOMAIN; // what Xen's builder sets
        if (guest == "pvh")
            pvh.hsi.version = c.text("domain") == "dom0" ? 0 : 1;
        if (guest == "arm") {
            dtb = fdt_test::load_fixture("xen-4.17-arm64-dom0.dtb");
            xen.capabilities = "xen-3.0-aarch64 xen-3.0-armv7l ";
        }
    }
    uint32_t boot() {
        xshim_platform p = xen.platform();
        xshim_handoff h = guest == "pvh"   ? pvh.handoff()
                          : guest == "arm" ? xshim_handoff{XSHIM_BOOT_FDT, 0, dtb.data()}
                                           : pv.handoff();
        return xshim_boot(&h, &policy, &p, &v);
    }
    bool noted(const char *words) const {
        return v.outcome == XSHIM_SELECTED && (v.selection.notes & XSHIM_NOTE_INCONSISTENT) &&
               contains(v.line, (std::string(" NOTE: inconsistent: ") + words).c_str());
    }
    bool refused(uint32_t rule, const char *words) const {
        return v.outcome == XSHIM_REFUSED && v.reason == XSHIM_REASON_INCONSISTENT &&
               v.evidence.kind == XSHIM_EVIDENCE_INCONSISTENT && v.evidence.seen == rule &&
               v.inconsistency.rule == rule && contains(v.line, words) &&
               contains(v.line, " [inconsistent]");
    }
};

} // namespace

TEST_CASE("consistency: no real Xen 4.17 boot in tests/corpus has an inconsistency") {
    for (const corpus::Capture *c : corpus::all()) {
        CAPTURE(c->name);
        Run r(c->name.c_str());
        REQUIRE(r.boot() == XSHIM_SELECTED);
        CHECK(r.v.inconsistency.rules == 0);
        CHECK(r.v.inconsistency.rule == XSHIM_RULE_NONE);
        CHECK((r.v.selection.notes & XSHIM_NOTE_INCONSISTENT) == 0);
        // The guest's own line, byte for byte, as the real guest printed it.
        const std::string image = r.guest == "pv" ? "pv64" : r.guest == "pvh" ? "pvh" : "arm64";
        for (const auto &[name, line] : c->verdicts())
            if (name == image)
                CHECK(std::string(r.v.line) == line);
    }
}

TEST_CASE("consistency: direct_mapped and not_direct_mapped together") {
    Run r; // PV dom0: direct_mapped (bit 17) set
    r.xen.features[0] |= bit(XSHIM_XENFEAT_not_direct_mapped);
    REQUIRE(r.boot() == XSHIM_SELECTED);
    CHECK(r.noted("XENVER_get_features says direct_mapped and not_direct_mapped"));
    CHECK(r.v.inconsistency.rules == bit(XSHIM_RULE_EXCLUSIVE_FEATURES));

    Run q;
    q.xen.features[0] |= bit(XSHIM_XENFEAT_not_direct_mapped);
    q.policy.required_features[0] = bit(XSHIM_XENFEAT_direct_mapped);
    REQUIRE(q.boot() == XSHIM_REFUSED);
    CHECK(q.refused(XSHIM_RULE_EXCLUSIVE_FEATURES,
                    ": XENVER_get_features says direct_mapped and not_direct_mapped; kernel "
                    "requires feature direct_mapped (XENFEAT bit 17) [inconsistent]"));
    CHECK(q.v.evidence.against == XSHIM_XENFEAT_direct_mapped);
    CHECK(q.v.evidence.fact.source == XSHIM_SRC_XENVER);
}

TEST_CASE("consistency: bits no known release defines never satisfy a requirement") {
    Run r("xen-4.17-x86_64-pvh-domU");
    r.xen.features[0] |= bit(25);
    REQUIRE(r.boot() == XSHIM_SELECTED);
    CHECK(r.noted("XENVER_get_features sets 0x02000000, unknown bits"));

    Run q("xen-4.17-x86_64-pvh-domU");
    q.xen.features[0] |= bit(25);
    q.policy.required_features[0] = bit(25);
    REQUIRE(q.boot() == XSHIM_REFUSED);
    CHECK(
        q.refused(XSHIM_RULE_UNKNOWN_FEATURES, "kernel requires feature unnamed (XENFEAT bit 25)"));

    Run s("xen-4.17-x86_64-pvh-domU"); // a second submap, which 4.17 does not have
    s.xen.features1_rc = 0;
    s.xen.features[1] = 1;
    REQUIRE(s.boot() == XSHIM_SELECTED);
    CHECK(s.noted("XENVER_get_features sets 0x00000001 in submap 1"));
}

TEST_CASE("consistency: a feature the reported release cannot have, with one release of slack") {
    Run near; // vcpu_time_phys_area is 4.18's: one release after 4.17 is not flagged
    near.xen.features[0] |= bit(XSHIM_XENFEAT_vcpu_time_phys_area);
    REQUIRE(near.boot() == XSHIM_SELECTED);
    CHECK(near.v.inconsistency.rules == 0);

    Run pv; // reported as 4.16: two releases before 4.18
    pv.xen.version_rc = pv.xen.cpuid_version = XSHIM_RELEASE(4, 16);
    pv.xen.features[0] |= bit(XSHIM_XENFEAT_vcpu_time_phys_area);
    REQUIRE(pv.boot() == XSHIM_SELECTED);
    CHECK(pv.noted("XENVER_get_features says vcpu_time_phys_area (4.18+) on 4.16"));

    Run need;
    need.xen.version_rc = need.xen.cpuid_version = XSHIM_RELEASE(4, 16);
    need.xen.features[0] |= bit(XSHIM_XENFEAT_vcpu_time_phys_area);
    need.policy.required_features[0] = bit(XSHIM_XENFEAT_vcpu_time_phys_area);
    REQUIRE(need.boot() == XSHIM_REFUSED);
    CHECK(need.refused(XSHIM_RULE_FEATURE_AFTER,
                       "kernel requires feature vcpu_time_phys_area (XENFEAT bit 19)"));
}

TEST_CASE("consistency: PV start_info says SIF_INITDOMAIN, XENFEAT_dom0 is clear") {
    Run r; // the PV dom0 capture, handed SIF_INITDOMAIN as Xen's builder does
    r.xen.features[0] &= ~bit(XSHIM_XENFEAT_dom0);
    REQUIRE(r.boot() == XSHIM_SELECTED);
    CHECK(r.noted("start_info says SIF_INITDOMAIN, XENVER_get_features no dom0"));
    CHECK(r.v.inconsistency.against == 0x000220e0);

    // The other direction is no rule: a late hardware domain has the bit without the flag.
    Run late;
    late.pv.si.flags = 0;
    REQUIRE(late.boot() == XSHIM_SELECTED);
    CHECK(late.v.inconsistency.rules == 0);

    // PVH says nothing about dom0 in hvm_start_info: no rule to break.
    Run pvh("xen-4.17-x86_64-pvh-dom0");
    pvh.xen.features[0] &= ~bit(XSHIM_XENFEAT_dom0);
    REQUIRE(pvh.boot() == XSHIM_SELECTED);
    CHECK(pvh.v.inconsistency.rules == 0);
}

TEST_CASE("consistency: grant-table sizes that cannot be") {
    for (auto [frames, max] : {std::pair{65u, 64u}, std::pair{0u, 0u}}) {
        CAPTURE(frames);
        Run r;
        r.xen.gnttab_frames = frames;
        r.xen.gnttab_max_frames = max;
        REQUIRE(r.boot() == XSHIM_SELECTED);
        CHECK(contains(r.v.line, " gnttab=malformed"));
        CHECK(r.noted("GNTTABOP_query_size says frames in use > max, or max 0"));

        Run q;
        q.xen.gnttab_frames = frames;
        q.xen.gnttab_max_frames = max;
        q.policy.flags |= XSHIM_POLICY_F_REFUSE_INCONSISTENT;
        REQUIRE(q.boot() == XSHIM_REFUSED);
        CHECK(q.refused(XSHIM_RULE_GNTTAB_SIZES, "; kernel refuses any inconsistency"));
        CHECK(q.v.evidence.against == XSHIM_EVIDENCE_NO_POLICY);
        CHECK(q.v.evidence.fact.status == XSHIM_FACT_MALFORMED);
    }
}

TEST_CASE("consistency: an event-channel probe that cannot succeed") {
    Run r;
    r.xen.fifo_rc = 0;
    REQUIRE(r.boot() == XSHIM_SELECTED);
    CHECK(r.noted("EVTCHNOP_init_control accepted vCPU 0xffffffff"));
    CHECK(contains(r.v.line, " evtchn=2l"));
}

TEST_CASE("consistency: XENVER_get_features answering 0xffffffff on a 4.22") {
    auto all_ones = [](Run &r) {
        r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(4, 22);
        r.xen.features[0] = 0xffffffffu;
    };
    Run noted;
    all_ones(noted);
    REQUIRE(noted.boot() == XSHIM_SELECTED);
    CHECK(noted.noted("XENVER_get_features says direct_mapped and not_direct_mapped (+1 more)"));
    CHECK(noted.v.inconsistency.rules ==
          (bit(XSHIM_RULE_EXCLUSIVE_FEATURES) | bit(XSHIM_RULE_UNKNOWN_FEATURES)));
    CHECK(contains(noted.v.line, " NOTE: newer than tested (4.17)"));
    CHECK(std::string(noted.v.line).size() < XSHIM_LINE_MAX - 1);

    Run needs; // a required feature the lie would have satisfied: nothing in it is believed
    all_ones(needs);
    needs.policy.required_features[0] = bit(XSHIM_XENFEAT_hvm_callback_vector);
    REQUIRE(needs.boot() == XSHIM_REFUSED);
    CHECK(std::string(needs.v.line) ==
          "xshim: REFUSED Xen 4.22.7 (pv64): XENVER_get_features says direct_mapped and "
          "not_direct_mapped; kernel requires feature hvm_callback_vector (XENFEAT bit 8) "
          "[inconsistent]");

    Run direct;
    all_ones(direct);
    direct.policy.required_features[0] = bit(XSHIM_XENFEAT_not_direct_mapped);
    REQUIRE(direct.boot() == XSHIM_REFUSED);
    CHECK(std::string(direct.v.line) ==
          "xshim: REFUSED Xen 4.22.7 (pv64): XENVER_get_features says direct_mapped and "
          "not_direct_mapped; kernel requires feature not_direct_mapped (XENFEAT bit 16) "
          "[inconsistent]");

    Run strict;
    all_ones(strict);
    strict.policy.flags |= XSHIM_POLICY_F_REFUSE_INCONSISTENT;
    REQUIRE(strict.boot() == XSHIM_REFUSED);
    CHECK(strict.refused(XSHIM_RULE_EXCLUSIVE_FEATURES, "; kernel refuses any inconsistency"));
}
