// tests/unit/test_blkfront.cpp: the block frontend (xshim_blkfront.h) against a fake backend
// that works the way Linux's blkback and QEMU's qdisk were seen to on the test bed (TESTBED.md):
// the XenBus handshake over the fake xenstored (test_xenstore_fake.hpp), the ring and the I/O
// pages mapped through the grant entries the frontend wrote (in a grant-table page this test
// owns, placed the PVH way with XENMEM_add_to_physmap), requests taken from the shared ring in
// the layout of the frontend's protocol node (abi/blkif.h: direct and BLKIF_OP_INDIRECT), and
// served from an in-memory disk through the granted pages. Then backends that lie, stall, refuse
// or keep pages mapped.
//
// Built at -m64 and -m32 alike: unlike test_frontend.cpp's mini hypervisor (64-bit layouts
// only), the fake here answers add_to_physmap in the host's own word size, as the grant table
// code asks in the guest's, and the ring entries are read with the explicit x86_32 and x86_64
// structs of abi/blkif.h whatever the host.
// xshim_blkfront.h first: its event-channel functions are declared before abi/event_channel.h's
// structs of the same names (fake_xen.hpp includes those), as -Wshadow requires.
#include <xshim_blkfront.h>

#include "frontend_bed.hpp"

#include <doctest/doctest.h>

#include <abi/blkif.h>
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <abi/ring.h>
#include <abi/xenbus.h>

#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace {

const std::string kFront = "/local/domain/1/device/vbd/51712";
const std::string kBack = "/local/domain/0/backend/vbd/1/51712";
constexpr uint32_t kPage = 4096;
constexpr uint32_t kSector = 512;
constexpr uint64_t kDiskSectors = 8192;  // what blkback reported for the test bed's ramdisk
constexpr uint64_t kFirstFrame = 0x1000; // frames of the frontend's pages: ring, indirect, I/O
constexpr uint32_t kRingPages = XSHIM_BLKFRONT_RING_PAGES_MAX;
constexpr uint32_t kIoPages = XSHIM_BLKFRONT_IO_PAGES_MAX;
constexpr uint32_t kFirstRef = 8; // the first ref not reserved for the toolstack

using Page = BedPage;

// One ABI's ring entries, as the backend reads them.
template <typename Req, typename Rsp, typename Ind> struct Abi {
    using Request = Req;
    using Response = Rsp;
    using Indirect = Ind;
    static constexpr size_t kEntry = sizeof(Req) > sizeof(Rsp) ? sizeof(Req) : sizeof(Rsp);
};
using Abi64 = Abi<xshim_blkif_request_x86_64, xshim_blkif_response_x86_64,
                  xshim_blkif_request_indirect_x86_64>;
using Abi32 = Abi<xshim_blkif_request_x86_32, xshim_blkif_response_x86_32,
                  xshim_blkif_request_indirect_x86_32>;

// What the backend took from the ring, one entry per request.
struct Seen {
    uint8_t operation = 0, inner = 0; // inner: an indirect request's indirect_op
    uint32_t nr_segments = 0;
    uint64_t id = 0, sector = 0;
    uint32_t handle = 0;
    std::vector<unsigned char> raw; // the slot's bytes, as the frontend wrote them
    size_t slot_offset = 0;         // from the ring's first byte
};

// How the backend behaves.
struct Knobs {
    bool qdisk = false;           // QEMU's qdisk: disk nodes at InitWait, no indirect, no
                                  // persistent grants, no multi-queue (TESTBED.md)
    bool to_initwait = true;      // reaches InitWait at all
    const char *indirect = "256"; // feature-max-indirect-segments; nullptr: not offered
    const char *max_order = "4";  // max-ring-page-order
    std::string sector_size = "512";
    bool answer = true;           // answers requests
    bool keep_one_mapped = false; // keeps the first I/O page mapped past Closed
    uint32_t rsp_overrun = 0;     // responses claimed beyond those written
    std::function<void(uint64_t &id, uint8_t &op, int16_t &status)> tamper;
};

struct Bed : FrontendBed {
    Knobs k;
    xshim_blkfront bf{};
    xshim_neg_limit own[XSHIM_BLKIF_RULES]{};

    // The frontend's memory.
    Page ring[kRingPages]{};
    Page indirect{};
    Page io[kIoPages]{};

    // The backend.
    std::vector<unsigned char> disk;
    std::map<uint32_t, uint32_t> maps; // ref -> mappings held
    unsigned char *ring_base = nullptr;
    uint32_t ring_bytes = 0;
    bool x86_32 = false, persistent = false;
    uint32_t req_cons = 0, rsp_prod = 0, kicks = 0;
    std::vector<Seen> seen;
    uint32_t grant_faults = 0;
    std::vector<std::string> ring_refs_named; // ring-ref nodes the backend read
    size_t flush_answered_at = 0;             // store requests handled when a flush was answered

    Bed() : disk(kDiskSectors * kSector) {
        for (size_t i = 0; i < disk.size(); ++i)
            disk[i] = static_cast<unsigned char>((i * 2654435761u) >> 13);
        FakeStore &s = store;
        s.set(kFront + "/backend", kBack);
        s.set(kFront + "/backend-id", "0");
        s.set(kFront + "/state", "1");
        s.set(kFront + "/protocol", "x86_64-abi"); // libxl writes it (TESTBED.md)
        s.set(kBack + "/state", "1");
        s.set(kBack + "/frontend", kFront);
        s.on_step = [this](FakeStore &st) { backend_step(st); };
        gt.wait_rounds = 20;

        xshim_blkfront_pages &pg = bf.pages;
        pg.ring = ring[0].b;
        pg.nr_ring = kRingPages;
        for (uint32_t i = 0; i < kRingPages; ++i)
            pg.ring_frames[i] = kFirstFrame + i;
        pg.indirect = indirect.b;
        pg.indirect_frame = kFirstFrame + kRingPages;
        pg.nr_io = kIoPages;
        for (uint32_t i = 0; i < kIoPages; ++i) {
            pg.io[i] = io[i].b;
            pg.io_frames[i] = kFirstFrame + kRingPages + 1 + i;
        }
        bf.first_ref = kFirstRef;
        REQUIRE(xshim_blkif_frontend_defaults(XSHIM_ARCH_X86_64, own) == XSHIM_S_OK);
    }

