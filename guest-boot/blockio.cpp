// guest-boot/blockio.cpp: the block I/O of the guest built with GUEST_BLOCK_IO=1. It connects
// xshim's block frontend to the first vbd the toolstack gave this domain, whatever backend
// serves it, and moves data:
//
//   xshim-guest: vbd 51712 negotiated: protocol=x86_64-abi ring-page-order=4 queues=1 ...
//   xshim-guest: vbd 51712 connected: persistent=1 indirect-segments=32 flush-cache=1 ...
//   xshim-guest: vbd 51712 uses ring-pages=16 ring-entries=512 indirect-segments=32 ...
//   xshim-guest: vbd 51712 read 0+256 fnv1a64=0x... requests=1 indirect=1
//   xshim-guest: vbd 51712 wrote 7936+256 fnv1a64=0x... requests=1 indirect=1
//   xshim-guest: vbd 51712 read-back 7936+256 ok
//   xshim-guest: vbd 51712 disconnect: ok flushes=1 backend=Closed
//
// The hashes are FNV-1a 64 over the bytes read and written; dom0 hashes the same sectors of the
// disk (before the guest ran, and after it shut down) and tests/toolstack compares the two.
#include "guest.hpp"

#include <xshim_blkfront.h>

#include <abi/blkif.h>
#include <abi/xenbus.h>

