// tests/unit/test_xenstore.cpp: the XenStore client over a fake xenstored on a real ring page:
// finding the store (PV start_info, PVH HVM params, dom0 without one), read and directory,
// the wire format of requests, wrap-around, and one check per kind of hostile reply.
#include "boot_fixtures.hpp"
#include "test_xenstore_fake.hpp"

#include <doctest/doctest.h>

#include "shim/xenstore/xenstore.hpp"

#include <abi/hvm.h>
#include <abi/xs_wire.h>

#include <string>

namespace {

// A client attached straight to the fake's ring (no boot), port 3.
struct Client {
    XsBed bed;
    xshim_platform p;
    xshim_hypercall hc;
    xshim_xs xs{};
    explicit Client(uint32_t start_index = 0) : bed(start_index) {
        p = bed.platform();
        hc = bed.port();
    }
    int32_t attach() { return xshim_xs_attach(&xs, bed.store.page, 3, &hc, &p); }
    FakeStore &store() { return bed.store; }

    // Read path as a std::string; rc out.
    std::string read(const char *path, int32_t *rc, uint32_t cap = 256) {
        std::string buf(cap, '\x7f');
        uint32_t len = 12345;
        *rc = xshim_xs_read(&xs, path, buf.data(), cap, &len);
        if (*rc != XSHIM_S_OK)
            return std::string();
        CHECK(len < cap);
        CHECK(buf[len] == '\0');
        return buf.substr(0, len);
    }

    std::vector<std::string> dir(const char *path, int32_t *rc, uint32_t cap = 512) {
        std::string buf(cap, '\x7f');
        uint32_t count = 12345;
        *rc = xshim_xs_directory(&xs, path, buf.data(), cap, &count);
        std::vector<std::string> names;
        if (*rc != XSHIM_S_OK) {
            CHECK(count == 0);
            return names;
        }
        size_t off = 0;
        for (uint32_t i = 0; i < count; ++i) {
            names.push_back(std::string(buf.c_str() + off));
            off += names.back().size() + 1;
        }
        return names;
    }
};

// Run the boot path first, as a kernel would.
struct Booted {
    XsBed bed;
    xshim_policy policy = make_policy();
    xshim_verdict v{};
    xshim_platform p;
    xshim_xs xs{};
    Booted() { p = bed.platform(); }
    uint32_t boot(const xshim_handoff &h) { return xshim_boot(&h, &policy, &p, &v); }
};

// Expect a protocol fault: the status now, XSHIM_S_XS_BROKEN for every later request.
void expect_retired(Client &c, int32_t rc, int32_t want) {
    CHECK(rc == want);
    CHECK(c.xs.fault == want);
    int32_t again = 0;
    c.read("device", &again);
    CHECK(again == XSHIM_S_XS_BROKEN);
}

} // namespace

TEST_CASE("PV domU: the store comes from start_info, mapped by frame") {
    Booted b;
    PvStart pv;
    pv.si.store_mfn = 0x12345;
    pv.si.store_evtchn = 7;
    REQUIRE(b.boot(pv.handoff()) == XSHIM_SELECTED);
    REQUIRE(xshim_xs_open(&b.xs, &b.v, &b.p) == XSHIM_S_OK);
    CHECK(b.xs.source == XSHIM_XS_SRC_START_INFO);
    CHECK(b.xs.frame == 0x12345);
    CHECK(b.xs.evtchn == 7);
    REQUIRE(b.bed.mapped.size() == 1);
    CHECK(b.bed.mapped[0] == 0x12345);
    CHECK(b.xs.spin_limit == XSHIM_XS_SPINS_DEFAULT);

    b.bed.store.set("/local/domain/1/name", "guest-pv");
    char out[32];
    uint32_t len = 0;
    REQUIRE(xshim_xs_read(&b.xs, "name", out, sizeof out, &len) == XSHIM_S_OK);
    CHECK(std::string(out, len) == "guest-pv");
    // The request was announced on the store's event channel.
    REQUIRE(!b.bed.evtchn_sends.empty());
    CHECK(b.bed.evtchn_sends.back() == 7);
}

