// tests/unit/test_netfront.cpp: the network frontend (xshim_netfront.h) against a fake netback
// that works the way Linux 6.1's netback does (drivers/net/xen-netback/xenbus.c, TESTBED.md):
// its feature nodes written before InitWait; nothing at the frontend's Initialised; at the
// frontend's Connected it reads request-rx-copy (refusing the connection without it, as
// read_xenbus_vif_flags does), multi-queue-num-queues, tx-ring-ref/rx-ring-ref and
// event-channel-tx/-rx or event-channel, maps the rings through the grant entries the frontend
// wrote, and goes Connected. Frames move through the granted pages as netback's grant copies
// move them. Then backends that lie about rsp_prod, ids, statuses, offsets and sizes.
//
// Built at -m64 and -m32 alike (netif's entries are the same on every ABI).
#include <xshim_netfront.h>

#include "frontend_bed.hpp"

#include <doctest/doctest.h>

#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <abi/netif.h>
#include <abi/ring.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace {

const std::string kFront = "/local/domain/1/device/vif/0";
const std::string kBack = "/local/domain/0/backend/vif/1/0";
constexpr uint32_t kPage = 4096;
constexpr uint64_t kFirstFrame = 0x2000; // tx ring, rx ring, tx buffers, rx buffers
constexpr uint32_t kBufs = 8;
constexpr uint32_t kFirstRef = 8;

using Page = BedPage;

struct Knobs {
    bool rx_copy = true; // writes feature-rx-copy=1 (else 0)
    bool split = true;   // feature-split-event-channels
    std::string mac = "00:16:3e:5a:02:01";
    bool require_rx_copy = true; // fails the connection without request-rx-copy (netback)
    std::function<void(xshim_netif_rx_response &)> tamper_rx;
    std::function<void(xshim_netif_tx_response &)> tamper_tx;
    uint32_t rx_overrun = 0; // rx responses claimed beyond those written
};

struct Bed : FrontendBed {
    Knobs k;
    xshim_netfront nf{};
    xshim_neg_limit own[XSHIM_NETIF_RULES]{};

    Page tx_ring{}, rx_ring{};
    Page tx[kBufs]{}, rx[kBufs]{};

    std::map<uint32_t, uint32_t> maps;
    uint32_t grant_faults = 0;

    // The backend's side.
    unsigned char *txr = nullptr, *rxr = nullptr;
    uint32_t tx_req_cons = 0, tx_rsp_prod = 0, rx_req_cons = 0, rx_rsp_prod = 0;
    uint32_t port_tx = 0, port_rx = 0;
    std::deque<std::vector<unsigned char>> to_guest; // frames waiting for rx buffers
    std::vector<std::vector<unsigned char>> from_guest;
    uint32_t kicks = 0;

    Bed() {
        FakeStore &s = store;
        s.set(kFront + "/backend", kBack);
        s.set(kFront + "/backend-id", "0");
        s.set(kFront + "/state", "1");
        s.set(kFront + "/mac", k.mac);
        s.set(kBack + "/state", "1");
        s.set(kBack + "/frontend", kFront);
        s.on_step = [this](FakeStore &st) { backend_step(st); };
        gt.wait_rounds = 20;
        xshim_netfront_pages &pg = nf.pages;
        pg.tx_ring = tx_ring.b;
        pg.rx_ring = rx_ring.b;
        pg.tx_ring_frame = kFirstFrame;
        pg.rx_ring_frame = kFirstFrame + 1;
        pg.nr_tx = pg.nr_rx = kBufs;
        for (uint32_t i = 0; i < kBufs; ++i) {
            pg.tx[i] = tx[i].b;
            pg.tx_frames[i] = kFirstFrame + 2 + i;
            pg.rx[i] = rx[i].b;
            pg.rx_frames[i] = kFirstFrame + 2 + kBufs + i;
        }
        nf.first_ref = kFirstRef;
        REQUIRE(xshim_netif_frontend_defaults(own) == XSHIM_S_OK);
    }

