// tests/unit/test_negotiate.cpp: xshim_negotiate() over the block class, fed with the nodes the
// test bed's real backends wrote (TESTBED.md, "QEMU's Xen backends in the dom0": Linux 6.1
// blkback and QEMU 7.2's qdisk under Xen 4.17, at InitWait), then older and hostile backends.
#include <xshim_negotiate.h>

#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <string>

namespace {

using Nodes = std::map<std::string, std::string>;

// What blkback and qdisk had written when they reached InitWait (TESTBED.md), plus the protocol
// node libxl writes in the frontend's directory.
const Nodes kBlkback = {{"feature-max-indirect-segments", "256"},
                        {"multi-queue-max-queues", "1"},
                        {"max-ring-page-order", "4"},
                        {"protocol", "x86_64-abi"}};
const Nodes kQdisk = {{"feature-discard", "1"},     {"discard-granularity", "512"},
                      {"discard-alignment", "0"},   {"feature-flush-cache", "1"},
                      {"max-ring-page-order", "4"}, {"info", "0"},
                      {"sector-size", "512"},       {"sectors", "8192"},
                      {"protocol", "x86_64-abi"}};

constexpr uint32_t kConn = XSHIM_NEG_AT_CONNECTED;

struct Negotiation {
    const xshim_neg_class &cls = xshim_neg_blkif;
    xshim_neg_limit own[XSHIM_BLKIF_RULES]{};
    xshim_neg_result result{};
    Nodes nodes;

    explicit Negotiation(Nodes n, uint32_t arch = XSHIM_ARCH_X86_64) : nodes(std::move(n)) {
        REQUIRE(xshim_blkif_frontend_defaults(arch, own) == XSHIM_S_OK);
    }
    // Each rule's node as a XenStore read would give it: bytes without a terminator, or absent.
    uint32_t run(uint32_t phase = XSHIM_NEG_AT_INITWAIT) {
        xshim_neg_value values[XSHIM_BLKIF_RULES]{};
        for (uint32_t i = 0; i < cls.count; ++i) {
            if (cls.rules[i].backend_node == nullptr)
                continue; // the frontend announces: nothing read
            auto it = nodes.find(cls.rules[i].backend_node);
            if (it != nodes.end())
                values[i] = {1, static_cast<uint32_t>(it->second.size()), it->second.data()};
        }
        REQUIRE(xshim_negotiate(&cls, phase, values, own, &result) == XSHIM_S_OK);
        return result.outcome;
    }
    const xshim_neg_decision &d(uint32_t rule) const { return result.decisions[rule]; }
    std::map<std::string, std::string> writes() const {
        std::map<std::string, std::string> w;
        for (uint32_t i = 0; i < result.nwrites; ++i)
            w[result.writes[i].node] = result.writes[i].text != nullptr
                                           ? result.writes[i].text
                                           : std::to_string(result.writes[i].value);
        return w;
    }
    std::string line(const char *dev = "51712") const {
        char buf[512];
        uint32_t n = xshim_neg_format(&cls, dev, &result, buf, sizeof buf);
        CHECK(n == std::strlen(buf));
        return buf;
    }
};

} // namespace