TEST_CASE("PVH domU: the store comes from HVM_PARAM_STORE_PFN / STORE_EVTCHN") {
    Booted b;
    PvhStart pvh(1);
    REQUIRE(b.boot(pvh.handoff()) == XSHIM_SELECTED);
    REQUIRE(b.v.identity.guest_type == XSHIM_GUEST_PVH);
    b.v.selection.hypercall.fn = &XsBed::with_params;
    b.v.selection.hypercall.cookie = static_cast<FakeXen *>(&b.bed);

    SUBCASE("params present") {
        b.bed.param_store_pfn = 0xfeffc;
        b.bed.param_store_evtchn = 2;
        REQUIRE(xshim_xs_open(&b.xs, &b.v, &b.p) == XSHIM_S_OK);
        CHECK(b.xs.source == XSHIM_XS_SRC_HVM_PARAM);
        CHECK(b.xs.frame == 0xfeffc);
        CHECK(b.xs.evtchn == 2);
        REQUIRE(b.bed.mapped.size() == 1);
        CHECK(b.bed.mapped[0] == 0xfeffc);
    }
    SUBCASE("hvm_op refused: Xen's errno comes back, nothing is mapped") {
        b.bed.param_rc = XSHIM_S_EPERM;
        CHECK(xshim_xs_open(&b.xs, &b.v, &b.p) == XSHIM_S_EPERM);
        CHECK(b.bed.mapped.empty());
    }
    SUBCASE("PVH dom0 before xenstored: frame 0") {
        b.bed.param_store_evtchn = 2;
        CHECK(xshim_xs_open(&b.xs, &b.v, &b.p) == XSHIM_S_XS_NO_STORE);
        CHECK(b.bed.mapped.empty());
    }
}