    int32_t connect() {
        store.set(kFront + "/mac", k.mac);
        return xshim_netfront_connect(&nf, &xs, "device/vif/0", &v, &p, &gt, own);
    }
    std::string front(const std::string &n) const { return node(kFront + "/" + n); }
    std::string back(const std::string &n) const { return node(kBack + "/" + n); }

    unsigned char *page_of(uint64_t f) {
        if (f == kFirstFrame)
            return tx_ring.b;
        if (f == kFirstFrame + 1)
            return rx_ring.b;
        if (f >= kFirstFrame + 2 && f < kFirstFrame + 2 + kBufs)
            return tx[f - kFirstFrame - 2].b;
        if (f >= kFirstFrame + 2 + kBufs && f < kFirstFrame + 2 + 2 * kBufs)
            return rx[f - kFirstFrame - 2 - kBufs].b;
        return nullptr;
    }
    // A mapping (the rings) or a grant copy (the buffers), as Xen checks the entry.
    unsigned char *grant_page(uint32_t ref, bool write) {
        if (ref >= XSHIM_GRANT_V1_PER_FRAME) {
            ++grant_faults;
            return nullptr;
        }
        xshim_grant_entry_v1 &e = entry(ref);
        const uint16_t f = flags(ref);
        unsigned char *page = page_of(e.frame);
        if ((f & XSHIM_GTF_type_mask) != XSHIM_GTF_permit_access || e.domid != 0 ||
            (write && (f & XSHIM_GTF_readonly) != 0) || page == nullptr) {
            ++grant_faults;
            return nullptr;
        }
        return page;
    }
    unsigned char *map(uint32_t ref) {
        unsigned char *page = grant_page(ref, true);
        if (page != nullptr && maps[ref]++ == 0)
            __atomic_fetch_or(&entry(ref).flags,
                              static_cast<uint16_t>(XSHIM_GTF_reading | XSHIM_GTF_writing),
                              __ATOMIC_ACQ_REL);
        return page;
    }
    void unmap_all() {
        for (auto &m : maps)
            __atomic_fetch_and(&entry(m.first).flags,
                               static_cast<uint16_t>(~(XSHIM_GTF_reading | XSHIM_GTF_writing)),
                               __ATOMIC_ACQ_REL);
        maps.clear();
        txr = rxr = nullptr;
    }
    std::vector<uint32_t> granted_refs() {
        std::vector<uint32_t> out;
        for (uint32_t r = kFirstRef; r < kFirstRef + 2 + 2 * kBufs; ++r)
            if (flags(r) != 0)
                out.push_back(r);
        return out;
    }

    void set_state(FakeStore &s, const char *state) {
        s.set(kBack + "/state", state);
        s.changed(kBack + "/state");
        s.fire();
    }
    static bool number(FakeStore &s, const std::string &path, uint32_t *out) {
        auto it = s.nodes.find(path);
        if (it == s.nodes.end() || it->second.empty() || it->second.size() > 9)
            return false;
        uint32_t n = 0;
        for (char c : it->second) {
            if (c < '0' || c > '9')
                return false;
            n = n * 10 + static_cast<uint32_t>(c - '0');
        }
        *out = n;
        return true;
    }

    // netback's connect(): fails (Closing) when the frontend cannot be served.
    bool connect_rings(FakeStore &s) {
        uint32_t rx_copy = 0, txref = 0, rxref = 0;
        if (k.require_rx_copy && (!number(s, kFront + "/request-rx-copy", &rx_copy) || !rx_copy))
            return false;
        if (!number(s, kFront + "/tx-ring-ref", &txref) ||
            !number(s, kFront + "/rx-ring-ref", &rxref))
            return false;
        if (!number(s, kFront + "/event-channel-tx", &port_tx) ||
            !number(s, kFront + "/event-channel-rx", &port_rx)) {
            if (!number(s, kFront + "/event-channel", &port_tx))
                return false;
            port_rx = port_tx;
        }
        txr = map(txref);
        rxr = map(rxref);
        return txr != nullptr && rxr != nullptr;
    }