    // The x86_32 ABI: the protocol libxl writes for such a guest, and the frontend's own.
    void speak_x86_32() {
        store.set(kFront + "/protocol", XSHIM_IO_PROTO_ABI_X86_32);
        REQUIRE(xshim_blkif_frontend_defaults(XSHIM_ARCH_X86_32, own) == XSHIM_S_OK);
    }

    int32_t connect() {
        return xshim_blkfront_connect(&bf, &xs, "device/vbd/51712", &v, &p, &gt, own);
    }

    std::string front(const std::string &n) const { return node(kFront + "/" + n); }
    std::string back(const std::string &n) const { return node(kBack + "/" + n); }

    // --- grants, as Xen keeps them --------------------------------------------------------

    unsigned char *page_of(uint64_t frame) {
        if (frame >= kFirstFrame && frame < kFirstFrame + kRingPages)
            return ring[frame - kFirstFrame].b;
        if (frame == kFirstFrame + kRingPages)
            return indirect.b;
        if (frame > kFirstFrame + kRingPages && frame <= kFirstFrame + kRingPages + kIoPages)
            return io[frame - kFirstFrame - kRingPages - 1].b;
        return nullptr;
    }

    // GNTTABOP_map_grant_ref as Xen checks it: granted to domain 0, writable when the backend
    // writes; Xen then sets GTF_reading, and GTF_writing for a writable mapping.
    unsigned char *map(uint32_t ref, bool write) {
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
        if (maps[ref]++ == 0)
            __atomic_fetch_or(&e.flags,
                              static_cast<uint16_t>(XSHIM_GTF_reading | XSHIM_GTF_writing),
                              __ATOMIC_ACQ_REL);
        return page;
    }
    void unmap(uint32_t ref) {
        auto it = maps.find(ref);
        if (it == maps.end())
            return;
        if (--it->second == 0) {
            __atomic_fetch_and(&entry(ref).flags,
                               static_cast<uint16_t>(~(XSHIM_GTF_reading | XSHIM_GTF_writing)),
                               __ATOMIC_ACQ_REL);
            maps.erase(it);
        }
    }

    // Every ref the frontend may use: none stays granted after a teardown.
    std::vector<uint32_t> granted_refs() {
        std::vector<uint32_t> out;
        for (uint32_t r = kFirstRef; r < kFirstRef + kRingPages + 1 + kIoPages; ++r)
            if (flags(r) != 0)
                out.push_back(r);
        return out;
    }
    // The ref connect grants I/O page i with: after the ring pages and the indirect page's ref.
    uint32_t io_ref(uint32_t i) const { return kFirstRef + bf.pages.nr_ring + 1 + i; }

    // --- the backend's XenBus side ----------------------------------------------------------

