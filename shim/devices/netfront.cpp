// shim/devices/netfront.cpp: the network frontend (xshim_netfront.h). The XenBus handshake and
// the feature decisions are the negotiation stage's (the netif table); this file shares the
// memory, drives the tx and rx rings and checks every response. netif's entries are the same on
// every ABI (abi/netif.h), so there is one layout and no protocol node.
#include <xshim_netfront.h>

#include "shim/devices/closing.hpp"
#include "shim/lib/text.hpp"
#include "shim/runtime/front_ring.hpp"
#include "shim/runtime/wait.hpp"

#include <abi/grant_table.h>
#include <abi/netif.h>
#include <abi/xenbus.h>

namespace xshim {
namespace {

constexpr uint32_t kPage = 4096;

using TxRing = FrontRing<xshim_netif_tx_request, xshim_netif_tx_response>;
using RxRing = FrontRing<xshim_netif_rx_request, xshim_netif_rx_response>;
static_assert(sizeof(TxRing) <= sizeof(xshim_netfront{}.tx_ring_state));
static_assert(sizeof(RxRing) <= sizeof(xshim_netfront{}.rx_ring_state));
static_assert(XSHIM_NETFRONT_BUFS_MAX <= 32, "tx_busy is a 32-bit mask");

template <typename R> R load(const uint64_t (&state)[4]) {
    R r;
    copy_bytes(&r, state, sizeof r);
    return r;
}
template <typename R> void store(uint64_t (&state)[4], const R &r) {
    copy_bytes(state, &r, sizeof r);
}

// The grant refs, in the order connect grants them: tx ring, rx ring, tx buffers, rx buffers.
uint32_t tx_ring_ref(const xshim_netfront &nf) { return nf.first_ref; }
uint32_t rx_ring_ref(const xshim_netfront &nf) { return nf.first_ref + 1; }
uint32_t tx_ref(const xshim_netfront &nf, uint32_t i) { return nf.first_ref + 2 + i; }
uint32_t rx_ref(const xshim_netfront &nf, uint32_t i) {
    return nf.first_ref + 2 + nf.pages.nr_tx + i;
}

bool aligned(const void *p) { return p != nullptr && reinterpret_cast<uintptr_t>(p) % kPage == 0; }

bool pages_ok(const xshim_netfront_pages &p) {
    if (!aligned(p.tx_ring) || !aligned(p.rx_ring) || p.nr_tx == 0 ||
        p.nr_tx > XSHIM_NETFRONT_BUFS_MAX || p.nr_rx == 0 || p.nr_rx > XSHIM_NETFRONT_BUFS_MAX)
        return false;
    for (uint32_t i = 0; i < p.nr_tx; ++i)
        if (!aligned(p.tx[i]))
            return false;
    for (uint32_t i = 0; i < p.nr_rx; ++i)
        if (!aligned(p.rx[i]))
            return false;
    return true;
}

int32_t notify(xshim_netfront &nf, uint32_t port) {
    ++nf.stats.notifies;
    return static_cast<int32_t>(xshim_evtchn_send(&nf.verdict->selection.hypercall, port));
}

int32_t grant(xshim_netfront &nf, uint64_t frame, uint32_t readonly) {
    const int32_t rc =
        xshim_gnttab_grant(nf.gt, nf.first_ref + nf.granted,
                           static_cast<uint16_t>(nf.dev.backend_id), frame, readonly);
    if (rc == XSHIM_S_OK)
        ++nf.granted;
    return rc;
}

// End every grant (bounded: once the backend unmapped) and close the channels; every step is
// tried, the first failure returned.
int32_t release(xshim_netfront &nf) {
    int32_t first = XSHIM_S_OK;
    for (uint32_t i = 0; i < nf.granted; ++i) {
        const int32_t rc = xshim_gnttab_end(nf.gt, nf.first_ref + i);
        if (rc != XSHIM_S_OK && first == XSHIM_S_OK)
            first = rc;
    }
    nf.granted = 0;
    uint32_t ports[2] = {nf.use.evtchn_tx,
                         nf.use.evtchn_rx != nf.use.evtchn_tx ? nf.use.evtchn_rx : 0u};
    for (uint32_t port : ports) {
        if (port == 0)
            continue;
        const long rc = xshim_evtchn_close(&nf.verdict->selection.hypercall, port);
        if (rc != 0 && first == XSHIM_S_OK)
            first = static_cast<int32_t>(rc);
    }
    nf.use.evtchn_tx = nf.use.evtchn_rx = 0;
    return first;
}

constexpr uint32_t bit(uint32_t state) { return 1u << state; }

int32_t keep_first(int32_t first, int32_t rc) { return first != XSHIM_S_OK ? first : rc; }

// Nothing published: the backend mapped nothing. End what was granted; Closed.
int32_t abandon(xshim_netfront &nf) {
    int32_t first = release(nf);
    first = keep_first(first, xenbus_abandon(nf.dev));
    return keep_first(first, xshim_xenbus_close(&nf.dev));
}

// Closing, the backend's Closing or Closed, Closed, its Closed (netback unmaps the rings when it
// leaves Connected and is Closed after the frontend is): then release.
int32_t close_down(xshim_netfront &nf) {
    nf.connected = 0;
    int32_t first = xenbus_close_down(nf.dev);
    first = keep_first(first, release(nf));
    return keep_first(first, xshim_xenbus_close(&nf.dev));
}

// Post rx buffer `buf` in the next rx slot (the request's id is the slot, as Linux's netfront
// does, so a response is matched to its buffer by where it lands and by the id it echoes).
void post_rx(xshim_netfront &nf, RxRing &ring, uint32_t buf) {
    const uint32_t idx = ring.req_prod_pvt();
    xshim_netif_rx_request *req = ring.next_request();
    if (req == nullptr)
        return; // never: at most nr_rx <= ring size requests are outstanding
    const uint32_t slot = idx & (ring.size() - 1);
    req->id = static_cast<uint16_t>(slot);
    req->pad = 0;
    req->gref = rx_ref(nf, buf);
    nf.rx_buf_of[slot] = static_cast<uint8_t>(buf);
    ring.commit();
    ++nf.stats.rx_posted;
}

// Publish posted rx requests and notify the backend when it asked (feature-rx-notify).
int32_t push_rx(xshim_netfront &nf, RxRing &ring) {
    return ring.push() ? notify(nf, nf.use.evtchn_rx) : XSHIM_S_OK;
}

// Take every tx response there is: each must name a buffer in flight.
int32_t reap_tx(xshim_netfront &nf) {
    TxRing ring = load<TxRing>(nf.tx_ring_state);
    int32_t rc = XSHIM_S_OK;
    for (;;) {
        xshim_netif_tx_response rsp;
        const int got = ring.take_response(&rsp);
        if (got == 0)
            break;
        if (got < 0 || rsp.id >= nf.pages.nr_tx || (nf.tx_busy & (1u << rsp.id)) == 0 ||
            rsp.status == XSHIM_NETIF_RSP_NULL) {
            rc = XSHIM_S_NET_BAD_RESPONSE; // beyond what was pushed, or an id not in flight
            break;
        }
        nf.tx_busy &= ~(1u << rsp.id);
        if (rsp.status == XSHIM_NETIF_RSP_ERROR)
            ++nf.stats.tx_errors;
        else if (rsp.status == XSHIM_NETIF_RSP_DROPPED)
            ++nf.stats.tx_dropped;
        else if (rsp.status != XSHIM_NETIF_RSP_OKAY) {
            rc = XSHIM_S_NET_BAD_RESPONSE;
            break;
        }
    }
    store(nf.tx_ring_state, ring);
    return rc;
}

int32_t free_tx(const xshim_netfront &nf) {
    for (uint32_t i = 0; i < nf.pages.nr_tx; ++i)
        if ((nf.tx_busy & (1u << i)) == 0)
            return static_cast<int32_t>(i);
    return -1;
}

// Grant everything, set up the rings, post the rx buffers, allocate the channels and publish:
// the negotiated nodes, the ring refs, the channel(s) and Connected, in one transaction.
int32_t share(xshim_netfront &nf) {
    int32_t rc = grant(nf, nf.pages.tx_ring_frame, 0);
    if (rc == XSHIM_S_OK)
        rc = grant(nf, nf.pages.rx_ring_frame, 0);
    for (uint32_t i = 0; i < nf.pages.nr_tx && rc == XSHIM_S_OK; ++i)
        rc = grant(nf, nf.pages.tx_frames[i], 1); // the backend only reads what we send
    for (uint32_t i = 0; i < nf.pages.nr_rx && rc == XSHIM_S_OK; ++i)
        rc = grant(nf, nf.pages.rx_frames[i], 0); // it copies received frames in
    if (rc != XSHIM_S_OK)
        return rc;
    TxRing tx;
    RxRing rx;
    if ((rc = tx.init(nf.pages.tx_ring, kPage)) != XSHIM_S_OK ||
        (rc = rx.init(nf.pages.rx_ring, kPage)) != XSHIM_S_OK)
        return rc;
    nf.use.tx_entries = tx.size();
    nf.use.rx_entries = rx.size();
    const uint32_t posts = nf.pages.nr_rx < rx.size() ? nf.pages.nr_rx : rx.size();
    for (uint32_t i = 0; i < posts; ++i)
        post_rx(nf, rx, i);
    (void)rx.push(); // the backend is not connected yet: it reads req_prod when it connects
    store(nf.tx_ring_state, tx);
    store(nf.rx_ring_state, rx);

    const xshim_hypercall *hc = &nf.verdict->selection.hypercall;
    const uint16_t remote = static_cast<uint16_t>(nf.dev.backend_id);
    rc = static_cast<int32_t>(xshim_evtchn_alloc_unbound(hc, remote, &nf.use.evtchn_tx));
    if (rc == XSHIM_S_OK && nf.use.split)
        rc = static_cast<int32_t>(xshim_evtchn_alloc_unbound(hc, remote, &nf.use.evtchn_rx));
    else
        nf.use.evtchn_rx = nf.use.evtchn_tx;
    if (rc != XSHIM_S_OK)
        return rc;

    xshim_xenbus_node nodes[4] = {{"tx-ring-ref", tx_ring_ref(nf)},
                                  {"rx-ring-ref", rx_ring_ref(nf)},
                                  {"event-channel-tx", nf.use.evtchn_tx},
                                  {"event-channel-rx", nf.use.evtchn_rx}};
    uint32_t n = 4;
    if (!nf.use.split) {
        nodes[2] = {"event-channel", nf.use.evtchn_tx};
        n = 3;
    }
    // netback connects when the frontend is Connected (Initialised it passes over), as Linux's
    // netfront switches straight to Connected once its nodes are written.
    return xshim_xenbus_publish(&nf.dev, &nf.negotiated, nodes, n, XSHIM_XENBUS_Connected);
}

void take_use(xshim_netfront &nf) {
    const xshim_neg_decision *d = nf.negotiated.decisions;
    const uint64_t mac = d[XSHIM_NETIF_MAC].used;
    for (uint32_t i = 0; i < 6; ++i)
        nf.use.mac[i] = static_cast<uint8_t>(mac >> (40 - 8 * i));
    nf.use.split = static_cast<uint32_t>(d[XSHIM_NETIF_SPLIT].used);
    nf.use.queues = 1;
    nf.use.multicast = static_cast<uint32_t>(d[XSHIM_NETIF_MCAST].used);
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" {

int32_t xshim_netfront_connect(xshim_netfront *nf, xshim_xs *xs, const char *dir,
                               const xshim_verdict *v, const xshim_platform *p, xshim_gnttab *gt,
                               const xshim_neg_limit *own) {
    if (nf == nullptr || xs == nullptr || dir == nullptr || v == nullptr || p == nullptr ||
        gt == nullptr || own == nullptr || v->outcome != XSHIM_SELECTED || !pages_ok(nf->pages) ||
        gt->nr_refs == 0)
        return XSHIM_S_EINVAL;
    const uint32_t refs = 2 + nf->pages.nr_tx + nf->pages.nr_rx;
    if (nf->first_ref < XSHIM_GNTTAB_NR_RESERVED_ENTRIES || nf->first_ref + refs > gt->nr_refs)
        return XSHIM_S_RANGE;
    const uint32_t settings = static_cast<uint32_t>(offsetof(xshim_netfront, dev));
    zero_bytes(reinterpret_cast<unsigned char *>(nf) + settings, sizeof *nf - settings);
    nf->gt = gt;
    nf->verdict = v;
    nf->platform = p;
    if (!device_handle(dir, &nf->use.handle))
        return XSHIM_S_EINVAL;
    xshim_neg_limit mine[XSHIM_NETIF_RULES];
    copy_bytes(mine, own, sizeof mine);
    mine[XSHIM_NETIF_QUEUES].value = 1;    // the data path serves one queue
    mine[XSHIM_NETIF_CTRL_RING].value = 0; // and sets up no control ring

    int32_t rc = xshim_xenbus_open(&nf->dev, xs, dir);
    if (rc != XSHIM_S_OK)
        return rc;
    rc = xshim_xenbus_wait(&nf->dev, bit(XSHIM_XENBUS_InitWait));
    if (rc == XSHIM_S_OK)
        rc = xshim_xenbus_read(&nf->dev, &xshim_neg_netif, XSHIM_NEG_AT_INITWAIT, &nf->values);
    if (rc == XSHIM_S_OK) {
        nf->step = XSHIM_NETFRONT_STEP_INITWAIT;
        rc = xshim_negotiate(&xshim_neg_netif, XSHIM_NEG_AT_INITWAIT, nf->values.values, mine,
                             &nf->negotiated);
        if (rc == XSHIM_S_OK && nf->negotiated.outcome != XSHIM_SELECTED)
            rc = XSHIM_S_XB_REFUSED;
    }
    if (rc == XSHIM_S_OK) {
        take_use(*nf);
        rc = share(*nf);
    }
    if (rc != XSHIM_S_OK && nf->dev.state != XSHIM_XENBUS_Connected) {
        (void)abandon(*nf); // nothing published
        return rc;
    }
    nf->step = XSHIM_NETFRONT_STEP_PUBLISHED;
    rc = xshim_xenbus_wait(&nf->dev, bit(XSHIM_XENBUS_Connected));
    if (rc != XSHIM_S_OK) {
        (void)close_down(*nf);
        return rc;
    }
    nf->step = XSHIM_NETFRONT_STEP_CONNECTED;
    nf->connected = 1;
    // The backend has mapped the rx ring now: tell it about the buffers posted before.
    return notify(*nf, nf->use.evtchn_rx);
}

int32_t xshim_netfront_send(xshim_netfront *nf, const void *frame, uint32_t len) {
    if (nf == nullptr || frame == nullptr)
        return XSHIM_S_EINVAL;
    if (!nf->connected)
        return XSHIM_S_NET_NOT_CONNECTED;
    if (len < XSHIM_NETFRONT_FRAME_MIN || len > XSHIM_NETFRONT_FRAME_MAX)
        return XSHIM_S_RANGE;
    int32_t rc = reap_tx(*nf);
    int32_t buf = free_tx(*nf);
    for (uint32_t rounds = nf->rounds != 0 ? nf->rounds : wait_rounds(*nf->platform);
         rc == XSHIM_S_OK && buf < 0; --rounds) {
        if (rounds == 0)
            return XSHIM_S_NET_TX_FULL;
        if (nf->platform->relax != nullptr)
            nf->platform->relax(nf->platform->ctx);
        rc = reap_tx(*nf);
        buf = free_tx(*nf);
    }
    if (rc != XSHIM_S_OK)
        return rc;
    copy_bytes(nf->pages.tx[buf], frame, len);
    TxRing ring = load<TxRing>(nf->tx_ring_state);
    xshim_netif_tx_request *req = ring.next_request();
    if (req == nullptr) { // never: at most nr_tx requests are in flight
        store(nf->tx_ring_state, ring);
        return XSHIM_S_NET_TX_FULL;
    }
    req->gref = tx_ref(*nf, static_cast<uint32_t>(buf));
    req->offset = 0;
    req->flags = 0; // checksums complete, one slot, no extra info
    req->id = static_cast<uint16_t>(buf);
    req->size = static_cast<uint16_t>(len);
    ring.commit();
    nf->tx_busy |= 1u << buf;
    const bool kick = ring.push();
    store(nf->tx_ring_state, ring);
    ++nf->stats.tx_packets;
    nf->stats.tx_bytes += len;
    return kick ? notify(*nf, nf->use.evtchn_tx) : XSHIM_S_OK;
}

int32_t xshim_netfront_receive(xshim_netfront *nf, void *buf, uint32_t cap, uint32_t *len,
                               uint32_t rounds) {
    if (nf == nullptr || buf == nullptr || len == nullptr)
        return XSHIM_S_EINVAL;
    if (!nf->connected)
        return XSHIM_S_NET_NOT_CONNECTED;
    *len = 0;
    // Completed sends are taken here too, so a kernel that only receives frees its tx buffers.
    int32_t rc = reap_tx(*nf);
    if (rc != XSHIM_S_OK)
        return rc;
    RxRing ring = load<RxRing>(nf->rx_ring_state);
    for (;;) {
        xshim_netif_rx_response rsp;
        const uint32_t idx = ring.rsp_cons();
        const int got = ring.take_response(&rsp);
        if (got < 0) {
            rc = XSHIM_S_NET_BAD_RESPONSE; // rsp_prod beyond the requests posted
            break;
        }
        if (got == 0) {
            const int again = ring.final_check();
            if (again < 0) {
                rc = XSHIM_S_NET_BAD_RESPONSE;
                break;
            }
            if (again > 0)
                continue;
            if (rounds-- == 0) {
                rc = XSHIM_S_NET_NONE;
                break;
            }
            if (nf->platform->relax != nullptr)
                nf->platform->relax(nf->platform->ctx);
            continue;
        }
        const uint32_t slot = idx & (ring.size() - 1);
        const uint32_t b = nf->rx_buf_of[slot];
        // The id must be the request's (its slot); more-data and extra-info were never asked
        // for (no feature-sg, no GSO announced): a frame we cannot take whole is not followed.
        constexpr uint16_t kUnasked = XSHIM_NETRXF_more_data | XSHIM_NETRXF_extra_info;
        if (rsp.id != slot || b >= nf->pages.nr_rx || (rsp.flags & kUnasked) != 0 ||
            (rsp.status > 0 && uint32_t{rsp.offset} + uint32_t(rsp.status) > kPage)) {
            rc = XSHIM_S_NET_BAD_RESPONSE;
            break;
        }
        bool took = false;
        if (rsp.status <= 0) {
            ++nf->stats.rx_errors; // an error, or an empty frame: nothing to hand out
        } else if (uint32_t(rsp.status) > cap) {
            ++nf->stats.rx_too_big;
        } else {
            *len = uint32_t(rsp.status);
            copy_bytes(buf, static_cast<const unsigned char *>(nf->pages.rx[b]) + rsp.offset, *len);
            ++nf->stats.rx_packets;
            nf->stats.rx_bytes += *len;
            took = true;
        }
        post_rx(*nf, ring, b); // the same page, granted for the connection, goes back
        rc = push_rx(*nf, ring);
        if (took || rc != XSHIM_S_OK)
            break;
    }
    store(nf->rx_ring_state, ring);
    return rc;
}

int32_t xshim_netfront_disconnect(xshim_netfront *nf) {
    if (nf == nullptr || nf->gt == nullptr)
        return XSHIM_S_EINVAL;
    if (!nf->connected)
        return XSHIM_S_NET_NOT_CONNECTED;
    return close_down(*nf);
}

const char *xshim_netfront_status_name(int32_t status) {
    struct Name {
        int32_t status;
        const char *name;
    };
    static constexpr Name kNames[] = {
        {XSHIM_S_NET_BAD_RESPONSE, "net-bad-response"},
        {XSHIM_S_NET_NOT_CONNECTED, "net-not-connected"},
        {XSHIM_S_NET_NONE, "net-none"},
        {XSHIM_S_NET_TX_FULL, "net-tx-full"},
    };
    for (const auto &n : kNames)
        if (n.status == status)
            return n.name;
    return frontend_status_name(status); // grant table, XenBus, XenStore, errnos, or "other"
}

} // extern "C"
