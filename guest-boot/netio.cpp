// guest-boot/netio.cpp: the network I/O of the guest built with GUEST_NET_IO=1. It connects
// xshim's network frontend to the first vif the toolstack gave this domain, whatever backend
// serves it, and answers ARP and ICMP echo for a link-local IPv4 address on it:
//
//   xshim-guest: vif 0 negotiated: rx-copy=1 rx-notify=1 sg=1 ... mac=00:16:3e:5a:02:01 ...
//   xshim-guest: vif 0 uses mac=00:16:3e:5a:02:01 ip=169.254.77.2 split-event-channels=1
//     event-channel-tx=5 event-channel-rx=6 tx-ring-ref=8 rx-ring-ref=9 queues=1 ...
//   xshim-guest: vif 0 answered arp=1 icmp-echo=4 ignored=0 (169.254.77.1 asked) pinged-back=2
//     replies=2 until dom0 said done
//   xshim-guest: vif 0 frames: rx=5 rx-bytes=... tx=5 tx-bytes=... rx-errors=0 ...
//   xshim-guest: vif 0 disconnect: ok backend=Closed
//
// Once dom0 has pinged it, it pings dom0 back twice (its own frames, to the MAC it learned from
// the request). How long it serves is bounded by the system time (kServeNs); dom0 ends it earlier by writing
// "done" to data/xshim-net in this domain's directory (tests/toolstack's .running hook, after it
// pinged and read its own counters). With reconnect (GUEST_NET_RECONNECT=1), a backend that
// closes (the toolstack detaches the vif) is followed: tear down, wait for the vif to come back,
// negotiate again, serve again.
#include "guest.hpp"

#include <xshim_netfront.h>

#include <abi/xenbus.h>

