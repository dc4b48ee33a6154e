// shim/xenstore/ring.cpp: one XenStore request and its reply over the shared ring page
// (abi/xs_wire.h; docs/misc/xenstore-ring.txt). The ring is UNTRUSTED:
//   - indexes are free-running uint32_t; prod - cons > XENSTORE_RING_SIZE cannot be, and the
//     indexes this side owns (req_prod, rsp_cons) are kept privately and must read back
//     unchanged: either is XSHIM_S_XS_BAD_INDEX;
//   - a reply header is copied out of the ring once and checked from the copy (len, then
//     req_id, tx_id, type), and its payload is copied once into the caller's buffer and checked
//     there, so no byte is read twice from memory the server can change;
//   - every wait costs one relax() round from a budget of xs.spin_limit per request: a dead
//     xenstored gives XSHIM_S_TIMEOUT, never a hang;
//   - the ring's connection/error fields are honoured when server_features advertises them.
// Ordering: acquire loads of the other side's index before touching data, release stores of
// our index after it (the barriers of Linux's xb_read/xb_write), then EVTCHNOP_send.
#include "shim/xenstore/xenstore.hpp"

#include "shim/lib/text.hpp"

namespace xshim::xs {
namespace {

using Intf = xshim_xenstore_domain_interface;
constexpr uint32_t kRing = XSHIM_XENSTORE_RING_SIZE;
static_assert((kRing & (kRing - 1)) == 0, "ring indexes are masked");
static_assert(sizeof(Intf::req) == kRing && sizeof(Intf::rsp) == kRing);

constexpr uint32_t slot(uint32_t idx) { return idx & (kRing - 1); }
uint32_t load(const uint32_t &field) { return __atomic_load_n(&field, __ATOMIC_ACQUIRE); }
void publish(uint32_t &field, uint32_t v) { __atomic_store_n(&field, v, __ATOMIC_RELEASE); }
constexpr uint32_t min3(uint32_t a, uint32_t b, uint32_t c) {
    return a < b ? (a < c ? a : c) : (b < c ? b : c);
}

// One request's traffic on the ring, with its wait budget.
class Io {
  public:
    Io(xshim_xs &xs) : xs_(xs), r_(*static_cast<Intf *>(xs.ring)), spins_(xs.spin_limit) {}

    // Retire the handle: after this every request answers XSHIM_S_XS_BROKEN.
    int32_t fail(int32_t status) {
        if (xs_.fault == XSHIM_S_OK)
            xs_.fault = status;
        return status;
    }

    int32_t notify() {
        return xshim_evtchn_send(&xs_.hypercall, xs_.evtchn) == 0 ? XSHIM_S_OK
                                                                  : fail(XSHIM_S_XS_NOTIFY);
    }

    // One round of waiting for the other side; the ring's state is checked after it.
    int32_t wait() {
        if (spins_ == 0)
            return fail(XSHIM_S_TIMEOUT);
        --spins_;
        const xshim_platform *p = xs_.platform;
        if (p != nullptr && p->relax != nullptr)
            p->relax(p->ctx);
        const int32_t st = ring_state(r_);
        return st == XSHIM_S_OK ? XSHIM_S_OK : fail(st);
    }

    // Append n bytes to the request ring, waiting for room.
    int32_t put(const void *src, uint32_t n) {
        const auto *s = static_cast<const unsigned char *>(src);
        bool told_full = false;
        while (n > 0) {
            if (load(r_.req_prod) != xs_.req_prod)
                return fail(XSHIM_S_XS_BAD_INDEX);
            const uint32_t used = xs_.req_prod - load(r_.req_cons);
            if (used > kRing)
                return fail(XSHIM_S_XS_BAD_INDEX);
            if (used == kRing) {
                // Full: make sure the server knows there is something to take, then wait.
                if (!told_full) {
                    told_full = true;
                    if (const int32_t rc = notify(); rc != XSHIM_S_OK)
                        return rc;
                }
                if (const int32_t rc = wait(); rc != XSHIM_S_OK)
                    return rc;
                continue;
            }
            told_full = false;
            const uint32_t chunk = min3(n, kRing - used, kRing - slot(xs_.req_prod));
            volatile char *dst = r_.req + slot(xs_.req_prod);
            for (uint32_t i = 0; i < chunk; ++i)
                dst[i] = static_cast<char>(s[i]);
            xs_.req_prod += chunk;
            publish(r_.req_prod, xs_.req_prod);
            s += chunk;
            n -= chunk;
        }
        return XSHIM_S_OK;
    }