TEST_CASE("dom0 before xenstored, and platforms that cannot map: specific statuses") {
    Booted b;
    PvStart pv;
    SUBCASE("PV dom0: start_info store_mfn and store_evtchn 0") {
        pv.si.flags = XSHIM_SIF_INITDOMAIN | XSHIM_SIF_PRIVILEGED;
        REQUIRE(b.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(xshim_xs_open(&b.xs, &b.v, &b.p) == XSHIM_S_XS_NO_STORE);
        CHECK(std::string(xshim_xs_status_name(XSHIM_S_XS_NO_STORE)) == "no-store");
        // The handle refuses work instead of touching a ring it does not have.
        char out[8];
        uint32_t len = 0;
        CHECK(xshim_xs_read(&b.xs, "name", out, sizeof out, &len) == XSHIM_S_XS_BROKEN);
    }
    SUBCASE("event channel 0 alone") {
        pv.si.store_mfn = 0x1000;
        REQUIRE(b.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(xshim_xs_open(&b.xs, &b.v, &b.p) == XSHIM_S_XS_NO_STORE);
    }
    SUBCASE("no map_frame") {
        pv.si.store_mfn = 0x1000;
        pv.si.store_evtchn = 1;
        b.bed.no_map = true;
        b.p = b.bed.platform();
        REQUIRE(b.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(xshim_xs_open(&b.xs, &b.v, &b.p) == XSHIM_S_XS_NO_MAP);
    }
    SUBCASE("map_frame fails") {
        pv.si.store_mfn = 0x1000;
        pv.si.store_evtchn = 1;
        b.bed.map_fails = true;
        REQUIRE(b.boot(pv.handoff()) == XSHIM_SELECTED);
        CHECK(xshim_xs_open(&b.xs, &b.v, &b.p) == XSHIM_S_XS_NO_MAP);
    }
    SUBCASE("a refused verdict has no store to open") {
        b.bed.version_rc = b.bed.cpuid_version = XSHIM_RELEASE(3, 4);
        REQUIRE(b.boot(pv.handoff()) == XSHIM_REFUSED);
        CHECK(xshim_xs_open(&b.xs, &b.v, &b.p) == XSHIM_S_EINVAL);
    }
}

TEST_CASE("read: the value, its length, a terminator xshim adds; the request on the wire") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.store().set("/local/domain/1/device/vbd/51712/backend",
                  "/local/domain/0/backend/vbd/1/51712");
    int32_t rc = 0;
    CHECK(c.read("device/vbd/51712/backend", &rc) == "/local/domain/0/backend/vbd/1/51712");
    CHECK(rc == XSHIM_S_OK);
    REQUIRE(c.store().requests.size() == 1);
    CHECK(c.store().requests[0].first == XSHIM_XS_READ);
    CHECK(c.store().requests[0].second == std::string("device/vbd/51712/backend") + '\0');
    CHECK(c.store().headers[0].tx_id == 0);
    CHECK(c.store().headers[0].len == sizeof "device/vbd/51712/backend");
    CHECK(c.bed.evtchn_sends == std::vector<uint32_t>{3});

    // Absolute paths too, and an empty value.
    c.store().set("/vm/empty", "");
    CHECK(c.read("/vm/empty", &rc) == "");
    CHECK(rc == XSHIM_S_OK);
    // Each request gets the next id.
    REQUIRE(c.store().headers.size() == 2);
    CHECK(c.store().headers[1].req_id == c.store().headers[0].req_id + 1);
    CHECK(c.xs.last_error[0] == '\0');
}

TEST_CASE("read: a value with NUL bytes keeps its length") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.store().set("/local/domain/1/bin", std::string("a\0b", 3));
    char out[8];
    uint32_t len = 0;
    REQUIRE(xshim_xs_read(&c.xs, "bin", out, sizeof out, &len) == XSHIM_S_OK);
    CHECK(len == 3);
    CHECK(std::string(out, 4) == std::string("a\0b\0", 4));
}

TEST_CASE("XS_ERROR names become Xen errnos; the handle stays usable") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.store().set("/local/domain/1/x", "1");
    int32_t rc = 0;
    c.read("nothing/here", &rc);
    CHECK(rc == XSHIM_S_ENOENT);
    CHECK(std::string(c.xs.last_error) == "ENOENT");
    CHECK(c.xs.fault == 0);
    CHECK(c.read("x", &rc) == "1");
    CHECK(rc == XSHIM_S_OK);
    CHECK(std::string(c.xs.last_error) == "");

    c.store().tamper = [](xshim_xsd_sockmsg &h, std::string &payload) {
        h.type = XSHIM_XS_ERROR;
        payload = std::string("EACCES") + '\0';
        h.len = static_cast<uint32_t>(payload.size());
    };
    c.read("x", &rc);
    CHECK(rc == -13);
    CHECK(std::string(xshim_xs_status_name(rc)) == "eacces");
    CHECK(std::string(c.xs.last_error) == "EACCES");
}