namespace {

constexpr uint32_t kPage = XSHIM_PAGE_SIZE;
constexpr uint32_t kBufs = 16;     // rx and tx buffer pages each
constexpr uint32_t kGrantRef0 = 8; // XSHIM_GNTTAB_NR_RESERVED_ENTRIES: the toolstack's below
constexpr uint64_t kSecond = 1000000000ull;
constexpr uint64_t kServeNs = 40 * kSecond; // at most, per connection (a domU has 60 s)
// 169.254.77.2: ours; dom0 takes 169.254.77.1 (link-local, RFC 3927: never routed).
constexpr uint8_t kIp[4] = {169, 254, 77, 2};
using Line = TextBuf<XSHIM_LINE_MAX>;

xshim_xs xs;
xshim_gnttab gt;
xshim_netfront nf;
char listing[256];
alignas(kPage) unsigned char tx_ring[kPage];
alignas(kPage) unsigned char rx_ring[kPage];
alignas(kPage) unsigned char tx_pages[kBufs][kPage];
alignas(kPage) unsigned char rx_pages[kBufs][kPage];
alignas(kPage) unsigned char gnttab_page[kPage]; // PVH: Xen puts the grant table here
unsigned char frame_in[XSHIM_NETFRONT_FRAME_MAX];
unsigned char frame_out[XSHIM_NETFRONT_FRAME_MAX];

const xshim_verdict *verdict;
const xshim_platform *platform;
const GuestEnv *environment;

struct Answered {
    uint32_t arp, echo, ignored;
    uint8_t asker[4];
    uint8_t asker_mac[6];
    uint32_t pings_sent, pongs; // the guest's own echo requests to the asker, and its replies
};
constexpr uint32_t kPings = 2;     // echo requests the guest sends dom0 in its turn
constexpr uint16_t kPingId = 0x78; // "x": the identifier of the guest's echo requests

void say(const Line &line) { (void)xshim_say(verdict, platform, line.text, line.len); }

uint64_t frame(const void *va) { return environment->frame_of(&verdict->boot, va); }

// The system time (ns since the domain started), through the selected shared_info adapter.
uint64_t now_ns() {
    if (environment->sync_for_read != nullptr)
        environment->sync_for_read(environment->shared_info_page, XSHIM_PAGE_SIZE);
    xshim_time_reading r;
    if (xshim_time_read(verdict, platform, environment->shared_info_page, &r) != XSHIM_S_OK)
        return 0;
    return r.system_ns;
}

Line &status(Line &line, int32_t rc) {
    const char *name = xshim_netfront_status_name(rc);
    line.str(name);
    if (name[0] == 'o' && name[1] == 't') // "other": the number says more
        line.str("(").sdec(rc).str(")");
    return line;
}

Line &ip(Line &line, const uint8_t *a) {
    return line.dec(a[0]).str(".").dec(a[1]).str(".").dec(a[2]).str(".").dec(a[3]);
}

Line &mac(Line &line, const uint8_t *m) {
    for (uint32_t i = 0; i < 6; ++i) {
        const char hex[3] = {"0123456789abcdef"[m[i] >> 4], "0123456789abcdef"[m[i] & 15], 0};
        line.str(i == 0 ? "" : ":").str(hex);
    }
    return line;
}

void negotiation(const char *dev, const xshim_neg_result &r) {
    char text[1024];
    (void)xshim_neg_format(&xshim_neg_netif, dev, &r, text, sizeof text);
    TextBuf<1100> line;
    const char *rest = text; // "vif 0: ..." -> "xshim-guest: vif 0 negotiated: ..."
    while (*rest != '\0' && *rest != ':')
        ++rest;
    line.str("xshim-guest: vif ").str(dev).str(" negotiated").str(rest).str("\n");
    (void)xshim_say(verdict, platform, line.text, line.len);
}

bool give_pages() {
    xshim_netfront_pages &p = nf.pages;
    p.tx_ring = tx_ring;
    p.rx_ring = rx_ring;
    p.tx_ring_frame = frame(tx_ring);
    p.rx_ring_frame = frame(rx_ring);
    p.nr_tx = p.nr_rx = kBufs;
    bool ok = p.tx_ring_frame != 0 && p.rx_ring_frame != 0;
    for (uint32_t i = 0; i < kBufs; ++i) {
        p.tx[i] = tx_pages[i];
        p.rx[i] = rx_pages[i];
        p.tx_frames[i] = frame(tx_pages[i]);
        p.rx_frames[i] = frame(rx_pages[i]);
        ok = ok && p.tx_frames[i] != 0 && p.rx_frames[i] != 0;
    }
    nf.first_ref = kGrantRef0;
    return ok;
}

// --- the frames: Ethernet II, ARP over IPv4, IPv4 + ICMP echo ---------------------------------

uint16_t be16(const unsigned char *p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
void put16(unsigned char *p, uint32_t v) {
    p[0] = static_cast<unsigned char>(v >> 8);
    p[1] = static_cast<unsigned char>(v);
}
bool same(const unsigned char *a, const uint8_t *b, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i)
        if (a[i] != b[i])
            return false;
    return true;
}
void copy(unsigned char *d, const unsigned char *s, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i)
        d[i] = s[i];
}
// The Internet checksum (RFC 1071) over n bytes.
uint16_t csum(const unsigned char *p, uint32_t n) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i + 1 < n; i += 2)
        sum += be16(p + i);
    if (n & 1)
        sum += static_cast<uint32_t>(p[n - 1]) << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(~sum);
}

constexpr uint32_t kEth = 14;

// An ARP request (RFC 826) for our address: the reply, or 0.
uint32_t arp_reply(const unsigned char *in, uint32_t len, const uint8_t *own, Answered &a) {
    const unsigned char *arp = in + kEth;
    if (len < kEth + 28 || be16(arp) != 1 || be16(arp + 2) != 0x0800 || arp[4] != 6 ||
        arp[5] != 4 || be16(arp + 6) != 1 || !same(arp + 24, kIp, 4))
        return 0;
    unsigned char *out = frame_out;
    copy(out, in + 6, 6); // to the asker
    copy(out + 6, own, 6);
    put16(out + 12, 0x0806);
    unsigned char *r = out + kEth;
    put16(r, 1);
    put16(r + 2, 0x0800);
    r[4] = 6;
    r[5] = 4;
    put16(r + 6, 2); // reply
    copy(r + 8, own, 6);
    copy(r + 14, kIp, 4);
    copy(r + 18, arp + 8, 10); // the asker's hardware and protocol address
    copy(a.asker, arp + 14, 4);
    ++a.arp;
    return kEth + 28;
}

