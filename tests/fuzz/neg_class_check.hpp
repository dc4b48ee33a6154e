// tests/fuzz/neg_class_check.hpp: one device class's table through xshim_negotiate() with
// backend values and frontend limits from fuzz bytes, and the properties every class must keep
// (fuzz_negotiate.cpp: blkif, fuzz_negotiate_netif.cpp: netif, fuzz_vkbd.cpp, fuzz_vfb.cpp).
//
// Input: a phase byte; per rule a presence byte, a length byte and that many value bytes (any
// bytes: NULs, signs, digits past 64 bits); then per rule the frontend's 64-bit limit. Checked,
// by rule kind: pure (same inputs, same result); a flag or announcement used is 0 or 1 and 1
// only when the frontend wants it; a limit within its range and the frontend's own limit, or
// its default; a mac used is an individual 48-bit address shown as xx:xx:xx:xx:xx:xx; any other
// value within its range or its default; every shown value terminated; a refused device writes
// nothing; writes name a rule's frontend node; the console line is terminated, printable and as
// long as its return value says. The caller checks what only its class promises on the run.
#pragma once

#include "fuzz_input.hpp"

#include <xshim_negotiate.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace fuzz {

// What check_class negotiated, for the class's own checks.
struct ClassRun {
    uint32_t phase;
    const xshim_neg_value *values;
    const xshim_neg_result *result;
};

inline void check_decision(const xshim_neg_rule &r, const xshim_neg_decision &d, uint64_t own) {
    FUZZ_CHECK(strnlen(d.shown, sizeof d.shown) < sizeof d.shown);
    switch (r.kind) {
    case XSHIM_NEG_MATCH:
        return;
    case XSHIM_NEG_FLAG:
    case XSHIM_NEG_ANNOUNCE:
        FUZZ_CHECK(d.used <= 1 && (d.used == 0 || own != 0));
        return;
    case XSHIM_NEG_MAC:
        FUZZ_CHECK(d.status == XSHIM_NEG_OK); // required: refused otherwise
        FUZZ_CHECK(d.used <= r.max && ((d.used >> 40) & 1) == 0);
        FUZZ_CHECK(strlen(d.shown) == 17);
        return;
    default:
        FUZZ_CHECK((d.used >= r.min && d.used <= r.max) || d.used == r.absent);
        if (r.kind == XSHIM_NEG_LIMIT && d.status != XSHIM_NEG_ABSENT && d.used != r.absent)
            FUZZ_CHECK(d.used <= own || d.used == r.min);
    }
}

// handle: the device handle the console line names ("51712" for a disk, "0").
inline ClassRun check_class(const xshim_neg_class &cls, xshim_neg_limit *own, Input &in,
                            const char *handle = "0") {
    const uint32_t phase = in.take<uint8_t>() & 1;
    static char text[XSHIM_NEG_RULES_MAX][64];
    static xshim_neg_value values[XSHIM_NEG_RULES_MAX];
    memset(values, 0, sizeof values);
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
        for (uint32_t i = 0; i < cls.count; ++i)
            if (cls.rules[i].phase == phase)
                check_decision(cls.rules[i], a.decisions[i], own[i].value);
    }
    FUZZ_CHECK(a.nwrites <= cls.count);
    for (uint32_t w = 0; w < a.nwrites; ++w) {
        bool named = false;
        for (uint32_t i = 0; i < cls.count; ++i)
            named = named || a.writes[w].node == cls.rules[i].frontend_node;
        FUZZ_CHECK(named && a.writes[w].node != nullptr);
    }
    char line[512];
    const uint32_t n = xshim_neg_format(&cls, handle, &a, line, sizeof line);
    FUZZ_CHECK(n < sizeof line && strlen(line) == n);
    for (uint32_t i = 0; i < n; ++i)
        FUZZ_CHECK(line[i] >= 0x20 && line[i] < 0x7f);
    return {phase, values, &a};
}

} // namespace fuzz
