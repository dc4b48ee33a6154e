// tests/fuzz/fuzz_xenver.cpp: the xen_version facts from a hypervisor that answers with fuzz
// bytes: XENVER_extraversion2 (4.20+, length-prefixed, no terminator) and its fallback
// XENVER_extraversion (16 bytes, terminator optional, "<denied>" under XSM), the feature
// submaps, XENVER_capabilities (1 KiB of space-separated tokens) and the FIFO event-channel
// probe; then the capability token parser on the raw bytes.
//
// Input: a stream_xen.hpp answer stream (header, then the answers in the order asked).
// Checked: every string xshim keeps is NUL-terminated inside its field and printable, every
// fact carries a known status, and the token counts stay within what 1 KiB can hold.
#include "stream_xen.hpp"

#include "shim/select/tables.hpp"
#include "shim/probe/probe.hpp"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace {

void check_text(const char *field, size_t cap) {
    const size_t n = strnlen(field, cap);
    FUZZ_CHECK(n < cap);
    for (size_t i = 0; i < n; ++i)
        FUZZ_CHECK(field[i] >= 0x20 && field[i] < 0x7f);
}

void check_fact(const xshim_fact &f, bool asked) {
    FUZZ_CHECK(f.status <= XSHIM_FACT_MALFORMED);
    FUZZ_CHECK(!asked || f.status != XSHIM_FACT_UNASKED);
    FUZZ_CHECK(f.error <= 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::Input in(data, size);
    fuzz::Replay answers(in);
    fuzz::Header h;
    fuzz::Decode d{in};
    fuzz::exchange_header(d, h);
    fuzz::StreamXen x(&answers, h);

    // A PV 64-bit port straight to the stream; which transport does not matter here.
    xshim_hypercall hc{};
    hc.adapter = &*xshim::hypercall_adapters.begin();
    hc.fn = &fuzz::StreamXen::call_fn;
    hc.cookie = &x;

    xshim_identity id{};
    xshim::read_extraversion(hc, &id);
    xshim::read_features(hc, &id);
    xshim::read_capabilities(hc, &id);
    xshim::probe_evtchn_fifo(hc, &id);

    check_text(id.extraversion, sizeof id.extraversion);
    check_fact(id.extraversion_fact, true);
    FUZZ_CHECK(id.extraversion_fact.status != XSHIM_FACT_DENIED || id.extraversion[0] == '\0');
    check_fact(id.features_fact, true);
    check_fact(id.capabilities_fact, true);
    check_fact(id.evtchn_fifo_fact, true);
    FUZZ_CHECK(id.evtchn_fifo <= 1);
    FUZZ_CHECK((id.evtchn_fifo == 1) == (id.evtchn_fifo_fact.status == XSHIM_FACT_OK));
    // At most one token per two bytes of a 1 KiB answer.
    FUZZ_CHECK(id.capabilities_unknown <= XSHIM_XEN_CAPABILITIES_INFO_LEN / 2);
    if (id.capabilities_fact.status != XSHIM_FACT_OK &&
        id.capabilities_fact.status != XSHIM_FACT_MALFORMED)
        FUZZ_CHECK(id.capabilities == 0 && id.capabilities_unknown == 0);

    // The token parser alone, over what is left of the input, without a terminator.
    const size_t rest = in.remaining();
    if (rest != 0) {
        char *text = new char[rest];
        in.take_into(text, rest);
        xshim_identity tokens{};
        xshim::parse_capabilities(text, rest, &tokens);
        FUZZ_CHECK(tokens.capabilities_unknown <= rest / 2 + 1);
        delete[] text;
    }
    return 0;
}