// An ICMP echo request (RFC 792) to our address: the echo reply, or 0.
uint32_t echo_reply(const unsigned char *in, uint32_t len, const uint8_t *own, Answered &a) {
    const unsigned char *iph = in + kEth;
    if (len < kEth + 20 || (iph[0] >> 4) != 4)
        return 0;
    const uint32_t ihl = (iph[0] & 15u) * 4, total = be16(iph + 2);
    if (ihl < 20 || total < ihl + 8 || kEth + total > len || iph[9] != 1 ||
        !same(iph + 16, kIp, 4) || csum(iph, ihl) != 0 || (be16(iph + 6) & 0x3fff) != 0)
        return 0; // not ours, not whole, not ICMP, or fragmented
    const unsigned char *icmp = iph + ihl;
    if (icmp[0] == 0 && csum(icmp, total - ihl) == 0 && be16(icmp + 4) == kPingId &&
        same(iph + 12, a.asker, 4)) {
        ++a.pongs; // a reply to one of the guest's own echo requests
        return 0;
    }
    if (icmp[0] != 8 || csum(icmp, total - ihl) != 0)
        return 0;
    unsigned char *out = frame_out;
    copy(out, in + 6, 6);
    copy(out + 6, own, 6);
    put16(out + 12, 0x0800);
    unsigned char *oip = out + kEth;
    copy(oip, iph, total);
    oip[8] = 64; // TTL
    copy(oip + 12, kIp, 4);
    copy(oip + 16, iph + 12, 4);
    put16(oip + 10, 0);
    put16(oip + 10, csum(oip, ihl));
    unsigned char *oicmp = oip + ihl;
    oicmp[0] = 0; // echo reply
    put16(oicmp + 2, 0);
    put16(oicmp + 2, csum(oicmp, total - ihl));
    copy(a.asker, iph + 12, 4);
    copy(a.asker_mac, in + 6, 6);
    ++a.echo;
    return kEth + total;
}

// The guest's own echo request number seq to whoever pinged it (its address and MAC learned
// from that request): 20-byte IPv4 header, 8-byte ICMP header, 56 bytes of data, as ping's.
uint32_t echo_request(const uint8_t *own, const Answered &a, uint32_t seq) {
    constexpr uint32_t kData = 56, kTotal = 20 + 8 + kData;
    unsigned char *out = frame_out;
    copy(out, a.asker_mac, 6);
    copy(out + 6, own, 6);
    put16(out + 12, 0x0800);
    unsigned char *iph = out + kEth;
    iph[0] = 0x45;
    iph[1] = 0;
    put16(iph + 2, kTotal);
    put16(iph + 4, seq);    // identification
    put16(iph + 6, 0x4000); // don't fragment
    iph[8] = 64;
    iph[9] = 1; // ICMP
    put16(iph + 10, 0);
    copy(iph + 12, kIp, 4);
    copy(iph + 16, a.asker, 4);
    put16(iph + 10, csum(iph, 20));
    unsigned char *icmp = iph + 20;
    icmp[0] = 8; // echo request
    icmp[1] = 0;
    put16(icmp + 2, 0);
    put16(icmp + 4, kPingId);
    put16(icmp + 6, seq);
    for (uint32_t i = 0; i < kData; ++i)
        icmp[8 + i] = static_cast<unsigned char>(i);
    put16(icmp + 2, csum(icmp, 8 + kData));
    return kEth + kTotal;
}

bool done_asked() {
    char v[8];
    uint32_t len = 0;
    return xshim_xs_read(&xs, "data/xshim-net", v, sizeof v, &len) == XSHIM_S_OK && len >= 4 &&
           v[0] == 'd' && v[1] == 'o' && v[2] == 'n' && v[3] == 'e';
}

// Whether the backend left (the toolstack detaches the vif): Closing, Closed or gone.
bool backend_left() {
    if (xshim_xenbus_backend_state(&nf.dev) != XSHIM_S_OK)
        return true;
    const uint32_t s = nf.dev.backend_state;
    return s == XSHIM_XENBUS_Closing || s == XSHIM_XENBUS_Closed || s == XSHIM_XENBUS_Unknown;
}

