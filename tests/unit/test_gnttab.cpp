// tests/unit/test_gnttab.cpp: the grant-table probe (GNTTABOP_query_size). Its answer is a fact
// the verdict reports, never a reason to refuse: a kernel sizes its grant table from it.
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"

#include <doctest/doctest.h>

namespace {

struct Run {
    FakeXen xen;
    xshim_policy policy = make_policy();
    xshim_verdict v{};
    uint32_t boot() {
        xshim_platform p = xen.platform();
        PvStart pv;
        xshim_handoff h = pv.handoff();
        return xshim_boot(&h, &policy, &p, &v);
    }
};

} // namespace

TEST_CASE("gnttab: the frames Xen reports reach the identity and the verdict line") {
    // 64 is 4.17's default; 8 is what gnttab_max_frames=8 gives; 1024 a generous operator.
    for (uint32_t max : {64u, 8u, 1024u}) {
        CAPTURE(max);
        Run r;
        r.xen.gnttab_frames = 1;
        r.xen.gnttab_max_frames = max;
        REQUIRE(r.boot() == XSHIM_SELECTED);
        CHECK(r.v.identity.gnttab_fact.status == XSHIM_FACT_OK);
        CHECK(r.v.identity.gnttab_fact.source == XSHIM_SRC_PROBE);
        CHECK(r.v.identity.gnttab_frames == 1);
        CHECK(r.v.identity.gnttab_max_frames == max);
        CHECK(contains(r.v.line, (" gnttab=1/" + std::to_string(max)).c_str()));
    }
}

TEST_CASE("gnttab: failures are facts, not refusals") {
    struct Case {
        const char *name;
        long rc;
        int16_t status;
        uint32_t frames, max;
        uint8_t fact;
        const char *shown;
    };
    const Case cases[] = {
        {"-ENOSYS (no grant tables)", XSHIM_S_ENOSYS, XSHIM_GNTST_okay, 1, 64, XSHIM_FACT_ABSENT,
         " gnttab=absent"},
        {"-EPERM", XSHIM_S_EPERM, XSHIM_GNTST_okay, 1, 64, XSHIM_FACT_DENIED, " gnttab=denied"},
        {"GNTST_permission_denied", 0, XSHIM_GNTST_permission_denied, 1, 64, XSHIM_FACT_DENIED,
         " gnttab=denied"},
        {"GNTST_bad_domain", 0, XSHIM_GNTST_bad_domain, 1, 64, XSHIM_FACT_ERROR, " gnttab=error"},
        {"more frames in use than allowed", 0, XSHIM_GNTST_okay, 65, 64, XSHIM_FACT_MALFORMED,
         " gnttab=malformed"},
        {"a maximum of zero", 0, XSHIM_GNTST_okay, 0, 0, XSHIM_FACT_MALFORMED, " gnttab=malformed"},
    };
    for (const Case &c : cases) {
        CAPTURE(c.name);
        Run r;
        r.xen.gnttab_rc = c.rc;
        r.xen.gnttab_status = c.status;
        r.xen.gnttab_frames = c.frames;
        r.xen.gnttab_max_frames = c.max;
        REQUIRE(r.boot() == XSHIM_SELECTED);
        CHECK(r.v.identity.gnttab_fact.status == c.fact);
        CHECK(r.v.identity.gnttab_max_frames == 0); // nothing half-believed
        CHECK(contains(r.v.line, c.shown));
    }
}
