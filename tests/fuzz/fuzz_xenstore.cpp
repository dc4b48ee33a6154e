// tests/fuzz/fuzz_xenstore.cpp: the XenStore client against a xenstored made of fuzz bytes.
// The ring page is a heap block of exactly sizeof(struct xenstore_domain_interface), so ASan
// sees any read or write outside it. The client reads, lists a directory, or probes a
// frontend's backend features; every relax() lets the "server" take one step from the input.
//
// Input (fuzz_input.hpp, little-endian):
//   u32 start    initial value of all four ring indexes
//   u32 features, u32 connection, u32 error    the ring's signalling fields
//   u8  op       0: xshim_xs_read, 1: xshim_xs_directory, 2: xshim_xs_backend_features (dev
//                "device/vbd/51712"), 3: the three in turn on one handle
//   u8  cap      caller buffer for read/directory: cap * 17 + 1 bytes
//   then one step per relax(), each led by a control byte c:
//     c < 0xf0   write min(c, room) of the following input bytes into the rsp ring (the
//                server's reply stream: headers with req_id 1, 2, 3 ... and payloads)
//     0xf0..f5   set rsp_prod, req_cons, rsp_cons, connection, error, server_features to the
//                next u32 (hostile index moves and ring states)
//     other      do nothing this step
//   Request bytes are always taken (req_cons = req_prod) unless 0xf1 moved it. When the input
//   ends the server goes quiet and the client's bounded wait (spin_limit 64) runs out.
// Checked: statuses come from the documented set; OK results are terminated inside the
// caller's buffer; directory names are non-empty path components; a backend report holds only
// validated text and clamped limits; a retired handle answers XSHIM_S_XS_BROKEN.
#include "fuzz_input.hpp"

#include <xshim_xenstore.h>

#include <abi/event_channel.h>
#include <abi/hypercall.h>
#include <abi/xs_wire.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memory>

namespace {

using Intf = xshim_xenstore_domain_interface;
constexpr uint32_t kRing = XSHIM_XENSTORE_RING_SIZE;
constexpr uint32_t kSpins = 64;

struct Server {
    fuzz::Input *in;
    Intf *r;
    uint32_t relaxes = 0;

    void step() {
        ++relaxes;
        if (r->req_cons != r->req_prod && r->req_prod - r->req_cons <= kRing)
            r->req_cons = r->req_prod;
        if (in->remaining() == 0)
            return;
        const uint8_t c = in->take<uint8_t>();
        if (c < 0xf0) {
            const uint32_t used = r->rsp_prod - r->rsp_cons;
            const uint32_t room = used <= kRing ? kRing - used : 0;
            for (uint32_t i = 0; i < c && i < room && in->remaining() != 0; ++i)
                r->rsp[r->rsp_prod++ & (kRing - 1)] = static_cast<char>(in->take<uint8_t>());
            return;
        }
        const uint32_t v = in->take<uint32_t>();
        switch (c) {
        case 0xf0:
            r->rsp_prod = v;
            break;
        case 0xf1:
            r->req_cons = v;
            break;
        case 0xf2:
            r->rsp_cons = v;
            break;
        case 0xf3:
            r->connection = v;
            break;
        case 0xf4:
            r->error = v;
            break;
        case 0xf5:
            r->server_features = v;
            break;
        default:
            break;
        }
    }
};

long hypercall(void *, uint32_t nr, uintptr_t a1, uintptr_t, uintptr_t, uintptr_t, uintptr_t) {
    return nr == XSHIM_HC_event_channel_op && a1 == XSHIM_EVTCHNOP_send ? 0 : -38;
}

bool known(int32_t s) {
    switch (s) {
    case XSHIM_S_OK:
    case XSHIM_S_EINVAL:
    case XSHIM_S_ENOBUFS:
    case XSHIM_S_RANGE:
    case XSHIM_S_TIMEOUT:
    case XSHIM_S_XS_RECONNECTING:
    case XSHIM_S_XS_RING_ERROR:
    case XSHIM_S_XS_BAD_INDEX:
    case XSHIM_S_XS_TOO_LONG:
    case XSHIM_S_XS_BAD_REQ_ID:
    case XSHIM_S_XS_BAD_TX_ID:
    case XSHIM_S_XS_BAD_TYPE:
    case XSHIM_S_XS_MALFORMED:
    case XSHIM_S_XS_BAD_BACKEND:
    case XSHIM_S_XS_BROKEN:
    case XSHIM_S_XS_ERROR_UNKNOWN:
        return true;
    default: // an XS_ERROR name's errno (xen/errno.h: 1 .. 106)
        return s < 0 && s >= -106 && strcmp(xshim_xs_status_name(s), "other") != 0;
    }
}

bool path_component(const char *s, size_t n) {
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; ++i) {
        const char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '@'))
            return false;
    }
    return true;
}

void check_text(const char *s, size_t cap) {
    const size_t n = strnlen(s, cap);
    FUZZ_CHECK(n < cap);
    for (size_t i = 0; i < n; ++i)
        FUZZ_CHECK(s[i] >= 0x20 && s[i] < 0x7f);
}

// FUZZ_XENSTORE_VERBOSE=1 prints each result, to see how deep a seed gets.
void say(const char *what, int32_t rc, const char *detail) {
    static const bool verbose = getenv("FUZZ_XENSTORE_VERBOSE") != nullptr;
    if (verbose)
        fprintf(stderr, "fuzz_xenstore: %s -> %s %s\n", what, xshim_xs_status_name(rc), detail);
}

