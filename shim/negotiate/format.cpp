// shim/negotiate/format.cpp: the console line of a negotiation. It prints the decisions
// xshim_negotiate() made and derives nothing: every clamp, fallback and refusal it names is a
// field of the result.
#include <xshim_negotiate.h>

#include "shim/lib/text.hpp"

namespace xshim {
namespace {

#define XSHIM_NEG_STATUS_NAME_(name, value, text, meaning) text,
constexpr const char *kStatusNames[] = {XSHIM_NEG_STATUSES(XSHIM_NEG_STATUS_NAME_)};
#undef XSHIM_NEG_STATUS_NAME_
// The names are indexed by status: the list's values must run 0, 1, 2, ...
#define XSHIM_NEG_STATUS_VALUE_(name, value, text, meaning) (value),
constexpr uint32_t kStatusValues[] = {XSHIM_NEG_STATUSES(XSHIM_NEG_STATUS_VALUE_)};
#undef XSHIM_NEG_STATUS_VALUE_
static_assert(runs_from_zero(kStatusValues), "XSHIM_NEG_STATUSES values run 0, 1, 2, ...");

// "backend offers max-ring-page-order=99" (or "backend does not offer ...").
void backend_side(Writer &w, const xshim_neg_rule &r, const xshim_neg_decision &d) {
    const char *whose = r.where == XSHIM_NEG_IN_FRONTEND ? "toolstack wrote " : "backend offers ";
    if (d.status == XSHIM_NEG_ABSENT) {
        w.str(r.where == XSHIM_NEG_IN_FRONTEND ? "toolstack wrote no " : "backend does not offer ")
            .str(r.backend_node);
        return;
    }
    w.str(whose).str(r.backend_node).ch('=').str(d.shown);
}

// What the frontend needs, for a refusal.
void frontend_side(Writer &w, const xshim_neg_rule &r, const xshim_neg_decision &d) {
    switch (d.status) {
    case XSHIM_NEG_MISMATCH:
        w.str("frontend needs \"").str(d.own_text != nullptr ? d.own_text : "").ch('"');
        break;
    case XSHIM_NEG_CHECK:
        if (r.check == XSHIM_NEG_CHECK_UNICAST)
            w.str("frontend needs an individual (unicast) address");
        else
            w.str("frontend needs a power of two >= ").dec(r.min);
        break;
    case XSHIM_NEG_RANGE:
        w.str("frontend needs ").dec(r.min).str("..").dec(r.max);
        break;
    case XSHIM_NEG_MALFORMED:
        w.str(r.kind == XSHIM_NEG_MAC ? "frontend needs xx:xx:xx:xx:xx:xx"
                                      : "frontend needs a plain decimal");
        break;
    default: // absent or not offered, and required
        w.str("frontend requires it");
        break;
    }
}

// One rule of a selected device: "ring-page-order=4", and why when it is not what was offered.
void rule_word(Writer &w, const xshim_neg_rule &r, const xshim_neg_decision &d) {
    w.ch(' ').str(r.name).ch('=');
    if (r.kind == XSHIM_NEG_MATCH)
        w.str(d.own_text != nullptr ? d.own_text : d.shown); // the text is what was agreed
    else if (r.kind == XSHIM_NEG_MAC && d.status == XSHIM_NEG_OK)
        w.str(d.shown); // checked to be xx:xx:xx:xx:xx:xx
    else
        w.dec(d.used);
    if (d.status == XSHIM_NEG_OK && !d.clamped)
        return;
    if (d.status == XSHIM_NEG_ABSENT || d.status == XSHIM_NEG_NOT_OFFERED) {
        w.ch('(').str(kStatusNames[d.status]).ch(')');
        return;
    }
    w.str(" (");
    backend_side(w, r, d);
    if (d.clamped)
        w.str(", frontend clamps to ").dec(d.used);
    else
        w.str(", frontend uses ").dec(d.used).str(" [").str(kStatusNames[d.status]).ch(']');
    w.ch(')');
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" {

const char *xshim_neg_status_name(uint32_t status) {
    return status < sizeof kStatusNames / sizeof kStatusNames[0] ? kStatusNames[status] : "unknown";
}

uint32_t xshim_neg_format(const xshim_neg_class *cls, const char *device,
                          const xshim_neg_result *result, char *out, uint32_t cap) {
    if (out == nullptr || cap == 0)
        return 0;
    Writer w(out, cap);
    if (cls == nullptr || result == nullptr || cls->count > XSHIM_NEG_RULES_MAX)
        return static_cast<uint32_t>(w.str("negotiation: no result").len());
    w.str(cls->name).ch(' ');
    if (device != nullptr)
        w.printable(device, bounded_len(device, 64));
    w.ch(':');
    if (result->outcome == XSHIM_REFUSED && result->refused < cls->count) {
        const xshim_neg_rule &r = cls->rules[result->refused];
        const xshim_neg_decision &d = result->decisions[result->refused];
        w.str(" REFUSED: ");
        backend_side(w, r, d);
        w.str(", ");
        frontend_side(w, r, d);
        w.str(" [").str(r.name).ch(' ').str(xshim_neg_status_name(d.status)).ch(']');
        return static_cast<uint32_t>(w.len());
    }
    for (uint32_t i = 0; i < cls->count; ++i)
        if (cls->rules[i].phase == result->phase)
            rule_word(w, cls->rules[i], result->decisions[i]);
    return static_cast<uint32_t>(w.len());
}

} // extern "C"
