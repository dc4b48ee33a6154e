// shim/xenstore/backend.cpp: what a frontend device's backend advertises (DESIGN.md, "Feature
// flags between domains"): the backend writes feature-X, an absent node means the old
// protocol, and a frontend distrusts its backend: the backend path is validated before it is
// used, every value is read into a bounded buffer, numbers are parsed strictly and clamped to
// the frontend's own limits. Read-only: nothing is written to the store.
#include "shim/xenstore/xenstore.hpp"

#include "shim/lib/text.hpp"

namespace xshim::xs {
namespace {

constexpr char kFeaturePrefix[] = "feature-";

// A numeric limit the backend may advertise, and the value an absent node means.
struct LimitNode {
    const char *name;
    uint32_t absent_value;                         // the old protocol
    uint32_t xshim_xs_frontend_limits::*own;       // the frontend's own limit
    xshim_xs_limit xshim_xs_backend_report::*slot; // where the report keeps it
    uint32_t min_value;                            // below this the advertisement is nonsense
};

constexpr LimitNode kLimits[] = {
    // blkif: log2 of the ring pages the backend maps; absent: one page.
    {"max-ring-page-order", 0, &xshim_xs_frontend_limits::max_ring_page_order,
     &xshim_xs_backend_report::max_ring_page_order, 0},
    // blkif and netif: queues; absent: one. A backend cannot serve zero queues.
    {"multi-queue-max-queues", 1, &xshim_xs_frontend_limits::max_queues,
     &xshim_xs_backend_report::multi_queue_max_queues, 1},
};

// "<base>/<leaf>" into buf; false if it does not fit.
bool join(char *buf, size_t cap, const char *base, const char *leaf, size_t leaf_len) {
    Writer w(buf, cap);
    w.str(base).ch('/').chars(leaf, leaf_len);
    return !w.truncated();
}

// A value meant as text: no NUL inside, printable ASCII (docs/misc/xenstore.txt: 0x20..0x7e).
bool text_value(const char *v, uint32_t len) {
    for (uint32_t i = 0; i < len; ++i)
        if (v[i] < 0x20 || v[i] > 0x7e)
            return false;
    return true;
}

// Read base/leaf as text into out (cap bytes, NUL-terminated).
int32_t read_text(xshim_xs &xs, const char *base, const char *leaf, size_t leaf_len, char *out,
                  uint32_t cap, uint32_t *len) {
    char path[XSHIM_XS_PATH_MAX + XSHIM_XS_NAME_MAX];
    *len = 0;
    out[0] = '\0';
    if (!join(path, sizeof path, base, leaf, leaf_len))
        return XSHIM_S_EINVAL;
    int32_t rc = xshim_xs_read(&xs, path, out, cap, len);
    if (rc == XSHIM_S_OK && !text_value(out, *len))
        rc = XSHIM_S_XS_MALFORMED;
    if (rc != XSHIM_S_OK) {
        out[0] = '\0';
        *len = 0;
    }
    return rc;
}

void read_limit(xshim_xs &xs, const char *backend, const LimitNode &node,
                const xshim_xs_frontend_limits &limits, xshim_xs_limit *out) {
    char v[XSHIM_XS_VALUE_MAX];
    uint32_t len = 0;
    uint32_t n = 0;
    int32_t rc = read_text(xs, backend, node.name, bounded_len(node.name, XSHIM_XS_NAME_MAX), v,
                           sizeof v, &len);
    if (rc == XSHIM_S_OK)
        rc = parse_u32(v, len, &n);
    if (rc == XSHIM_S_OK && n < node.min_value)
        rc = XSHIM_S_RANGE;
    uint32_t own = limits.*node.own;
    if (own < node.min_value)
        own = node.min_value;
    out->status = rc;
    out->advertised = rc == XSHIM_S_OK ? n : 0;
    out->clamped = rc == XSHIM_S_OK && n > own ? 1 : 0;
    out->value = rc != XSHIM_S_OK ? node.absent_value : (n > own ? own : n);
}

} // namespace
} // namespace xshim::xs

using namespace xshim;
using namespace xshim::xs;