    void set_state(FakeStore &s, const char *state) {
        s.set(kBack + "/state", state);
        s.changed(kBack + "/state");
        s.fire();
    }
    static bool number(const std::string &text, uint64_t *out) {
        if (text.empty() || text.size() > 10)
            return false;
        uint64_t n = 0;
        for (char c : text) {
            if (c < '0' || c > '9')
                return false;
            n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        *out = n;
        return true;
    }

    // Map the ring the way blkback's connect_ring does: ring-page-order (absent: one page,
    // "ring-ref"), each ring-refN through its grant; the pages must be the frontend's ring in
    // order. False (and the backend stays InitWait) when anything does not hold.
    bool map_ring(FakeStore &s) {
        uint64_t order = 0;
        if (s.nodes.count(kFront + "/ring-page-order") &&
            !number(s.nodes[kFront + "/ring-page-order"], &order))
            return false;
        if (order > 4)
            return false;
        const uint32_t n = 1u << order;
        for (uint32_t i = 0; i < n; ++i) {
            const std::string name = order == 0 ? "ring-ref" : "ring-ref" + std::to_string(i);
            uint64_t ref = 0;
            if (!s.nodes.count(kFront + "/" + name) || !number(s.nodes[kFront + "/" + name], &ref))
                return false;
            ring_refs_named.push_back(name);
            unsigned char *page = map(static_cast<uint32_t>(ref), true);
            if (page == nullptr)
                return false;
            if (i == 0)
                ring_base = page;
            else if (page != ring_base + i * kPage)
                return false; // not contiguous as the backend maps them
        }
        ring_bytes = n * kPage;
        x86_32 = s.nodes[kFront + "/protocol"] == XSHIM_IO_PROTO_ABI_X86_32;
        persistent = !k.qdisk && s.nodes.count(kFront + "/feature-persistent") &&
                     s.nodes[kFront + "/feature-persistent"] == "1";
        return true;
    }

    void unmap_all() {
        std::map<uint32_t, uint32_t> keep;
        for (auto &m : maps)
            if (k.keep_one_mapped && m.first == io_ref(0))
                keep.insert(m);
            else
                __atomic_fetch_and(&entry(m.first).flags,
                                   static_cast<uint16_t>(~(XSHIM_GTF_reading | XSHIM_GTF_writing)),
                                   __ATOMIC_ACQ_REL);
        maps = keep;
        ring_base = nullptr;
    }

    void backend_step(FakeStore &s) {
        const std::string st = s.nodes[kBack + "/state"];
        const std::string fe = s.nodes[kFront + "/state"];
        if (st == "1" && k.to_initwait) {
            s.set(kBack + "/max-ring-page-order", k.max_order);
            if (k.qdisk) { // qdisk writes the disk's nodes before InitWait
                s.set(kBack + "/feature-discard", "1");
                s.set(kBack + "/discard-granularity", "512");
                s.set(kBack + "/discard-alignment", "0");
                s.set(kBack + "/feature-flush-cache", "1");
                s.set(kBack + "/info", "0");
                s.set(kBack + "/sector-size", k.sector_size);
                s.set(kBack + "/sectors", std::to_string(kDiskSectors));
            } else {
                if (k.indirect != nullptr)
                    s.set(kBack + "/feature-max-indirect-segments", k.indirect);
                s.set(kBack + "/multi-queue-max-queues", "1");
            }
            set_state(s, "2");
        } else if (st == "2" && fe == "3") {
            if (!map_ring(s))
                return;
            if (!k.qdisk) { // blkback writes them in connect()
                s.set(kBack + "/feature-flush-cache", "1");
                s.set(kBack + "/feature-persistent", "1");
                s.set(kBack + "/sectors", std::to_string(kDiskSectors));
                s.set(kBack + "/info", "0");
                s.set(kBack + "/sector-size", k.sector_size);
            }
            set_state(s, "4");
        } else if (st == "4" && ring_base != nullptr) {
            if (kicks < sends.size()) { // notified: serve what the ring holds
                kicks = static_cast<uint32_t>(sends.size());
                if (x86_32)
                    serve<Abi32>(s);
                else
                    serve<Abi64>(s);
            }
        }
        // Closing: say so; Closed: unmap everything, Closed (Linux's frontend_changed).
        const std::string now = s.nodes[kBack + "/state"];
        if (fe == "5" && now != "5" && now != "6")
            set_state(s, "5");
        if (fe == "6" && now != "6") {
            unmap_all();
            set_state(s, "6");
        }
    }

    // --- the ring -------------------------------------------------------------------------

    uint32_t entries(size_t entry) const {
        const uint32_t n = static_cast<uint32_t>((ring_bytes - sizeof(xshim_sring_header)) / entry);
        uint32_t p2 = 1;
        while (p2 * 2 <= n)
            p2 *= 2;
        return p2;
    }

    // One segment: the sectors it names, through its grant; false on a fault.
    bool segment(uint8_t op, const xshim_blkif_request_segment &seg, uint64_t *sector) {
        if (seg.first_sect > seg.last_sect || seg.last_sect >= kPage / kSector) {
            ++grant_faults;
            return false;
        }
        const uint64_t n = seg.last_sect - seg.first_sect + 1u;
        if (*sector + n > kDiskSectors)
            return false;
        unsigned char *page = map(seg.gref, op == XSHIM_BLKIF_OP_READ);
        if (page == nullptr)
            return false;
        unsigned char *mem = page + seg.first_sect * kSector;
        unsigned char *at = disk.data() + *sector * kSector;
        if (op == XSHIM_BLKIF_OP_READ)
            std::memcpy(mem, at, n * kSector);
        else
            std::memcpy(at, mem, n * kSector);
        *sector += n;
        if (!persistent)
            unmap(seg.gref);
        return true;
    }

    template <typename L> void serve(FakeStore &s) {
        auto *sring = reinterpret_cast<xshim_sring_header *>(ring_base);
        const uint32_t n = entries(L::kEntry);
        const uint32_t prod = __atomic_load_n(&sring->req_prod, __ATOMIC_ACQUIRE);
        while (req_cons != prod) {
            Seen one;
            one.slot_offset = sizeof(xshim_sring_header) + (req_cons & (n - 1)) * L::kEntry;
            const unsigned char *slot = ring_base + one.slot_offset;
            one.raw.assign(slot, slot + sizeof(typename L::Request));
            ++req_cons;
            one.operation = slot[0];
            bool ok = true;
            uint8_t rsp_op = one.operation;
            if (one.operation == XSHIM_BLKIF_OP_INDIRECT && !k.qdisk && k.indirect != nullptr) {
                typename L::Indirect r;
                std::memcpy(&r, slot, sizeof r);
                one.inner = r.indirect_op;
                one.nr_segments = r.nr_segments;
                one.id = r.id;
                one.sector = r.sector_number;
                one.handle = r.handle;
                uint64_t sector = one.sector;
                ok = one.nr_segments <= 256 && one.nr_segments > 0;
                for (uint32_t page = 0; ok && page * 512 < one.nr_segments; ++page) {
                    const uint32_t ref = r.indirect_grefs[page];
                    const unsigned char *segs = map(ref, false);
                    ok = segs != nullptr;
                    for (uint32_t i = page * 512; ok && i < one.nr_segments && i < page * 512 + 512;
                         ++i) {
                        xshim_blkif_request_segment seg;
                        std::memcpy(&seg, segs + (i % 512) * sizeof seg, sizeof seg);
                        ok = segment(one.inner, seg, &sector);
                    }
                    if (segs != nullptr && !persistent)
                        unmap(ref);
                }
                rsp_op = one.inner; // Linux's blkback answers with the operation inside
            } else {
                typename L::Request r;
                std::memcpy(&r, slot, sizeof r);
                one.nr_segments = r.nr_segments;
                one.id = r.id;
                one.sector = r.sector_number;
                one.handle = r.handle;
                uint64_t sector = one.sector;
                if (one.operation == XSHIM_BLKIF_OP_READ || one.operation == XSHIM_BLKIF_OP_WRITE) {
                    ok = one.nr_segments > 0 && one.nr_segments <= 11;
                    for (uint32_t i = 0; ok && i < one.nr_segments; ++i)
                        ok = segment(one.operation, r.seg[i], &sector);
                } else if (one.operation == XSHIM_BLKIF_OP_FLUSH_DISKCACHE) {
                    flush_answered_at = s.requests.size();
                } else {
                    ok = false;
                }
            }
            seen.push_back(one);
            if (!k.answer)
                continue;
            uint64_t id = one.id;
            int16_t status = ok ? XSHIM_BLKIF_RSP_OKAY : XSHIM_BLKIF_RSP_ERROR;
            if (k.tamper)
                k.tamper(id, rsp_op, status);
            typename L::Response rsp;
            std::memset(&rsp, 0, sizeof rsp);
            rsp.id = id;
            rsp.operation = rsp_op;
            rsp.status = status;
            std::memcpy(ring_base + sizeof(xshim_sring_header) + (rsp_prod & (n - 1)) * L::kEntry,
                        &rsp, sizeof rsp);
            ++rsp_prod;
        }
        __atomic_store_n(&sring->rsp_prod, rsp_prod + k.rsp_overrun, __ATOMIC_RELEASE);
        __atomic_store_n(&sring->req_event, req_cons + 1, __ATOMIC_RELEASE);
    }

    // The fake disk's bytes at a sector.
    const unsigned char *at(uint64_t sector) const { return disk.data() + sector * kSector; }
};

std::unique_ptr<Bed> bed() { return std::make_unique<Bed>(); }

std::vector<unsigned char> pattern(size_t n, unsigned seed) {
    std::vector<unsigned char> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = static_cast<unsigned char>(i * 31u + seed + (i >> 9));
    return v;
}

} // namespace