    void backend_step(FakeStore &s) {
        const std::string st = s.nodes[kBack + "/state"];
        const std::string fe = s.nodes[kFront + "/state"];
        if (st == "1") {
            s.set(kBack + "/feature-sg", "1");
            s.set(kBack + "/feature-gso-tcpv4", "1");
            s.set(kBack + "/feature-gso-tcpv6", "1");
            s.set(kBack + "/feature-ipv6-csum-offload", "1");
            s.set(kBack + "/feature-rx-copy", k.rx_copy ? "1" : "0");
            s.set(kBack + "/feature-rx-flip", "0");
            s.set(kBack + "/feature-multicast-control", "1");
            s.set(kBack + "/feature-split-event-channels", k.split ? "1" : "0");
            s.set(kBack + "/multi-queue-max-queues", "1");
            s.set(kBack + "/feature-ctrl-ring", "1");
            s.set(kBack + "/mac", "fe:ff:ff:ff:ff:ff");
            set_state(s, "2");
        } else if (st == "2" && fe == "4") {
            set_state(s, connect_rings(s) ? "4" : "5");
        } else if (st == "4" && txr != nullptr) {
            serve_tx();
            serve_rx();
        }
        const std::string now = s.nodes[kBack + "/state"];
        if (fe == "5" && now != "5" && now != "6") {
            unmap_all(); // netback disconnects the data rings when it leaves Connected
            set_state(s, "5");
        }
        if (fe == "6" && now != "6") {
            unmap_all();
            set_state(s, "6");
        }
    }

    xshim_sring_header &hdr(unsigned char *r) { return *reinterpret_cast<xshim_sring_header *>(r); }
    template <typename T> T *slot(unsigned char *r, uint32_t idx, size_t entry) {
        return reinterpret_cast<T *>(r + sizeof(xshim_sring_header) + (idx & 255) * entry);
    }

    // Frames the guest sent: copied out of its tx buffers (grant copy), answered OKAY.
    void serve_tx() {
        const uint32_t prod = __atomic_load_n(&hdr(txr).req_prod, __ATOMIC_ACQUIRE);
        bool any = false;
        while (tx_req_cons != prod) {
            const auto req = *slot<xshim_netif_tx_request>(txr, tx_req_cons++, 12);
            unsigned char *page = grant_page(req.gref, false);
            if (page == nullptr || req.offset + req.size > kPage)
                continue;
            from_guest.emplace_back(page + req.offset, page + req.offset + req.size);
            xshim_netif_tx_response rsp{req.id, XSHIM_NETIF_RSP_OKAY};
            if (k.tamper_tx)
                k.tamper_tx(rsp);
            *slot<xshim_netif_tx_response>(txr, tx_rsp_prod++, 12) = rsp;
            any = true;
        }
        if (any)
            __atomic_store_n(&hdr(txr).rsp_prod, tx_rsp_prod, __ATOMIC_RELEASE);
        __atomic_store_n(&hdr(txr).req_event, tx_req_cons + 1, __ATOMIC_RELEASE);
    }

    // Frames for the guest: each copied into the next posted rx buffer.
    void serve_rx() {
        const uint32_t prod = __atomic_load_n(&hdr(rxr).req_prod, __ATOMIC_ACQUIRE);
        bool any = false;
        while (!to_guest.empty() && rx_req_cons != prod) {
            const auto req = *slot<xshim_netif_rx_request>(rxr, rx_req_cons++, 8);
            unsigned char *page = grant_page(req.gref, true);
            std::vector<unsigned char> f = to_guest.front();
            to_guest.pop_front();
            xshim_netif_rx_response rsp{req.id, 0, 0, static_cast<int16_t>(f.size())};
            if (page == nullptr)
                rsp.status = XSHIM_NETIF_RSP_ERROR;
            else
                std::memcpy(page, f.data(), f.size());
            if (k.tamper_rx)
                k.tamper_rx(rsp);
            *slot<xshim_netif_rx_response>(rxr, rx_rsp_prod++, 8) = rsp;
            any = true;
        }
        if (any)
            __atomic_store_n(&hdr(rxr).rsp_prod, rx_rsp_prod + k.rx_overrun, __ATOMIC_RELEASE);
        __atomic_store_n(&hdr(rxr).req_event, rx_req_cons + 1, __ATOMIC_RELEASE);
    }
};

