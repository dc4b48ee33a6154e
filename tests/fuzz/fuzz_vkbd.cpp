// tests/fuzz/fuzz_vkbd.cpp: the keyboard class (the vkbd table, neg_class_check.hpp), then the
// keyboard frontend's event ring as a hostile backend fills it: the shared page's bytes, the
// frontend's consumer index and what was negotiated all come from the fuzz input.
//
// Checked for xshim_vkbd_poll(): never more events than asked for; an in_prod more than a ring
// ahead is PV_BAD_INDEX with nothing read and the ring resynchronised to it; otherwise exactly
// min(pending, max) events, the consumer index moved by that many and written back; every key
// taken has a code <= KEY_MAX, every position taken lies in the pointer's range (raw:
// [0, 0x7fff]), and every other event carries a note that says why it was skipped or changed.
#include "neg_class_check.hpp"

#include <xshim_vkbd.h>

#include <abi/kbdif.h>

#include <stdlib.h>
#include <string.h>

namespace {

long no_hypercall(void *, uint32_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t) {
    return 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::Input in(data, size);
    xshim_neg_limit own[XSHIM_VKBD_RULES];
    FUZZ_CHECK(xshim_vkbd_frontend_defaults(own) == XSHIM_S_OK);
    fuzz::check_class(xshim_neg_vkbd, own, in);

    alignas(4096) static unsigned char page[4096];
    static xshim_verdict verdict;
    static xshim_vkbd k;
    memset(&k, 0, sizeof k);
    verdict.selection.hypercall = {nullptr, no_hypercall, nullptr};
    k.verdict = &verdict;
    k.page = page;
    k.connected = 1;
    const uint8_t flags = in.take<uint8_t>();
    k.use.abs_pointer = flags & 1;
    k.use.raw_pointer = (flags >> 1) & 1;
    k.use.width = in.take<uint16_t>();
    k.use.height = in.take<uint16_t>();
    k.in_cons = in.take<uint32_t>();
    const uint32_t max = in.take<uint8_t>() % 64;
    memset(page, 0, sizeof page);
    in.take_into(page, sizeof page);
    const uint32_t prod = reinterpret_cast<xshim_kbdif_page *>(page)->in_prod;
    const uint32_t cons = k.in_cons;

    xshim_vkbd_event events[64];
    uint32_t n = 99;
    const int32_t rc = xshim_vkbd_poll(&k, events, max, &n);
    FUZZ_CHECK(n <= max);
    if (prod - cons > XSHIM_KBDIF_IN_RING_LEN) {
        FUZZ_CHECK(rc == XSHIM_S_PV_BAD_INDEX && n == 0 && k.in_cons == prod);
        return 0;
    }
    FUZZ_CHECK(rc == XSHIM_S_OK);
    const uint32_t pending = prod - cons;
    FUZZ_CHECK(n == (pending < max ? pending : max));
    FUZZ_CHECK(k.in_cons == cons + n);
    FUZZ_CHECK(n == 0 || reinterpret_cast<xshim_kbdif_page *>(page)->in_cons == k.in_cons);
    for (uint32_t i = 0; i < n; ++i) {
        const xshim_vkbd_event &e = events[i];
        FUZZ_CHECK(e.note <= XSHIM_VKBD_NOTE_NOT_REQUESTED);
        if (e.type == XSHIM_KBDIF_TYPE_KEY)
            FUZZ_CHECK(e.note == XSHIM_VKBD_NOTE_BAD_KEYCODE ? e.keycode > XSHIM_VKBD_KEY_MAX
                                                             : e.keycode <= XSHIM_VKBD_KEY_MAX);
        else if (e.type == XSHIM_KBDIF_TYPE_POS && e.note != XSHIM_VKBD_NOTE_NOT_REQUESTED) {
            const uint32_t rw = k.use.raw_pointer ? XSHIM_KBDIF_RAW_MAX + 1 : k.use.width;
            const uint32_t rh = k.use.raw_pointer ? XSHIM_KBDIF_RAW_MAX + 1 : k.use.height;
            FUZZ_CHECK(e.x >= 0 && e.y >= 0);
            FUZZ_CHECK(rw == 0 || static_cast<uint32_t>(e.x) < rw);
            FUZZ_CHECK(rh == 0 || static_cast<uint32_t>(e.y) < rh);
            FUZZ_CHECK(e.note == XSHIM_VKBD_NOTE_CLAMPED || (e.x == e.seen_x && e.y == e.seen_y));
        } else if (e.type != XSHIM_KBDIF_TYPE_MOTION && e.type != XSHIM_KBDIF_TYPE_POS)
            FUZZ_CHECK(e.note == XSHIM_VKBD_NOTE_UNKNOWN_TYPE);
    }
    return 0;
}