TEST_CASE("blkfront: connects to a blkback-like backend and moves data both ways") {
    auto b = bed();
    REQUIRE(b->connect() == XSHIM_S_OK);
    CHECK(b->bf.step == XSHIM_BLKFRONT_STEP_CONNECTED);
    CHECK(b->front("state") == "4");

    // The ring: as many pages as the backend allows (and the kernel gave), each ring-refN naming
    // the grant of ring page N, which the backend mapped.
    CHECK(b->front("ring-page-order") == b->back("max-ring-page-order"));
    CHECK(std::to_string(b->bf.use.ring_page_order) == b->back("max-ring-page-order"));
    CHECK(b->ring_refs_named.size() == 1u << b->bf.use.ring_page_order);
    CHECK(b->front("ring-ref") == "<absent>");
    for (uint32_t i = 0; i < (1u << b->bf.use.ring_page_order); ++i) {
        CAPTURE(i);
        const uint32_t ref =
            static_cast<uint32_t>(std::stoul(b->front("ring-ref" + std::to_string(i))));
        CHECK(b->entry(ref).frame == b->bf.pages.ring_frames[i]);
        CHECK((b->flags(ref) & XSHIM_GTF_writing) != 0); // mapped by the backend
    }
    CHECK(b->grant_faults == 0);
    // The event channel: an unbound port for domain 0, named in event-channel.
    REQUIRE(b->unbound_for.size() == 1);
    CHECK(b->unbound_for[0] == 0);
    CHECK(b->front("event-channel") == std::to_string(b->bf.use.evtchn[0]));
    CHECK(b->bf.use.evtchn[0] == b->next_port - 1);
    // Persistent grants: both announced; indirect segments: offered and taken.
    CHECK(b->front("feature-persistent") == "1");
    CHECK(b->bf.use.persistent == 1);
    CHECK(b->persistent);
    CHECK(b->bf.use.indirect_segments > XSHIM_BLKIF_MAX_SEGMENTS_PER_REQUEST);
    CHECK(b->bf.use.flush_op == XSHIM_BLKIF_OP_FLUSH_DISKCACHE);
    CHECK(b->bf.use.sectors == kDiskSectors);
    CHECK(b->bf.use.sector_size == 512);
    CHECK(b->bf.use.handle == 51712);

    // Read 256 sectors from 0: one indirect request of 32 segments; the bytes are the disk's.
    std::vector<unsigned char> buf(256 * kSector);
    REQUIRE(xshim_blkfront_read(&b->bf, 0, buf.data(), static_cast<uint32_t>(buf.size())) ==
            XSHIM_S_OK);
    CHECK(std::memcmp(buf.data(), b->at(0), buf.size()) == 0);
    REQUIRE(b->seen.size() == 1);
    CHECK(b->seen[0].operation == XSHIM_BLKIF_OP_INDIRECT);
    CHECK(b->seen[0].inner == XSHIM_BLKIF_OP_READ);
    CHECK(b->seen[0].nr_segments == 256 * kSector / kPage);
    CHECK(b->seen[0].sector == 0);
    CHECK(b->seen[0].handle == 51712);
    CHECK(b->bf.stats.indirect_requests == 1);

    // Write the last 256 sectors, read them back: the disk holds what was written.
    const uint64_t last = kDiskSectors - 256;
    const std::vector<unsigned char> data = pattern(256 * kSector, 7);
    REQUIRE(xshim_blkfront_write(&b->bf, last, data.data(), static_cast<uint32_t>(data.size())) ==
            XSHIM_S_OK);
    CHECK(std::memcmp(b->at(last), data.data(), data.size()) == 0);
    std::vector<unsigned char> back(data.size(), 0);
    REQUIRE(xshim_blkfront_read(&b->bf, last, back.data(), static_cast<uint32_t>(back.size())) ==
            XSHIM_S_OK);
    CHECK(back == data);
    REQUIRE(b->seen.size() == 3);
    CHECK(b->seen[1].inner == XSHIM_BLKIF_OP_WRITE);
    CHECK(b->seen[1].sector == last);
    // Ids are the frontend's own, one per request; each request was notified on its port.
    CHECK(b->seen[0].id != b->seen[1].id);
    CHECK(b->seen[1].id != b->seen[2].id);
    CHECK(b->sends.size() == b->seen.size());
    for (uint32_t port : b->sends)
        CHECK(port == b->bf.use.evtchn[0]);

    // A short one (3 sectors, inside one page) is a direct request of one segment.
    std::vector<unsigned char> small(3 * kSector);
    REQUIRE(xshim_blkfront_read(&b->bf, 100, small.data(), static_cast<uint32_t>(small.size())) ==
            XSHIM_S_OK);
    CHECK(std::memcmp(small.data(), b->at(100), small.size()) == 0);
    CHECK(b->seen.back().operation == XSHIM_BLKIF_OP_READ);
    CHECK(b->seen.back().nr_segments == 1);

    // Disconnect: flushed, both sides Closed, every grant ended (the backend unmapped first), the
    // channel closed, the watch gone.
    REQUIRE(xshim_blkfront_disconnect(&b->bf) == XSHIM_S_OK);
    CHECK(b->seen.back().operation == XSHIM_BLKIF_OP_FLUSH_DISKCACHE);
    CHECK(b->bf.stats.flushes == 1);
    CHECK(b->front("state") == "6");
    CHECK(b->back("state") == "6");
    CHECK(b->granted_refs().empty());
    CHECK(b->closed == std::vector<uint32_t>{b->next_port - 1});
    CHECK(b->store.watches.empty());
    CHECK(b->grant_faults == 0);
}

