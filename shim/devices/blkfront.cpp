// shim/devices/blkfront.cpp: the block frontend (xshim_blkfront.h). The XenBus handshake and the
// feature decisions are the negotiation stage's (the blkif table); this file shares the memory,
// drives the ring and checks every response. The ring layout is the one the frontend's protocol
// names: x86_32-abi's 108-byte requests, or the 112-byte ones of x86_64-abi and arm-abi.
#include <xshim_blkfront.h>

#include "shim/devices/closing.hpp"
#include "shim/lib/text.hpp"
#include "shim/runtime/front_ring.hpp"
#include "shim/runtime/wait.hpp"

#include <abi/blkif.h>
#include <abi/grant_table.h>
#include <abi/xenbus.h>

namespace xshim {
namespace {

constexpr uint32_t kPage = 4096;
constexpr uint32_t kSector = 512;

// One ABI's entries, chosen once per connection by the protocol the frontend speaks.
template <typename Req, typename Rsp, typename Ind> struct Layout {
    using Request = Req;
    using Response = Rsp;
    using Indirect = Ind;
    using Ring = FrontRing<Req, Rsp>;
};
using Abi64 = Layout<xshim_blkif_request_x86_64, xshim_blkif_response_x86_64,
                     xshim_blkif_request_indirect_x86_64>;
using Abi32 = Layout<xshim_blkif_request_x86_32, xshim_blkif_response_x86_32,
                     xshim_blkif_request_indirect_x86_32>;
static_assert(sizeof(Abi64::Ring) <= sizeof(xshim_blkfront{}.ring_state[0]));
static_assert(sizeof(Abi32::Ring) <= sizeof(xshim_blkfront{}.ring_state[0]));

template <typename L> typename L::Ring load_ring(const xshim_blkfront &bf, uint32_t q) {
    typename L::Ring r;
    copy_bytes(&r, bf.ring_state[q], sizeof r);
    return r;
}
template <typename L> void store_ring(xshim_blkfront &bf, uint32_t q, const typename L::Ring &r) {
    copy_bytes(bf.ring_state[q], &r, sizeof r);
}

// The grant refs, in the order connect grants them: ring pages, the indirect page, I/O pages.
uint32_t ring_ref(const xshim_blkfront &bf, uint32_t i) { return bf.first_ref + i; }
uint32_t indirect_ref(const xshim_blkfront &bf) { return bf.first_ref + bf.pages.nr_ring; }
uint32_t io_ref(const xshim_blkfront &bf, uint32_t i) {
    return bf.first_ref + bf.pages.nr_ring + 1 + i;
}

bool pages_ok(const xshim_blkfront_pages &p) {
    if (p.ring == nullptr || p.nr_ring == 0 || p.nr_ring > XSHIM_BLKFRONT_RING_PAGES_MAX ||
        (p.nr_ring & (p.nr_ring - 1)) != 0 || p.nr_io == 0 || p.nr_io > XSHIM_BLKFRONT_IO_PAGES_MAX)
        return false;
    if (reinterpret_cast<uintptr_t>(p.ring) % kPage != 0)
        return false;
    for (uint32_t i = 0; i < p.nr_io; ++i)
        if (p.io[i] == nullptr || reinterpret_cast<uintptr_t>(p.io[i]) % kPage != 0)
            return false;
    return true;
}

uint32_t order_of(uint32_t pages) {
    uint32_t order = 0;
    while ((1u << (order + 1)) <= pages)
        ++order;
    return order;
}

int32_t notify(xshim_blkfront &bf, uint32_t q) {
    ++bf.stats.notifies;
    return static_cast<int32_t>(
        xshim_evtchn_send(&bf.verdict->selection.hypercall, bf.use.evtchn[q]));
}

// Push the request just committed, notify when the backend asked, and wait (bounded) for its
// response: XSHIM_S_OK or a named fault. The response must echo the request's id, and its
// operation or `also`: the one a backend may answer an indirect request with (Linux's blkback
// answers with indirect_op, the operation inside).
template <typename L>
int32_t complete(xshim_blkfront &bf, uint32_t q, typename L::Ring &ring, uint64_t id, uint8_t op,
                 uint8_t also) {
    ring.commit();
    if (ring.push()) {
        const int32_t rc = notify(bf, q);
        if (rc != XSHIM_S_OK) {
            store_ring<L>(bf, q, ring);
            return rc;
        }
    }
    ++bf.stats.requests;
    ++bf.stats.per_queue[q];
    uint32_t rounds = bf.rounds != 0 ? bf.rounds : wait_rounds(*bf.platform);
    typename L::Response rsp;
    for (;;) {
        const int got = ring.take_response(&rsp);
        if (got < 0) {
            store_ring<L>(bf, q, ring);
            return XSHIM_S_BLK_BAD_RESPONSE;
        }
        if (got == 1)
            break;
        if (rounds-- == 0) {
            store_ring<L>(bf, q, ring);
            return XSHIM_S_TIMEOUT;
        }
        if (bf.platform->relax != nullptr)
            bf.platform->relax(bf.platform->ctx);
    }
    store_ring<L>(bf, q, ring);
    const uint64_t rsp_id = rsp.id;
    if (rsp_id != id || (rsp.operation != op && rsp.operation != also))
        return XSHIM_S_BLK_BAD_RESPONSE;
    if (rsp.status == XSHIM_BLKIF_RSP_OKAY)
        return XSHIM_S_OK;
    return rsp.status == XSHIM_BLKIF_RSP_EOPNOTSUPP ? XSHIM_S_BLK_NOTSUPP : XSHIM_S_BLK_IO;
}

// The segment of I/O page i for a transfer of `bytes` that starts at the page's first byte.
xshim_blkif_request_segment segment(const xshim_blkfront &bf, uint32_t i, uint32_t bytes) {
    const uint32_t in_page = bytes - i * kPage < kPage ? bytes - i * kPage : kPage;
    xshim_blkif_request_segment s{};
    s.gref = io_ref(bf, i);
    s.first_sect = 0;
    s.last_sect = static_cast<uint8_t>(in_page / kSector - 1);
    return s;
}

// One request over the first `bytes` of the I/O pages (at most what one request may carry).
template <typename L>
int32_t transfer(xshim_blkfront &bf, uint8_t op, uint64_t sector, uint32_t bytes) {
    // Requests take the queues in turn.
    const uint32_t q = bf.next_queue;
    bf.next_queue = (q + 1) % bf.use.queues;
    typename L::Ring ring = load_ring<L>(bf, q);
    const uint32_t nseg = (bytes + kPage - 1) / kPage;
    const uint64_t id = ++bf.next_id;
    if (nseg > XSHIM_BLKIF_MAX_SEGMENTS_PER_REQUEST) {
        auto *req = reinterpret_cast<typename L::Indirect *>(ring.next_request());
        if (req == nullptr)
            return XSHIM_S_BLK_BAD_RESPONSE; // every slot taken: responses went missing
        auto *segs = static_cast<xshim_blkif_request_segment *>(bf.pages.indirect);
        for (uint32_t i = 0; i < nseg; ++i)
            segs[i] = segment(bf, i, bytes);
        zero_bytes(req, sizeof *req);
        req->operation = XSHIM_BLKIF_OP_INDIRECT;
        req->indirect_op = op;
        req->nr_segments = static_cast<uint16_t>(nseg);
        req->id = id;
        req->sector_number = sector;
        req->handle = static_cast<uint16_t>(bf.use.handle);
        req->indirect_grefs[0] = indirect_ref(bf);
        ++bf.stats.indirect_requests;
        bf.stats.segments += nseg;
        return complete<L>(bf, q, ring, id, XSHIM_BLKIF_OP_INDIRECT, op);
    }
    auto *req = reinterpret_cast<typename L::Request *>(ring.next_request());
    if (req == nullptr)
        return XSHIM_S_BLK_BAD_RESPONSE;
    zero_bytes(req, sizeof *req);
    req->operation = op;
    req->nr_segments = static_cast<uint8_t>(nseg);
    req->handle = static_cast<uint16_t>(bf.use.handle);
    req->id = id;
    req->sector_number = sector;
    for (uint32_t i = 0; i < nseg; ++i)
        req->seg[i] = segment(bf, i, bytes);
    bf.stats.segments += nseg;
    return complete<L>(bf, q, ring, id, op, op);
}

int32_t transfer(xshim_blkfront &bf, uint8_t op, uint64_t sector, uint32_t bytes) {
    return bf.x86_32 ? transfer<Abi32>(bf, op, sector, bytes)
                     : transfer<Abi64>(bf, op, sector, bytes);
}

// Pages one request carries: an indirect request's segments (at most one indirect page's, and
// what the backend allows), else a direct request's 11; never more than the I/O pages.
uint32_t pages_per_request(const xshim_blkfront &bf) {
    uint32_t n = XSHIM_BLKIF_MAX_SEGMENTS_PER_REQUEST;
    if (bf.use.indirect_segments > n)
        n = bf.use.indirect_segments < XSHIM_BLKIF_SEGS_PER_INDIRECT_FRAME
                ? bf.use.indirect_segments
                : XSHIM_BLKIF_SEGS_PER_INDIRECT_FRAME;
    return n < bf.pages.nr_io ? n : bf.pages.nr_io;
}

int32_t io(xshim_blkfront *bf, uint8_t op, uint64_t sector, unsigned char *buf, uint32_t bytes) {
    if (bf == nullptr || (buf == nullptr && bytes != 0))
        return XSHIM_S_EINVAL;
    if (!bf->connected)
        return XSHIM_S_BLK_NOT_CONNECTED;
    const uint64_t count = bytes / kSector;
    if (bytes % kSector != 0 || sector > bf->use.sectors || count > bf->use.sectors - sector)
        return XSHIM_S_RANGE;
    const uint32_t chunk = pages_per_request(*bf) * kPage;
    for (uint32_t done = 0; done < bytes;) {
        const uint32_t n = bytes - done < chunk ? bytes - done : chunk;
        if (op == XSHIM_BLKIF_OP_WRITE)
            for (uint32_t off = 0; off < n; off += kPage)
                copy_bytes(bf->pages.io[off / kPage], buf + done + off,
                           n - off < kPage ? n - off : kPage);
        const int32_t rc = transfer(*bf, op, sector + done / kSector, n);
        if (rc != XSHIM_S_OK)
            return rc;
        if (op == XSHIM_BLKIF_OP_READ)
            for (uint32_t off = 0; off < n; off += kPage)
                copy_bytes(buf + done + off, bf->pages.io[off / kPage],
                           n - off < kPage ? n - off : kPage);
        done += n;
    }
    return XSHIM_S_OK;
}

// Grant the next ref to the backend; refs are granted in order and ended in order.
int32_t grant(xshim_blkfront &bf, uint64_t frame, uint32_t readonly) {
    const int32_t rc =
        xshim_gnttab_grant(bf.gt, bf.first_ref + bf.granted,
                           static_cast<uint16_t>(bf.dev.backend_id), frame, readonly);
    if (rc == XSHIM_S_OK)
        ++bf.granted;
    return rc;
}

// No indirect page: its ref is passed over, so the I/O pages' refs stay where io_ref says.
int32_t skip(xshim_blkfront &bf) {
    ++bf.granted;
    return XSHIM_S_OK;
}

// End every grant (once the backend unmapped; bounded), and close the channel. The first
// failure is returned, but every step is tried.
int32_t release(xshim_blkfront &bf) {
    int32_t first = XSHIM_S_OK;
    for (uint32_t i = 0; i < bf.granted; ++i) {
        const uint32_t ref = bf.first_ref + i;
        if (ref == indirect_ref(bf) && bf.pages.indirect == nullptr)
            continue; // passed over, never granted
        const int32_t rc = xshim_gnttab_end(bf.gt, ref);
        if (rc != XSHIM_S_OK && first == XSHIM_S_OK)
            first = rc;
    }
    bf.granted = 0;
    for (uint32_t &port : bf.use.evtchn) {
        if (port == 0)
            continue;
        const long rc = xshim_evtchn_close(&bf.verdict->selection.hypercall, port);
        if (rc != 0 && first == XSHIM_S_OK)
            first = static_cast<int32_t>(rc);
        port = 0;
    }
    return first;
}

constexpr uint32_t bit(uint32_t state) { return 1u << state; }

// Before anything was published the backend mapped nothing: end what was granted, Closed.
int32_t abandon(xshim_blkfront &bf) {
    int32_t first = release(bf);
    const int32_t rc = xenbus_abandon(bf.dev);
    if (rc != XSHIM_S_OK && first == XSHIM_S_OK)
        first = rc;
    const int32_t un = xshim_xenbus_close(&bf.dev);
    return first != XSHIM_S_OK ? first : un;
}

// Closing, the backend's Closing or Closed, Closed, its Closed: after that it has unmapped
// everything (Linux's blkback unmaps when the frontend reaches Closed). Then release.
int32_t close_down(xshim_blkfront &bf) {
    bf.connected = 0;
    int32_t first = xenbus_close_down(bf.dev);
    int32_t rc = release(bf);
    if (rc != XSHIM_S_OK && first == XSHIM_S_OK)
        first = rc;
    rc = xshim_xenbus_close(&bf.dev);
    return first != XSHIM_S_OK ? first : rc;
}

// The ring page names (blkif.h): "ring-ref" for one page, "ring-ref0".."ring-refN" with
// ring-page-order; with several queues each under "queue-N/".
constexpr uint32_t kNodeName = 24;
void ring_node(char *out, uint32_t queues, uint32_t q, uint32_t order, uint32_t i) {
    Writer w(out, kNodeName);
    if (queues > 1)
        w.str("queue-").dec(q).ch('/');
    w.str("ring-ref");
    if (order != 0)
        w.dec(i);
}
void channel_node(char *out, uint32_t queues, uint32_t q) {
    Writer w(out, kNodeName);
    if (queues > 1)
        w.str("queue-").dec(q).ch('/');
    w.str("event-channel");
}

template <typename L> int32_t init_rings(xshim_blkfront &bf, uint32_t pages_per_queue) {
    for (uint32_t q = 0; q < bf.use.queues; ++q) {
        typename L::Ring ring;
        const int32_t rc = ring.init(static_cast<unsigned char *>(bf.pages.ring) +
                                         size_t{q} * pages_per_queue * kPage,
                                     uint64_t{pages_per_queue} * kPage);
        if (rc != XSHIM_S_OK)
            return rc;
        bf.use.ring_entries = ring.size();
        store_ring<L>(bf, q, ring);
    }
    return XSHIM_S_OK;
}

// Grant the ring pages, the indirect page and the I/O pages; set up each queue's ring and
// channel; publish the negotiated nodes with them, and Initialised.
int32_t share(xshim_blkfront &bf) {
    const uint32_t order =
        static_cast<uint32_t>(bf.at_initwait.decisions[XSHIM_BLKIF_RING_PAGE_ORDER].used);
    const uint32_t queues =
        static_cast<uint32_t>(bf.at_initwait.decisions[XSHIM_BLKIF_QUEUES].used);
    if (queues == 0 || queues > XSHIM_BLKFRONT_QUEUES_MAX || order > 4 ||
        queues * (1u << order) > bf.pages.nr_ring)
        return XSHIM_S_EINVAL; // the limits allowed more pages than the kernel gave
    bf.use.ring_page_order = order;
    bf.use.queues = queues;
    const uint32_t per_queue = 1u << order;
    int32_t rc = XSHIM_S_OK;
    for (uint32_t i = 0; i < bf.pages.nr_ring && rc == XSHIM_S_OK; ++i)
        rc = grant(bf, bf.pages.ring_frames[i], 0);
    // The indirect page is granted writable although the backend only reads it: a backend using
    // persistent grants maps every grant read-write (Linux's blkback does, and refuses the
    // request when the map fails), and a grant here lasts the whole connection.
    if (rc == XSHIM_S_OK)
        rc = bf.pages.indirect != nullptr ? grant(bf, bf.pages.indirect_frame, 0)
                                          : skip(bf); // its ref stays unused
    for (uint32_t i = 0; i < bf.pages.nr_io && rc == XSHIM_S_OK; ++i)
        rc = grant(bf, bf.pages.io_frames[i], 0);
    if (rc == XSHIM_S_OK)
        rc = bf.x86_32 ? init_rings<Abi32>(bf, per_queue) : init_rings<Abi64>(bf, per_queue);
    for (uint32_t q = 0; q < queues && rc == XSHIM_S_OK; ++q)
        rc = static_cast<int32_t>(xshim_evtchn_alloc_unbound(
            &bf.verdict->selection.hypercall, static_cast<uint16_t>(bf.dev.backend_id),
            &bf.use.evtchn[q]));
    if (rc != XSHIM_S_OK)
        return rc;

    char names[XSHIM_BLKFRONT_RING_PAGES_MAX + XSHIM_BLKFRONT_QUEUES_MAX][kNodeName];
    xshim_xenbus_node nodes[XSHIM_BLKFRONT_RING_PAGES_MAX + XSHIM_BLKFRONT_QUEUES_MAX];
    uint32_t n = 0;
    for (uint32_t q = 0; q < queues; ++q) {
        for (uint32_t i = 0; i < per_queue; ++i, ++n) {
            ring_node(names[n], queues, q, order, i);
            nodes[n] = {names[n], ring_ref(bf, q * per_queue + i)};
        }
        channel_node(names[n], queues, q);
        nodes[n] = {names[n], bf.use.evtchn[q]};
        ++n;
    }
    return xshim_xenbus_publish(&bf.dev, &bf.at_initwait, nodes, n, XSHIM_XENBUS_Initialised);
}

// What the backend said at Connected, checked by the table, into bf.use.
void take_connected(xshim_blkfront &bf) {
    const xshim_neg_decision *d = bf.at_connected.decisions;
    bf.use.persistent =
        static_cast<uint32_t>(d[XSHIM_BLKIF_PERSISTENT].used) &
        static_cast<uint32_t>(bf.at_initwait.decisions[XSHIM_BLKIF_PERSISTENT_OFFER].used);
    bf.use.indirect_segments =
        bf.pages.indirect != nullptr ? static_cast<uint32_t>(d[XSHIM_BLKIF_INDIRECT].used) : 0;
    bf.use.flush_op = d[XSHIM_BLKIF_FLUSH].used != 0     ? XSHIM_BLKIF_OP_FLUSH_DISKCACHE
                      : d[XSHIM_BLKIF_BARRIER].used != 0 ? XSHIM_BLKIF_OP_WRITE_BARRIER
                                                         : 0;
    bf.use.sector_size = static_cast<uint32_t>(d[XSHIM_BLKIF_SECTOR_SIZE].used);
    bf.use.sectors = d[XSHIM_BLKIF_SECTORS].used;
    bf.use.info = static_cast<uint32_t>(d[XSHIM_BLKIF_INFO].used);
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" {

int32_t xshim_blkfront_connect(xshim_blkfront *bf, xshim_xs *xs, const char *dir,
                               const xshim_verdict *v, const xshim_platform *p, xshim_gnttab *gt,
                               const xshim_neg_limit *own) {
    if (bf == nullptr || xs == nullptr || dir == nullptr || v == nullptr || p == nullptr ||
        gt == nullptr || own == nullptr || v->outcome != XSHIM_SELECTED || !pages_ok(bf->pages) ||
        gt->nr_refs == 0 || own[XSHIM_BLKIF_PROTOCOL].text == nullptr)
        return XSHIM_S_EINVAL;
    const uint32_t refs = bf->pages.nr_ring + 1 + bf->pages.nr_io;
    if (bf->first_ref < XSHIM_GNTTAB_NR_RESERVED_ENTRIES || bf->first_ref + refs > gt->nr_refs)
        return XSHIM_S_RANGE;
    // Everything below the kernel's settings is this connection's.
    const uint32_t settings = static_cast<uint32_t>(offsetof(xshim_blkfront, dev));
    zero_bytes(reinterpret_cast<unsigned char *>(bf) + settings, sizeof *bf - settings);
    bf->gt = gt;
    bf->verdict = v;
    bf->platform = p;
    if (!device_handle(dir, &bf->use.handle))
        return XSHIM_S_EINVAL;
    bf->x86_32 = same(own[XSHIM_BLKIF_PROTOCOL].text,
                      bounded_len(own[XSHIM_BLKIF_PROTOCOL].text, XSHIM_NEG_TEXT_MAX),
                      XSHIM_IO_PROTO_ABI_X86_32);
    // The frontend's own limits, with the ring no larger than the pages it was given.
    xshim_neg_limit mine[XSHIM_BLKIF_RULES];
    copy_bytes(mine, own, sizeof mine);
    const uint64_t max_order = order_of(bf->pages.nr_ring);
    if (mine[XSHIM_BLKIF_RING_PAGE_ORDER].value > max_order)
        mine[XSHIM_BLKIF_RING_PAGE_ORDER].value = max_order;
    if (bf->pages.indirect == nullptr)
        mine[XSHIM_BLKIF_INDIRECT].value = 0;
    uint64_t &queues = mine[XSHIM_BLKIF_QUEUES].value;
    if (queues > XSHIM_BLKFRONT_QUEUES_MAX)
        queues = XSHIM_BLKFRONT_QUEUES_MAX;
    if (queues > bf->pages.nr_ring)
        queues = bf->pages.nr_ring; // a page each at least
    if (queues == 0)
        queues = 1;

    int32_t rc = xshim_xenbus_open(&bf->dev, xs, dir);
    if (rc != XSHIM_S_OK)
        return rc;
    rc = xshim_xenbus_wait(&bf->dev, bit(XSHIM_XENBUS_InitWait));
    if (rc == XSHIM_S_OK) {
        bf->step = XSHIM_BLKFRONT_STEP_INITWAIT;
        rc = read_and_negotiate(bf->dev, xshim_neg_blkif, XSHIM_NEG_AT_INITWAIT, bf->values, mine,
                                &bf->at_initwait);
    }
    if (rc == XSHIM_S_OK) {
        // Every queue gets 2^order pages of the kernel's: with more queues than that allows,
        // the order is what is lowered (the negotiation is pure: asked again, same nodes read).
        // (32-bit arithmetic: queues are at most XSHIM_BLKFRONT_QUEUES_MAX by the limit above,
        // and a 64-bit division would need libgcc on i386.)
        const uint32_t q =
            static_cast<uint32_t>(bf->at_initwait.decisions[XSHIM_BLKIF_QUEUES].used);
        const uint64_t fit = order_of(bf->pages.nr_ring / (q != 0 ? q : 1));
        if (bf->at_initwait.decisions[XSHIM_BLKIF_RING_PAGE_ORDER].used > fit) {
            mine[XSHIM_BLKIF_RING_PAGE_ORDER].value = fit;
            rc = xshim_negotiate(&xshim_neg_blkif, XSHIM_NEG_AT_INITWAIT, bf->values.values, mine,
                                 &bf->at_initwait);
        }
    }
    if (rc == XSHIM_S_OK)
        rc = share(*bf);
    if (rc == XSHIM_S_OK)
        bf->step = XSHIM_BLKFRONT_STEP_INITIALISED;
    if (rc != XSHIM_S_OK && bf->dev.state != XSHIM_XENBUS_Initialised) {
        (void)abandon(*bf); // nothing published: the backend maps nothing of ours
        return rc;
    }
    if (rc == XSHIM_S_OK)
        rc = xshim_xenbus_wait(&bf->dev, bit(XSHIM_XENBUS_Connected));
    if (rc == XSHIM_S_OK) {
        bf->step = XSHIM_BLKFRONT_STEP_CONNECTED;
        rc = read_and_negotiate(bf->dev, xshim_neg_blkif, XSHIM_NEG_AT_CONNECTED, bf->values, mine,
                                &bf->at_connected);
    }
    if (rc == XSHIM_S_OK)
        rc = xshim_xenbus_set_state(&bf->dev, 0, XSHIM_XENBUS_Connected);
    if (rc != XSHIM_S_OK) {
        (void)close_down(*bf); // the named failure is rc; the teardown is best effort
        return rc;
    }
    take_connected(*bf);
    bf->connected = 1;
    return XSHIM_S_OK;
}

int32_t xshim_blkfront_read(xshim_blkfront *bf, uint64_t sector, void *buf, uint32_t bytes) {
    return io(bf, XSHIM_BLKIF_OP_READ, sector, static_cast<unsigned char *>(buf), bytes);
}

int32_t xshim_blkfront_write(xshim_blkfront *bf, uint64_t sector, const void *buf, uint32_t bytes) {
    // io() only reads a write's buffer.
    return io(bf, XSHIM_BLKIF_OP_WRITE, sector,
              const_cast<unsigned char *>(static_cast<const unsigned char *>(buf)), bytes);
}

int32_t xshim_blkfront_flush(xshim_blkfront *bf) {
    if (bf == nullptr)
        return XSHIM_S_EINVAL;
    if (!bf->connected)
        return XSHIM_S_BLK_NOT_CONNECTED;
    if (bf->use.flush_op == 0)
        return XSHIM_S_ENOSYS;
    ++bf->stats.flushes;
    return transfer(*bf, static_cast<uint8_t>(bf->use.flush_op), 0, 0);
}

const char *xshim_blkfront_status_name(int32_t status) {
    struct Name {
        int32_t status;
        const char *name;
    };
    static constexpr Name kNames[] = {
        {XSHIM_S_BLK_IO, "blk-io"},
        {XSHIM_S_BLK_NOTSUPP, "blk-notsupp"},
        {XSHIM_S_BLK_BAD_RESPONSE, "blk-bad-response"},
        {XSHIM_S_BLK_NOT_CONNECTED, "blk-not-connected"},
    };
    for (const auto &n : kNames)
        if (n.status == status)
            return n.name;
    return frontend_status_name(status); // grant table, XenBus, XenStore, errnos, or "other"
}

int32_t xshim_blkfront_disconnect(xshim_blkfront *bf) {
    if (bf == nullptr || bf->gt == nullptr)
        return XSHIM_S_EINVAL;
    if (!bf->connected) // a failed connect or a disconnect already closed the device
        return XSHIM_S_BLK_NOT_CONNECTED;
    // Flush while the backend still serves the ring; one that is already closing (the toolstack
    // detaches the disk) takes no more requests.
    int32_t first = XSHIM_S_OK;
    if (bf->connected && bf->use.flush_op != 0 &&
        xshim_xenbus_backend_state(&bf->dev) == XSHIM_S_OK &&
        bf->dev.backend_state == XSHIM_XENBUS_Connected)
        first = xshim_blkfront_flush(bf);
    const int32_t rc = close_down(*bf);
    return first != XSHIM_S_OK ? first : rc;
}

} // extern "C"