namespace {

constexpr uint32_t kPage = XSHIM_PAGE_SIZE;
constexpr uint32_t kIoPages = 32;  // 128 KiB in one indirect request
constexpr uint32_t kSpan = 256;    // sectors read, then written: 128 KiB
constexpr uint32_t kGrantRef0 = 8; // XSHIM_GNTTAB_NR_RESERVED_ENTRIES: the toolstack's below
using Line = TextBuf<XSHIM_LINE_MAX>;

xshim_xs xs;
xshim_gnttab gt;
xshim_blkfront bf;
char listing[256];
alignas(kPage) unsigned char ring_pages[XSHIM_BLKFRONT_RING_PAGES_MAX][kPage];
alignas(kPage) unsigned char io_pages[kIoPages][kPage];
alignas(kPage) unsigned char indirect_page[kPage];
alignas(kPage) unsigned char gnttab_page[kPage]; // PVH: Xen puts the grant table here
alignas(kPage) unsigned char data[kSpan * 512];
alignas(kPage) unsigned char back[kSpan * 512];

const xshim_verdict *verdict;
const xshim_platform *platform;
const GuestEnv *environment;

void say(const Line &line) { (void)xshim_say(verdict, platform, line.text, line.len); }

uint64_t fnv1a64(const unsigned char *p, uint32_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint32_t i = 0; i < n; ++i)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

uint64_t frame(const void *va) { return environment->frame_of(&verdict->boot, va); }

// What the frontend says of a failure: its status code, named where xshim names it.
Line &status(Line &line, int32_t rc) {
    const char *name = xshim_blkfront_status_name(rc);
    line.str(name);
    if (name[0] == 'o' && name[1] == 't') // "other": the number says more
        line.str("(").sdec(rc).str(")");
    return line;
}

void negotiation(const char *dev, const char *what, const xshim_neg_result &r) {
    // Every rule of a phase with what the backend offered: longer than a verdict line.
    char text[1024];
    (void)xshim_neg_format(&xshim_neg_blkif, dev, &r, text, sizeof text);
    TextBuf<1100> line;
    // "vbd 51712: ..." -> "xshim-guest: vbd 51712 negotiated: ..."
    const char *rest = text;
    while (*rest != '\0' && *rest != ':')
        ++rest;
    line.str("xshim-guest: vbd ").str(dev).str(" ").str(what).str(rest).str("\n");
    (void)xshim_say(verdict, platform, line.text, line.len);
}

bool give_pages() {
    bf.pages.ring = ring_pages;
    bf.pages.nr_ring = XSHIM_BLKFRONT_RING_PAGES_MAX;
    for (uint32_t i = 0; i < XSHIM_BLKFRONT_RING_PAGES_MAX; ++i)
        bf.pages.ring_frames[i] = frame(ring_pages[i]);
    bf.pages.nr_io = kIoPages;
    for (uint32_t i = 0; i < kIoPages; ++i) {
        bf.pages.io[i] = io_pages[i];
        bf.pages.io_frames[i] = frame(io_pages[i]);
    }
    bf.pages.indirect = indirect_page;
    bf.pages.indirect_frame = frame(indirect_page);
    bf.first_ref = kGrantRef0;
    for (uint32_t i = 0; i < kIoPages; ++i)
        if (bf.pages.io_frames[i] == 0)
            return false;
    return bf.pages.indirect_frame != 0 && bf.pages.ring_frames[0] != 0;
}

void report_io(const char *dev, const char *what, uint64_t sector, const unsigned char *buf,
               const xshim_blkfront_stats &before) {
    Line line;
    line.str("xshim-guest: vbd ").str(dev).str(" ").str(what).str(" ").dec(sector).str("+");
    line.dec(kSpan).str(" fnv1a64=").hex(fnv1a64(buf, sizeof data), 16);
    line.str(" requests=").dec(bf.stats.requests - before.requests);
    line.str(" indirect=").dec(bf.stats.indirect_requests - before.indirect_requests).str("\n");
    say(line);
}

void move_data(const char *dev) {
    Line line;
    line.str("xshim-guest: vbd ").str(dev);
    const xshim_blkfront_use &u = bf.use;
    if (u.sectors < 2 * kSpan) {
        line.str(" too small for the test: ").dec(u.sectors).str(" sectors\n");
        say(line);
        return;
    }
    xshim_blkfront_stats before = bf.stats;
    int32_t rc = xshim_blkfront_read(&bf, 0, data, sizeof data);
    if (rc != XSHIM_S_OK) {
        status(line.str(" read 0+").dec(kSpan).str(" failed: "), rc).str("\n");
        say(line);
        return;
    }
    report_io(dev, "read", 0, data, before);

    // Something the disk did not hold: the bytes read, each turned by its offset.
    const uint64_t at = u.sectors - kSpan;
    for (uint32_t i = 0; i < sizeof data; ++i)
        data[i] = static_cast<unsigned char>(data[i] ^ 0x5a ^ (i * 31u >> 3));
    before = bf.stats;
    rc = xshim_blkfront_write(&bf, at, data, sizeof data);
    if (rc != XSHIM_S_OK) {
        status(line.str(" write ").dec(at).str("+").dec(kSpan).str(" failed: "), rc).str("\n");
        say(line);
        return;
    }
    report_io(dev, "wrote", at, data, before);
    rc = xshim_blkfront_read(&bf, at, back, sizeof back);
    line.str(" read-back ").dec(at).str("+").dec(kSpan).str(" ");
    if (rc != XSHIM_S_OK)
        status(line.str("failed: "), rc);
    else
        line.str(fnv1a64(back, sizeof back) == fnv1a64(data, sizeof data) ? "ok" : "DIFFERS");
    line.str("\n");
    say(line);
}

void bye(const char *dev, int32_t rc) {
    Line line;
    line.str("xshim-guest: vbd ").str(dev).str(" disconnect: ");
    status(line, rc).str(" flushes=").dec(bf.stats.flushes).str(" requests-per-queue=");
    for (uint32_t q = 0; q < bf.use.queues; ++q)
        line.str(q == 0 ? "" : ",").dec(bf.stats.per_queue[q]);
    line.str(" backend=");
    line.str(xshim_xenbus_state_name(bf.dev.backend_state)).str("\n");
    say(line);
}

// Connect, say what was negotiated and what is used, move the data. False when it did not
// connect (the reason is on the console).
bool session(const char *dev, const xshim_neg_limit *own) {
    Line dir;
    dir.str("device/vbd/").str(dev);
    const int32_t rc = xshim_blkfront_connect(&bf, &xs, dir.text, verdict, platform, &gt, own);
    if (bf.step >= XSHIM_BLKFRONT_STEP_INITWAIT)
        negotiation(dev, "negotiated", bf.at_initwait);
    if (bf.step >= XSHIM_BLKFRONT_STEP_CONNECTED)
        negotiation(dev, "connected", bf.at_connected);
    if (rc != XSHIM_S_OK) {
        Line err;
        err.str("xshim-guest: vbd ").str(dev).str(" connect failed: ");
        status(err, rc).str(" backend-state=").str(xshim_xenbus_state_name(bf.dev.backend_state));
        say(err.str("\n"));
        return false;
    }
    Line use;
    const xshim_blkfront_use &u = bf.use;
    use.str("xshim-guest: vbd ").str(dev).str(" uses queues=").dec(u.queues);
    use.str(" ring-pages=").dec(1u << u.ring_page_order);
    use.str(" ring-entries=").dec(u.ring_entries).str(" indirect-segments=");
    use.dec(u.indirect_segments).str(" persistent=").dec(u.persistent).str(" flush=");
    use.str(u.flush_op == 0                                ? "none"
            : u.flush_op == XSHIM_BLKIF_OP_FLUSH_DISKCACHE ? "flush-cache"
                                                           : "barrier");
    use.str(" sector-size=").dec(u.sector_size).str(" sectors=").dec(u.sectors);
    use.str(" event-channel=").dec(u.evtchn[0]).str("\n");
    say(use);
    move_data(dev);
    return true;
}

constexpr uint32_t kPatience = 30; // bounded waits on the toolstack, each the XenBus bound

// Until the backend closes (the toolstack detaches the disk), then tear down.
bool await_close(const char *dev) {
    Line line;
    line.str("xshim-guest: vbd ").str(dev).str(" waiting for the backend to close\n");
    say(line);
    int32_t rc = XSHIM_S_TIMEOUT;
    for (uint32_t i = 0; i < kPatience && rc == XSHIM_S_TIMEOUT; ++i)
        rc = xshim_xenbus_wait(&bf.dev, (1u << XSHIM_XENBUS_Closing) | (1u << XSHIM_XENBUS_Closed));
    if (rc != XSHIM_S_OK) {
        Line err;
        err.str("xshim-guest: vbd ").str(dev).str(" backend did not close: ");
        say(status(err, rc).str("\n"));
        return false;
    }
    Line seen;
    seen.str("xshim-guest: vbd ").str(dev).str(" backend ");
    seen.str(xshim_xenbus_state_name(bf.dev.backend_state)).str(": tearing down\n");
    say(seen);
    bye(dev, xshim_blkfront_disconnect(&bf));
    return true;
}

// Until the toolstack attached the disk again: the device's directory is written anew, with our
// state Initialising (the old one, until the toolstack removes it, says Closed).
bool await_device(const char *dev) {
    Line path;
    path.str("device/vbd/").str(dev).str("/state");
    char value[4];
    for (uint32_t round = 0; round < kPatience * 20; ++round) {
        uint32_t len = 0;
        if (xshim_xs_read(&xs, path.text, value, sizeof value, &len) == XSHIM_S_OK && len == 1 &&
            value[0] == '0' + XSHIM_XENBUS_Initialising) {
            Line line;
            line.str("xshim-guest: vbd ").str(dev).str(" is back: reconnecting\n");
            say(line);
            return true;
        }
        for (uint32_t spin = 0; spin < (1u << 19); ++spin)
            platform->relax(platform->ctx);
    }
    Line err;
    err.str("xshim-guest: vbd ").str(dev).str(" did not come back\n");
    say(err);
    return false;
}

} // namespace

