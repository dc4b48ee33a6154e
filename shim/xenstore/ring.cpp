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

int32_t request(xshim_xs &xs, uint32_t type, const char *path, uint32_t path_len, char *out,
                uint32_t cap, Reply *reply) {
    reply->type = 0;
    reply->len = 0;
    if (xs.fault != XSHIM_S_OK)
        return XSHIM_S_XS_BROKEN;
    if (xs.ring == nullptr)
        return XSHIM_S_EINVAL; // never opened
    xs.last_error[0] = '\0';
    if (path_len >= XSHIM_XENSTORE_PAYLOAD_MAX)
        return XSHIM_S_EINVAL;

    Io io(xs);
    if (const int32_t st = ring_state(*static_cast<Intf *>(xs.ring)); st != XSHIM_S_OK)
        return io.fail(st);

    const uint32_t id = xs.req_id++;
    const xshim_xsd_sockmsg hdr = {type, id, 0, path_len + 1};
    static constexpr char nul = '\0';
    int32_t rc = io.put(&hdr, sizeof hdr);
    if (rc == XSHIM_S_OK)
        rc = io.put(path, path_len);
    if (rc == XSHIM_S_OK)
        rc = io.put(&nul, 1);
    if (rc == XSHIM_S_OK)
        rc = io.notify();
    if (rc != XSHIM_S_OK)
        return rc;

    xshim_xsd_sockmsg h;
    for (uint32_t skipped = 0;; ++skipped) {
        if ((rc = io.get(&h, sizeof h)) != XSHIM_S_OK)
            return rc;
        if (h.len > XSHIM_XENSTORE_PAYLOAD_MAX)
            return io.fail(XSHIM_S_XS_TOO_LONG);
        if (h.type != XSHIM_XS_WATCH_EVENT)
            break;
        if (skipped >= max_skipped_events)
            return io.fail(XSHIM_S_XS_BAD_TYPE);
        if ((rc = io.get(nullptr, h.len)) != XSHIM_S_OK)
            return rc;
    }
    if (h.req_id != id)
        return io.fail(XSHIM_S_XS_BAD_REQ_ID);
    if (h.tx_id != 0)
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

} // namespace xshim::xs
