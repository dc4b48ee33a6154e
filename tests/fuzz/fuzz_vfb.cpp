// tests/fuzz/fuzz_vfb.cpp: the framebuffer class (the vfb table, neg_class_check.hpp), then the
// framebuffer frontend's rings as a hostile backend leaves them: the shared page's indexes, the
// mode and what was negotiated come from the fuzz input.
//
// Checked: xshim_vfb_update() sends an update only when the backend asked, with a rectangle
// inside the mode, and never writes past the out ring (PV_BAD_INDEX for an out_cons beyond what
// was produced, PV_RING_FULL after its bounded wait); xshim_vfb_poll() refuses an in_prod more
// than a ring ahead and otherwise consumes exactly what was produced.
#include "neg_class_check.hpp"

#include <xshim_vfb.h>

#include <abi/fbif.h>

#include <string.h>

namespace {

long no_hypercall(void *, uint32_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t, uintptr_t) {
    return 0;
}
void relax(void *) {}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::Input in(data, size);
    xshim_neg_limit own[XSHIM_VFB_RULES];
    FUZZ_CHECK(xshim_vfb_frontend_defaults(XSHIM_ARCH_X86_64, own) == XSHIM_S_OK);
    fuzz::check_class(xshim_neg_vfb, own, in);

    alignas(4096) static unsigned char page[4096];
    static xshim_verdict verdict;
    static xshim_platform platform;
    static xshim_vfb f;
    memset(&f, 0, sizeof f);
    platform.relax = relax;
    verdict.selection.hypercall = {nullptr, no_hypercall, nullptr};
    f.verdict = &verdict;
    f.platform = &platform;
    f.rounds = 3;
    f.pages.page = page;
    f.connected = 1;
    f.use.update = in.take<uint8_t>() & 1;
    f.use.mode = {in.take<uint16_t>(), in.take<uint16_t>(), 32, 0};
    f.out_prod = in.take<uint32_t>();
    f.in_cons = in.take<uint32_t>();
    const uint32_t x = in.take<uint16_t>(), y = in.take<uint16_t>();
    const uint32_t w = in.take<uint16_t>(), h = in.take<uint16_t>();
    memset(page, 0, sizeof page);
    in.take_into(page, sizeof page);
    auto *p = reinterpret_cast<xshim_fbif_page_x86_64 *>(page);
    const uint32_t out_cons = p->out_cons, prod_before = f.out_prod, in_prod = p->in_prod;
    unsigned char before[4096];
    memcpy(before, page, sizeof page);

    const int32_t rc = xshim_vfb_update(&f, x, y, w, h);
    const bool inside = x < f.use.mode.width && y < f.use.mode.height && w != 0 && h != 0;
    if (!inside) {
        FUZZ_CHECK(rc == XSHIM_S_RANGE && f.out_prod == prod_before);
    } else if (!f.use.update) {
        FUZZ_CHECK(rc == XSHIM_S_OK && f.out_prod == prod_before);
    } else if (prod_before - out_cons > XSHIM_FBIF_OUT_RING_LEN) {
        FUZZ_CHECK(rc == XSHIM_S_PV_BAD_INDEX && f.out_prod == prod_before);
    } else if (prod_before - out_cons == XSHIM_FBIF_OUT_RING_LEN) {
        FUZZ_CHECK(rc == XSHIM_S_PV_RING_FULL && f.out_prod == prod_before);
    } else {
        FUZZ_CHECK(rc == XSHIM_S_OK && f.out_prod == prod_before + 1 && p->out_prod == f.out_prod);
        const auto *e = reinterpret_cast<const xshim_fbif_update *>(
            page + XSHIM_FBIF_OUT_RING_OFFS +
            (prod_before % XSHIM_FBIF_OUT_RING_LEN) * XSHIM_FBIF_EVENT_SIZE);
        FUZZ_CHECK(e->type == XSHIM_FBIF_TYPE_UPDATE && e->x == static_cast<int32_t>(x) &&
                   e->y == static_cast<int32_t>(y) && e->width > 0 && e->height > 0);
        FUZZ_CHECK(static_cast<uint32_t>(e->x + e->width) <= f.use.mode.width);
        FUZZ_CHECK(static_cast<uint32_t>(e->y + e->height) <= f.use.mode.height);
    }
    // Nothing outside the out ring's slot and out_prod changed.
    for (uint32_t i = 0; i < XSHIM_FBIF_OUT_RING_OFFS; ++i)
        if (i < 12 || i >= 16)
            FUZZ_CHECK(page[i] == before[i]);

    const uint32_t in_cons = f.in_cons;
    const int32_t prc = xshim_vfb_poll(&f);
    if (in_prod - in_cons > XSHIM_FBIF_IN_RING_LEN)
        FUZZ_CHECK(prc == XSHIM_S_PV_BAD_INDEX && f.in_cons == in_prod);
    else
        FUZZ_CHECK(prc == XSHIM_S_OK && f.in_cons == in_prod &&
                   f.stats.in_events == in_prod - in_cons);
    return 0;
}
