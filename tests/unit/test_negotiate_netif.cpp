// tests/unit/test_negotiate_netif.cpp: xshim_negotiate() over the network class, fed with the
// nodes Linux 6.1's netback writes before InitWait (netback_probe; TESTBED.md saw feature-sg,
// feature-rx-copy, feature-split-event-channels, feature-ctrl-ring, multi-queue-max-queues=1)
// and libxl's mac, then older and hostile backends.
#include <xshim_negotiate.h>

#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <string>

namespace {

using Nodes = std::map<std::string, std::string>;

const Nodes kNetback = {{"feature-sg", "1"},
                        {"feature-gso-tcpv4", "1"},
                        {"feature-gso-tcpv6", "1"},
                        {"feature-ipv6-csum-offload", "1"},
                        {"feature-rx-copy", "1"},
                        {"feature-rx-flip", "0"},
                        {"feature-multicast-control", "1"},
                        {"feature-dynamic-multicast-control", "1"},
                        {"feature-split-event-channels", "1"},
                        {"multi-queue-max-queues", "1"},
                        {"feature-ctrl-ring", "1"},
                        {"mac", "00:16:3e:5a:01:02"}};

struct Net {
    const xshim_neg_class &cls = xshim_neg_netif;
    xshim_neg_limit own[XSHIM_NETIF_RULES]{};
    xshim_neg_result result{};
    Nodes nodes;

    explicit Net(Nodes n) : nodes(std::move(n)) {
        REQUIRE(xshim_netif_frontend_defaults(own) == XSHIM_S_OK);
    }
    uint32_t run() {
        xshim_neg_value values[XSHIM_NETIF_RULES]{};
        for (uint32_t i = 0; i < cls.count; ++i) {
            if (cls.rules[i].backend_node == nullptr)
                continue;
            auto it = nodes.find(cls.rules[i].backend_node);
            if (it != nodes.end())
                values[i] = {1, static_cast<uint32_t>(it->second.size()), it->second.data()};
        }
        REQUIRE(xshim_negotiate(&cls, XSHIM_NEG_AT_INITWAIT, values, own, &result) == XSHIM_S_OK);
        return result.outcome;
    }
    const xshim_neg_decision &d(uint32_t rule) const { return result.decisions[rule]; }
    Nodes writes() const {
        Nodes w;
        for (uint32_t i = 0; i < result.nwrites; ++i)
            w[result.writes[i].node] = result.writes[i].text != nullptr
                                           ? result.writes[i].text
                                           : std::to_string(result.writes[i].value);
        return w;
    }
    std::string line() const {
        char buf[512];
        const uint32_t n = xshim_neg_format(&cls, "0", &result, buf, sizeof buf);
        CHECK(n == std::strlen(buf));
        return buf;
    }
};

} // namespace

TEST_CASE("negotiate netif: netback's InitWait nodes") {
    Net n(kNetback);
    REQUIRE(n.run() == XSHIM_SELECTED);
    CHECK(n.d(XSHIM_NETIF_RX_COPY).used == 1);
    CHECK(n.d(XSHIM_NETIF_SPLIT).used == 1);
    CHECK(n.d(XSHIM_NETIF_QUEUES).used == 1);
    CHECK(n.d(XSHIM_NETIF_NO_CSUM).status == XSHIM_NEG_ABSENT); // absent: IPv4 offload on
    CHECK(n.d(XSHIM_NETIF_NO_CSUM).used == 0);
    CHECK(n.d(XSHIM_NETIF_IPV6_CSUM).used == 1);
    CHECK(n.d(XSHIM_NETIF_MAC).used == 0x00163e5a0102ull);
    // netback refuses a frontend without request-rx-copy; rx-notify and multicast control are
    // announced; one queue writes no multi-queue-num-queues (the backend's default).
    CHECK(n.writes() == Nodes{{"request-rx-copy", "1"},
                              {"feature-rx-notify", "1"},
                              {"request-multicast-control", "1"},
                              {"feature-no-csum-offload", "1"}});
    CHECK(n.line() == "vif 0: rx-copy=1 rx-notify=1 sg=1 gso-tcpv4=1 gso-tcpv6=1 "
                      "no-csum-offload=0(absent) ipv6-csum-offload=1 split-event-channels=1 "
                      "queues=1 multicast-control=1 ctrl-ring=0 mac=00:16:3e:5a:01:02 "
                      "no-csum-offload-own=1");
}