void guest_block_io(const xshim_verdict &v, const xshim_platform &p, const GuestEnv &env,
                    bool reconnect) {
    verdict = &v;
    platform = &p;
    environment = &env;
    Line line;
    line.str("xshim-guest: blockio: ");
    int32_t rc = xshim_xs_open(&xs, &v, &p);
    uint32_t count = 0;
    if (rc == XSHIM_S_OK)
        rc = xshim_xs_directory(&xs, "device/vbd", listing, sizeof listing, &count);
    if (rc != XSHIM_S_OK || count == 0) {
        line.str("no vbd: ").str(rc == XSHIM_S_OK ? "none listed" : xshim_xs_status_name(rc));
        say(line.str("\n"));
        return;
    }
    const char *dev = listing; // the first device
    // PV: Xen says where the table is; PVH: it goes over a page of this image's own.
    rc = xshim_gnttab_open(&gt, &v, &p, 1, frame(gnttab_page));
    if (rc != XSHIM_S_OK || !give_pages()) {
        status(line.str("grant table: "), rc != XSHIM_S_OK ? rc : XSHIM_S_EINVAL).str("\n");
        say(line);
        return;
    }
    xshim_neg_limit own[XSHIM_BLKIF_RULES];
    if (xshim_blkif_frontend_defaults(p.arch, own) != XSHIM_S_OK) {
        say(line.str("no blkif ABI for this architecture\n"));
        return;
    }
    own[XSHIM_BLKIF_QUEUES].value = XSHIM_BLKFRONT_QUEUES_MAX; // as many as the backend offers
    if (!session(dev, own))
        return;
    // The toolstack detaches the disk and attaches it again: the backend goes Closing, the
    // frontend tears down and connects to whatever comes back.
    if (reconnect && (!await_close(dev) || !await_device(dev) || !session(dev, own)))
        return;
    bye(dev, xshim_blkfront_disconnect(&bf));
}