TEST_CASE("XS_ERROR payloads that break their format") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.store().set("/local/domain/1/x", "1");
    std::string err;
    c.store().tamper = [&err](xshim_xsd_sockmsg &h, std::string &payload) {
        h.type = XSHIM_XS_ERROR;
        payload = err;
        h.len = static_cast<uint32_t>(payload.size());
    };
    int32_t rc = 0;
    SUBCASE("a name xenstored does not have") {
        err = std::string("EWHAT") + '\0';
        c.read("x", &rc);
        CHECK(rc == XSHIM_S_XS_ERROR_UNKNOWN);
        CHECK(std::string(c.xs.last_error) == "EWHAT");
    }
    SUBCASE("no terminator") {
        err = "ENOENT";
        c.read("x", &rc);
        CHECK(rc == XSHIM_S_XS_MALFORMED);
    }
    SUBCASE("a NUL inside") {
        err = std::string("ENO\0ENT\0", 8);
        c.read("x", &rc);
        CHECK(rc == XSHIM_S_XS_MALFORMED);
    }
    SUBCASE("empty") {
        err = "";
        c.read("x", &rc);
        CHECK(rc == XSHIM_S_XS_MALFORMED);
    }
    SUBCASE("longer than any name") {
        err = std::string(200, 'E') + '\0';
        c.read("x", &rc);
        CHECK(rc == XSHIM_S_XS_MALFORMED);
    }
    // The reply was consumed whole: the next request is answered normally.
    CHECK(c.xs.fault == 0);
    c.store().tamper = nullptr;
    CHECK(c.read("x", &rc) == "1");
    CHECK(rc == XSHIM_S_OK);
}

TEST_CASE("read: a value longer than the caller's buffer is ENOBUFS, not truncated") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.store().set("/local/domain/1/long", std::string(40, 'v'));
    c.store().set("/local/domain/1/x", "1");
    char out[40];
    std::memset(out, 'z', sizeof out);
    uint32_t len = 0;
    CHECK(xshim_xs_read(&c.xs, "long", out, sizeof out, &len) == XSHIM_S_ENOBUFS);
    CHECK(len == 40);      // what a buffer would need, minus the terminator
    CHECK(out[0] == '\0'); // nothing half-copied is offered
    // Exactly 40 + 1 fits.
    char big[41];
    CHECK(xshim_xs_read(&c.xs, "long", big, sizeof big, &len) == XSHIM_S_OK);
    CHECK(len == 40);
    int32_t rc = 0;
    CHECK(c.read("x", &rc) == "1");
    CHECK(rc == XSHIM_S_OK);
}

TEST_CASE("directory: names, counts, and listings that break the format") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.store().set("/local/domain/0/backend/vif/1/0/feature-sg", "1");
    c.store().set("/local/domain/0/backend/vif/1/0/feature-rx-copy", "1");
    c.store().set("/local/domain/0/backend/vif/1/0/state", "2");
    c.store().set("/local/domain/0/backend/vif/1/0/leaf", "");
    int32_t rc = 0;
    auto names = c.dir("/local/domain/0/backend/vif/1/0", &rc);
    CHECK(rc == XSHIM_S_OK);
    CHECK(names == std::vector<std::string>{"feature-rx-copy", "feature-sg", "leaf", "state"});
    CHECK(c.store().requests.back().first == XSHIM_XS_DIRECTORY);
    CHECK(c.dir("/local/domain/0/backend/vif/1/0/leaf", &rc).empty());
    CHECK(rc == XSHIM_S_OK);
    c.dir("/local/domain/0/backend/vbd", &rc);
    CHECK(rc == XSHIM_S_ENOENT);

    std::string listing;
    c.store().tamper = [&listing](xshim_xsd_sockmsg &h, std::string &payload) {
        payload = listing;
        h.len = static_cast<uint32_t>(payload.size());
    };
    SUBCASE("an empty entry") {
        listing = std::string("a\0\0b\0", 5);
        c.dir("/local/domain/0", &rc);
        CHECK(rc == XSHIM_S_XS_MALFORMED);
    }
    SUBCASE("the last entry unterminated") {
        listing = std::string("a\0b", 3);
        c.dir("/local/domain/0", &rc);
        CHECK(rc == XSHIM_S_XS_MALFORMED);
    }
    SUBCASE("a name that is not one path component") {
        listing = std::string("a/b\0", 4);
        c.dir("/local/domain/0", &rc);
        CHECK(rc == XSHIM_S_XS_MALFORMED);
        listing = std::string("a\x01\0", 3);
        c.dir("/local/domain/0", &rc);
        CHECK(rc == XSHIM_S_XS_MALFORMED);
    }
    SUBCASE("longer than the buffer") {
        listing = std::string(100, 'n') + '\0';
        c.dir("/local/domain/0", &rc, 64);
        CHECK(rc == XSHIM_S_ENOBUFS);
    }
    CHECK(c.xs.fault == 0);
}