// Answer frames until dom0 says done, the backend leaves, or kServeNs passed. True when the
// backend left.
bool serve(const char *dev) {
    Answered a{};
    const uint64_t start = now_ns();
    uint64_t next_look = start + kSecond / 2;
    bool left = false;
    int32_t fault = XSHIM_S_OK;
    for (;;) {
        uint32_t len = 0;
        int32_t rc = xshim_netfront_receive(&nf, frame_in, sizeof frame_in, &len, 1u << 14);
        if (rc == XSHIM_S_OK) {
            const uint16_t type = be16(frame_in + 12);
            const uint32_t pongs = a.pongs;
            const uint32_t out = type == 0x0806   ? arp_reply(frame_in, len, nf.use.mac, a)
                                 : type == 0x0800 ? echo_reply(frame_in, len, nf.use.mac, a)
                                                  : 0;
            if (out == 0 && a.pongs == pongs)
                ++a.ignored;
            else if (out != 0 && (rc = xshim_netfront_send(&nf, frame_out, out)) != XSHIM_S_OK)
                fault = rc;
            // Once dom0 pinged, the guest pings it back (its own frames, not only replies).
            while (fault == XSHIM_S_OK && a.echo != 0 && a.pings_sent < kPings) {
                const uint32_t n = echo_request(nf.use.mac, a, a.pings_sent);
                ++a.pings_sent;
                if ((rc = xshim_netfront_send(&nf, frame_out, n)) != XSHIM_S_OK)
                    fault = rc;
            }
        } else if (rc != XSHIM_S_NET_NONE) {
            fault = rc;
        }
        if (fault != XSHIM_S_OK)
            break;
        const uint64_t t = now_ns();
        if (t >= next_look) { // the store is slow under TCG: look twice a second
            next_look = t + kSecond / 2;
            if (done_asked())
                break;
            if (backend_left()) {
                left = true;
                break;
            }
        }
        if (t - start > kServeNs)
            break;
    }
    Line line;
    line.str("xshim-guest: vif ").str(dev).str(" answered arp=").dec(a.arp).str(" icmp-echo=");
    line.dec(a.echo).str(" ignored=").dec(a.ignored);
    if (a.arp + a.echo != 0)
        ip(line.str(" ("), a.asker).str(" asked)");
    line.str(" pinged-back=").dec(a.pings_sent).str(" replies=").dec(a.pongs);
    if (fault != XSHIM_S_OK)
        status(line.str(" stopped: "), fault);
    else
        line.str(left           ? " until the backend left"
                 : done_asked() ? " until dom0 said done"
                                : " until the time bound");
    say(line.str("\n"));
    const xshim_netfront_stats &s = nf.stats;
    Line f;
    f.str("xshim-guest: vif ").str(dev).str(" frames: rx=").dec(s.rx_packets);
    f.str(" rx-bytes=").dec(s.rx_bytes).str(" tx=").dec(s.tx_packets).str(" tx-bytes=");
    f.dec(s.tx_bytes).str(" rx-errors=").dec(s.rx_errors).str(" tx-errors=").dec(s.tx_errors);
    f.str(" tx-dropped=").dec(s.tx_dropped).str(" rx-posted=").dec(s.rx_posted);
    f.str(" notifies=").dec(s.notifies).str("\n");
    say(f);
    return left;
}

void bye(const char *dev, int32_t rc) {
    Line line;
    line.str("xshim-guest: vif ").str(dev).str(" disconnect: ");
    status(line, rc).str(" backend=").str(xshim_xenbus_state_name(nf.dev.backend_state));
    say(line.str("\n"));
}

bool session(const char *dev, const xshim_neg_limit *own) {
    Line dir;
    dir.str("device/vif/").str(dev);
    const int32_t rc = xshim_netfront_connect(&nf, &xs, dir.text, verdict, platform, &gt, own);
    if (nf.step >= XSHIM_NETFRONT_STEP_INITWAIT)
        negotiation(dev, nf.negotiated);
    if (rc != XSHIM_S_OK) {
        Line err;
        err.str("xshim-guest: vif ").str(dev).str(" connect failed: ");
        status(err, rc).str(" backend-state=").str(xshim_xenbus_state_name(nf.dev.backend_state));
        say(err.str("\n"));
        return false;
    }
    const xshim_netfront_use &u = nf.use;
    Line use;
    mac(use.str("xshim-guest: vif ").str(dev).str(" uses mac="), u.mac);
    ip(use.str(" ip="), kIp).str(" split-event-channels=").dec(u.split);
    if (u.split)
        use.str(" event-channel-tx=").dec(u.evtchn_tx).str(" event-channel-rx=").dec(u.evtchn_rx);
    else
        use.str(" event-channel=").dec(u.evtchn_tx);
    use.str(" tx-ring-ref=").dec(nf.first_ref).str(" rx-ring-ref=").dec(nf.first_ref + 1);
    use.str(" queues=").dec(u.queues).str(" tx-entries=").dec(u.tx_entries);
    use.str(" rx-entries=").dec(u.rx_entries).str(" rx-buffers=").dec(nf.pages.nr_rx);
    use.str(" multicast-control=").dec(u.multicast).str("\n");
    say(use);
    return true;
}