TEST_CASE("blkfront: without feature-max-indirect-segments, requests of at most 11 segments") {
    auto b = bed();
    b->k.indirect = nullptr;
    REQUIRE(b->connect() == XSHIM_S_OK);
    CHECK(b->bf.use.indirect_segments == 0);
    std::vector<unsigned char> buf(256 * kSector);
    REQUIRE(xshim_blkfront_read(&b->bf, 512, buf.data(), static_cast<uint32_t>(buf.size())) ==
            XSHIM_S_OK);
    CHECK(std::memcmp(buf.data(), b->at(512), buf.size()) == 0);
    const uint32_t pages = 256 * kSector / kPage;
    const uint32_t per = XSHIM_BLKIF_MAX_SEGMENTS_PER_REQUEST;
    REQUIRE(b->seen.size() == (pages + per - 1) / per);
    uint64_t sector = 512;
    uint32_t segments = 0;
    for (const Seen &s : b->seen) {
        CHECK(s.operation == XSHIM_BLKIF_OP_READ);
        CHECK(s.nr_segments <= per);
        CHECK(s.sector == sector); // consecutive: each starts where the last ended
        sector += s.nr_segments * (kPage / kSector);
        segments += s.nr_segments;
    }
    CHECK(segments == pages);
    CHECK(b->bf.stats.indirect_requests == 0);

    const std::vector<unsigned char> data = pattern(40 * kSector, 3);
    REQUIRE(xshim_blkfront_write(&b->bf, 9, data.data(), static_cast<uint32_t>(data.size())) ==
            XSHIM_S_OK);
    CHECK(std::memcmp(b->at(9), data.data(), data.size()) == 0);
    REQUIRE(xshim_blkfront_disconnect(&b->bf) == XSHIM_S_OK);
    CHECK(b->granted_refs().empty());
}

TEST_CASE("blkfront: a qdisk-like backend: no indirect, flush-cache; disconnect flushes first") {
    auto b = bed();
    b->k.qdisk = true;
    REQUIRE(b->connect() == XSHIM_S_OK);
    CHECK(b->bf.use.indirect_segments == 0);
    CHECK(b->bf.use.persistent == 0); // qdisk does not offer persistent grants
    CHECK(b->bf.use.flush_op == XSHIM_BLKIF_OP_FLUSH_DISKCACHE);
    const std::vector<unsigned char> data = pattern(64 * kSector, 11);
    REQUIRE(xshim_blkfront_write(&b->bf, 64, data.data(), static_cast<uint32_t>(data.size())) ==
            XSHIM_S_OK);
    CHECK(std::memcmp(b->at(64), data.data(), data.size()) == 0);
    const size_t before = b->seen.size();
    CHECK(before == 1); // 8 pages: one direct request

    REQUIRE(xshim_blkfront_disconnect(&b->bf) == XSHIM_S_OK);
    REQUIRE(b->seen.size() == before + 1);
    CHECK(b->seen.back().operation == XSHIM_BLKIF_OP_FLUSH_DISKCACHE);
    CHECK(b->seen.back().nr_segments == 0);
    CHECK(b->bf.stats.flushes == 1);
    // The flush was answered before the frontend wrote Closing: that write is among the store
    // requests handled after the answer.
    size_t closing_at = b->store.requests.size();
    for (size_t i = 0; i < b->store.requests.size() && closing_at == b->store.requests.size();
         ++i) {
        const auto &r = b->store.requests[i];
        const size_t nul = r.second.find('\0');
        if (r.first == XSHIM_XS_WRITE && nul != std::string::npos &&
            b->store.resolve(r.second.substr(0, nul)) == kFront + "/state" &&
            r.second.substr(nul + 1) == "5")
            closing_at = i;
    }
    REQUIRE(closing_at < b->store.requests.size());
    CHECK(b->flush_answered_at <= closing_at);
    CHECK(b->front("state") == "6");
    CHECK(b->granted_refs().empty());
}