std::unique_ptr<Bed> bed() { return std::make_unique<Bed>(); }

std::vector<unsigned char> eth_frame(size_t n, unsigned seed) {
    std::vector<unsigned char> f(n);
    for (size_t i = 0; i < n; ++i)
        f[i] = static_cast<unsigned char>(i * 7u + seed);
    return f;
}

} // namespace

TEST_CASE("netfront: connects to a netback-like backend and moves frames both ways") {
    auto b = bed();
    REQUIRE(b->connect() == XSHIM_S_OK);
    // What the frontend published, in one transaction with Connected (netback connects then).
    CHECK(b->front("request-rx-copy") == "1");
    CHECK(b->front("feature-rx-notify") == "1");
    CHECK(b->front("feature-no-csum-offload") == "1");
    CHECK(b->front("request-multicast-control") == "1");
    CHECK(b->front("multi-queue-num-queues") == "<absent>"); // one queue: no node
    CHECK(b->front("tx-ring-ref") == std::to_string(kFirstRef));
    CHECK(b->front("rx-ring-ref") == std::to_string(kFirstRef + 1));
    CHECK(b->front("event-channel-tx") == std::to_string(b->nf.use.evtchn_tx));
    CHECK(b->front("event-channel-rx") == std::to_string(b->nf.use.evtchn_rx));
    CHECK(b->front("event-channel") == "<absent>");
    CHECK(b->nf.use.evtchn_tx != b->nf.use.evtchn_rx);
    CHECK(b->front("state") == "4");
    CHECK(b->back("state") == "4");
    const uint8_t want_mac[6] = {0x00, 0x16, 0x3e, 0x5a, 0x02, 0x01};
    CHECK(std::memcmp(b->nf.use.mac, want_mac, 6) == 0);
    CHECK(b->nf.use.split == 1);
    CHECK(b->nf.stats.rx_posted == kBufs);
    // tx buffers are granted read-only, rx buffers and rings writable.
    CHECK((b->flags(kFirstRef + 2) & XSHIM_GTF_readonly) != 0);
    CHECK((b->flags(kFirstRef + 2 + kBufs) & XSHIM_GTF_readonly) == 0);

    // Send: the backend gets the bytes; the tx buffer comes back on the next call.
    const auto out = eth_frame(98, 1);
    REQUIRE(xshim_netfront_send(&b->nf, out.data(), static_cast<uint32_t>(out.size())) ==
            XSHIM_S_OK);
    CHECK(std::find(b->sends.begin(), b->sends.end(), b->nf.use.evtchn_tx) != b->sends.end());
    // Receive three frames, more than once round the buffers.
    std::vector<std::vector<unsigned char>> in;
    for (uint32_t i = 0; i < 3 * kBufs; ++i)
        b->to_guest.push_back(eth_frame(60 + i, 10 + i));
    for (uint32_t i = 0; i < 3 * kBufs; ++i) {
        unsigned char buf[XSHIM_NETFRONT_FRAME_MAX];
        uint32_t len = 0;
        REQUIRE(xshim_netfront_receive(&b->nf, buf, sizeof buf, &len, 100) == XSHIM_S_OK);
        REQUIRE(len == 60 + i);
        CHECK(std::memcmp(buf, eth_frame(60 + i, 10 + i).data(), len) == 0);
    }
    unsigned char buf[XSHIM_NETFRONT_FRAME_MAX];
    uint32_t len = 0;
    CHECK(xshim_netfront_receive(&b->nf, buf, sizeof buf, &len, 10) == XSHIM_S_NET_NONE);
    for (uint32_t i = 0; i < 2 * kBufs; ++i) // more sends than tx buffers: they come back
        REQUIRE(xshim_netfront_send(&b->nf, out.data(), 60) == XSHIM_S_OK);
    for (uint32_t i = 0; i < 5; ++i)
        b->p.relax(b->p.ctx); // the backend takes what was pushed since it last looked
    CHECK(b->from_guest.size() == 1 + 2 * kBufs);
    CHECK(b->from_guest[0] == out);
    CHECK(b->nf.stats.rx_packets == 3 * kBufs);
    CHECK(b->nf.stats.tx_packets == 1 + 2 * kBufs);
    CHECK(b->nf.stats.tx_bytes == 98 + 2 * kBufs * 60);
    CHECK(b->nf.stats.rx_posted == 4 * kBufs);
    // Sizes outside one Ethernet frame are refused before anything is queued.
    CHECK(xshim_netfront_send(&b->nf, out.data(), 13) == XSHIM_S_RANGE);
    CHECK(xshim_netfront_send(&b->nf, out.data(), XSHIM_NETFRONT_FRAME_MAX + 1) == XSHIM_S_RANGE);

    // Disconnect: both Closed, every grant ended after the backend unmapped, both channels closed.
    REQUIRE(xshim_netfront_disconnect(&b->nf) == XSHIM_S_OK);
    CHECK(b->front("state") == "6");
    CHECK(b->back("state") == "6");
    CHECK(b->granted_refs().empty());
    CHECK(b->closed.size() == 2);
    CHECK(b->store.watches.empty());
    CHECK(b->grant_faults == 0);
    CHECK(xshim_netfront_disconnect(&b->nf) == XSHIM_S_NET_NOT_CONNECTED);
    CHECK(xshim_netfront_send(&b->nf, out.data(), 60) == XSHIM_S_NET_NOT_CONNECTED);
}

