// tests/unit/test_xenbus.cpp: a block frontend's XenBus handshake over the fake xenstored, with a
// backend that behaves as Linux 6.1's blkback did on the test bed (TESTBED.md): InitWait with its
// features, then Connected with the disk's size once the frontend is Initialised. Then the
// backends that never move, close under the frontend, or lie about their state and identity.
#include "test_xenstore_fake.hpp"

#include <xshim_xenbus.h>

#include <doctest/doctest.h>

#include <abi/xenbus.h>

#include <string>

namespace {

const std::string kFront = "/local/domain/1/device/vbd/51712";
const std::string kBack = "/local/domain/0/backend/vbd/1/51712";

// A blkback stand-in, run in the fake's steps: it moves when the frontend does.
struct Backend {
    bool to_initwait = true;  // reaches InitWait on its own
    bool to_connected = true; // answers Initialised with Connected
    uint32_t delay = 3;       // steps before it reaches InitWait
    std::string sector_size = "512";
};

struct Bed {
    XsBed bed;
    xshim_platform p;
    xshim_hypercall hc;
    static xshim_xs xs;
    xshim_xenbus_dev dev{};
    Backend be;

    Bed() {
        FakeStore &s = bed.store;
        s.set(kFront + "/backend", kBack);
        s.set(kFront + "/backend-id", "0");
        s.set(kFront + "/state", "1");
        s.set(kFront + "/protocol", "x86_64-abi"); // libxl writes it (TESTBED.md)
        s.set(kBack + "/state", "1");
        s.set(kBack + "/frontend", kFront);
        s.on_step = [this](FakeStore &st) { backend_step(st); };
        p = bed.platform();
        hc = bed.port();
        xs = xshim_xs{};
        xs.spin_limit = 200;
        REQUIRE(xshim_xs_attach(&xs, s.page, 3, &hc, &p) == XSHIM_S_OK);
    }
    void set_state(FakeStore &s, const char *state) {
        s.set(kBack + "/state", state);
        s.changed(kBack + "/state");
        s.fire();
    }
    void backend_step(FakeStore &s) {
        const std::string st = s.nodes[kBack + "/state"];
        if (st == "1" && be.to_initwait && s.steps >= be.delay) {
            s.set(kBack + "/feature-max-indirect-segments", "256");
            s.set(kBack + "/multi-queue-max-queues", "1");
            s.set(kBack + "/max-ring-page-order", "4");
            set_state(s, "2");
        } else if (st == "2" && be.to_connected && s.nodes[kFront + "/state"] == "3") {
            s.set(kBack + "/sectors", "8192");
            s.set(kBack + "/sector-size", be.sector_size);
            s.set(kBack + "/info", "0");
            s.set(kBack + "/feature-flush-cache", "1");
            set_state(s, "4");
        }
    }
    std::string front(const char *node) { return bed.store.nodes[kFront + "/" + node]; }
};
xshim_xs Bed::xs;

} // namespace

TEST_CASE("xenbus: a block frontend connects to a blkback-like backend, feature by feature") {
    Bed b;
    REQUIRE(xshim_xenbus_open(&b.dev, &Bed::xs, "device/vbd/51712") == XSHIM_S_OK);
    CHECK(std::string(b.dev.backend) == kBack);
    CHECK(b.dev.backend_id == 0);
    CHECK(std::string(b.dev.token) == "device-vbd-51712");

    REQUIRE(xshim_xenbus_wait(&b.dev, 1u << XSHIM_XENBUS_InitWait) == XSHIM_S_OK);
    static xshim_xenbus_values vals;
    REQUIRE(xshim_xenbus_read(&b.dev, &xshim_neg_blkif, XSHIM_NEG_AT_INITWAIT, &vals) ==
            XSHIM_S_OK);
    xshim_neg_limit own[XSHIM_BLKIF_RULES];
    REQUIRE(xshim_blkif_frontend_defaults(XSHIM_ARCH_X86_64, own) == XSHIM_S_OK);
    static xshim_neg_result r;
    REQUIRE(xshim_negotiate(&xshim_neg_blkif, XSHIM_NEG_AT_INITWAIT, vals.values, own, &r) ==
            XSHIM_S_OK);
    REQUIRE(r.outcome == XSHIM_SELECTED);

    // Four ring pages: ring-ref0..3, then the event channel, all with state Initialised.
    const xshim_xenbus_node ring[] = {{"ring-ref0", 8},
                                      {"ring-ref1", 9},
                                      {"ring-ref2", 10},
                                      {"ring-ref3", 11},
                                      {"event-channel", 5}};
    REQUIRE(xshim_xenbus_publish(&b.dev, &r, ring, 5, XSHIM_XENBUS_Initialised) == XSHIM_S_OK);
    CHECK(b.front("ring-page-order") == "4");
    CHECK(b.front("protocol") == "x86_64-abi");
    CHECK(b.front("feature-persistent") == "1");
    CHECK(b.front("ring-ref3") == "11");
    CHECK(b.front("event-channel") == "5");
    CHECK(b.front("state") == "3");
    CHECK(b.bed.store.nodes.count(kFront + "/multi-queue-num-queues") == 0);

    REQUIRE(xshim_xenbus_wait(&b.dev, 1u << XSHIM_XENBUS_Connected) == XSHIM_S_OK);
    REQUIRE(xshim_xenbus_read(&b.dev, &xshim_neg_blkif, XSHIM_NEG_AT_CONNECTED, &vals) ==
            XSHIM_S_OK);
    static xshim_neg_result c;
    REQUIRE(xshim_negotiate(&xshim_neg_blkif, XSHIM_NEG_AT_CONNECTED, vals.values, own, &c) ==
            XSHIM_S_OK);
    REQUIRE(c.outcome == XSHIM_SELECTED);
    CHECK(c.decisions[XSHIM_BLKIF_SECTORS].used == 8192);
    REQUIRE(xshim_xenbus_set_state(&b.dev, 0, XSHIM_XENBUS_Connected) == XSHIM_S_OK);
    CHECK(b.front("state") == "4");
    CHECK(b.dev.state == XSHIM_XENBUS_Connected);
    REQUIRE(xshim_xenbus_close(&b.dev) == XSHIM_S_OK);
    CHECK(b.bed.store.watches.empty());
}

