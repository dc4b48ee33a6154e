// shim/devices/vfbfront.cpp: the PV framebuffer frontend (xshim_vfb.h). The XenBus handshake
// and the feature decisions are the negotiation stage's (the vfb table); this file writes the
// mode and the page directory, and runs the two event rings. The page's layout is the one the
// frontend's protocol names: pd[] of 8-byte frames at 40 (x86_64-abi), or 4-byte ones at 36
// (x86_32-abi).
#include <xshim_vfb.h>

#include "shim/devices/closing.hpp"
#include "shim/lib/text.hpp"
#include "shim/runtime/wait.hpp"

#include <abi/blkif.h>
#include <abi/fbif.h>
#include <abi/xenbus.h>

namespace xshim {
namespace {

constexpr uint32_t kPage = 4096;
constexpr uint64_t kMiB = 1024 * 1024;
constexpr uint32_t bit(uint32_t state) { return 1u << state; }

// The head of the page is the same on both ABIs up to depth; only pd[] moves.
xshim_fbif_page_x86_64 *page64(const xshim_vfb &f) {
    return static_cast<xshim_fbif_page_x86_64 *>(f.pages.page);
}
xshim_fbif_page_x86_32 *page32(const xshim_vfb &f) {
    return static_cast<xshim_fbif_page_x86_32 *>(f.pages.page);
}
uint32_t *out_cons_of(const xshim_vfb &f) { return &page64(f)->out_cons; }
uint32_t *out_prod_of(const xshim_vfb &f) { return &page64(f)->out_prod; }
uint32_t *in_cons_of(const xshim_vfb &f) { return &page64(f)->in_cons; }
uint32_t *in_prod_of(const xshim_vfb &f) { return &page64(f)->in_prod; }

bool depth_ok(uint32_t depth) { return depth == 8 || depth == 16 || depth == 24 || depth == 32; }

// A mode the memory holds: a depth QEMU's backend shows, a line long enough for the width, and
// line_length * height within mem bytes (64-bit products: no overflow, no division).
bool mode_fits(const xshim_vfb_mode &m, uint64_t mem) {
    return m.width != 0 && m.height != 0 && depth_ok(m.depth) &&
           uint64_t{m.line_length} * 8 >= uint64_t{m.width} * m.depth &&
           uint64_t{m.line_length} * m.height <= mem && m.line_length <= 0x7fffffff &&
           m.width <= 0x7fffffff && m.height <= 0x7fffffff;
}

bool pages_ok(const xshim_vfb_pages &p) {
    if (p.page == nullptr || reinterpret_cast<uintptr_t>(p.page) % kPage != 0 ||
        p.page_frame == 0 || p.fb == nullptr || reinterpret_cast<uintptr_t>(p.fb) % kPage != 0 ||
        p.fb_frames == nullptr || p.nr_fb == 0 || p.nr_dir == 0 ||
        p.nr_dir > XSHIM_VFB_DIR_PAGES_MAX)
        return false;
    for (uint32_t i = 0; i < p.nr_dir; ++i)
        if (p.dir[i] == nullptr || reinterpret_cast<uintptr_t>(p.dir[i]) % kPage != 0 ||
            p.dir_frames[i] == 0)
            return false;
    return true;
}

// The page directory: pd[d] = the frame of directory page d, which lists frames of the
// framebuffer pages, entries_per_dir of them. PV_MODE when the directory pages given are too
// few, or a frame does not fit a 4-byte entry.
int32_t write_directory(xshim_vfb &f, uint32_t nr_pages) {
    const uint32_t per_dir = f.x86_32 ? kPage / 4 : kPage / 8;
    const uint32_t dirs = (nr_pages + per_dir - 1) / per_dir; // 32-bit division: i386 has no
                                                              // 64-bit divide without libgcc
    if (dirs > f.pages.nr_dir || dirs > XSHIM_FBIF_PD_ENTRIES)
        return XSHIM_S_PV_MODE;
    for (uint32_t d = 0; d < dirs; ++d) {
        zero_bytes(f.pages.dir[d], kPage);
        if (f.x86_32 && f.pages.dir_frames[d] > 0xffffffffu)
            return XSHIM_S_PV_MODE;
        if (f.x86_32)
            page32(f)->pd[d] = static_cast<uint32_t>(f.pages.dir_frames[d]);
        else
            page64(f)->pd[d] = f.pages.dir_frames[d];
    }
    for (uint32_t i = 0; i < nr_pages; ++i) {
        const uint64_t frame = f.pages.fb_frames[i];
        if (frame == 0 || (f.x86_32 && frame > 0xffffffffu))
            return XSHIM_S_PV_MODE;
        void *dir = f.pages.dir[i / per_dir];
        if (f.x86_32)
            static_cast<uint32_t *>(dir)[i % per_dir] = static_cast<uint32_t>(frame);
        else
            static_cast<uint64_t *>(dir)[i % per_dir] = frame;
    }
    return XSHIM_S_OK;
}

void write_mode(xshim_vfb &f) {
    xshim_fbif_page_x86_64 *p = page64(f); // the fields before pd[] sit alike on both ABIs
    p->width = static_cast<int32_t>(f.use.mode.width);
    p->height = static_cast<int32_t>(f.use.mode.height);
    p->line_length = f.use.mode.line_length;
    p->mem_length = f.use.mem_length;
    p->depth = static_cast<uint8_t>(f.use.mode.depth);
}

// One out event: wait (bounded) for room, copy it in, publish, notify.
int32_t push_out(xshim_vfb &f, const xshim_fbif_out_event &e) {
    uint32_t rounds = f.rounds != 0 ? f.rounds : wait_rounds(*f.platform);
    for (;;) {
        const uint32_t cons = __atomic_load_n(out_cons_of(f), __ATOMIC_ACQUIRE);
        const uint32_t used = f.out_prod - cons;
        if (used > XSHIM_FBIF_OUT_RING_LEN)
            return XSHIM_S_PV_BAD_INDEX; // the backend claims to have read what was never sent
        if (used < XSHIM_FBIF_OUT_RING_LEN)
            break;
        if (rounds-- == 0)
            return XSHIM_S_PV_RING_FULL;
        if (f.platform->relax != nullptr)
            f.platform->relax(f.platform->ctx);
    }
    auto *slot = static_cast<unsigned char *>(f.pages.page) + XSHIM_FBIF_OUT_RING_OFFS +
                 (f.out_prod % XSHIM_FBIF_OUT_RING_LEN) * XSHIM_FBIF_EVENT_SIZE;
    copy_bytes(slot, &e, sizeof e);
    ++f.out_prod;
    __atomic_store_n(out_prod_of(f), f.out_prod, __ATOMIC_RELEASE);
    const long rc = xshim_evtchn_send(&f.verdict->selection.hypercall, f.use.evtchn);
    return static_cast<int32_t>(rc);
}

int32_t release(xshim_vfb &f) {
    if (f.use.evtchn == 0)
        return XSHIM_S_OK;
    const long rc = xshim_evtchn_close(&f.verdict->selection.hypercall, f.use.evtchn);
    f.use.evtchn = 0;
    return static_cast<int32_t>(rc);
}

int32_t finish(xshim_vfb &f, bool published) {
    int32_t first = published ? xenbus_close_down(f.dev) : xenbus_abandon(f.dev);
    const int32_t rc = release(f);
    if (rc != XSHIM_S_OK && first == XSHIM_S_OK)
        first = rc;
    const int32_t un = xshim_xenbus_close(&f.dev);
    return first != XSHIM_S_OK ? first : un;
}

// The mode as the negotiated limits allow: within videoram (MiB) when the toolstack set one,
// by lowering the height, as QEMU's backend would.
int32_t settle_mode(xshim_vfb &f) {
    f.use.mode = f.mode;
    const uint64_t have = uint64_t{f.pages.nr_fb} * kPage;
    if (!mode_fits(f.use.mode, have))
        return XSHIM_S_PV_MODE;
    f.use.videoram_mib = static_cast<uint32_t>(f.at_initwait.decisions[XSHIM_VFB_VIDEORAM].used);
    const uint64_t limit = uint64_t{f.use.videoram_mib} * kMiB;
    if (limit != 0 && uint64_t{f.use.mode.line_length} * f.use.mode.height > limit) {
        // limit <= 512 MiB (the table's range): a 32-bit division (i386 has no 64-bit one
        // without libgcc).
        const uint32_t h = static_cast<uint32_t>(limit) / f.use.mode.line_length;
        if (h == 0)
            return XSHIM_S_PV_MODE;
        f.use.mode.height = h;
        f.use.height_clamped = 1;
    }
    f.use.mem_length = f.use.mode.line_length * f.use.mode.height;
    return XSHIM_S_OK;
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" {

int32_t xshim_vfb_connect(xshim_vfb *f, xshim_xs *xs, const char *dir, const xshim_verdict *v,
                          const xshim_platform *p, const xshim_neg_limit *own) {
    if (f == nullptr || xs == nullptr || dir == nullptr || v == nullptr || p == nullptr ||
        own == nullptr || v->outcome != XSHIM_SELECTED || !pages_ok(f->pages) ||
        own[XSHIM_VFB_PROTOCOL].text == nullptr)
        return XSHIM_S_EINVAL;
    if (!mode_fits(f->mode, uint64_t{f->pages.nr_fb} * kPage))
        return XSHIM_S_PV_MODE;
    const uint32_t settings = static_cast<uint32_t>(offsetof(xshim_vfb, dev));
    zero_bytes(reinterpret_cast<unsigned char *>(f) + settings, sizeof *f - settings);
    f->verdict = v;
    f->platform = p;
    f->use.refresh_period_ms = ~0u;
    f->x86_32 = same(own[XSHIM_VFB_PROTOCOL].text,
                     bounded_len(own[XSHIM_VFB_PROTOCOL].text, XSHIM_NEG_TEXT_MAX),
                     XSHIM_IO_PROTO_ABI_X86_32);

    int32_t rc = xshim_xenbus_open(&f->dev, xs, dir);
    if (rc != XSHIM_S_OK)
        return rc;
    rc = xshim_xenbus_wait(&f->dev, bit(XSHIM_XENBUS_InitWait));
    if (rc == XSHIM_S_OK) {
        f->step = 1;
        rc = read_and_negotiate(f->dev, xshim_neg_vfb, XSHIM_NEG_AT_INITWAIT, f->values, own,
                                &f->at_initwait);
    }
    if (rc == XSHIM_S_OK)
        rc = settle_mode(*f);
    if (rc == XSHIM_S_OK) {
        zero_bytes(f->pages.page, kPage);
        write_mode(*f);
        rc = write_directory(*f, (f->use.mem_length + kPage - 1) / kPage);
    }
    if (rc == XSHIM_S_OK)
        rc = static_cast<int32_t>(xshim_evtchn_alloc_unbound(
            &v->selection.hypercall, static_cast<uint16_t>(f->dev.backend_id), &f->use.evtchn));
    if (rc == XSHIM_S_OK) {
        const xshim_xenbus_node nodes[] = {
            {XSHIM_FBIF_PAGE_REF, f->pages.page_frame},
            {XSHIM_FBIF_EVENT_CHANNEL, f->use.evtchn},
        };
        rc = xshim_xenbus_publish(&f->dev, &f->at_initwait, nodes, 2, XSHIM_XENBUS_Initialised);
    }
    if (rc != XSHIM_S_OK) {
        (void)finish(*f, f->dev.state == XSHIM_XENBUS_Initialised);
        return rc;
    }
    f->step = 2;
    rc = xshim_xenbus_wait(&f->dev, bit(XSHIM_XENBUS_Connected));
    if (rc == XSHIM_S_OK) {
        f->step = 3;
        rc = read_and_negotiate(f->dev, xshim_neg_vfb, XSHIM_NEG_AT_CONNECTED, f->values, own,
                                &f->at_connected);
    }
    if (rc == XSHIM_S_OK)
        rc = xshim_xenbus_set_state(&f->dev, 0, XSHIM_XENBUS_Connected);
    if (rc != XSHIM_S_OK) {
        (void)finish(*f, true);
        return rc;
    }
    // Update events go out only when both ends want them: ours announced, the backend asked.
    f->use.update = static_cast<uint32_t>(f->at_connected.decisions[XSHIM_VFB_REQUEST_UPDATE].used &
                                          f->at_initwait.decisions[XSHIM_VFB_UPDATE_OFFER].used);
    f->use.resize = static_cast<uint32_t>(f->at_initwait.decisions[XSHIM_VFB_RESIZE].used);
    f->out_prod = __atomic_load_n(out_prod_of(*f), __ATOMIC_RELAXED);
    f->in_cons = __atomic_load_n(in_cons_of(*f), __ATOMIC_RELAXED);
    f->connected = 1;
    return XSHIM_S_OK;
}

int32_t xshim_vfb_update(xshim_vfb *f, uint32_t x, uint32_t y, uint32_t width, uint32_t height) {
    if (f == nullptr)
        return XSHIM_S_EINVAL;
    if (!f->connected)
        return XSHIM_S_PV_NOT_CONNECTED;
    const xshim_vfb_mode &m = f->use.mode;
    if (x >= m.width || y >= m.height || width == 0 || height == 0)
        return XSHIM_S_RANGE;
    if (width > m.width - x)
        width = m.width - x;
    if (height > m.height - y)
        height = m.height - y;
    if (!f->use.update)
        return XSHIM_S_OK; // not asked for: the backend reads the whole framebuffer
    xshim_fbif_out_event e;
    zero_bytes(&e, sizeof e);
    e.update.type = XSHIM_FBIF_TYPE_UPDATE;
    e.update.x = static_cast<int32_t>(x);
    e.update.y = static_cast<int32_t>(y);
    e.update.width = static_cast<int32_t>(width);
    e.update.height = static_cast<int32_t>(height);
    const int32_t rc = push_out(*f, e);
    if (rc == XSHIM_S_OK)
        ++f->stats.updates;
    return rc;
}

int32_t xshim_vfb_resize(xshim_vfb *f, const xshim_vfb_mode *mode) {
    if (f == nullptr || mode == nullptr)
        return XSHIM_S_EINVAL;
    if (!f->connected)
        return XSHIM_S_PV_NOT_CONNECTED;
    if (!f->use.resize)
        return XSHIM_S_ENOSYS;
    if (!mode_fits(*mode, f->use.mem_length))
        return XSHIM_S_PV_MODE;
    xshim_fbif_out_event e;
    zero_bytes(&e, sizeof e);
    e.resize.type = XSHIM_FBIF_TYPE_RESIZE;
    e.resize.width = static_cast<int32_t>(mode->width);
    e.resize.height = static_cast<int32_t>(mode->height);
    e.resize.stride = static_cast<int32_t>(mode->line_length);
    e.resize.depth = static_cast<int32_t>(mode->depth);
    e.resize.offset = 0;
    const int32_t rc = push_out(*f, e);
    if (rc == XSHIM_S_OK) {
        f->use.mode = *mode;
        ++f->stats.resizes;
    }
    return rc;
}

int32_t xshim_vfb_poll(xshim_vfb *f) {
    if (f == nullptr)
        return XSHIM_S_EINVAL;
    if (!f->connected)
        return XSHIM_S_PV_NOT_CONNECTED;
    const uint32_t prod = __atomic_load_n(in_prod_of(*f), __ATOMIC_ACQUIRE);
    if (prod - f->in_cons > XSHIM_FBIF_IN_RING_LEN) {
        f->in_cons = prod;
        __atomic_store_n(in_cons_of(*f), prod, __ATOMIC_RELEASE);
        return XSHIM_S_PV_BAD_INDEX;
    }
    while (f->in_cons != prod) {
        xshim_fbif_in_event e;
        copy_bytes(&e,
                   static_cast<const unsigned char *>(f->pages.page) + XSHIM_FBIF_IN_RING_OFFS +
                       (f->in_cons % XSHIM_FBIF_IN_RING_LEN) * XSHIM_FBIF_EVENT_SIZE,
                   sizeof e);
        ++f->in_cons;
        ++f->stats.in_events;
        if (e.type == XSHIM_FBIF_TYPE_REFRESH_PERIOD)
            f->use.refresh_period_ms = e.refresh_period.period;
        else
            ++f->stats.unknown_in; // fbif.h: frontends ignore unknown in events
    }
    __atomic_store_n(in_cons_of(*f), f->in_cons, __ATOMIC_RELEASE);
    return XSHIM_S_OK;
}

int32_t xshim_vfb_disconnect(xshim_vfb *f) {
    if (f == nullptr)
        return XSHIM_S_EINVAL;
    if (!f->connected)
        return XSHIM_S_PV_NOT_CONNECTED;
    f->connected = 0;
    return finish(*f, true);
}

} // extern "C"