TEST_CASE("caller's paths are checked before anything is sent") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    const std::string too_long_rel(XSHIM_XS_REL_PATH_MAX + 1, 'a');
    const std::string too_long_abs = "/" + std::string(XSHIM_XS_ABS_PATH_MAX, 'a');
    const char *bad[] = {
        "", "a//b", "a/", "a b", "dev\xff", too_long_rel.c_str(), too_long_abs.c_str()};
    for (const char *path : bad) {
        int32_t rc = 0;
        c.read(path, &rc);
        CHECK(rc == XSHIM_S_EINVAL);
        c.dir(path, &rc);
        CHECK(rc == XSHIM_S_EINVAL);
    }
    char out[4];
    uint32_t len = 0;
    CHECK(xshim_xs_read(&c.xs, nullptr, out, sizeof out, &len) == XSHIM_S_EINVAL);
    CHECK(xshim_xs_read(&c.xs, "x", out, 0, &len) == XSHIM_S_EINVAL);
    CHECK(xshim_xs_read(&c.xs, "x", nullptr, 4, &len) == XSHIM_S_EINVAL);
    CHECK(c.store().requests.empty());
    CHECK(c.bed.evtchn_sends.empty());
    // The longest allowed relative path is sent.
    const std::string longest(XSHIM_XS_REL_PATH_MAX, 'a');
    int32_t rc = 0;
    c.read(longest.c_str(), &rc);
    CHECK(rc == XSHIM_S_ENOENT);
    REQUIRE(c.store().requests.size() == 1);
    CHECK(c.store().requests[0].second.size() == XSHIM_XS_REL_PATH_MAX + 1);
}

TEST_CASE("wrap-around: indexes past 2^32 and the ring's end, messages longer than the ring") {
    // 0xfffffd10: slot 0x110, and the 32-bit index wraps after 752 bytes.
    Client c(0xfffffd10u);
    REQUIRE(c.attach() == XSHIM_S_OK);
    const std::string dir = "/local/domain/1/" + std::string(1500, 'd'); // request > ring
    const std::string value(3000, 'v');                                  // reply > ring
    c.store().set(dir, value);
    for (int round = 0; round < 3; ++round) {
        int32_t rc = 0;
        CHECK(c.read(dir.c_str(), &rc, 4000) == value);
        CHECK(rc == XSHIM_S_OK);
    }
    c.store().set("/local/domain/1/x", "short");
    int32_t rc = 0;
    CHECK(c.read("x", &rc) == "short");
    CHECK(rc == XSHIM_S_OK);
    // All bytes went through: both streams moved past the 32-bit wrap.
    const auto &r = c.store().ring();
    CHECK(r.req_prod == c.xs.req_prod);
    CHECK(r.rsp_cons == c.xs.rsp_cons);
    CHECK(r.req_prod < 0x10000u);
    CHECK(r.rsp_cons < 0x10000u);
    REQUIRE(c.store().requests.size() == 4);
    CHECK(c.store().requests[0].second == dir.substr() + '\0');
}

TEST_CASE("a reply written a byte at a time is reassembled") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.store().chunk = 1;
    c.store().set("/local/domain/1/x", "slowly");
    int32_t rc = 0;
    CHECK(c.read("x", &rc) == "slowly");
    CHECK(rc == XSHIM_S_OK);
}

