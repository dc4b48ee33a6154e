// shim/negotiate/negotiate.cpp: the one pure function of feature negotiation (see
// xshim_negotiate.h). Every backend value is untrusted text: it is parsed as a plain decimal
// (no sign, no spaces, no NUL inside, at most XSHIM_NEG_TEXT_MAX bytes), checked against its
// rule's range and check, and only then compared with the frontend's own limit. Nothing here
// reads or writes XenStore.
#include <xshim_negotiate.h>

#include "shim/lib/text.hpp"

namespace xshim {
namespace {

constexpr bool is_pow2(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

bool same_text(const xshim_neg_value &v, const char *want) {
    return want != nullptr && same(v.text, v.len, want);
}

// The backend's number for a rule, or the status that says why there is none.
uint32_t read_number(const xshim_neg_rule &r, const xshim_neg_value &v, uint64_t *n) {
    // At most 20 digits (the most a 64-bit value has, leading zeros included), nothing beyond.
    if (v.len > 20 || parse_decimal(v.text, v.len, ~uint64_t{0}, n) != Decimal::ok)
        return XSHIM_NEG_MALFORMED;
    if (*n < r.min || *n > r.max)
        return XSHIM_NEG_RANGE;
    if (r.check == XSHIM_NEG_CHECK_POW2 && !is_pow2(*n))
        return XSHIM_NEG_CHECK;
    return XSHIM_NEG_OK;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// An Ethernet address as XenStore carries it: exactly "xx:xx:xx:xx:xx:xx" (17 bytes), no sign,
// space or NUL; Linux's netback reads the same six ':'-joined hex bytes (xen_net_read_mac).
uint32_t read_mac(const xshim_neg_rule &r, const xshim_neg_value &v, uint64_t *n) {
    constexpr uint32_t kLen = 17;
    if (v.len != kLen)
        return XSHIM_NEG_MALFORMED;
    uint64_t mac = 0;
    for (uint32_t i = 0; i < kLen; i += 3) {
        const int hi = hex_digit(v.text[i]), lo = hex_digit(v.text[i + 1]);
        if (hi < 0 || lo < 0 || (i + 2 < kLen && v.text[i + 2] != ':'))
            return XSHIM_NEG_MALFORMED;
        mac = mac << 8 | static_cast<uint64_t>(hi << 4 | lo);
    }
    *n = mac;
    if (r.check == XSHIM_NEG_CHECK_UNICAST && (mac >> 40 & 1) != 0)
        return XSHIM_NEG_CHECK;
    return XSHIM_NEG_OK;
}

// A value that broke its rule: clamp it, fall back to the old protocol, or refuse.
bool settle_bad(const xshim_neg_rule &r, uint64_t n, xshim_neg_decision *d) {
    if (r.on_bad == XSHIM_NEG_BAD_REFUSE)
        return false;
    if (r.on_bad == XSHIM_NEG_BAD_CLAMP && d->status == XSHIM_NEG_RANGE) {
        d->used = n < r.min ? r.min : r.max;
        d->clamped = 1;
        return true;
    }
    d->used = r.absent;
    return true;
}

// One rule; false when it refuses the device.
bool decide(const xshim_neg_rule &r, const xshim_neg_value &v, const xshim_neg_limit &own,
            xshim_neg_decision *d) {
    zero_bytes(d, sizeof *d);
    d->used = r.absent;
    d->own = own.value;
    d->own_text = r.kind == XSHIM_NEG_MATCH ? own.text : nullptr;
    if (r.kind == XSHIM_NEG_ANNOUNCE) { // nothing to read: the frontend's own word
        d->status = XSHIM_NEG_OK;
        d->used = own.value < r.min ? r.min : own.value > r.max ? r.max : own.value;
        return true;
    }
    if (!v.present || v.text == nullptr) {
        d->status = XSHIM_NEG_ABSENT;
        return r.need != XSHIM_NEG_REQUIRED || r.kind == XSHIM_NEG_MATCH;
    }
    const uint32_t shown = v.len < XSHIM_NEG_TEXT_MAX ? v.len : XSHIM_NEG_TEXT_MAX;
    store_printable(d->shown, sizeof d->shown, v.text, shown);
    if (r.kind == XSHIM_NEG_MATCH) {
        d->status = same_text(v, own.text) ? uint32_t{XSHIM_NEG_OK} : uint32_t{XSHIM_NEG_MISMATCH};
        return d->status == XSHIM_NEG_OK || r.on_bad != XSHIM_NEG_BAD_REFUSE;
    }
    uint64_t n = 0;
    d->status = r.kind == XSHIM_NEG_MAC ? read_mac(r, v, &n) : read_number(r, v, &n);
    if (d->status == XSHIM_NEG_OK || d->status == XSHIM_NEG_RANGE || d->status == XSHIM_NEG_CHECK)
        d->advertised = n;
    if (d->status != XSHIM_NEG_OK) {
        if (!settle_bad(r, n, d))
            return false;
        if (d->status != XSHIM_NEG_RANGE || r.on_bad != XSHIM_NEG_BAD_CLAMP)
            return r.need != XSHIM_NEG_REQUIRED;
        n = d->used;
    }
    switch (r.kind) {
    case XSHIM_NEG_FLAG:
        if (n == 0) {
            d->status = XSHIM_NEG_NOT_OFFERED;
            d->used = 0;
            return r.need != XSHIM_NEG_REQUIRED;
        }
        d->used = own.value != 0 ? 1 : 0;
        return true;
    case XSHIM_NEG_LIMIT:
        d->used = n;
        if (n > own.value) {
            d->used = own.value < r.min ? r.min : own.value;
            d->clamped = 1;
        }
        return true;
    default: // XSHIM_NEG_VALUE, XSHIM_NEG_MAC
        d->used = n;
        return true;
    }
}

// The frontend's node for a decided rule, if it writes one.
void add_write(const xshim_neg_rule &r, const xshim_neg_limit &own, const xshim_neg_decision &d,
               xshim_neg_result *out) {
    if (r.frontend_node == nullptr || r.write_from == XSHIM_NEG_NO_WRITE)
        return;
    xshim_neg_write &w = out->writes[out->nwrites];
    if (r.kind == XSHIM_NEG_MATCH) {
        if (own.text == nullptr)
            return;
        w = {r.frontend_node, own.text, 0};
    } else {
        if (d.used < r.write_from)
            return;
        w = {r.frontend_node, nullptr, d.used};
    }
    ++out->nwrites;
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" {

int32_t xshim_negotiate(const xshim_neg_class *cls, uint32_t phase, const xshim_neg_value *backend,
                        const xshim_neg_limit *frontend, xshim_neg_result *result) {
    if (cls == nullptr || backend == nullptr || frontend == nullptr || result == nullptr ||
        cls->rules == nullptr || cls->count > XSHIM_NEG_RULES_MAX)
        return XSHIM_S_EINVAL;
    zero_bytes(result, sizeof *result);
    result->phase = phase;
    result->outcome = XSHIM_SELECTED;
    for (uint32_t i = 0; i < cls->count; ++i) {
        if (cls->rules[i].phase != phase)
            continue;
        if (!decide(cls->rules[i], backend[i], frontend[i], &result->decisions[i])) {
            // The first refusing rule stands; no node is written for a refused device.
            result->outcome = XSHIM_REFUSED;
            result->refused = i;
            result->nwrites = 0;
            return XSHIM_S_OK;
        }
        add_write(cls->rules[i], frontend[i], result->decisions[i], result);
    }
    return XSHIM_S_OK;
}

int32_t xshim_neg_find(const xshim_neg_class *cls, const char *name) {
    if (cls == nullptr || name == nullptr)
        return -1;
    const size_t n = bounded_len(name, XSHIM_NEG_TEXT_MAX + 1);
    for (uint32_t i = 0; i < cls->count; ++i)
        if (same(name, n, cls->rules[i].name))
            return static_cast<int32_t>(i);
    return -1;
}

} // extern "C"
