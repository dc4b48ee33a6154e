// tests/unit/test_xenstore_write.cpp: the XenStore requests a frontend needs beyond reads: write,
// mkdir, rm, transactions (with the bounded retry on EAGAIN a caller does), watches and their
// events interleaved with replies on the one ring; then hostile events. Over the same fake
// xenstored as test_xenstore.cpp (tests/unit/test_xenstore_fake.hpp).
#include "test_xenstore_fake.hpp"

#include <doctest/doctest.h>

#include <abi/xs_wire.h>

#include <string>

namespace {

struct Client {
    XsBed bed;
    xshim_platform p;
    xshim_hypercall hc;
    static xshim_xs xs; // ~7 KiB: static, as a kernel would keep it
    Client() {
        p = bed.platform();
        hc = bed.port();
        xs = xshim_xs{};
        xs.spin_limit = 1000;
        REQUIRE(xshim_xs_attach(&xs, bed.store.page, 3, &hc, &p) == XSHIM_S_OK);
    }
    FakeStore &store() { return bed.store; }
    int32_t write(uint32_t tx, const char *path, const std::string &v) {
        return xshim_xs_write(&xs, tx, path, v.data(), static_cast<uint32_t>(v.size()));
    }
    std::string event(int32_t *rc) {
        xshim_xs_event e;
        *rc = xshim_xs_next_event(&xs, &e);
        return *rc == XSHIM_S_OK ? std::string(e.path) + "|" + e.token : std::string();
    }
};
xshim_xs Client::xs;

} // namespace

TEST_CASE("xenstore: write, mkdir and rm change the store, on the wire as xs_wire.h says") {
    Client c;
    REQUIRE(c.write(0, "device/vbd/51712/ring-page-order", "4") == XSHIM_S_OK);
    CHECK(c.store().nodes.at("/local/domain/1/device/vbd/51712/ring-page-order") == "4");
    // The value goes without a terminator; the path with one.
    CHECK(c.store().requests.back().first == XSHIM_XS_WRITE);
    CHECK(c.store().requests.back().second == std::string("device/vbd/51712/ring-page-order\0"
                                                          "4",
                                                          34));
    // A value may be empty, and may hold any bytes.
    REQUIRE(c.write(0, "/local/domain/1/data/x", std::string("a\0b", 3)) == XSHIM_S_OK);
    CHECK(c.store().nodes.at("/local/domain/1/data/x") == std::string("a\0b", 3));
    REQUIRE(c.write(0, "data/empty", "") == XSHIM_S_OK);
    CHECK(c.store().nodes.at("/local/domain/1/data/empty").empty());

    REQUIRE(xshim_xs_mkdir(&Client::xs, 0, "data/dir") == XSHIM_S_OK);
    CHECK(c.store().nodes.count("/local/domain/1/data/dir") == 1);
    REQUIRE(xshim_xs_rm(&Client::xs, 0, "data") == XSHIM_S_OK);
    CHECK(c.store().nodes.count("/local/domain/1/data/x") == 0);
    CHECK(xshim_xs_rm(&Client::xs, 0, "data") == XSHIM_S_ENOENT);
    CHECK(std::string(Client::xs.last_error) == "ENOENT");

    // Bad arguments are refused before anything is sent.
    const size_t sent = c.store().requests.size();
    CHECK(c.write(0, "bad path", "1") == XSHIM_S_EINVAL);
    CHECK(c.write(0, "a//b", "1") == XSHIM_S_EINVAL);
    CHECK(xshim_xs_write(&Client::xs, 0, "a", nullptr, 1) == XSHIM_S_EINVAL);
    CHECK(c.write(0, "a", std::string(4096, 'x')) == XSHIM_S_EINVAL); // past the payload
    CHECK(xshim_xs_mkdir(&Client::xs, 0, "") == XSHIM_S_EINVAL);
    CHECK(c.store().requests.size() == sent);
}

TEST_CASE("xenstore: a transaction commits its writes at once, and EAGAIN means start again") {
    Client c;
    uint32_t tx = 0;
    REQUIRE(xshim_xs_transaction_start(&Client::xs, &tx) == XSHIM_S_OK);
    CHECK(tx == 7);
    REQUIRE(c.write(tx, "device/vbd/51712/ring-ref", "8") == XSHIM_S_OK);
    REQUIRE(c.write(tx, "device/vbd/51712/event-channel", "5") == XSHIM_S_OK);
    CHECK(c.store().headers.back().tx_id == tx);
    CHECK(c.store().nodes.count("/local/domain/1/device/vbd/51712/ring-ref") == 0); // staged
    REQUIRE(xshim_xs_transaction_end(&Client::xs, tx, 1) == XSHIM_S_OK);
    CHECK(c.store().nodes.at("/local/domain/1/device/vbd/51712/ring-ref") == "8");
    CHECK(c.store().requests.back().second == std::string("T\0", 2));

    // Two conflicts, then success: the caller's bounded loop (XSHIM_XS_TX_RETRIES).
    c.store().tx_conflicts = 2;
    int attempts = 0;
    int32_t rc = XSHIM_S_EINVAL;
    for (; attempts < XSHIM_XS_TX_RETRIES; ++attempts) {
        REQUIRE(xshim_xs_transaction_start(&Client::xs, &tx) == XSHIM_S_OK);
        REQUIRE(c.write(tx, "device/vbd/51712/state", "3") == XSHIM_S_OK);
        rc = xshim_xs_transaction_end(&Client::xs, tx, 1);
        if (rc != -11) // -EAGAIN
            break;
    }
    CHECK(rc == XSHIM_S_OK);
    CHECK(attempts == 2);
    CHECK(c.store().nodes.at("/local/domain/1/device/vbd/51712/state") == "3");

    // An abort writes nothing.
    REQUIRE(xshim_xs_transaction_start(&Client::xs, &tx) == XSHIM_S_OK);
    REQUIRE(c.write(tx, "device/vbd/51712/state", "6") == XSHIM_S_OK);
    REQUIRE(xshim_xs_transaction_end(&Client::xs, tx, 0) == XSHIM_S_OK);
    CHECK(c.store().nodes.at("/local/domain/1/device/vbd/51712/state") == "3");
    CHECK(xshim_xs_transaction_end(&Client::xs, 0, 1) == XSHIM_S_EINVAL);
}