TEST_CASE("hostile replies: each gets its own status and retires the handle") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.store().set("/local/domain/1/x", "1");
    int32_t rc = 0;
    SUBCASE("rsp_prod more than a ring ahead") {
        c.store().on_step = [](FakeStore &s) { s.ring().rsp_prod = s.ring().rsp_cons + 1025; };
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_BAD_INDEX);
    }
    SUBCASE("rsp_prod behind rsp_cons") {
        c.store().on_step = [](FakeStore &s) {
            s.ring().rsp_prod = s.ring().rsp_cons - 1;
            s.dead = true;
        };
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_BAD_INDEX);
    }
    SUBCASE("the server moves our rsp_cons") {
        c.store().chunk = 8; // so the client comes back for more
        c.store().on_step = [](FakeStore &s) {
            if (!s.requests.empty())
                s.ring().rsp_cons += 4;
        };
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_BAD_INDEX);
    }
    SUBCASE("req_cons beyond what we produced") {
        c.store().dead = true;
        c.store().ring().req_cons = c.store().ring().req_prod + 8;
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_BAD_INDEX);
    }
    SUBCASE("len > XENSTORE_PAYLOAD_MAX") {
        c.store().tamper = [](xshim_xsd_sockmsg &h, std::string &) { h.len = 4097; };
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_TOO_LONG);
    }
    SUBCASE("req_id of another request") {
        c.store().tamper = [](xshim_xsd_sockmsg &h, std::string &) { h.req_id += 1; };
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_BAD_REQ_ID);
    }
    SUBCASE("tx_id of a transaction never started") {
        c.store().tamper = [](xshim_xsd_sockmsg &h, std::string &) { h.tx_id = 9; };
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_BAD_TX_ID);
    }
    SUBCASE("a DIRECTORY reply to a READ") {
        c.store().tamper = [](xshim_xsd_sockmsg &h, std::string &) { h.type = XSHIM_XS_DIRECTORY; };
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_BAD_TYPE);
    }
    SUBCASE("an endless stream of watch events") {
        c.store().events_before = xshim::xs::max_skipped_events + 1;
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_BAD_TYPE);
    }
    SUBCASE("the server flags a ring error (FEATURE_ERROR)") {
        c.store().on_step = [](FakeStore &s) {
            s.ring().server_features = XSHIM_XENSTORE_SERVER_FEATURE_ERROR;
            s.ring().error = XSHIM_XENSTORE_ERROR_RINGIDX;
            s.dead = true;
        };
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_RING_ERROR);
    }
    SUBCASE("a reconnect starts under our feet") {
        c.store().ring().server_features = XSHIM_XENSTORE_SERVER_FEATURE_RECONNECTION;
        c.store().ring().connection = XSHIM_XENSTORE_RECONNECT;
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_RECONNECTING);
        CHECK(c.store().requests.empty()); // nothing was written to a ring being reset
    }
    SUBCASE("the event channel cannot be notified") {
        c.bed.evtchn_rc = XSHIM_S_EINVAL;
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_XS_NOTIFY);
    }
}

TEST_CASE("a few leftover watch events are skipped") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.store().set("/local/domain/1/x", "1");
    c.store().events_before = 3;
    int32_t rc = 0;
    CHECK(c.read("x", &rc) == "1");
    CHECK(rc == XSHIM_S_OK);
    CHECK(c.read("x", &rc) == "1");
    CHECK(rc == XSHIM_S_OK);
}

TEST_CASE("a store that never answers: bounded, TIMEOUT, no hang") {
    Client c;
    REQUIRE(c.attach() == XSHIM_S_OK);
    c.xs.spin_limit = 1000;
    int32_t rc = 0;
    SUBCASE("takes the request, never replies") {
        c.store().deaf = true;
        c.read("x", &rc);
        CHECK(c.bed.relaxes == 1000);
        expect_retired(c, rc, XSHIM_S_TIMEOUT);
    }
    SUBCASE("never takes the request (ring full)") {
        c.store().dead = true;
        const std::string path(2000, 'p'); // more than the ring holds
        c.read(path.c_str(), &rc);
        CHECK(c.bed.relaxes == 1000);
        expect_retired(c, rc, XSHIM_S_TIMEOUT);
    }
    SUBCASE("stops half-way through a reply") {
        c.store().set("/local/domain/1/x", std::string(100, 'v'));
        c.store().tamper = [](xshim_xsd_sockmsg &h, std::string &) { h.len += 10; };
        c.read("x", &rc);
        expect_retired(c, rc, XSHIM_S_TIMEOUT);
    }
}