constexpr uint32_t kPatience = 30;

// The vifs listed now: NUL-separated names in `listing`, `count` of them.
uint32_t list_vifs() {
    uint32_t count = 0;
    if (xshim_xs_directory(&xs, "device/vif", listing, sizeof listing, &count) != XSHIM_S_OK)
        return 0;
    return count;
}
const char *nth(uint32_t i) {
    const char *name = listing;
    while (i-- > 0)
        while (*name++ != '\0') {
        }
    return name;
}

// Until the toolstack attached a vif again: a vif directory written anew, state Initialising
// (xl network-attach picks the number; the old directory is gone by then). Its name, or null.
const char *await_device() {
    const uint64_t start = now_ns();
    while (now_ns() - start < kPatience * kSecond) {
        const uint32_t count = list_vifs();
        for (uint32_t i = 0; i < count; ++i) {
            Line path;
            path.str("device/vif/").str(nth(i)).str("/state");
            char value[4];
            uint32_t len = 0;
            if (xshim_xs_read(&xs, path.text, value, sizeof value, &len) == XSHIM_S_OK &&
                len == 1 && value[0] == '0' + XSHIM_XENBUS_Initialising) {
                Line line;
                line.str("xshim-guest: vif ").str(nth(i)).str(" is back: reconnecting\n");
                say(line);
                return nth(i);
            }
        }
        for (uint32_t spin = 0; spin < (1u << 16); ++spin)
            platform->relax(platform->ctx);
    }
    Line err;
    say(err.str("xshim-guest: vif: none came back\n"));
    return nullptr;
}

} // namespace

void guest_net_io(const xshim_verdict &v, const xshim_platform &p, const GuestEnv &env,
                  bool reconnect) {
    verdict = &v;
    platform = &p;
    environment = &env;
    Line line;
    line.str("xshim-guest: netio: ");
    int32_t rc = xshim_xs_open(&xs, &v, &p);
    const uint32_t count = rc == XSHIM_S_OK ? list_vifs() : 0;
    if (count == 0) {
        line.str("no vif: ").str(rc == XSHIM_S_OK ? "none listed" : xshim_xs_status_name(rc));
        say(line.str("\n"));
        return;
    }
    rc = xshim_gnttab_open(&gt, &v, &p, 1, frame(gnttab_page));
    if (rc != XSHIM_S_OK || !give_pages()) {
        status(line.str("grant table: "), rc != XSHIM_S_OK ? rc : XSHIM_S_EINVAL).str("\n");
        say(line);
        return;
    }
    xshim_neg_limit own[XSHIM_NETIF_RULES];
    if (xshim_netif_frontend_defaults(own) != XSHIM_S_OK)
        return;
    // The first vif that connects is served; one refused (its reason on the console) is passed
    // over, as a kernel would leave a device it cannot drive.
    char dev[16] = "";
    for (uint32_t i = 0; i < count && dev[0] == '\0'; ++i)
        if (session(nth(i), own)) {
            Line name;
            name.str(nth(i));
            for (uint32_t c = 0; c <= name.len && c < sizeof dev; ++c)
                dev[c] = name.text[c];
        }
    if (dev[0] == '\0')
        return;
    for (uint32_t round = 0;; ++round) {
        const bool left = serve(dev);
        if (left) {
            Line seen;
            seen.str("xshim-guest: vif ").str(dev).str(" backend ");
            seen.str(xshim_xenbus_state_name(nf.dev.backend_state)).str(": tearing down\n");
            say(seen);
        }
        bye(dev, xshim_netfront_disconnect(&nf));
        if (!left || !reconnect || round == 1)
            return;
        const char *again = await_device();
        if (again == nullptr)
            return;
        Line name;
        name.str(again);
        for (uint32_t c = 0; c <= name.len && c < sizeof dev; ++c)
            dev[c] = name.text[c];
        if (!session(dev, own))
            return;
    }
}