extern "C" {

int32_t xshim_xs_backend_features(xshim_xs *xs, const char *dev,
                                  const xshim_xs_frontend_limits *limits,
                                  xshim_xs_backend_report *report) {
    if (report != nullptr) {
        zero_bytes(report, sizeof *report);
        report->protocol_status = XSHIM_S_ENOENT;
        for (const LimitNode &node : kLimits)
            (report->*node.slot) = {XSHIM_S_ENOENT, 0, node.absent_value, 0};
    }
    if (xs == nullptr || dev == nullptr || limits == nullptr || report == nullptr)
        return XSHIM_S_EINVAL;
    const size_t dev_len = bounded_len(dev, XSHIM_XS_PATH_MAX);
    if (!valid_path(dev, dev_len, XSHIM_XS_PATH_MAX - 1))
        return XSHIM_S_EINVAL;

    // 1. dev/backend: an absolute path, bounded, XenStore characters only, no NUL inside.
    uint32_t len = 0;
    int32_t rc = read_text(*xs, dev, "backend", 7, report->backend, sizeof report->backend, &len);
    if (rc == XSHIM_S_ENOBUFS || rc == XSHIM_S_XS_MALFORMED ||
        (rc == XSHIM_S_OK &&
         (report->backend[0] != '/' || !valid_path(report->backend, len, XSHIM_XS_PATH_MAX - 1)))) {
        zero_bytes(report->backend, sizeof report->backend);
        return XSHIM_S_XS_BAD_BACKEND;
    }
    if (rc != XSHIM_S_OK)
        return rc;

    // 2. dev/protocol: the ring ABI the toolstack chose; absent means the native one.
    report->protocol_status =
        read_text(*xs, dev, "protocol", 8, report->protocol, sizeof report->protocol, &len);
    if (xs->fault != XSHIM_S_OK)
        return xs->fault;

    // 3. The backend's children; then every feature-* node and the numeric limits.
    uint32_t count = 0;
    rc = xshim_xs_directory(xs, report->backend, xs->scratch, sizeof xs->scratch, &count);
    if (rc != XSHIM_S_OK)
        return rc;
    report->children = count;
    const char *name = xs->scratch;
    bool limit_read[sizeof kLimits / sizeof *kLimits] = {};
    for (uint32_t k = 0; k < count; ++k) {
        // The listing was checked: count names, each NUL-terminated inside scratch.
        const size_t n = bounded_len(name, sizeof xs->scratch);
        const char *next = name + n + 1;
        // Each limit once: a listing that repeats a name gets no extra requests.
        for (size_t i = 0; i < sizeof kLimits / sizeof *kLimits; ++i)
            if (!limit_read[i] && same(name, n, kLimits[i].name)) {
                limit_read[i] = true;
                read_limit(*xs, report->backend, kLimits[i], *limits, &(report->*kLimits[i].slot));
            }
        if (starts_with(name, n, kFeaturePrefix)) {
            if (n >= XSHIM_XS_NAME_MAX || report->nfeatures >= XSHIM_XS_FEATURES_MAX) {
                ++report->dropped;
            } else {
                xshim_xs_feature &f = report->features[report->nfeatures++];
                copy_bytes(f.name, name, n);
                f.name[n] = '\0';
                uint32_t vlen = 0;
                f.status = read_text(*xs, report->backend, name, n, f.value, sizeof f.value, &vlen);
                f.number_status =
                    f.status == XSHIM_S_OK ? parse_u32(f.value, vlen, &f.number) : f.status;
            }
        }
        if (xs->fault != XSHIM_S_OK)
            return xs->fault;
        name = next;
    }
    return XSHIM_S_OK;
}

uint32_t xshim_xs_format_report(const xshim_xs_backend_report *r, char *out, uint32_t cap) {
    if (out == nullptr || cap == 0)
        return 0;
    Writer w(out, cap);
    if (r == nullptr)
        return static_cast<uint32_t>(w.str("xenstore: no report").len());
    w.str("xenstore: backend=").printable(r->backend, bounded_len(r->backend, sizeof r->backend));
    w.str(" protocol=");
    if (r->protocol_status == XSHIM_S_OK)
        w.printable(r->protocol, bounded_len(r->protocol, sizeof r->protocol));
    else
        w.ch('!').str(xshim_xs_status_name(r->protocol_status));
    const uint32_t nf = r->nfeatures < XSHIM_XS_FEATURES_MAX ? r->nfeatures : XSHIM_XS_FEATURES_MAX;
    for (uint32_t i = 0; i < nf; ++i) {
        const xshim_xs_feature &f = r->features[i];
        w.ch(' ').printable(f.name, bounded_len(f.name, sizeof f.name)).ch('=');
        if (f.status == XSHIM_S_OK)
            w.printable(f.value, bounded_len(f.value, sizeof f.value));
        else
            w.ch('!').str(xshim_xs_status_name(f.status));
    }
    for (const LimitNode &node : kLimits) {
        const xshim_xs_limit &l = r->*node.slot;
        w.ch(' ').str(node.name).ch('=');
        if (l.status == XSHIM_S_OK)
            w.dec(l.advertised);
        else if (l.status == XSHIM_S_ENOENT)
            w.str("absent");
        else
            w.ch('!').str(xshim_xs_status_name(l.status));
        w.str("(use ").dec(l.value).ch(')');
    }
    if (r->dropped != 0)
        w.str(" dropped=").dec(r->dropped);
    return static_cast<uint32_t>(w.len());
}

} // extern "C"