TEST_CASE("blkfront: a backend that claims responses it never wrote: bad response, not read") {
    auto b = bed();
    REQUIRE(b->connect() == XSHIM_S_OK);
    b->k.rsp_overrun = 5; // rsp_prod 5 beyond the one response written
    std::vector<unsigned char> buf(8 * kSector, 0xee);
    CHECK(xshim_blkfront_read(&b->bf, 0, buf.data(), static_cast<uint32_t>(buf.size())) ==
          XSHIM_S_BLK_BAD_RESPONSE);
    CHECK(std::vector<unsigned char>(buf.size(), 0xee) == buf); // nothing handed to the caller
    CHECK(std::string(xshim_blkfront_status_name(XSHIM_S_BLK_BAD_RESPONSE)) == "blk-bad-response");
    (void)xshim_blkfront_disconnect(&b->bf);
    CHECK(b->front("state") == "6");
    CHECK(b->granted_refs().empty());
}

TEST_CASE("blkfront: a response with another id or operation is refused") {
    struct Case {
        const char *what;
        std::function<void(uint64_t &, uint8_t &, int16_t &)> tamper;
    };
    const Case cases[] = {
        {"id + 1", [](uint64_t &id, uint8_t &, int16_t &) { ++id; }},
        {"id 0", [](uint64_t &id, uint8_t &, int16_t &) { id = 0; }},
        {"write for a read", [](uint64_t &, uint8_t &op, int16_t &) { op = XSHIM_BLKIF_OP_WRITE; }},
        {"flush for a read",
         [](uint64_t &, uint8_t &op, int16_t &) { op = XSHIM_BLKIF_OP_FLUSH_DISKCACHE; }},
    };
    for (const auto &c : cases) {
        CAPTURE(c.what);
        auto b = bed();
        REQUIRE(b->connect() == XSHIM_S_OK);
        b->k.tamper = c.tamper;
        std::vector<unsigned char> buf(4 * kSector, 0xee);
        CHECK(xshim_blkfront_read(&b->bf, 0, buf.data(), static_cast<uint32_t>(buf.size())) ==
              XSHIM_S_BLK_BAD_RESPONSE);
        CHECK(std::vector<unsigned char>(buf.size(), 0xee) == buf);
    }
    // Indirect: the inner operation is accepted (Linux's blkback), another one is not.
    auto b = bed();
    REQUIRE(b->connect() == XSHIM_S_OK);
    std::vector<unsigned char> buf(256 * kSector);
    b->k.tamper = [](uint64_t &, uint8_t &op, int16_t &) { op = XSHIM_BLKIF_OP_INDIRECT; };
    CHECK(xshim_blkfront_read(&b->bf, 0, buf.data(), static_cast<uint32_t>(buf.size())) ==
          XSHIM_S_OK);
    b->k.tamper = [](uint64_t &, uint8_t &op, int16_t &) { op = XSHIM_BLKIF_OP_WRITE; };
    CHECK(xshim_blkfront_read(&b->bf, 0, buf.data(), static_cast<uint32_t>(buf.size())) ==
          XSHIM_S_BLK_BAD_RESPONSE);
}

TEST_CASE("blkfront: the backend's error statuses are named") {
    const std::pair<int16_t, int32_t> cases[] = {
        {XSHIM_BLKIF_RSP_ERROR, XSHIM_S_BLK_IO},
        {XSHIM_BLKIF_RSP_EOPNOTSUPP, XSHIM_S_BLK_NOTSUPP},
        {-5, XSHIM_S_BLK_IO}, // not a BLKIF_RSP_* value: an error all the same
    };
    for (const auto &c : cases) {
        CAPTURE(c.first);
        auto b = bed();
        REQUIRE(b->connect() == XSHIM_S_OK);
        const int16_t status = c.first;
        b->k.tamper = [status](uint64_t &, uint8_t &, int16_t &s) { s = status; };
        const std::vector<unsigned char> data = pattern(2 * kSector, 1);
        CHECK(xshim_blkfront_write(&b->bf, 0, data.data(), static_cast<uint32_t>(data.size())) ==
              c.second);
        // The frontend goes on: the next request is answered normally.
        b->k.tamper = nullptr;
        CHECK(xshim_blkfront_write(&b->bf, 0, data.data(), static_cast<uint32_t>(data.size())) ==
              XSHIM_S_OK);
        CHECK(std::memcmp(b->at(0), data.data(), data.size()) == 0);
    }
    CHECK(std::string(xshim_blkfront_status_name(XSHIM_S_BLK_IO)) == "blk-io");
    CHECK(std::string(xshim_blkfront_status_name(XSHIM_S_BLK_NOTSUPP)) == "blk-notsupp");
}

TEST_CASE("blkfront: a backend that never answers: a timeout within bf->rounds relax() rounds") {
    auto b = bed();
    REQUIRE(b->connect() == XSHIM_S_OK);
    b->k.answer = false;
    b->bf.rounds = 50;
    std::vector<unsigned char> buf(kSector);
    const uint64_t before = b->relaxes;
    CHECK(xshim_blkfront_read(&b->bf, 0, buf.data(), kSector) == XSHIM_S_TIMEOUT);
    CHECK(b->relaxes - before == b->bf.rounds);
    CHECK(b->seen.size() == 1); // it was pushed and taken, just never answered
    CHECK(std::string(xshim_blkfront_status_name(XSHIM_S_TIMEOUT)) == "timeout");
}