TEST_CASE("negotiate: blkback's InitWait nodes give a four-page ring and indirect segments") {
    Negotiation n(kBlkback);
    REQUIRE(n.run() == XSHIM_SELECTED);
    CHECK(n.d(XSHIM_BLKIF_RING_PAGE_ORDER).used == 4);
    CHECK(n.d(XSHIM_BLKIF_QUEUES).used == 1);
    // The frontend announces persistent grants itself: blkback writes its own
    // feature-persistent only on connect, after reading the frontend's.
    CHECK(n.writes() ==
          Nodes{{"protocol", "x86_64-abi"}, {"ring-page-order", "4"}, {"feature-persistent", "1"}});
    CHECK(n.line() ==
          "vbd 51712: protocol=x86_64-abi ring-page-order=4 queues=1 persistent-offer=1");
    // At Connected: what blkback writes in its connect(), with the InitWait nodes still there.
    Nodes connected = kBlkback;
    connected.insert({{"feature-persistent", "1"},
                      {"feature-flush-cache", "1"},
                      {"sector-size", "512"},
                      {"sectors", "8192"},
                      {"info", "0"}});
    Negotiation c(connected);
    REQUIRE(c.run(XSHIM_NEG_AT_CONNECTED) == XSHIM_SELECTED);
    // 256 offered, the frontend's own 32 taken.
    CHECK(c.d(XSHIM_BLKIF_INDIRECT).advertised == 256);
    CHECK(c.d(XSHIM_BLKIF_INDIRECT).used == 32);
    CHECK(c.d(XSHIM_BLKIF_INDIRECT).clamped == 1);
    CHECK(c.d(XSHIM_BLKIF_PERSISTENT).used == 1);
    CHECK(c.result.nwrites == 0);
    CHECK(c.line() == "vbd 51712: persistent=1 indirect-segments=32 (backend offers "
                      "feature-max-indirect-segments=256, frontend clamps to 32) flush-cache=1 "
                      "barrier=0(absent) discard=0(absent) sector-size=512 sectors=8192 info=0");
}

TEST_CASE("negotiate: qdisk offers no multi-queue and no indirect segments: the old protocol") {
    Negotiation n(kQdisk);
    REQUIRE(n.run() == XSHIM_SELECTED);
    CHECK(n.d(XSHIM_BLKIF_QUEUES).status == XSHIM_NEG_ABSENT);
    CHECK(n.d(XSHIM_BLKIF_QUEUES).used == 1);
    // No multi-queue-num-queues for one queue, as Linux's blkfront does.
    CHECK(n.writes().count("multi-queue-num-queues") == 0);
    REQUIRE(n.run(XSHIM_NEG_AT_CONNECTED) == XSHIM_SELECTED);
    CHECK(n.d(XSHIM_BLKIF_INDIRECT).status == XSHIM_NEG_ABSENT);
    CHECK(n.d(XSHIM_BLKIF_INDIRECT).used == 0);
    CHECK(n.d(XSHIM_BLKIF_DISCARD).used == 1);
    CHECK(n.d(XSHIM_BLKIF_FLUSH).used == 1);
    CHECK(n.d(XSHIM_BLKIF_PERSISTENT).used == 0);
    CHECK(n.d(XSHIM_BLKIF_SECTOR_SIZE).used == 512);
    CHECK(n.d(XSHIM_BLKIF_SECTORS).used == 8192);
    CHECK(n.line() == "vbd 51712: persistent=0(absent) indirect-segments=0(absent) flush-cache=1 "
                      "barrier=0(absent) discard=1 sector-size=512 sectors=8192 info=0");
}

TEST_CASE("negotiate: a frontend that asks for less uses less, and writes what it uses") {
    Nodes nodes = kBlkback;
    nodes["multi-queue-max-queues"] = "8";
    nodes["feature-persistent"] = "1";
    Negotiation n(nodes);
    n.own[XSHIM_BLKIF_RING_PAGE_ORDER].value = 2;
    n.own[XSHIM_BLKIF_QUEUES].value = 4;
    n.own[XSHIM_BLKIF_PERSISTENT_OFFER].value = 0;
    REQUIRE(n.run() == XSHIM_SELECTED);
    CHECK(n.writes() == Nodes{{"protocol", "x86_64-abi"},
                              {"ring-page-order", "2"},
                              {"multi-queue-num-queues", "4"},
                              {"feature-persistent", "0"}});
    // An older backend: every node withdrawn is the old protocol, and nothing is written for it.
    Negotiation old(Nodes{});
    REQUIRE(old.run() == XSHIM_SELECTED);
    CHECK(old.writes() == Nodes{{"protocol", "x86_64-abi"}, {"feature-persistent", "1"}});
}