TEST_CASE("netfront: without split event channels, one event-channel node") {
    auto b = bed();
    b->k.split = false;
    REQUIRE(b->connect() == XSHIM_S_OK);
    CHECK(b->nf.use.split == 0);
    CHECK(b->front("event-channel") == std::to_string(b->nf.use.evtchn_tx));
    CHECK(b->front("event-channel-tx") == "<absent>");
    CHECK(b->nf.use.evtchn_rx == b->nf.use.evtchn_tx);
    REQUIRE(xshim_netfront_disconnect(&b->nf) == XSHIM_S_OK);
    CHECK(b->closed.size() == 1);
}

TEST_CASE("netfront: a backend without feature-rx-copy is refused, nothing published") {
    auto b = bed();
    b->k.rx_copy = false;
    CHECK(b->connect() == XSHIM_S_XB_REFUSED);
    CHECK(b->nf.negotiated.refused == XSHIM_NETIF_RX_COPY);
    char line[256];
    (void)xshim_neg_format(&xshim_neg_netif, "0", &b->nf.negotiated, line, sizeof line);
    CHECK(std::string(line) ==
          "vif 0: REFUSED: backend offers feature-rx-copy=0, frontend requires it [rx-copy "
          "not-offered]");
    CHECK(b->front("request-rx-copy") == "<absent>");
    CHECK(b->front("tx-ring-ref") == "<absent>");
    CHECK(b->front("state") == "6");
    CHECK(b->granted_refs().empty());
}

TEST_CASE("netfront: a malformed mac is refused, nothing published") {
    auto b = bed();
    b->k.mac = "00:16:3e:5a:02";
    CHECK(b->connect() == XSHIM_S_XB_REFUSED);
    CHECK(b->nf.negotiated.refused == XSHIM_NETIF_MAC);
    CHECK(b->front("tx-ring-ref") == "<absent>");
    CHECK(b->granted_refs().empty());
}