    // Take n bytes from the reply ring into dst (nullptr: consume and drop), waiting for them.
    int32_t get(void *dst, uint32_t n) {
        auto *d = static_cast<unsigned char *>(dst);
        while (n > 0) {
            if (load(r_.rsp_cons) != xs_.rsp_cons)
                return fail(XSHIM_S_XS_BAD_INDEX);
            const uint32_t avail = load(r_.rsp_prod) - xs_.rsp_cons;
            if (avail > kRing)
                return fail(XSHIM_S_XS_BAD_INDEX);
            if (avail == 0) {
                if (const int32_t rc = wait(); rc != XSHIM_S_OK)
                    return rc;
                continue;
            }
            const uint32_t chunk = min3(n, avail, kRing - slot(xs_.rsp_cons));
            const volatile char *src = r_.rsp + slot(xs_.rsp_cons);
            if (d != nullptr) {
                for (uint32_t i = 0; i < chunk; ++i)
                    d[i] = static_cast<unsigned char>(src[i]);
                d += chunk;
            }
            xs_.rsp_cons += chunk;
            publish(r_.rsp_cons, xs_.rsp_cons);
            n -= chunk;
            // It was full: the server may be waiting for room to write the rest.
            if (avail == kRing)
                if (const int32_t rc = notify(); rc != XSHIM_S_OK)
                    return rc;
        }
        return XSHIM_S_OK;
    }