TEST_CASE("attach: ring states and indexes checked before use") {
    Client c;
    auto &r = c.store().ring();
    SUBCASE("reconnect in progress, finished by the server within the bound") {
        r.server_features = XSHIM_XENSTORE_SERVER_FEATURE_RECONNECTION;
        r.connection = XSHIM_XENSTORE_RECONNECT;
        c.store().on_step = [](FakeStore &s) {
            if (s.steps == 5) {
                s.ring().req_cons = s.ring().req_prod = s.ring().rsp_cons = s.ring().rsp_prod = 0;
                s.ring().connection = XSHIM_XENSTORE_CONNECTED;
            }
        };
        CHECK(c.attach() == XSHIM_S_OK);
        CHECK(c.bed.relaxes == 5);
        CHECK(c.xs.server_features == XSHIM_XENSTORE_SERVER_FEATURE_RECONNECTION);
    }
    SUBCASE("reconnect that never finishes") {
        r.server_features = XSHIM_XENSTORE_SERVER_FEATURE_RECONNECTION;
        r.connection = XSHIM_XENSTORE_RECONNECT;
        c.xs.spin_limit = 100;
        CHECK(c.attach() == XSHIM_S_XS_RECONNECTING);
        CHECK(c.bed.relaxes == 100);
        c.p.relax = nullptr; // no relax() at all: still bounded
        CHECK(c.attach() == XSHIM_S_XS_RECONNECTING);
    }
    SUBCASE("connection field without the RECONNECTION feature is not valid data") {
        r.connection = 0xdeadbeef;
        CHECK(c.attach() == XSHIM_S_OK);
    }
    SUBCASE("error field set with FEATURE_ERROR") {
        r.server_features = XSHIM_XENSTORE_SERVER_FEATURE_ERROR;
        r.error = XSHIM_XENSTORE_ERROR_PROTO;
        CHECK(c.attach() == XSHIM_S_XS_RING_ERROR);
    }
    SUBCASE("indexes that cannot be") {
        r.rsp_prod = r.rsp_cons + 2000;
        CHECK(c.attach() == XSHIM_S_XS_BAD_INDEX);
        int32_t rc = 0;
        c.read("x", &rc);
        CHECK(rc == XSHIM_S_XS_BROKEN);
    }
    SUBCASE("event channel 0") {
        CHECK(xshim_xs_attach(&c.xs, c.store().page, 0, &c.hc, &c.p) == XSHIM_S_XS_NO_STORE);
    }
    SUBCASE("NULL arguments") {
        CHECK(xshim_xs_attach(nullptr, c.store().page, 3, &c.hc, &c.p) == XSHIM_S_EINVAL);
        CHECK(xshim_xs_attach(&c.xs, nullptr, 3, &c.hc, &c.p) == XSHIM_S_EINVAL);
        CHECK(xshim_xs_attach(&c.xs, c.store().page, 3, nullptr, &c.p) == XSHIM_S_EINVAL);
        CHECK(xshim_xs_attach(&c.xs, c.store().page, 3, &c.hc, nullptr) == XSHIM_S_EINVAL);
    }
}

TEST_CASE("a handle that was never opened refuses instead of crashing") {
    xshim_xs xs{};
    char out[8];
    uint32_t len = 0, count = 0;
    CHECK(xshim_xs_read(&xs, "x", out, sizeof out, &len) == XSHIM_S_EINVAL);
    CHECK(xshim_xs_directory(&xs, "x", out, sizeof out, &count) == XSHIM_S_EINVAL);
}
