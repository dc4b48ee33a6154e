// shim/xenstore/client.cpp: finding the store ring, and the two reads a probe needs (XS_READ,
// XS_DIRECTORY). Where the ring is:
//   - PV: start_info.store_mfn / store_evtchn, as the selected start_info adapter normalised
//     them into verdict.boot; the MFN is mapped with platform->map_frame (the kernel's page
//     tables translate it);
//   - PVH, HVM, Arm: HVM_PARAM_STORE_PFN / HVM_PARAM_STORE_EVTCHN through hvm_op get_param.
// A frame or port of 0 means no store: dom0 before xenstored runs (Xen's dom0 builder leaves
// both 0), or a domain built without one.
#include "shim/xenstore/xenstore.hpp"

#include "shim/runtime/hypercall.hpp"
#include "shim/lib/text.hpp"

#include <abi/hvm.h>

namespace xshim::xs {
namespace {

using Intf = xshim_xenstore_domain_interface;

uint32_t load(const uint32_t &field) { return __atomic_load_n(&field, __ATOMIC_ACQUIRE); }

int32_t refuse(xshim_xs &xs, int32_t status) {
    xs.fault = status;
    return status;
}

void reset(xshim_xs &xs, const xshim_platform *platform) {
    const uint32_t spins = xs.spin_limit; // a caller's own bound survives reopening
    zero_bytes(&xs, sizeof xs);
    xs.platform = platform;
    xs.spin_limit = spins != 0 ? spins : XSHIM_XS_SPINS_DEFAULT;
    xs.req_id = 1;
}

} // namespace

uint32_t checked_path_len(const char *path) {
    if (path == nullptr)
        return 0;
    const size_t len = bounded_len(path, XSHIM_XS_ABS_PATH_MAX + 1);
    const size_t max = path[0] == '/' ? XSHIM_XS_ABS_PATH_MAX : XSHIM_XS_REL_PATH_MAX;
    return valid_path(path, len, max) ? static_cast<uint32_t>(len) : 0;
}

bool path_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '/' || c == '_' || c == '@';
}

bool valid_path(const char *path, size_t len, size_t max) {
    if (path == nullptr || len == 0 || len > max)
        return false;
    for (size_t i = 0; i < len; ++i) {
        if (!path_char(path[i]))
            return false;
        if (path[i] == '/' && i > 0 && path[i - 1] == '/')
            return false; // doubled slash
    }
    return path[len - 1] != '/' || len == 1; // trailing slash, except the root
}

int32_t parse_u32(const char *s, size_t len, uint32_t *out) {
    uint64_t v = 0;
    const Decimal d = parse_decimal(s, len, 0xffffffffu, &v);
    *out = static_cast<uint32_t>(v);
    return d == Decimal::ok          ? int32_t{XSHIM_S_OK}
           : d == Decimal::malformed ? int32_t{XSHIM_S_XS_MALFORMED}
                                     : int32_t{XSHIM_S_RANGE};
}

} // namespace xshim::xs

using namespace xshim;
using namespace xshim::xs;