void after(xshim_xs &xs, int32_t rc) {
    FUZZ_CHECK(known(rc));
    if (xs.fault != XSHIM_S_OK) {
        char out[4];
        uint32_t len = 0;
        FUZZ_CHECK(xshim_xs_read(&xs, "x", out, sizeof out, &len) == XSHIM_S_XS_BROKEN);
    }
    check_text(xs.last_error, sizeof xs.last_error);
}

void do_read(xshim_xs &xs, uint32_t cap) {
    std::unique_ptr<char[]> out(new char[cap]);
    uint32_t len = 0xffffffffu;
    const int32_t rc = xshim_xs_read(&xs, "device/vbd/51712/backend", out.get(), cap, &len);
    say("read", rc, rc == XSHIM_S_OK ? out.get() : "");
    if (rc == XSHIM_S_OK) {
        FUZZ_CHECK(len < cap);
        FUZZ_CHECK(out[len] == '\0');
    } else if (rc == XSHIM_S_ENOBUFS) {
        FUZZ_CHECK(len >= cap && len <= XSHIM_XENSTORE_PAYLOAD_MAX);
    } else {
        FUZZ_CHECK(len == 0);
    }
    after(xs, rc);
}

void do_directory(xshim_xs &xs, uint32_t cap) {
    std::unique_ptr<char[]> out(new char[cap]);
    uint32_t count = 0xffffffffu;
    const int32_t rc = xshim_xs_directory(&xs, "/local/domain/0/backend", out.get(), cap, &count);
    say("directory", rc, "");
    if (rc == XSHIM_S_OK) {
        size_t off = 0;
        for (uint32_t i = 0; i < count; ++i) {
            FUZZ_CHECK(off < cap);
            const size_t n = strnlen(out.get() + off, cap - off);
            FUZZ_CHECK(off + n < cap);
            FUZZ_CHECK(path_component(out.get() + off, n));
            off += n + 1;
        }
    } else {
        FUZZ_CHECK(count == 0);
    }
    after(xs, rc);
}

void do_backend(xshim_xs &xs) {
    const xshim_xs_frontend_limits limits = {2, 4};
    auto rep = std::make_unique<xshim_xs_backend_report>();
    const int32_t rc = xshim_xs_backend_features(&xs, "device/vbd/51712", &limits, rep.get());
    check_text(rep->backend, sizeof rep->backend);
    check_text(rep->protocol, sizeof rep->protocol);
    if (rep->backend[0] != '\0')
        FUZZ_CHECK(rep->backend[0] == '/');
    FUZZ_CHECK(rep->nfeatures <= XSHIM_XS_FEATURES_MAX);
    for (uint32_t i = 0; i < rep->nfeatures; ++i) {
        const xshim_xs_feature &f = rep->features[i];
        check_text(f.name, sizeof f.name);
        FUZZ_CHECK(strncmp(f.name, "feature-", 8) == 0);
        check_text(f.value, sizeof f.value);
        FUZZ_CHECK(known(f.status));
        FUZZ_CHECK(f.status == XSHIM_S_OK || f.value[0] == '\0');
    }
    FUZZ_CHECK(rep->max_ring_page_order.value <= limits.max_ring_page_order);
    FUZZ_CHECK(rep->multi_queue_max_queues.value >= 1);
    FUZZ_CHECK(rep->multi_queue_max_queues.value <= limits.max_queues);
    char line[512];
    const uint32_t n = xshim_xs_format_report(rep.get(), line, sizeof line);
    FUZZ_CHECK(n < sizeof line && line[n] == '\0');
    check_text(line, sizeof line);
    say("backend_features", rc, line);
    after(xs, rc);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::Input in(data, size);
    std::unique_ptr<Intf> ring(new Intf);
    memset(ring.get(), 0, sizeof *ring);
    const uint32_t start = in.take<uint32_t>();
    ring->req_cons = ring->req_prod = ring->rsp_cons = ring->rsp_prod = start;
    ring->server_features = in.take<uint32_t>();
    ring->connection = in.take<uint32_t>();
    ring->error = in.take<uint32_t>();
    const uint8_t op = in.take<uint8_t>();
    const uint32_t cap = in.take<uint8_t>() * 17u + 1;

    Server server{&in, ring.get()};
    xshim_platform p{};
    p.ctx = &server;
    p.relax = [](void *c) { static_cast<Server *>(c)->step(); };
    xshim_hypercall hc{};
    hc.fn = &hypercall;
    auto xs = std::make_unique<xshim_xs>();
    memset(xs.get(), 0, sizeof *xs);
    xs->spin_limit = kSpins;
    const int32_t rc = xshim_xs_attach(xs.get(), ring.get(), 1, &hc, &p);
    FUZZ_CHECK(known(rc));
    if (rc != XSHIM_S_OK)
        return 0;
    switch (op & 3) {
    case 0:
        do_read(*xs, cap);
        break;
    case 1:
        do_directory(*xs, cap);
        break;
    case 2:
        do_backend(*xs);
        break;
    default:
        do_read(*xs, cap);
        do_directory(*xs, cap);
        do_backend(*xs);
        break;
    }
    // Every wait was bounded: attach and each request wait at most kSpins rounds, and the
    // requests are few: read 1, directory 1, backend features at most 3 + 2 limits + the
    // reported features.
    FUZZ_CHECK(server.relaxes <= kSpins * (1 + 1 + 1 + 3 + 2 + XSHIM_XS_FEATURES_MAX));
    return 0;
}
