// tests/unit/test_front_ring.cpp: xshim's FrontRing against Xen's own io/ring.h macros on the
// blkif ring of this build's ABI: the same sizes for 1..16 pages, and, step by step through a
// session with a backend that asks for notifications at varying points, the same shared header,
// the same notify decisions and the same responses, from index 0 and across the 2^32 wrap.
// Then a backend that lies about rsp_prod.
#include "shim/runtime/front_ring.hpp"

#include <abi/blkif.h>

#include <doctest/doctest.h>

#include <cstring>
#include <vector>

// io/ring.h leaves the barriers to its user (xen_mb() is mb() for a guest that names no
// interface version, as this test does).
#define mb() __sync_synchronize()
#define rmb() __sync_synchronize()
#define wmb() __sync_synchronize()
#include <xen/io/blkif.h>

namespace {

#if UINTPTR_MAX > 0xffffffffu
using Req = xshim_blkif_request_x86_64;
using Rsp = xshim_blkif_response_x86_64;
#else
using Req = xshim_blkif_request_x86_32;
using Rsp = xshim_blkif_response_x86_32;
#endif
static_assert(sizeof(Req) == sizeof(blkif_request) && sizeof(Rsp) == sizeof(blkif_response));

constexpr size_t kPage = 4096;

// A backend working on a ring's raw header, identical for both rings: it consumes requests and
// answers each with a response carrying the request's id, then sets req_event as told.
void backend(void *page, uint32_t size, uint32_t *req_cons, uint32_t answer, uint32_t event) {
    auto *h = static_cast<xshim_sring_header *>(page);
    auto *entries = static_cast<unsigned char *>(page) + sizeof *h;
    const size_t entry = sizeof(Req) > sizeof(Rsp) ? sizeof(Req) : sizeof(Rsp);
    for (uint32_t i = 0; i < answer && *req_cons != h->req_prod; ++i, ++*req_cons) {
        Req rq;
        std::memcpy(&rq, entries + (*req_cons & (size - 1)) * entry, sizeof rq);
        Rsp rs{};
        rs.id = rq.id;
        rs.operation = rq.operation;
        rs.status = XSHIM_BLKIF_RSP_OKAY;
        std::memcpy(entries + (h->rsp_prod & (size - 1)) * entry, &rs, sizeof rs);
        ++h->rsp_prod;
    }
    h->req_event = event;
}

} // namespace

TEST_CASE("front ring: sizes are io/ring.h's for one to sixteen pages") {
    CHECK(xshim::ring_entries(kPage, xshim::FrontRing<Req, Rsp>::kEntry) ==
          __CONST_RING_SIZE(blkif, kPage));
    CHECK(xshim::ring_entries(2 * kPage, xshim::FrontRing<Req, Rsp>::kEntry) ==
          __CONST_RING_SIZE(blkif, 2 * kPage));
    CHECK(xshim::ring_entries(16 * kPage, xshim::FrontRing<Req, Rsp>::kEntry) ==
          __CONST_RING_SIZE(blkif, 16 * kPage));
    CHECK(xshim::ring_entries(kPage, xshim::FrontRing<Req, Rsp>::kEntry) == 32);
    CHECK(xshim::ring_entries(64, 112) == 0);
    CHECK(offsetof(blkif_sring, ring) == sizeof(xshim_sring_header));
    CHECK(offsetof(blkif_sring, req_event) == offsetof(xshim_sring_header, req_event));
    CHECK(offsetof(blkif_sring, rsp_event) == offsetof(xshim_sring_header, rsp_event));
}