TEST_CASE("netfront: hostile rx and tx responses are named faults, never followed") {
    unsigned char buf[XSHIM_NETFRONT_FRAME_MAX];
    uint32_t len = 0;
    SUBCASE("rx rsp_prod beyond the posted requests") {
        auto b = bed();
        REQUIRE(b->connect() == XSHIM_S_OK);
        b->k.rx_overrun = 1000;
        b->to_guest.push_back(eth_frame(60, 1));
        CHECK(xshim_netfront_receive(&b->nf, buf, sizeof buf, &len, 100) ==
              XSHIM_S_NET_BAD_RESPONSE);
        CHECK(len == 0);
    }
    SUBCASE("an rx id that is not its slot's") {
        auto b = bed();
        REQUIRE(b->connect() == XSHIM_S_OK);
        b->k.tamper_rx = [](xshim_netif_rx_response &r) { r.id = 200; };
        b->to_guest.push_back(eth_frame(60, 1));
        CHECK(xshim_netfront_receive(&b->nf, buf, sizeof buf, &len, 100) ==
              XSHIM_S_NET_BAD_RESPONSE);
    }
    SUBCASE("offset + size beyond the page") {
        auto b = bed();
        REQUIRE(b->connect() == XSHIM_S_OK);
        b->k.tamper_rx = [](xshim_netif_rx_response &r) { r.offset = 4000; };
        b->to_guest.push_back(eth_frame(200, 1));
        CHECK(xshim_netfront_receive(&b->nf, buf, sizeof buf, &len, 100) ==
              XSHIM_S_NET_BAD_RESPONSE);
        CHECK(len == 0);
    }
    SUBCASE("a size larger than the caller's buffer: dropped, counted, the buffer reposted") {
        auto b = bed();
        REQUIRE(b->connect() == XSHIM_S_OK);
        b->to_guest.push_back(eth_frame(1000, 1));
        b->to_guest.push_back(eth_frame(64, 2));
        REQUIRE(xshim_netfront_receive(&b->nf, buf, 100, &len, 100) == XSHIM_S_OK);
        CHECK(len == 64);
        CHECK(b->nf.stats.rx_too_big == 1);
        CHECK(b->nf.stats.rx_posted == kBufs + 2);
    }
    SUBCASE("an rx error status: counted, the buffer reposted") {
        auto b = bed();
        REQUIRE(b->connect() == XSHIM_S_OK);
        b->k.tamper_rx = [](xshim_netif_rx_response &r) { r.status = XSHIM_NETIF_RSP_ERROR; };
        b->to_guest.push_back(eth_frame(64, 2));
        CHECK(xshim_netfront_receive(&b->nf, buf, sizeof buf, &len, 100) == XSHIM_S_NET_NONE);
        CHECK(b->nf.stats.rx_errors == 1);
    }
    SUBCASE("rx flags for features never negotiated (more-data, extra-info)") {
        auto b = bed();
        REQUIRE(b->connect() == XSHIM_S_OK);
        b->k.tamper_rx = [](xshim_netif_rx_response &r) { r.flags = XSHIM_NETRXF_extra_info; };
        b->to_guest.push_back(eth_frame(64, 2));
        CHECK(xshim_netfront_receive(&b->nf, buf, sizeof buf, &len, 100) ==
              XSHIM_S_NET_BAD_RESPONSE);
    }
    SUBCASE("a tx response for an id not in flight, or a status that is none") {
        auto b = bed();
        REQUIRE(b->connect() == XSHIM_S_OK);
        b->k.tamper_tx = [](xshim_netif_tx_response &r) { r.id = static_cast<uint16_t>(r.id + 3); };
        const auto f = eth_frame(60, 1);
        REQUIRE(xshim_netfront_send(&b->nf, f.data(), 60) == XSHIM_S_OK);
        for (uint32_t i = 0; i < 20; ++i)
            b->p.relax(b->p.ctx); // the backend answers
        CHECK(xshim_netfront_send(&b->nf, f.data(), 60) == XSHIM_S_NET_BAD_RESPONSE);
        auto c = bed();
        REQUIRE(c->connect() == XSHIM_S_OK);
        c->k.tamper_tx = [](xshim_netif_tx_response &r) { r.status = 77; };
        REQUIRE(xshim_netfront_send(&c->nf, f.data(), 60) == XSHIM_S_OK);
        for (uint32_t i = 0; i < 20; ++i)
            c->p.relax(c->p.ctx);
        CHECK(xshim_netfront_send(&c->nf, f.data(), 60) == XSHIM_S_NET_BAD_RESPONSE);
    }
}

TEST_CASE("netfront: a backend that refuses the connection ends it Closed, grants ended") {
    auto b = bed();
    b->k.require_rx_copy = true;
    b->own[XSHIM_NETIF_RX_COPY].value = 0; // the frontend does not request rx-copy
    const int32_t rc = b->connect();
    CHECK(rc == XSHIM_S_XB_CLOSED);
    CHECK(b->front("state") == "6");
    CHECK(b->granted_refs().empty());
}