  private:
    xshim_xs &xs_;
    Intf &r_;
    uint32_t spins_;
};

// An XS_ERROR payload: "ENAME" and its NUL, nothing else.
int32_t error_reply(xshim_xs &xs, Io &io, uint32_t len) {
    char name[XSHIM_XS_ERROR_NAME_MAX];
    if (len > sizeof name) {
        const int32_t rc = io.get(nullptr, len);
        return rc != XSHIM_S_OK ? rc : XSHIM_S_XS_MALFORMED;
    }
    if (const int32_t rc = io.get(name, len); rc != XSHIM_S_OK)
        return rc;
    const size_t n = len == 0 ? 0 : bounded_len(name, len);
    if (n == 0 || n != len - 1u)
        return XSHIM_S_XS_MALFORMED; // empty, unterminated, or a NUL inside
    for (size_t i = 0; i < n; ++i)
        xs.last_error[i] = name[i] >= 0x21 && name[i] < 0x7f ? name[i] : '?';
    xs.last_error[n] = '\0';
    const int32_t err = error_errno(name, n);
    return err != 0 ? err : XSHIM_S_XS_ERROR_UNKNOWN;
}

} // namespace

int32_t ring_state(const Intf &r) {
    const uint32_t features = load(r.server_features);
    if ((features & XSHIM_XENSTORE_SERVER_FEATURE_RECONNECTION) != 0 &&
        load(r.connection) != XSHIM_XENSTORE_CONNECTED)
        return XSHIM_S_XS_RECONNECTING;
    if ((features & XSHIM_XENSTORE_SERVER_FEATURE_ERROR) != 0 &&
        load(r.error) != XSHIM_XENSTORE_ERROR_NONE)
        return XSHIM_S_XS_RING_ERROR;
    return XSHIM_S_OK;
}

namespace {

// A watch event's payload, "path\0token\0", kept in the handle's queue. Longer ones than the
// queue holds, and those that arrive while it is full, are consumed and counted as dropped.
int32_t take_event(xshim_xs &xs, Io &io, uint32_t len, xshim_xs_event *direct) {
    char buf[XSHIM_XS_EVENT_PATH_MAX + XSHIM_XS_TOKEN_MAX];
    if (len > sizeof buf) {
        ++xs.events_dropped;
        return io.get(nullptr, len);
    }
    if (const int32_t rc = io.get(buf, len); rc != XSHIM_S_OK)
        return rc;
    const size_t plen = bounded_len(buf, len);
    const size_t tlen = plen < len ? bounded_len(buf + plen + 1, len - plen - 1) : 0;
    if (plen == 0 || plen >= XSHIM_XS_EVENT_PATH_MAX || plen + 1 + tlen + 1 != len ||
        tlen >= XSHIM_XS_TOKEN_MAX || !valid_path(buf, plen, XSHIM_XS_EVENT_PATH_MAX - 1))
        return XSHIM_S_XS_MALFORMED; // consumed whole: the ring stays in step
    xshim_xs_event *e = direct;
    if (e == nullptr) {
        if (xs.events_count == XSHIM_XS_EVENTS_MAX) {
            ++xs.events_dropped;
            return XSHIM_S_OK;
        }
        e = &xs.events[(xs.events_head + xs.events_count++) % XSHIM_XS_EVENTS_MAX];
    }
    copy_bytes(e->path, buf, plen + 1);
    copy_bytes(e->token, buf + plen + 1, tlen + 1);
    return XSHIM_S_OK;
}

} // namespace

int32_t request(xshim_xs &xs, uint32_t type, uint32_t tx_id, const Part *parts, uint32_t nparts,
                char *out, uint32_t cap, Reply *reply) {
    reply->type = 0;
    reply->len = 0;
    if (xs.fault != XSHIM_S_OK)
        return XSHIM_S_XS_BROKEN;
    if (xs.ring == nullptr)
        return XSHIM_S_EINVAL; // never opened
    xs.last_error[0] = '\0';
    uint32_t total = 0;
    for (uint32_t i = 0; i < nparts; ++i) {
        if (parts[i].len > XSHIM_XENSTORE_PAYLOAD_MAX - total)
            return XSHIM_S_EINVAL;
        total += parts[i].len;
    }

    Io io(xs);
    if (const int32_t st = ring_state(*static_cast<Intf *>(xs.ring)); st != XSHIM_S_OK)
        return io.fail(st);

    const uint32_t id = xs.req_id++;
    const xshim_xsd_sockmsg hdr = {type, id, tx_id, total};
    int32_t rc = io.put(&hdr, sizeof hdr);
    for (uint32_t i = 0; i < nparts && rc == XSHIM_S_OK; ++i)
        rc = io.put(parts[i].data, parts[i].len);
    if (rc == XSHIM_S_OK)
        rc = io.notify();
    if (rc != XSHIM_S_OK)
        return rc;

    // Watch events may come before the reply: they are queued (a malformed one is dropped,
    // having been consumed whole), at most max_skipped_events of them per request.
    xshim_xsd_sockmsg h;
    for (uint32_t events = 0;; ++events) {
        if ((rc = io.get(&h, sizeof h)) != XSHIM_S_OK)
            return rc;
        if (h.len > XSHIM_XENSTORE_PAYLOAD_MAX)
            return io.fail(XSHIM_S_XS_TOO_LONG);
        if (h.type != XSHIM_XS_WATCH_EVENT)
            break;
        if (events >= max_skipped_events)
            return io.fail(XSHIM_S_XS_BAD_TYPE);
        rc = take_event(xs, io, h.len, nullptr);
        if (rc == XSHIM_S_XS_MALFORMED)
            ++xs.events_dropped;
        else if (rc != XSHIM_S_OK)
            return rc;
    }
    if (h.req_id != id)
        return io.fail(XSHIM_S_XS_BAD_REQ_ID);
    if (h.tx_id != tx_id)
        return io.fail(XSHIM_S_XS_BAD_TX_ID);
    if (h.type == XSHIM_XS_ERROR)
        return error_reply(xs, io, h.len);
    if (h.type != type)
        return io.fail(XSHIM_S_XS_BAD_TYPE);

    reply->type = h.type;
    reply->len = h.len;
    if (h.len > cap || (out == nullptr && h.len != 0)) {
        rc = io.get(nullptr, h.len);
        return rc != XSHIM_S_OK ? rc : XSHIM_S_ENOBUFS;
    }
    return io.get(out, h.len);
}

int32_t request(xshim_xs &xs, uint32_t type, const char *path, uint32_t path_len, char *out,
                uint32_t cap, Reply *reply) {
    if (path_len >= XSHIM_XENSTORE_PAYLOAD_MAX)
        return XSHIM_S_EINVAL;
    const Part parts[] = {{path, path_len}, {"", 1}};
    return request(xs, type, 0, parts, 2, out, cap, reply);
}

int32_t next_event(xshim_xs &xs, xshim_xs_event *event) {
    if (xs.fault != XSHIM_S_OK)
        return XSHIM_S_XS_BROKEN;
    if (xs.ring == nullptr)
        return XSHIM_S_EINVAL;
    if (xs.events_count != 0) {
        *event = xs.events[xs.events_head];
        xs.events_head = (xs.events_head + 1) % XSHIM_XS_EVENTS_MAX;
        --xs.events_count;
        return XSHIM_S_OK;
    }
    Intf &r = *static_cast<Intf *>(xs.ring);
    Io io(xs);
    // Nothing outstanding: an empty ring after the budget is no fault, just no event yet.
    for (uint32_t spins = xs.spin_limit; load(r.rsp_prod) == xs.rsp_cons; --spins) {
        if (spins == 0)
            return XSHIM_S_TIMEOUT;
        if (xs.platform != nullptr && xs.platform->relax != nullptr)
            xs.platform->relax(xs.platform->ctx);
        if (const int32_t st = ring_state(r); st != XSHIM_S_OK)
            return io.fail(st);
    }
    xshim_xsd_sockmsg h;
    if (const int32_t rc = io.get(&h, sizeof h); rc != XSHIM_S_OK)
        return rc;
    if (h.len > XSHIM_XENSTORE_PAYLOAD_MAX)
        return io.fail(XSHIM_S_XS_TOO_LONG);
    if (h.type != XSHIM_XS_WATCH_EVENT)
        return io.fail(XSHIM_S_XS_BAD_TYPE); // a reply nobody asked for
    const uint32_t dropped = xs.events_dropped;
    const int32_t rc = take_event(xs, io, h.len, event);
    if (rc == XSHIM_S_OK && xs.events_dropped != dropped)
        return XSHIM_S_ENOBUFS; // an event too long to keep: consumed, counted
    return rc;
}

} // namespace xshim::xs