TEST_CASE("xenstore: a transaction id that cannot be is refused") {
    const char *answers[] = {"0", "", "12x", "99999999999"};
    for (const char *a : answers) {
        CAPTURE(a);
        Client c;
        std::string answer = std::string(a) + '\0';
        c.store().tamper = [answer](xshim_xsd_sockmsg &h, std::string &payload) {
            if (h.type == XSHIM_XS_TRANSACTION_START) {
                payload = answer;
                h.len = static_cast<uint32_t>(payload.size());
            }
        };
        uint32_t tx = 42;
        CHECK(xshim_xs_transaction_start(&Client::xs, &tx) == XSHIM_S_XS_MALFORMED);
        CHECK(tx == 0);
    }
}

TEST_CASE("xenstore: watches fire on registering and on each change, between replies") {
    Client c;
    int32_t rc = 0;
    REQUIRE(xshim_xs_watch(&Client::xs, "/local/domain/0/backend/vbd/1/51712/state", "be") ==
            XSHIM_S_OK);
    CHECK(c.event(&rc) == "/local/domain/0/backend/vbd/1/51712/state|be");
    // Nothing more: a bounded wait, then a timeout that leaves the handle usable.
    CHECK(c.event(&rc).empty());
    CHECK(rc == XSHIM_S_TIMEOUT);
    CHECK(Client::xs.fault == XSHIM_S_OK);

    // The backend moves while the frontend writes: the event comes in the middle of our
    // request's traffic and is queued, not lost.
    REQUIRE(xshim_xs_watch(&Client::xs, "device/vbd/51712", "fe") == XSHIM_S_OK);
    c.store().watch_events_first = true;
    REQUIRE(c.write(0, "device/vbd/51712/state", "1") == XSHIM_S_OK);
    CHECK(c.event(&rc) == "device/vbd/51712|fe");       // the registration's own event
    CHECK(c.event(&rc) == "device/vbd/51712/state|fe"); // the write's
    c.store().set("/local/domain/0/backend/vbd/1/51712/state", "2");
    c.store().changed("/local/domain/0/backend/vbd/1/51712/state");
    c.store().fire();
    CHECK(c.event(&rc) == "/local/domain/0/backend/vbd/1/51712/state|be");

    REQUIRE(xshim_xs_unwatch(&Client::xs, "device/vbd/51712", "fe") == XSHIM_S_OK);
    REQUIRE(c.write(0, "device/vbd/51712/state", "4") == XSHIM_S_OK);
    CHECK(c.event(&rc).empty());
    CHECK(rc == XSHIM_S_TIMEOUT);
    CHECK(xshim_xs_unwatch(&Client::xs, "device/vbd/51712", "fe") == XSHIM_S_ENOENT);
    CHECK(xshim_xs_watch(&Client::xs, "device", "") == XSHIM_S_EINVAL);
    CHECK(xshim_xs_watch(&Client::xs, "device", "bad token") == XSHIM_S_EINVAL);
}

TEST_CASE("xenstore: more events than the queue holds are counted, hostile ones dropped") {
    Client c;
    int32_t rc = 0;
    // Twelve events arrive before one reply: eight are kept, four counted as dropped.
    c.store().events_before = 12;
    REQUIRE(c.write(0, "x", "1") == XSHIM_S_OK);
    CHECK(Client::xs.events_count == XSHIM_XS_EVENTS_MAX);
    CHECK(Client::xs.events_dropped == 4);
    for (int i = 0; i < XSHIM_XS_EVENTS_MAX; ++i)
        CHECK(c.event(&rc) == "device|tok");
    c.store().events_before = 0;

    // Events that break their format, read while no request waits: consumed whole, named.
    struct Case {
        const char *name;
        std::string payload;
        int32_t status;
    };
    const Case cases[] = {
        {"no terminator", std::string("device"), XSHIM_S_XS_MALFORMED},
        {"no token", std::string("device\0", 7), XSHIM_S_XS_MALFORMED},
        {"bytes after the token", std::string("device\0t\0x", 10), XSHIM_S_XS_MALFORMED},
        {"not a path", std::string("dev ice\0t\0", 10), XSHIM_S_XS_MALFORMED},
        {"a path longer than kept", std::string(300, 'a') + std::string("\0t\0", 3),
         XSHIM_S_ENOBUFS},
    };
    for (const auto &k : cases) {
        CAPTURE(k.name);
        c.store().queue(XSHIM_XS_WATCH_EVENT, 0, 0, k.payload);
        CHECK(c.event(&rc).empty());
        CHECK(rc == k.status);
        CHECK(Client::xs.fault == XSHIM_S_OK);
    }
    // A reply nobody asked for, where only an event can come: the ring is out of step.
    c.store().queue(XSHIM_XS_READ, 5, 0, "x");
    CHECK(c.event(&rc).empty());
    CHECK(rc == XSHIM_S_XS_BAD_TYPE);
    CHECK(Client::xs.fault == XSHIM_S_XS_BAD_TYPE);
}