TEST_CASE("negotiate netif: no feature-rx-copy refuses the device, naming both sides") {
    Nodes nodes = kNetback;
    nodes["feature-rx-copy"] = "0";
    Net n(nodes);
    REQUIRE(n.run() == XSHIM_REFUSED);
    CHECK(n.result.refused == XSHIM_NETIF_RX_COPY);
    CHECK(n.result.nwrites == 0);
    CHECK(n.line() ==
          "vif 0: REFUSED: backend offers feature-rx-copy=0, frontend requires it [rx-copy "
          "not-offered]");
    nodes.erase("feature-rx-copy"); // an old flipping-only backend
    Net old(nodes);
    REQUIRE(old.run() == XSHIM_REFUSED);
    CHECK(old.line() == "vif 0: REFUSED: backend does not offer feature-rx-copy, frontend "
                        "requires it [rx-copy absent]");
}

TEST_CASE("negotiate netif: an older backend is the old protocol; split channels follow it") {
    Net n(Nodes{{"feature-rx-copy", "1"}, {"mac", "00:16:3e:00:00:01"}});
    REQUIRE(n.run() == XSHIM_SELECTED);
    CHECK(n.d(XSHIM_NETIF_SPLIT).used == 0);
    CHECK(n.d(XSHIM_NETIF_SG).status == XSHIM_NEG_ABSENT);
    CHECK(n.d(XSHIM_NETIF_MCAST).used == 0);
    CHECK(n.writes() == Nodes{{"request-rx-copy", "1"},
                              {"feature-rx-notify", "1"},
                              {"feature-no-csum-offload", "1"}});
    Nodes no_split = kNetback;
    no_split["feature-split-event-channels"] = "0"; // netback's separate_tx_rx_irq=0
    Net s(no_split);
    REQUIRE(s.run() == XSHIM_SELECTED);
    CHECK(s.d(XSHIM_NETIF_SPLIT).status == XSHIM_NEG_NOT_OFFERED);
    CHECK(s.d(XSHIM_NETIF_SPLIT).used == 0);
}

TEST_CASE("negotiate netif: absurd queue counts are clamped, malformed ones ignored") {
    Nodes nodes = kNetback;
    nodes["multi-queue-max-queues"] = "4294967296999";
    Net n(nodes);
    REQUIRE(n.run() == XSHIM_SELECTED);
    CHECK(n.d(XSHIM_NETIF_QUEUES).status == XSHIM_NEG_RANGE);
    CHECK(n.d(XSHIM_NETIF_QUEUES).used == 1);
    CHECK(n.line().find("queues=1 (backend offers multi-queue-max-queues=4294967296999, frontend "
                        "clamps to 1)") != std::string::npos);
    n.own[XSHIM_NETIF_QUEUES].value = 8;
    REQUIRE(n.run() == XSHIM_SELECTED);
    CHECK(n.d(XSHIM_NETIF_QUEUES).used == 8);
    CHECK(n.writes().at("multi-queue-num-queues") == "8");
    nodes["multi-queue-max-queues"] = "-1";
    Net m(nodes);
    REQUIRE(m.run() == XSHIM_SELECTED);
    CHECK(m.d(XSHIM_NETIF_QUEUES).status == XSHIM_NEG_MALFORMED);
    CHECK(m.d(XSHIM_NETIF_QUEUES).used == 1);
}

TEST_CASE("negotiate netif: a malformed or group mac refuses the device") {
    for (const char *bad : {"00:16:3e:5a:01", "00:16:3e:5a:01:0g",
                            "0:16:3e:5a:01:02:", "00-16-3e-5a-01-02", "00:16:3e:5a:01:02 ", ""}) {
        CAPTURE(bad);
        Nodes nodes = kNetback;
        nodes["mac"] = bad;
        Net n(nodes);
        REQUIRE(n.run() == XSHIM_REFUSED);
        CHECK(n.result.refused == XSHIM_NETIF_MAC);
        CHECK(n.d(XSHIM_NETIF_MAC).status == XSHIM_NEG_MALFORMED);
        CHECK(n.line().find("frontend needs xx:xx:xx:xx:xx:xx [mac malformed]") !=
              std::string::npos);
    }
    Nodes nodes = kNetback;
    nodes["mac"] = "01:00:5e:00:00:01"; // a multicast group
    Net g(nodes);
    REQUIRE(g.run() == XSHIM_REFUSED);
    CHECK(g.line() == "vif 0: REFUSED: toolstack wrote mac=01:00:5e:00:00:01, frontend needs an "
                      "individual (unicast) address [mac check]");
    nodes.erase("mac");
    Net none(nodes);
    REQUIRE(none.run() == XSHIM_REFUSED);
    CHECK(none.line() ==
          "vif 0: REFUSED: toolstack wrote no mac, frontend requires it [mac absent]");
    // Upper-case hex is the same address.
    nodes["mac"] = "00:16:3E:5A:01:02";
    Net up(nodes);
    REQUIRE(up.run() == XSHIM_SELECTED);
    CHECK(up.d(XSHIM_NETIF_MAC).used == 0x00163e5a0102ull);
}