TEST_CASE("negotiate: hostile numbers are clamped into range or ignored, never followed") {
    struct Case {
        const char *node;
        const char *value;
        uint32_t rule;
        uint32_t status;
        uint64_t used;
        uint32_t phase = XSHIM_NEG_AT_INITWAIT;
    };
    const Case cases[] = {
        {"max-ring-page-order", "99", XSHIM_BLKIF_RING_PAGE_ORDER, XSHIM_NEG_RANGE, 4},
        {"max-ring-page-order", "-1", XSHIM_BLKIF_RING_PAGE_ORDER, XSHIM_NEG_MALFORMED, 0},
        {"max-ring-page-order", "4x", XSHIM_BLKIF_RING_PAGE_ORDER, XSHIM_NEG_MALFORMED, 0},
        {"max-ring-page-order", " 4", XSHIM_BLKIF_RING_PAGE_ORDER, XSHIM_NEG_MALFORMED, 0},
        {"max-ring-page-order", "", XSHIM_BLKIF_RING_PAGE_ORDER, XSHIM_NEG_MALFORMED, 0},
        {"max-ring-page-order", "99999999999999999999999", XSHIM_BLKIF_RING_PAGE_ORDER,
         XSHIM_NEG_MALFORMED, 0},
        {"multi-queue-max-queues", "0", XSHIM_BLKIF_QUEUES, XSHIM_NEG_RANGE, 1},
        {"multi-queue-max-queues", "4294967296", XSHIM_BLKIF_QUEUES, XSHIM_NEG_RANGE, 1},
        {"feature-persistent", "2", XSHIM_BLKIF_PERSISTENT, XSHIM_NEG_RANGE, 0, kConn},
        {"feature-persistent", "yes", XSHIM_BLKIF_PERSISTENT, XSHIM_NEG_MALFORMED, 0, kConn},
        {"feature-max-indirect-segments", "4294967295", XSHIM_BLKIF_INDIRECT, XSHIM_NEG_RANGE, 32,
         kConn},
        {"feature-flush-cache", "-1", XSHIM_BLKIF_FLUSH, XSHIM_NEG_MALFORMED, 0, kConn},
    };
    for (const auto &c : cases) {
        CAPTURE(c.node);
        CAPTURE(c.value);
        Nodes nodes = kQdisk; // at Connected too: sectors and sector-size are there
        nodes.insert(kBlkback.begin(), kBlkback.end());
        nodes[c.node] = c.value;
        Negotiation n(nodes);
        REQUIRE(n.run(c.phase) == XSHIM_SELECTED);
        CHECK(n.d(c.rule).status == c.status);
        CHECK(n.d(c.rule).used == c.used);
    }
    Nodes nodes = kBlkback;
    nodes["max-ring-page-order"] = "99";
    Negotiation n(nodes);
    REQUIRE(n.run() == XSHIM_SELECTED);
    CHECK(n.line().find("ring-page-order=4 (backend offers max-ring-page-order=99, frontend "
                        "clamps to 4)") != std::string::npos);
}

