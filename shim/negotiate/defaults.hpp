// shim/negotiate/defaults.hpp: what a frontend wants of a class's table before its own choices:
// every flag it can request and every feature it announces (1), every other rule at the value it
// takes when the backend says nothing (absent). Each class's xshim_*_frontend_defaults() starts
// from this and then sets what its frontend does differently (a protocol, a ring size, ...).
#pragma once

#include <xshim_negotiate.h>

namespace xshim {

inline void want_every_flag(const xshim_neg_rule *rules, uint32_t count, xshim_neg_limit *out) {
    for (uint32_t i = 0; i < count; ++i)
        out[i] = {rules[i].kind == XSHIM_NEG_FLAG || rules[i].kind == XSHIM_NEG_ANNOUNCE
                      ? uint64_t{1}
                      : rules[i].absent,
                  nullptr};
}

} // namespace xshim