TEST_CASE("xenbus: a backend that never reaches InitWait ends in a bounded, named timeout") {
    Bed b;
    b.be.to_initwait = false;
    b.dev.rounds = 5;
    REQUIRE(xshim_xenbus_open(&b.dev, &Bed::xs, "device/vbd/51712") == XSHIM_S_OK);
    const uint64_t before = b.bed.relaxes;
    CHECK(xshim_xenbus_wait(&b.dev, 1u << XSHIM_XENBUS_InitWait) == XSHIM_S_TIMEOUT);
    CHECK(b.dev.backend_state == XSHIM_XENBUS_Initialising);
    CHECK(std::string(xshim_xenbus_state_name(b.dev.backend_state)) == "Initialising");
    // One spin_limit's worth of waiting for an event that never came, plus a round or two per
    // state read: bounded, not forever.
    CHECK(b.bed.relaxes - before >= Bed::xs.spin_limit);
    CHECK(b.bed.relaxes - before <= Bed::xs.spin_limit + 2 * (b.dev.rounds + 1));
    CHECK(Bed::xs.fault == XSHIM_S_OK); // the store handle is still usable
}

TEST_CASE("xenbus: a backend that closes while the frontend waits") {
    Bed b;
    b.be.to_connected = false;
    REQUIRE(xshim_xenbus_open(&b.dev, &Bed::xs, "device/vbd/51712") == XSHIM_S_OK);
    REQUIRE(xshim_xenbus_wait(&b.dev, 1u << XSHIM_XENBUS_InitWait) == XSHIM_S_OK);
    b.bed.store.on_step = [&b](FakeStore &s) { b.set_state(s, "5"); };
    CHECK(xshim_xenbus_wait(&b.dev, 1u << XSHIM_XENBUS_Connected) == XSHIM_S_XB_CLOSED);
    CHECK(b.dev.backend_state == XSHIM_XENBUS_Closing);
}

TEST_CASE("xenbus: hostile state, backend path and domain id are refused, never followed") {
    for (const char *state : {"9", "x", "-1", "", "44444444444"}) {
        CAPTURE(state);
        Bed b;
        b.be.to_initwait = false;
        b.bed.store.set(kBack + "/state", state);
        REQUIRE(xshim_xenbus_open(&b.dev, &Bed::xs, "device/vbd/51712") == XSHIM_S_OK);
        CHECK(xshim_xenbus_wait(&b.dev, 1u << XSHIM_XENBUS_InitWait) == XSHIM_S_XB_BAD_STATE);
    }
    struct Case {
        const char *node;
        std::string value;
        int32_t status;
    };
    const Case cases[] = {
        {"backend", "backend/vbd/1/51712", XSHIM_S_XS_BAD_BACKEND}, // not absolute
        {"backend", "/local/domain/0/backend//vbd", XSHIM_S_XS_BAD_BACKEND},
        {"backend", std::string("/local/domain/0\0/x", 17), XSHIM_S_XS_BAD_BACKEND},
        {"backend", "/" + std::string(300, 'a'), XSHIM_S_XS_BAD_BACKEND},
        {"backend-id", "32752", XSHIM_S_XS_MALFORMED}, // DOMID_SELF: not a domain
        {"backend-id", "0x0", XSHIM_S_XS_MALFORMED},
        {"backend-id", "99999999999999999", XSHIM_S_XS_MALFORMED},
    };
    for (const auto &k : cases) {
        CAPTURE(k.node);
        CAPTURE(k.value);
        Bed b;
        b.bed.store.set(kFront + "/" + k.node, k.value);
        CHECK(xshim_xenbus_open(&b.dev, &Bed::xs, "device/vbd/51712") == k.status);
    }
    Bed b;
    b.bed.store.nodes.erase(kFront + "/backend");
    CHECK(xshim_xenbus_open(&b.dev, &Bed::xs, "device/vbd/51712") == XSHIM_S_ENOENT);
    CHECK(xshim_xenbus_open(&b.dev, &Bed::xs, "/local/domain/1/device/vbd/51712") ==
          XSHIM_S_EINVAL);
}