TEST_CASE("negotiate: a value the device cannot work with refuses it, naming both sides") {
    struct Case {
        const char *node;
        std::string value;
        uint32_t phase;
        const char *line;
    };
    const Case cases[] = {
        {"sector-size", "1000", XSHIM_NEG_AT_CONNECTED,
         "vbd 51712: REFUSED: backend offers sector-size=1000, frontend needs a power of two >= "
         "512 [sector-size check]"},
        {"sector-size", "256", XSHIM_NEG_AT_CONNECTED,
         "vbd 51712: REFUSED: backend offers sector-size=256, frontend needs 512..1048576 "
         "[sector-size range]"},
        {"sectors", "lots", XSHIM_NEG_AT_CONNECTED,
         "vbd 51712: REFUSED: backend offers sectors=lots, frontend needs a plain decimal "
         "[sectors malformed]"},
        {"sectors",
         std::string("12\0"
                     "3",
                     4),
         XSHIM_NEG_AT_CONNECTED,
         "vbd 51712: REFUSED: backend offers sectors=12?3, frontend needs a plain decimal "
         "[sectors malformed]"},
        {"protocol", "x86_32-abi", XSHIM_NEG_AT_INITWAIT,
         "vbd 51712: REFUSED: toolstack wrote protocol=x86_32-abi, frontend needs "
         "\"x86_64-abi\" [protocol mismatch]"},
    };
    for (const auto &c : cases) {
        CAPTURE(c.node);
        Nodes nodes = kQdisk;
        nodes[c.node] = c.value;
        Negotiation n(nodes);
        REQUIRE(n.run(c.phase) == XSHIM_REFUSED);
        CHECK(n.result.nwrites == 0);
        CHECK(n.line() == c.line);
    }
    // Required and absent: the backend reached Connected without saying how big the disk is.
    Nodes nodes = kQdisk;
    nodes.erase("sectors");
    Negotiation n(nodes);
    REQUIRE(n.run(XSHIM_NEG_AT_CONNECTED) == XSHIM_REFUSED);
    CHECK(n.line() == "vbd 51712: REFUSED: backend does not offer sectors, frontend requires it "
                      "[sectors absent]");
}

TEST_CASE("negotiate: each architecture's frontend speaks its own ring ABI") {
    struct Case {
        uint32_t arch;
        const char *protocol;
    };
    const Case cases[] = {{XSHIM_ARCH_X86_64, "x86_64-abi"},
                          {XSHIM_ARCH_X86_32, "x86_32-abi"},
                          {XSHIM_ARCH_ARM64, "arm-abi"}};
    for (const auto &c : cases) {
        Nodes nodes = kBlkback;
        nodes.erase("protocol"); // absent: the frontend says which ABI it speaks
        Negotiation n(nodes, c.arch);
        REQUIRE(n.run() == XSHIM_SELECTED);
        CHECK(n.writes().at("protocol") == c.protocol);
    }
    xshim_neg_limit own[XSHIM_BLKIF_RULES];
    CHECK(xshim_blkif_frontend_defaults(XSHIM_ARCH_UNKNOWN, own) == XSHIM_S_EINVAL);
    CHECK(xshim_blkif_frontend_defaults(XSHIM_ARCH_X86_64, nullptr) == XSHIM_S_EINVAL);
}

TEST_CASE("negotiate: bad arguments, and the rule lookup") {
    xshim_neg_result r{};
    xshim_neg_value v[XSHIM_BLKIF_RULES]{};
    xshim_neg_limit own[XSHIM_BLKIF_RULES]{};
    CHECK(xshim_negotiate(nullptr, 0, v, own, &r) == XSHIM_S_EINVAL);
    CHECK(xshim_negotiate(&xshim_neg_blkif, 0, nullptr, own, &r) == XSHIM_S_EINVAL);
    xshim_neg_class big = xshim_neg_blkif;
    big.count = XSHIM_NEG_RULES_MAX + 1;
    CHECK(xshim_negotiate(&big, 0, v, own, &r) == XSHIM_S_EINVAL);
    CHECK(xshim_neg_find(&xshim_neg_blkif, "ring-page-order") == XSHIM_BLKIF_RING_PAGE_ORDER);
    CHECK(xshim_neg_find(&xshim_neg_blkif, "sectors") == XSHIM_BLKIF_SECTORS);
    CHECK(xshim_neg_find(&xshim_neg_blkif, "nope") == -1);
    CHECK(std::string(xshim_neg_status_name(XSHIM_NEG_MISMATCH)) == "mismatch");
    CHECK(std::string(xshim_neg_status_name(99)) == "unknown");
}
