// tests/fuzz/fuzz_negotiate_netif.cpp: xshim_negotiate() over the network class (netif) with
// backend values and frontend limits from fuzz bytes, beside fuzz_negotiate.cpp's block class.
//
// Input: per netif rule a presence byte, a length byte and that many value bytes (any bytes);
// then per rule the frontend's 64-bit limit. Every netif rule is of the InitWait phase.
// Checked: pure (same inputs, same result); flags 0 or 1 and only when the frontend wants them;
// a limit within range and the frontend's own limit, or the default; a used mac is a 48-bit
// individual address and the backend's text was exactly xx:xx:xx:xx:xx:xx; a selected device
// has rx-copy offered and the mac read; a refused device writes nothing; writes name a rule's
// frontend node; the console line is terminated, printable and as long as it says.
#include "fuzz_input.hpp"

#include <xshim_negotiate.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace {

void check_used(const xshim_neg_rule &r, const xshim_neg_decision &d, uint64_t own) {
    FUZZ_CHECK(strnlen(d.shown, sizeof d.shown) < sizeof d.shown);
    if (r.kind == XSHIM_NEG_FLAG || r.kind == XSHIM_NEG_ANNOUNCE) {
        FUZZ_CHECK(d.used <= 1);
        FUZZ_CHECK(d.used == 0 || own != 0);
        return;
    }
    if (r.kind == XSHIM_NEG_MAC) {
        FUZZ_CHECK(d.status == XSHIM_NEG_OK); // required and refused otherwise
        FUZZ_CHECK(d.used <= r.max && ((d.used >> 40) & 1) == 0);
        FUZZ_CHECK(strlen(d.shown) == 17);
        return;
    }
    const bool in_range = d.used >= r.min && d.used <= r.max;
    FUZZ_CHECK(in_range || d.used == r.absent);
    if (r.kind == XSHIM_NEG_LIMIT && d.status != XSHIM_NEG_ABSENT && d.used != r.absent)
        FUZZ_CHECK(d.used <= own || d.used == r.min);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::Input in(data, size);
    const xshim_neg_class &cls = xshim_neg_netif;
    char text[XSHIM_NETIF_RULES][64];
    xshim_neg_value values[XSHIM_NETIF_RULES] = {};
    for (uint32_t i = 0; i < cls.count; ++i) {
        const bool present = (in.take<uint8_t>() & 1) != 0;
        const uint32_t len = in.take<uint8_t>() % sizeof text[i];
        in.take_into(text[i], len);
        values[i] = {present ? 1u : 0u, len, text[i]};
    }
    xshim_neg_limit own[XSHIM_NETIF_RULES];
    FUZZ_CHECK(xshim_netif_frontend_defaults(own) == XSHIM_S_OK);
    for (uint32_t i = 0; i < cls.count; ++i)
        if (in.remaining() >= 8)
            own[i].value = in.take<uint64_t>();

    static xshim_neg_result a, b;
    FUZZ_CHECK(xshim_negotiate(&cls, XSHIM_NEG_AT_INITWAIT, values, own, &a) == XSHIM_S_OK);
    FUZZ_CHECK(xshim_negotiate(&cls, XSHIM_NEG_AT_INITWAIT, values, own, &b) == XSHIM_S_OK);
    FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0);

    FUZZ_CHECK(a.outcome == XSHIM_SELECTED || a.outcome == XSHIM_REFUSED);
    if (a.outcome == XSHIM_REFUSED) {
        FUZZ_CHECK(a.refused < cls.count);
        FUZZ_CHECK(a.nwrites == 0);
    } else {
        for (uint32_t i = 0; i < cls.count; ++i)
            check_used(cls.rules[i], a.decisions[i], own[i].value);
        // rx-copy is required: a selected device had it offered.
        FUZZ_CHECK(a.decisions[XSHIM_NETIF_RX_COPY].status == XSHIM_NEG_OK);
        FUZZ_CHECK(values[XSHIM_NETIF_RX_COPY].present);
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
    return 0;
}
