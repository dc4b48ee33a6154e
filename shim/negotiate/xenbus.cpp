// shim/negotiate/xenbus.cpp: a frontend device's XenBus connection (xshim_xenbus.h): the
// backend's state read and waited for through a watch, the negotiation table's nodes read from
// XenStore and its decisions written back in one transaction. The backend is untrusted: its
// state must be a state, its path a path, its domain id a domain id.
#include <xshim_xenbus.h>

#include "shim/lib/text.hpp"
#include "shim/xenstore/xenstore.hpp"

#include <abi/hvm.h>
#include <abi/xenbus.h>

namespace xshim {
namespace {

constexpr int32_t kEagain = -11; // XS_ERROR "EAGAIN": the transaction conflicted

// "dir/node" into a caller's buffer; false when it does not fit.
bool join(char *out, size_t cap, const char *dir, const char *node) {
    Writer w(out, cap);
    w.str(dir).ch('/').str(node);
    return !w.truncated();
}

// The names from abi/xenbus.h's list, indexed by state (its values run 0..8 in order).
#define XSHIM_XENBUS_NAME_(name, value, since) #name,
constexpr const char *kStateNames[] = {XSHIM_XENBUS_STATES(XSHIM_XENBUS_NAME_)};
#undef XSHIM_XENBUS_NAME_
#define XSHIM_XENBUS_VALUE_(name, value, since) (value),
constexpr uint32_t kStateValues[] = {XSHIM_XENBUS_STATES(XSHIM_XENBUS_VALUE_)};
#undef XSHIM_XENBUS_VALUE_
static_assert(runs_from_zero(kStateValues) &&
                  sizeof kStateValues / sizeof kStateValues[0] == XSHIM_XENBUS_STATE_MAX + 1,
              "XSHIM_XENBUS_STATES values run 0..8 in list order");

int32_t write_number(xshim_xs &xs, uint32_t tx, const char *dir, const char *node, uint64_t v) {
    char path[XSHIM_XS_PATH_MAX + XSHIM_XB_DIR_MAX];
    if (!join(path, sizeof path, dir, node))
        return XSHIM_S_EINVAL;
    char digits[24];
    const size_t n = format_dec(v, digits);
    return xshim_xs_write(&xs, tx, path, digits, static_cast<uint32_t>(n));
}

int32_t write_text(xshim_xs &xs, uint32_t tx, const char *dir, const char *node, const char *text) {
    char path[XSHIM_XS_PATH_MAX + XSHIM_XB_DIR_MAX];
    if (!join(path, sizeof path, dir, node))
        return XSHIM_S_EINVAL;
    return xshim_xs_write(&xs, tx, path, text,
                          static_cast<uint32_t>(bounded_len(text, XSHIM_NEG_TEXT_MAX + 1)));
}

// Everything one attempt of the publishing transaction writes.
int32_t publish_once(xshim_xenbus_dev &dev, uint32_t tx, const xshim_neg_result &r,
                     const xshim_xenbus_node *extra, uint32_t n, uint32_t state) {
    int32_t rc = XSHIM_S_OK;
    for (uint32_t i = 0; i < r.nwrites && rc == XSHIM_S_OK; ++i)
        rc = r.writes[i].text != nullptr
                 ? write_text(*dev.xs, tx, dev.dir, r.writes[i].node, r.writes[i].text)
                 : write_number(*dev.xs, tx, dev.dir, r.writes[i].node, r.writes[i].value);
    for (uint32_t i = 0; i < n && rc == XSHIM_S_OK; ++i)
        rc = write_number(*dev.xs, tx, dev.dir, extra[i].name, extra[i].value);
    if (rc == XSHIM_S_OK && state != 0)
        rc = write_number(*dev.xs, tx, dev.dir, "state", state);
    return rc;
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" {

const char *xshim_xenbus_state_name(uint32_t state) {
    return state <= XSHIM_XENBUS_STATE_MAX ? kStateNames[state] : "invalid";
}

int32_t xshim_xenbus_open(xshim_xenbus_dev *dev, xshim_xs *xs, const char *dir) {
    if (dev == nullptr || xs == nullptr || dir == nullptr)
        return XSHIM_S_EINVAL;
    const uint32_t rounds = dev->rounds;
    zero_bytes(dev, sizeof *dev);
    dev->rounds = rounds != 0 ? rounds : XSHIM_XB_ROUNDS_DEFAULT;
    dev->xs = xs;
    const size_t dlen = bounded_len(dir, XSHIM_XB_DIR_MAX);
    if (dlen == XSHIM_XB_DIR_MAX || dir[0] == '/' || !xs::valid_path(dir, dlen, dlen))
        return XSHIM_S_EINVAL;
    copy_bytes(dev->dir, dir, dlen + 1);

    char path[XSHIM_XS_PATH_MAX + XSHIM_XB_DIR_MAX];
    uint32_t len = 0;
    join(path, sizeof path, dev->dir, "backend");
    int32_t rc = xshim_xs_read(xs, path, dev->backend, sizeof dev->backend, &len);
    if (rc == XSHIM_S_ENOBUFS ||
        (rc == XSHIM_S_OK && (dev->backend[0] != '/' || bounded_len(dev->backend, len) != len ||
                              !xs::valid_path(dev->backend, len, XSHIM_XS_PATH_MAX - 8))))
        return XSHIM_S_XS_BAD_BACKEND; // room is kept for "/state" and the feature names
    if (rc != XSHIM_S_OK)
        return rc;

    char id[16];
    join(path, sizeof path, dev->dir, "backend-id");
    if ((rc = xshim_xs_read(xs, path, id, sizeof id, &len)) != XSHIM_S_OK)
        return rc == XSHIM_S_ENOBUFS ? XSHIM_S_XS_MALFORMED : rc;
    if (xs::parse_u32(id, len, &dev->backend_id) != XSHIM_S_OK ||
        dev->backend_id >= XSHIM_DOMID_SELF) // DOMID_FIRST_RESERVED and above name no domain
        return XSHIM_S_XS_MALFORMED;

    // The token names the device ("device-vbd-51712"), so its events are recognisable.
    for (size_t i = 0; i < dlen && i + 1 < sizeof dev->token; ++i)
        dev->token[i] = dir[i] == '/' ? '-' : dir[i];
    join(path, sizeof path, dev->backend, "state");
    return xshim_xs_watch(xs, path, dev->token);
}

int32_t xshim_xenbus_close(xshim_xenbus_dev *dev) {
    if (dev == nullptr || dev->xs == nullptr || dev->backend[0] == '\0')
        return XSHIM_S_EINVAL;
    char path[XSHIM_XS_PATH_MAX + XSHIM_XB_DIR_MAX];
    join(path, sizeof path, dev->backend, "state");
    return xshim_xs_unwatch(dev->xs, path, dev->token);
}

int32_t xshim_xenbus_backend_state(xshim_xenbus_dev *dev) {
    if (dev == nullptr || dev->xs == nullptr || dev->backend[0] == '\0')
        return XSHIM_S_EINVAL;
    char path[XSHIM_XS_PATH_MAX + XSHIM_XB_DIR_MAX], v[8];
    uint32_t len = 0, state = 0;
    join(path, sizeof path, dev->backend, "state");
    int32_t rc = xshim_xs_read(dev->xs, path, v, sizeof v, &len);
    if (rc == XSHIM_S_ENOENT) {
        dev->backend_state = XSHIM_XENBUS_Unknown; // no node: no backend (yet, or any more)
        return XSHIM_S_OK;
    }
    if (rc == XSHIM_S_ENOBUFS)
        return XSHIM_S_XB_BAD_STATE;
    if (rc != XSHIM_S_OK)
        return rc;
    if (xs::parse_u32(v, len, &state) != XSHIM_S_OK || state > XSHIM_XENBUS_STATE_MAX)
        return XSHIM_S_XB_BAD_STATE;
    dev->backend_state = state;
    return XSHIM_S_OK;
}

int32_t xshim_xenbus_wait(xshim_xenbus_dev *dev, uint32_t want_mask) {
    constexpr uint32_t kGone = (1u << XSHIM_XENBUS_Closing) | (1u << XSHIM_XENBUS_Closed);
    if (dev == nullptr || dev->xs == nullptr)
        return XSHIM_S_EINVAL;
    for (uint32_t round = 0;; ++round) {
        int32_t rc = xshim_xenbus_backend_state(dev);
        if (rc != XSHIM_S_OK)
            return rc;
        const uint32_t bit = 1u << dev->backend_state;
        if (want_mask & bit)
            return XSHIM_S_OK;
        if ((kGone & bit) && (want_mask & kGone) == 0) // waiting for Closed goes through Closing
            return XSHIM_S_XB_CLOSED;
        if (round >= dev->rounds)
            return XSHIM_S_TIMEOUT;
        // Any event may be the one: the state is read again after each (events of other
        // watches on this handle are consumed too; their owners re-read their own state).
        xshim_xs_event e;
        rc = xshim_xs_next_event(dev->xs, &e);
        if (rc != XSHIM_S_OK && rc != XSHIM_S_ENOBUFS && rc != XSHIM_S_XS_MALFORMED)
            return rc; // XSHIM_S_TIMEOUT: nothing moved within xs->spin_limit rounds
    }
}

int32_t xshim_xenbus_set_state(xshim_xenbus_dev *dev, uint32_t tx, uint32_t state) {
    if (dev == nullptr || dev->xs == nullptr || state > XSHIM_XENBUS_STATE_MAX)
        return XSHIM_S_EINVAL;
    const int32_t rc = write_number(*dev->xs, tx, dev->dir, "state", state);
    if (rc == XSHIM_S_OK && tx == 0)
        dev->state = state;
    return rc;
}

constexpr uint32_t kReadMax = 128;
// What an overlong value beyond kReadMax shows (the negotiation shows at most 32 bytes).
constexpr char kUnread[XSHIM_NEG_TEXT_MAX + 2] = "(more than 127 bytes, not read)";

int32_t xshim_xenbus_read(xshim_xenbus_dev *dev, const xshim_neg_class *cls, uint32_t phase,
                          xshim_xenbus_values *out) {
    if (dev == nullptr || dev->xs == nullptr || cls == nullptr || out == nullptr ||
        cls->count > XSHIM_NEG_RULES_MAX)
        return XSHIM_S_EINVAL;
    zero_bytes(out, sizeof *out);
    char path[XSHIM_XS_PATH_MAX + XSHIM_XB_DIR_MAX];
    for (uint32_t i = 0; i < cls->count; ++i) {
        const xshim_neg_rule &r = cls->rules[i];
        if (r.phase != phase || r.backend_node == nullptr) // an ANNOUNCE rule reads nothing
            continue;
        const char *base = r.where == XSHIM_NEG_IN_FRONTEND ? dev->dir : dev->backend;
        if (!join(path, sizeof path, base, r.backend_node))
            return XSHIM_S_EINVAL;
        // Read into room for more than any rule takes, so an overlong value's first bytes can be
        // shown; only those are kept, with a length that marks it overlong (malformed).
        char value[kReadMax];
        uint32_t len = 0;
        const int32_t rc = xshim_xs_read(dev->xs, path, value, sizeof value, &len);
        if (rc == XSHIM_S_ENOENT)
            continue; // absent: the old protocol
        if (rc != XSHIM_S_OK && rc != XSHIM_S_ENOBUFS)
            return rc;
        constexpr uint32_t kKept = XSHIM_NEG_TEXT_MAX + 1;
        if (rc == XSHIM_S_ENOBUFS) // longer than even this: say so instead of its bytes
            copy_bytes(value, kUnread, sizeof kUnread);
        const uint32_t kept = rc == XSHIM_S_OK && len < kKept ? len : kKept;
        copy_bytes(out->text[i], value, kept);
        out->values[i] = {1, kept, out->text[i]};
    }
    return XSHIM_S_OK;
}

int32_t xshim_xenbus_publish(xshim_xenbus_dev *dev, const xshim_neg_result *result,
                             const xshim_xenbus_node *extra, uint32_t n, uint32_t state) {
    if (dev == nullptr || dev->xs == nullptr || result == nullptr || (extra == nullptr && n != 0))
        return XSHIM_S_EINVAL;
    if (result->outcome != XSHIM_SELECTED)
        return XSHIM_S_XB_REFUSED;
    int32_t rc = kEagain;
    for (uint32_t attempt = 0; attempt < XSHIM_XS_TX_RETRIES && rc == kEagain; ++attempt) {
        uint32_t tx = 0;
        if ((rc = xshim_xs_transaction_start(dev->xs, &tx)) != XSHIM_S_OK)
            return rc;
        rc = publish_once(*dev, tx, *result, extra, n, state);
        if (rc != XSHIM_S_OK) {
            // A write failed (or conflicted): abort, and retry only a conflict.
            const int32_t end = xshim_xs_transaction_end(dev->xs, tx, 0);
            if (rc != kEagain)
                return rc;
            if (end != XSHIM_S_OK && end != kEagain)
                return end;
            continue;
        }
        rc = xshim_xs_transaction_end(dev->xs, tx, 1);
    }
    if (rc == XSHIM_S_OK && state != 0)
        dev->state = state;
    return rc;
}

} // extern "C"