TEST_CASE("blkfront: I/O beyond the disk or not in whole sectors never reaches the ring") {
    auto b = bed();
    REQUIRE(b->connect() == XSHIM_S_OK);
    std::vector<unsigned char> buf(4 * kSector);
    const uint32_t sectors = static_cast<uint32_t>(b->bf.use.sectors);
    auto *sring = reinterpret_cast<xshim_sring_header *>(b->ring[0].b);
    const uint32_t prod = sring->req_prod;
    CHECK(xshim_blkfront_read(&b->bf, sectors - 1, buf.data(), 2 * kSector) == XSHIM_S_RANGE);
    CHECK(xshim_blkfront_read(&b->bf, sectors, buf.data(), kSector) == XSHIM_S_RANGE);
    CHECK(xshim_blkfront_write(&b->bf, ~uint64_t{0}, buf.data(), kSector) == XSHIM_S_RANGE);
    CHECK(xshim_blkfront_read(&b->bf, 0, buf.data(), 100) == XSHIM_S_RANGE);
    CHECK(xshim_blkfront_write(&b->bf, 0, buf.data(), kSector + 1) == XSHIM_S_RANGE);
    CHECK(sring->req_prod == prod);
    CHECK(b->seen.empty());
    CHECK(b->sends.empty());
    // The last sector itself is in range.
    CHECK(xshim_blkfront_read(&b->bf, sectors - 1, buf.data(), kSector) == XSHIM_S_OK);
    CHECK(std::memcmp(buf.data(), b->at(sectors - 1), kSector) == 0);
}

TEST_CASE("blkfront: a backend that never reaches InitWait: timeout, nothing granted, Closed") {
    auto b = bed();
    b->k.to_initwait = false;
    CHECK(b->connect() == XSHIM_S_TIMEOUT);
    CHECK(b->bf.step == XSHIM_BLKFRONT_STEP_NONE);
    CHECK(b->bf.dev.backend_state == XSHIM_XENBUS_Initialising);
    CHECK(b->granted_refs().empty());
    CHECK(b->front("state") == "6");
    CHECK(b->front("ring-ref0") == "<absent>");
    CHECK(b->unbound_for.empty());
    CHECK(b->store.watches.empty());
}

TEST_CASE("blkfront: refused negotiation leaves nothing granted") {
    SUBCASE("protocol of another ABI at InitWait") {
        auto b = bed();
        b->store.set(kFront + "/protocol", XSHIM_IO_PROTO_ABI_X86_32);
        CHECK(b->connect() == XSHIM_S_XB_REFUSED);
        CHECK(b->bf.step == XSHIM_BLKFRONT_STEP_INITWAIT);
        CHECK(b->bf.at_initwait.outcome != XSHIM_SELECTED);
        CHECK(b->bf.at_initwait.decisions[XSHIM_BLKIF_PROTOCOL].status == XSHIM_NEG_MISMATCH);
        CHECK(b->granted_refs().empty());
        CHECK(b->front("ring-ref0") == "<absent>"); // nothing published
        CHECK(b->front("event-channel") == "<absent>");
        CHECK(b->front("state") == "6");
        CHECK(b->closed.size() == b->unbound_for.size()); // any channel taken was closed
    }
    SUBCASE("sector-size 1000 at Connected") {
        auto b = bed();
        b->k.sector_size = "1000";
        CHECK(b->connect() == XSHIM_S_XB_REFUSED);
        CHECK(b->bf.step == XSHIM_BLKFRONT_STEP_CONNECTED);
        CHECK(b->bf.at_connected.outcome != XSHIM_SELECTED);
        CHECK(b->bf.at_connected.decisions[XSHIM_BLKIF_SECTOR_SIZE].status == XSHIM_NEG_CHECK);
        CHECK(b->bf.connected == 0);
        // The backend had mapped the ring; the teardown waited for it to unmap, then ended
        // every grant.
        CHECK(b->back("state") == "6");
        CHECK(b->front("state") == "6");
        CHECK(b->granted_refs().empty());
        CHECK(b->closed.size() == 1);
        std::vector<unsigned char> buf(kSector);
        CHECK(xshim_blkfront_read(&b->bf, 0, buf.data(), kSector) == XSHIM_S_BLK_NOT_CONNECTED);
    }
}

TEST_CASE("blkfront: a backend that keeps a page mapped: gnt-busy, and that page stays granted") {
    auto b = bed();
    b->k.keep_one_mapped = true;
    REQUIRE(b->connect() == XSHIM_S_OK);
    REQUIRE(b->bf.use.persistent == 1); // the backend keeps I/O pages mapped while connected
    std::vector<unsigned char> buf(8 * kSector);
    REQUIRE(xshim_blkfront_read(&b->bf, 0, buf.data(), static_cast<uint32_t>(buf.size())) ==
            XSHIM_S_OK);
    CHECK(xshim_blkfront_disconnect(&b->bf) == XSHIM_S_GNT_BUSY);
    CHECK(std::string(xshim_blkfront_status_name(XSHIM_S_GNT_BUSY)) == "gnt-busy");
    CHECK(b->granted_refs() == std::vector<uint32_t>{b->io_ref(0)});
    CHECK((b->flags(b->io_ref(0)) & XSHIM_GTF_permit_access) != 0);
    CHECK(b->entry(b->io_ref(0)).frame == b->bf.pages.io_frames[0]);
    CHECK(b->front("state") == "6");
    CHECK(b->closed.size() == 1); // the channel is closed all the same
}