extern "C" {

int32_t xshim_xs_attach(xshim_xs *xs, void *ring, uint32_t evtchn, const xshim_hypercall *hypercall,
                        const xshim_platform *platform) {
    if (xs == nullptr)
        return XSHIM_S_EINVAL;
    reset(*xs, platform);
    if (ring == nullptr || hypercall == nullptr || hypercall->fn == nullptr || platform == nullptr)
        return refuse(*xs, XSHIM_S_EINVAL);
    if (evtchn == 0)
        return refuse(*xs, XSHIM_S_XS_NO_STORE);
    xs->ring = ring;
    xs->evtchn = evtchn;
    xs->hypercall = *hypercall;
    const Intf &r = *static_cast<const Intf *>(ring);

    // A reconnect someone else started (docs/misc/xenstore-ring.txt: e.g. dom0less): ignore
    // everything but the connection field until the server says CONNECTED, bounded.
    int32_t st = ring_state(r);
    for (uint32_t spins = xs->spin_limit; st == XSHIM_S_XS_RECONNECTING && spins > 0; --spins) {
        if (platform->relax != nullptr)
            platform->relax(platform->ctx);
        st = ring_state(r);
    }
    if (st != XSHIM_S_OK)
        return refuse(*xs, st);
    xs->server_features = load(r.server_features);

    const uint32_t req_prod = load(r.req_prod), req_cons = load(r.req_cons);
    const uint32_t rsp_prod = load(r.rsp_prod), rsp_cons = load(r.rsp_cons);
    if (req_prod - req_cons > XSHIM_XENSTORE_RING_SIZE ||
        rsp_prod - rsp_cons > XSHIM_XENSTORE_RING_SIZE)
        return refuse(*xs, XSHIM_S_XS_BAD_INDEX);
    xs->req_prod = req_prod;
    xs->rsp_cons = rsp_cons;
    return XSHIM_S_OK;
}

int32_t xshim_xs_open(xshim_xs *xs, const xshim_verdict *v, const xshim_platform *p) {
    if (xs == nullptr)
        return XSHIM_S_EINVAL;
    reset(*xs, p);
    if (v == nullptr || p == nullptr || v->outcome != XSHIM_SELECTED ||
        v->selection.hypercall.fn == nullptr)
        return refuse(*xs, XSHIM_S_EINVAL);

    uint64_t frame = 0, port = 0;
    uint32_t source = XSHIM_XS_SRC_NONE;
    if (v->boot.protocol == XSHIM_BOOT_PV) {
        frame = v->boot.store_mfn;
        port = v->boot.store_evtchn;
        source = XSHIM_XS_SRC_START_INFO;
    } else {
        long rc = xshim_hvm_get_param(&v->selection.hypercall, XSHIM_HVM_PARAM_STORE_PFN, &frame);
        if (rc == 0)
            rc = xshim_hvm_get_param(&v->selection.hypercall, XSHIM_HVM_PARAM_STORE_EVTCHN, &port);
        if (rc != 0)
            return refuse(*xs, static_cast<int32_t>(rc));
        source = XSHIM_XS_SRC_HVM_PARAM;
    }
    if (frame == 0 || port == 0)
        return refuse(*xs, XSHIM_S_XS_NO_STORE);
    if (port > 0xffffffffu)
        return refuse(*xs, XSHIM_S_RANGE);
    if (p->map_frame == nullptr)
        return refuse(*xs, XSHIM_S_XS_NO_MAP);
    void *ring = p->map_frame(p->ctx, frame);
    if (ring == nullptr)
        return refuse(*xs, XSHIM_S_XS_NO_MAP);

    const int32_t rc =
        xshim_xs_attach(xs, ring, static_cast<uint32_t>(port), &v->selection.hypercall, p);
    xs->frame = frame;
    xs->source = source;
    return rc;
}

int32_t xshim_xs_read(xshim_xs *xs, const char *path, char *out, uint32_t cap, uint32_t *len) {
    if (len != nullptr)
        *len = 0;
    const uint32_t plen = checked_path_len(path);
    if (xs == nullptr || out == nullptr || cap == 0 || len == nullptr || plen == 0)
        return XSHIM_S_EINVAL;
    out[0] = '\0';
    Reply reply{};
    const int32_t rc = request(*xs, XSHIM_XS_READ, path, plen, out, cap - 1, &reply);
    if (rc == XSHIM_S_ENOBUFS)
        *len = reply.len;
    if (rc != XSHIM_S_OK) {
        out[0] = '\0';
        return rc;
    }
    out[reply.len] = '\0'; // the wire has no terminator; reply.len <= cap - 1
    *len = reply.len;
    return XSHIM_S_OK;
}

int32_t xshim_xs_directory(xshim_xs *xs, const char *path, char *out, uint32_t cap,
                           uint32_t *count) {
    if (count != nullptr)
        *count = 0;
    const uint32_t plen = checked_path_len(path);
    if (xs == nullptr || out == nullptr || count == nullptr || plen == 0)
        return XSHIM_S_EINVAL;
    Reply reply{};
    const int32_t rc = request(*xs, XSHIM_XS_DIRECTORY, path, plen, out, cap, &reply);
    if (rc != XSHIM_S_OK)
        return rc;
    // <child-leaf-name>|* : each name non-empty, one path component, NUL-terminated.
    uint32_t names = 0;
    for (uint32_t i = 0; i < reply.len;) {
        const size_t n = bounded_len(out + i, reply.len - i);
        if (n == 0 || i + n == reply.len)
            return XSHIM_S_XS_MALFORMED; // an empty entry, or the last one unterminated
        for (size_t k = 0; k < n; ++k)
            if (!path_char(out[i + k]) || out[i + k] == '/')
                return XSHIM_S_XS_MALFORMED;
        ++names;
        i += static_cast<uint32_t>(n) + 1;
    }
    *count = names;
    return XSHIM_S_OK;
}

} // extern "C"