TEST_CASE("front ring: a session step by step equals io/ring.h's FRONT_RING macros") {
    for (uint32_t start : {0u, 0xfffffff0u}) {
        CAPTURE(start);
        alignas(4096) static unsigned char a[2 * kPage], b[2 * kPage];
        std::memset(a, 0xa5, sizeof a);
        std::memset(b, 0xa5, sizeof b);

        // Xen's ring on a, xshim's on b, both two pages, indexes from `start`.
        auto *sa = reinterpret_cast<blkif_sring *>(a);
        SHARED_RING_INIT(sa);
        blkif_front_ring_t fa;
        FRONT_RING_INIT(&fa, sa, sizeof a);
        sa->req_prod = sa->rsp_prod = fa.req_prod_pvt = fa.rsp_cons = start;
        sa->req_event = sa->rsp_event = start + 1;
        xshim::FrontRing<Req, Rsp> fb;
        REQUIRE(fb.init(b, sizeof b, start) == XSHIM_S_OK);
        REQUIRE(fb.size() == RING_SIZE(&fa));

        uint32_t cons_a = start, cons_b = start, next_id = 1, notified = 0;
        // Per round: requests queued, responses the backend gives, and where it sets req_event
        // relative to the req_prod it has seen (io/ring.h's notify rule turns on the cases just
        // before, at and after it).
        const int32_t rounds[][3] = {{1, 0, 1},   {3, 2, 0},  {5, 5, -1}, {20, 1, 2}, {16, 30, 0},
                                     {64, 64, 5}, {7, 3, -2}, {0, 10, 1}, {2, 0, 0},  {1, 1, 1}};
        for (const auto &r : rounds) {
            for (int32_t i = 0; i < r[0]; ++i) {
                const bool full_a = RING_FULL(&fa);
                Req *q = fb.next_request();
                REQUIRE(full_a == (q == nullptr));
                if (full_a)
                    break;
                blkif_request *qa = RING_GET_REQUEST(&fa, fa.req_prod_pvt);
                std::memset(qa, 0, sizeof *qa);
                std::memset(q, 0, sizeof *q);
                qa->id = q->id = next_id++;
                qa->operation = q->operation = XSHIM_BLKIF_OP_READ;
                fa.req_prod_pvt++;
                fb.commit();
            }
            int notify_a = 0;
            RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&fa, notify_a);
            CHECK((notify_a != 0) == fb.push());
            notified += notify_a != 0 ? 1 : 0;
            const uint32_t event = sa->req_prod + static_cast<uint32_t>(r[2]);
            backend(a, RING_SIZE(&fa), &cons_a, static_cast<uint32_t>(r[1]), event);
            backend(b, fb.size(), &cons_b, static_cast<uint32_t>(r[1]), event);
            // Consume everything, then the final check, on both.
            for (;;) {
                int more_a = 0;
                RING_FINAL_CHECK_FOR_RESPONSES(&fa, more_a);
                const int more_b = fb.final_check();
                REQUIRE(more_b >= 0);
                REQUIRE((more_a != 0) == (more_b != 0));
                if (!more_a)
                    break;
                blkif_response *ra = RING_GET_RESPONSE(&fa, fa.rsp_cons);
                fa.rsp_cons++;
                Rsp rb;
                REQUIRE(fb.take_response(&rb) == 1);
                CHECK(rb.id == ra->id);
            }
            CHECK(std::memcmp(a, b, sizeof(xshim_sring_header)) == 0);
            CHECK(fb.req_prod_pvt() == fa.req_prod_pvt);
            CHECK(fb.rsp_cons() == fa.rsp_cons);
        }
        // Both outcomes occurred, so the comparison above tested the rule both ways.
        CHECK(notified > 0);
        CHECK(notified < sizeof rounds / sizeof rounds[0]);
    }
}

TEST_CASE("front ring: a backend claiming responses never asked for is a fault, not followed") {
    alignas(4096) static unsigned char page[kPage];
    xshim::FrontRing<Req, Rsp> f;
    REQUIRE(f.init(page, sizeof page) == XSHIM_S_OK);
    auto *h = reinterpret_cast<xshim_sring_header *>(page);
    Rsp r;
    CHECK(f.take_response(&r) == 0);
    h->rsp_prod = 1; // nothing was pushed
    CHECK(f.take_response(&r) == XSHIM_S_RANGE);
    CHECK(f.final_check() == XSHIM_S_RANGE);
    CHECK(f.rsp_cons() == 0);
    // One request out, the backend claims 2^31 answers.
    h->rsp_prod = 0;
    REQUIRE(f.next_request() != nullptr);
    f.commit();
    (void)f.push();
    h->rsp_prod = 0x80000000u;
    CHECK(f.take_response(&r) == XSHIM_S_RANGE);
    h->rsp_prod = 1;
    CHECK(f.take_response(&r) == 1);
    // A full ring hands out no slot.
    for (uint32_t i = 0; i < f.size(); ++i) {
        REQUIRE(f.next_request() != nullptr);
        f.commit();
    }
    CHECK(f.next_request() == nullptr);
    CHECK(f.free_requests() == 0);
    CHECK(f.init(page, 64) == XSHIM_S_EINVAL);
}