TEST_CASE("blkfront: x86_32-abi: 108-byte requests at the x86_32 offsets") {
    auto b = bed();
    b->speak_x86_32();
    REQUIRE(b->connect() == XSHIM_S_OK);
    REQUIRE(b->x86_32);
    const std::vector<unsigned char> data = pattern(8 * kSector, 5);
    REQUIRE(xshim_blkfront_write(&b->bf, 40, data.data(), static_cast<uint32_t>(data.size())) ==
            XSHIM_S_OK);
    std::vector<unsigned char> back(data.size());
    REQUIRE(xshim_blkfront_read(&b->bf, 40, back.data(), static_cast<uint32_t>(back.size())) ==
            XSHIM_S_OK);
    CHECK(back == data);
    CHECK(std::memcmp(b->at(40), data.data(), data.size()) == 0);
    REQUIRE(b->seen.size() == 2);
    // Slot k starts 64 + 108 k bytes into the ring (blkif.h on i386: 108-byte requests).
    CHECK(b->seen[0].slot_offset == 64);
    CHECK(b->seen[1].slot_offset == 64 + 108);
    for (const Seen &s : b->seen) {
        const unsigned char *raw = s.raw.data();
        uint64_t id, sector;
        uint16_t handle;
        uint32_t gref;
        std::memcpy(&handle, raw + 2, 2);
        std::memcpy(&id, raw + 4, 8);      // x86_64: at 8
        std::memcpy(&sector, raw + 12, 8); // x86_64: at 16
        std::memcpy(&gref, raw + 20, 4);   // seg[0]; x86_64: at 24
        CHECK(raw[1] == 1);                // one segment: 8 sectors in one page
        CHECK(handle == 51712);
        CHECK(id == s.id);
        CHECK(sector == 40);
        CHECK(gref == b->io_ref(0));
        CHECK(raw[24] == 0); // first_sect
        CHECK(raw[25] == 7); // last_sect
    }
    CHECK(b->seen[0].raw[0] == XSHIM_BLKIF_OP_WRITE);
    CHECK(b->seen[1].raw[0] == XSHIM_BLKIF_OP_READ);
    // Indirect requests too (64 bytes on both ABIs, id at 4 here).
    std::vector<unsigned char> big(256 * kSector);
    REQUIRE(xshim_blkfront_read(&b->bf, 0, big.data(), static_cast<uint32_t>(big.size())) ==
            XSHIM_S_OK);
    CHECK(std::memcmp(big.data(), b->at(0), big.size()) == 0);
    REQUIRE(b->seen.size() == 3);
    CHECK(b->seen[2].operation == XSHIM_BLKIF_OP_INDIRECT);
    CHECK(b->seen[2].slot_offset == 64 + 2 * 108);
    uint64_t id;
    std::memcpy(&id, b->seen[2].raw.data() + 4, 8);
    CHECK(id == b->seen[2].id);
    REQUIRE(xshim_blkfront_disconnect(&b->bf) == XSHIM_S_OK);
    CHECK(b->granted_refs().empty());
}

TEST_CASE("blkfront: calls outside a connection, and bad pages") {
    auto b = bed();
    std::vector<unsigned char> buf(kSector);
    CHECK(xshim_blkfront_read(&b->bf, 0, buf.data(), kSector) == XSHIM_S_BLK_NOT_CONNECTED);
    CHECK(xshim_blkfront_flush(&b->bf) == XSHIM_S_BLK_NOT_CONNECTED);
    CHECK(xshim_blkfront_read(nullptr, 0, buf.data(), kSector) == XSHIM_S_EINVAL);
    b->bf.pages.nr_ring = 3; // not a power of two
    CHECK(b->connect() == XSHIM_S_EINVAL);
    b->bf.pages.nr_ring = kRingPages;
    b->bf.pages.io[5] = b->io[5].b + 1; // not page-aligned
    CHECK(b->connect() == XSHIM_S_EINVAL);
    b->bf.pages.io[5] = b->io[5].b;
    b->bf.first_ref = 2; // a ref the toolstack owns
    CHECK(b->connect() == XSHIM_S_RANGE);
    CHECK(b->store.requests.empty()); // refused before anything was asked of the store
}

TEST_CASE("blkfront: a kernel that gives one ring page and no indirect page") {
    auto b = bed();
    b->bf.pages.nr_ring = 1;
    b->bf.pages.indirect = nullptr;
    REQUIRE(b->connect() == XSHIM_S_OK);
    // One page: "ring-ref" (blkif.h's old node), whatever the backend allows.
    CHECK(b->bf.use.ring_page_order == 0);
    CHECK(b->ring_refs_named == std::vector<std::string>{"ring-ref"});
    CHECK(b->front("ring-ref0") == "<absent>");
    CHECK(b->entry(static_cast<uint32_t>(std::stoul(b->front("ring-ref")))).frame ==
          b->bf.pages.ring_frames[0]);
    // No indirect page: direct requests although the backend offers indirect segments; the
    // indirect page's ref is passed over, never granted, and the I/O pages keep their refs.
    CHECK(b->bf.use.indirect_segments == 0);
    const uint32_t skipped = kFirstRef + 1;
    CHECK(b->flags(skipped) == 0);
    CHECK(b->entry(b->io_ref(0)).frame == b->bf.pages.io_frames[0]);
    const std::vector<unsigned char> data = pattern(256 * kSector, 9);
    REQUIRE(xshim_blkfront_write(&b->bf, 1000, data.data(), static_cast<uint32_t>(data.size())) ==
            XSHIM_S_OK);
    CHECK(std::memcmp(b->at(1000), data.data(), data.size()) == 0);
    for (const Seen &s : b->seen)
        CHECK(s.operation == XSHIM_BLKIF_OP_WRITE);
    CHECK(b->seen.size() == (256 * kSector / kPage + 10) / 11);
    REQUIRE(xshim_blkfront_disconnect(&b->bf) == XSHIM_S_OK);
    CHECK(b->granted_refs().empty());
    CHECK(b->grant_faults == 0);
}

TEST_CASE("blkfront: disconnect after a failed connect leaves the Closed device alone") {
    auto b = bed();
    b->k.sector_size = "1000";
    REQUIRE(b->connect() == XSHIM_S_XB_REFUSED);
    REQUIRE(b->front("state") == "6");
    const size_t sent = b->store.requests.size();
    CHECK(xshim_blkfront_disconnect(&b->bf) == XSHIM_S_BLK_NOT_CONNECTED);
    CHECK(b->store.requests.size() == sent); // no Closing written to a device already Closed
    CHECK(b->front("state") == "6");
    CHECK(b->closed.size() == 1); // the channel was closed once, by connect
}