TEST_CASE("xenbus: publishing retries a conflicting transaction, bounded, and not a refusal") {
    Bed b;
    REQUIRE(xshim_xenbus_open(&b.dev, &Bed::xs, "device/vbd/51712") == XSHIM_S_OK);
    static xshim_neg_result r;
    r = xshim_neg_result{};
    r.outcome = XSHIM_SELECTED;
    b.bed.store.tx_conflicts = 3;
    CHECK(xshim_xenbus_publish(&b.dev, &r, nullptr, 0, XSHIM_XENBUS_Initialised) == XSHIM_S_OK);
    CHECK(b.front("state") == "3");
    b.bed.store.tx_conflicts = 1000;
    CHECK(xshim_xenbus_publish(&b.dev, &r, nullptr, 0, XSHIM_XENBUS_Initialised) == -11);
    CHECK(b.bed.store.tx_conflicts == 1000 - XSHIM_XS_TX_RETRIES);
    r.outcome = XSHIM_REFUSED;
    const size_t sent = b.bed.store.requests.size();
    CHECK(xshim_xenbus_publish(&b.dev, &r, nullptr, 0, XSHIM_XENBUS_Initialised) ==
          XSHIM_S_XB_REFUSED);
    CHECK(b.bed.store.requests.size() == sent);
}

TEST_CASE("xenbus: an overlong backend value is read as malformed, and its first bytes are shown") {
    Bed b;
    b.be.to_initwait = false; // it would write its own values over these
    const std::string forty(40, '1');
    b.bed.store.set(kBack + "/max-ring-page-order", forty);
    b.bed.store.set(kBack + "/multi-queue-max-queues", std::string(200, '7'));
    REQUIRE(xshim_xenbus_open(&b.dev, &Bed::xs, "device/vbd/51712") == XSHIM_S_OK);
    static xshim_xenbus_values vals;
    REQUIRE(xshim_xenbus_read(&b.dev, &xshim_neg_blkif, XSHIM_NEG_AT_INITWAIT, &vals) ==
            XSHIM_S_OK);
    // 40 bytes: 33 kept (one more than any rule takes), the first 32 shown.
    const xshim_neg_value &order = vals.values[XSHIM_BLKIF_RING_PAGE_ORDER];
    CHECK(order.present == 1);
    CHECK(order.len == XSHIM_NEG_TEXT_MAX + 1);
    CHECK(std::string(order.text, XSHIM_NEG_TEXT_MAX) == forty.substr(0, XSHIM_NEG_TEXT_MAX));
    // 200 bytes: more than the read takes; named instead of shown.
    const xshim_neg_value &queues = vals.values[XSHIM_BLKIF_QUEUES];
    CHECK(queues.len == XSHIM_NEG_TEXT_MAX + 1);
    CHECK(std::string(queues.text) == "(more than 127 bytes, not read)");
    xshim_neg_limit own[XSHIM_BLKIF_RULES];
    REQUIRE(xshim_blkif_frontend_defaults(XSHIM_ARCH_X86_64, own) == XSHIM_S_OK);
    static xshim_neg_result r;
    REQUIRE(xshim_negotiate(&xshim_neg_blkif, XSHIM_NEG_AT_INITWAIT, vals.values, own, &r) ==
            XSHIM_S_OK);
    CHECK(r.decisions[XSHIM_BLKIF_RING_PAGE_ORDER].status == XSHIM_NEG_MALFORMED);
    CHECK(r.decisions[XSHIM_BLKIF_RING_PAGE_ORDER].used == 0);
    CHECK(r.decisions[XSHIM_BLKIF_QUEUES].status == XSHIM_NEG_MALFORMED);
    CHECK(r.decisions[XSHIM_BLKIF_QUEUES].used == 1);
    REQUIRE(xshim_xenbus_close(&b.dev) == XSHIM_S_OK);
}
