// tests/fuzz/neg_class_check.hpp: one device class's table through xshim_negotiate() with
// backend values and frontend limits from fuzz bytes, and the properties every class must keep
// (fuzz_vkbd.cpp, fuzz_vfb.cpp; fuzz_negotiate.cpp checks the block class the same way).
//
// Input: a phase byte; per rule a presence byte, a length byte and that many value bytes; then
// per rule the frontend's 64-bit limit. Checked: pure (same inputs, same result); every value
// used lies in its rule's range or is its default, a flag's within the frontend's wish; a
// refused device writes nothing; writes name the rule's frontend node; the console line is
// terminated, printable and as long as its return value says.
#pragma once

#include "fuzz_input.hpp"

#include <xshim_negotiate.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace fuzz {

inline void check_class(const xshim_neg_class &cls, xshim_neg_limit *own, Input &in) {
    const uint32_t phase = in.take<uint8_t>() & 1;
    static char text[XSHIM_NEG_RULES_MAX][64];
    xshim_neg_value values[XSHIM_NEG_RULES_MAX] = {};
    for (uint32_t i = 0; i < cls.count; ++i) {
        const bool present = (in.take<uint8_t>() & 1) != 0;
        const uint32_t len = in.take<uint8_t>() % sizeof text[i];
        in.take_into(text[i], len);
        values[i] = {present ? 1u : 0u, len, text[i]};
    }
    for (uint32_t i = 0; i < cls.count; ++i)
        if (in.remaining() >= 8)
            own[i].value = in.take<uint64_t>();

    static xshim_neg_result a, b;
    FUZZ_CHECK(xshim_negotiate(&cls, phase, values, own, &a) == XSHIM_S_OK);
    FUZZ_CHECK(xshim_negotiate(&cls, phase, values, own, &b) == XSHIM_S_OK);
    FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0);
    FUZZ_CHECK(a.outcome == XSHIM_SELECTED || a.outcome == XSHIM_REFUSED);
    if (a.outcome == XSHIM_REFUSED) {
        FUZZ_CHECK(a.refused < cls.count && a.nwrites == 0);
    } else {
        for (uint32_t i = 0; i < cls.count; ++i) {
            const xshim_neg_rule &r = cls.rules[i];
            const xshim_neg_decision &d = a.decisions[i];
            if (r.phase != phase || r.kind == XSHIM_NEG_MATCH)
                continue;
            if (r.kind == XSHIM_NEG_FLAG) {
                FUZZ_CHECK(d.used <= 1 && (d.used == 0 || own[i].value != 0));
                continue;
            }
            FUZZ_CHECK((d.used >= r.min && d.used <= r.max) || d.used == r.absent);
        }
    }
    FUZZ_CHECK(a.nwrites <= cls.count);
    for (uint32_t w = 0; w < a.nwrites; ++w) {
        bool named = false;
        for (uint32_t i = 0; i < cls.count; ++i)
            named = named || a.writes[w].node == cls.rules[i].frontend_node;
        FUZZ_CHECK(named && a.writes[w].node != nullptr);
    }
    char line[512];
    const uint32_t n = xshim_neg_format(&cls, "0", &a, line, sizeof line);
    FUZZ_CHECK(n < sizeof line && strlen(line) == n);
    for (uint32_t i = 0; i < n; ++i)
        FUZZ_CHECK(line[i] >= 0x20 && line[i] < 0x7f);
}

} // namespace fuzz
