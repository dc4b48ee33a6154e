// shim/devices/vkbdfront.cpp: the PV keyboard and pointer frontend (xshim_vkbd.h). The XenBus
// handshake and the feature decisions are the negotiation stage's (the vkbd table); this file
// shares the page and takes the events, each copied out of shared memory once and checked
// before anything is believed.
#include <xshim_vkbd.h>

#include "shim/devices/closing.hpp"
#include "shim/lib/text.hpp"

#include <abi/grant_table.h>
#include <abi/kbdif.h>
#include <abi/xenbus.h>

namespace xshim {
namespace {

constexpr uint32_t kPage = 4096;
constexpr uint32_t bit(uint32_t state) { return 1u << state; }

xshim_kbdif_page *head(const xshim_vkbd &k) { return static_cast<xshim_kbdif_page *>(k.page); }

const xshim_kbdif_in_event *in_slot(const xshim_vkbd &k, uint32_t index) {
    const auto *base = static_cast<const unsigned char *>(k.page) + XSHIM_KBDIF_IN_RING_OFFS;
    return reinterpret_cast<const xshim_kbdif_in_event *>(base + (index % XSHIM_KBDIF_IN_RING_LEN) *
                                                                     XSHIM_KBDIF_IN_EVENT_SIZE);
}

int32_t clamp_axis(int32_t v, uint32_t range, bool *clamped) {
    if (v < 0) {
        *clamped = true;
        return 0;
    }
    if (range != 0 && static_cast<uint32_t>(v) >= range) {
        *clamped = true;
        return static_cast<int32_t>(range - 1);
    }
    return v;
}

// One event, copied out of its slot, into what the kernel sees.
void take(xshim_vkbd &k, const xshim_kbdif_in_event &e, xshim_vkbd_event *out) {
    zero_bytes(out, sizeof *out);
    out->type = e.type;
    ++k.stats.events;
    switch (e.type) {
    case XSHIM_KBDIF_TYPE_KEY:
        out->keycode = e.key.keycode;
        out->pressed = e.key.pressed != 0 ? 1 : 0;
        if (e.key.keycode > XSHIM_VKBD_KEY_MAX) {
            out->note = XSHIM_VKBD_NOTE_BAD_KEYCODE;
            ++k.stats.skipped;
            return;
        }
        ++k.stats.keys;
        return;
    case XSHIM_KBDIF_TYPE_MOTION:
        out->x = e.motion.rel_x;
        out->y = e.motion.rel_y;
        out->z = e.motion.rel_z;
        ++k.stats.motions;
        return;
    case XSHIM_KBDIF_TYPE_POS: {
        out->seen_x = e.pos.abs_x;
        out->seen_y = e.pos.abs_y;
        out->z = e.pos.rel_z;
        if (!k.use.abs_pointer) {
            out->note = XSHIM_VKBD_NOTE_NOT_REQUESTED;
            ++k.stats.skipped;
            return;
        }
        const uint32_t rw = k.use.raw_pointer ? XSHIM_KBDIF_RAW_MAX + 1 : k.use.width;
        const uint32_t rh = k.use.raw_pointer ? XSHIM_KBDIF_RAW_MAX + 1 : k.use.height;
        bool clamped = false;
        out->x = clamp_axis(e.pos.abs_x, rw, &clamped);
        out->y = clamp_axis(e.pos.abs_y, rh, &clamped);
        if (clamped) {
            out->note = XSHIM_VKBD_NOTE_CLAMPED;
            ++k.stats.clamped;
        }
        ++k.stats.positions;
        return;
    }
    default:
        out->note = XSHIM_VKBD_NOTE_UNKNOWN_TYPE;
        ++k.stats.skipped;
        return;
    }
}

int32_t release(xshim_vkbd &k) {
    int32_t first = XSHIM_S_OK;
    if (k.granted) {
        first = xshim_gnttab_end(k.gt, k.gref);
        if (first == XSHIM_S_OK)
            k.granted = 0;
    }
    if (k.use.evtchn != 0) {
        const long rc = xshim_evtchn_close(&k.verdict->selection.hypercall, k.use.evtchn);
        if (rc != 0 && first == XSHIM_S_OK)
            first = static_cast<int32_t>(rc);
        k.use.evtchn = 0;
    }
    return first;
}

int32_t finish(xshim_vkbd &k, bool published) {
    int32_t first =
        published ? xenbus_close_down(k.dev) : xenbus_abandon(k.dev); // nothing mapped before
    const int32_t rc = release(k);
    if (rc != XSHIM_S_OK && first == XSHIM_S_OK)
        first = rc;
    const int32_t un = xshim_xenbus_close(&k.dev);
    return first != XSHIM_S_OK ? first : un;
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" {

int32_t xshim_vkbd_connect(xshim_vkbd *k, xshim_xs *xs, const char *dir, const xshim_verdict *v,
                           const xshim_platform *p, xshim_gnttab *gt, const xshim_neg_limit *own) {
    if (k == nullptr || xs == nullptr || dir == nullptr || v == nullptr || p == nullptr ||
        own == nullptr || v->outcome != XSHIM_SELECTED || k->page == nullptr ||
        reinterpret_cast<uintptr_t>(k->page) % kPage != 0 || k->page_frame == 0)
        return XSHIM_S_EINVAL;
    if (k->gref != 0 &&
        (gt == nullptr || k->gref < XSHIM_GNTTAB_NR_RESERVED_ENTRIES || k->gref >= gt->nr_refs))
        return XSHIM_S_RANGE;
    const uint32_t settings = static_cast<uint32_t>(offsetof(xshim_vkbd, dev));
    zero_bytes(reinterpret_cast<unsigned char *>(k) + settings, sizeof *k - settings);
    k->gt = gt;
    k->verdict = v;
    k->platform = p;

    xshim_neg_limit mine[XSHIM_VKBD_RULES];
    copy_bytes(mine, own, sizeof mine);
    int32_t rc = xshim_xenbus_open(&k->dev, xs, dir);
    if (rc != XSHIM_S_OK)
        return rc;
    rc = xshim_xenbus_wait(&k->dev, bit(XSHIM_XENBUS_InitWait));
    if (rc == XSHIM_S_OK) {
        k->step = 1;
        rc = read_and_negotiate(k->dev, xshim_neg_vkbd, XSHIM_NEG_AT_INITWAIT, k->values, mine,
                                &k->at_initwait);
    }
    // kbdif.h: raw coordinates are "only valid if request-abs-pointer is also set".
    if (rc == XSHIM_S_OK && k->at_initwait.decisions[XSHIM_VKBD_ABS_POINTER].used == 0 &&
        k->at_initwait.decisions[XSHIM_VKBD_RAW_POINTER].used != 0) {
        mine[XSHIM_VKBD_RAW_POINTER].value = 0;
        rc = xshim_negotiate(&xshim_neg_vkbd, XSHIM_NEG_AT_INITWAIT, k->values.values, mine,
                             &k->at_initwait);
    }
    if (rc == XSHIM_S_OK) {
        zero_bytes(k->page, kPage);
        if (k->gref != 0) {
            rc = xshim_gnttab_grant(gt, k->gref, static_cast<uint16_t>(k->dev.backend_id),
                                    k->page_frame, 0);
            k->granted = rc == XSHIM_S_OK ? 1 : 0;
        }
    }
    if (rc == XSHIM_S_OK)
        rc = static_cast<int32_t>(xshim_evtchn_alloc_unbound(
            &v->selection.hypercall, static_cast<uint16_t>(k->dev.backend_id), &k->use.evtchn));
    if (rc == XSHIM_S_OK) {
        const xshim_xenbus_node nodes[] = {
            {XSHIM_KBDIF_PAGE_REF, k->page_frame},
            {XSHIM_KBDIF_EVENT_CHANNEL, k->use.evtchn},
            {XSHIM_KBDIF_PAGE_GREF, k->gref},
        };
        rc = xshim_xenbus_publish(&k->dev, &k->at_initwait, nodes, k->gref != 0 ? 3u : 2u,
                                  XSHIM_XENBUS_Initialised);
    }
    if (rc != XSHIM_S_OK) {
        (void)finish(*k, k->dev.state == XSHIM_XENBUS_Initialised);
        return rc;
    }
    k->step = 2;
    rc = xshim_xenbus_wait(&k->dev, bit(XSHIM_XENBUS_Connected));
    if (rc == XSHIM_S_OK)
        rc = xshim_xenbus_set_state(&k->dev, 0, XSHIM_XENBUS_Connected);
    if (rc != XSHIM_S_OK) {
        (void)finish(*k, true);
        return rc;
    }
    k->step = 3;
    const xshim_neg_decision *d = k->at_initwait.decisions;
    k->use.abs_pointer = static_cast<uint32_t>(d[XSHIM_VKBD_ABS_POINTER].used);
    k->use.raw_pointer = static_cast<uint32_t>(d[XSHIM_VKBD_RAW_POINTER].used);
    k->use.width = d[XSHIM_VKBD_WIDTH].used != 0 ? static_cast<uint32_t>(d[XSHIM_VKBD_WIDTH].used)
                                                 : k->range_width;
    k->use.height = d[XSHIM_VKBD_HEIGHT].used != 0
                        ? static_cast<uint32_t>(d[XSHIM_VKBD_HEIGHT].used)
                        : k->range_height;
    k->in_cons = __atomic_load_n(&head(*k)->in_cons, __ATOMIC_RELAXED);
    k->connected = 1;
    return XSHIM_S_OK;
}

int32_t xshim_vkbd_poll(xshim_vkbd *k, xshim_vkbd_event *out, uint32_t max, uint32_t *n) {
    if (k == nullptr || n == nullptr || (out == nullptr && max != 0))
        return XSHIM_S_EINVAL;
    *n = 0;
    if (!k->connected)
        return XSHIM_S_PV_NOT_CONNECTED;
    xshim_kbdif_page *h = head(*k);
    const uint32_t prod = __atomic_load_n(&h->in_prod, __ATOMIC_ACQUIRE);
    if (prod - k->in_cons > XSHIM_KBDIF_IN_RING_LEN) {
        // More than a ring ahead: the slots cannot all be events. Skip to where the backend is.
        k->in_cons = prod;
        __atomic_store_n(&h->in_cons, prod, __ATOMIC_RELEASE);
        return XSHIM_S_PV_BAD_INDEX;
    }
    uint32_t taken = 0;
    while (k->in_cons != prod && taken < max) {
        xshim_kbdif_in_event e;
        copy_bytes(&e, in_slot(*k, k->in_cons), sizeof e); // read once
        take(*k, e, &out[taken]);
        ++taken;
        ++k->in_cons;
    }
    if (taken != 0) {
        __atomic_store_n(&h->in_cons, k->in_cons, __ATOMIC_RELEASE);
        // The backend may wait for room: tell it (Linux's kbdfront does the same).
        (void)xshim_evtchn_send(&k->verdict->selection.hypercall, k->use.evtchn);
    }
    *n = taken;
    return XSHIM_S_OK;
}

int32_t xshim_vkbd_disconnect(xshim_vkbd *k) {
    if (k == nullptr)
        return XSHIM_S_EINVAL;
    if (!k->connected)
        return XSHIM_S_PV_NOT_CONNECTED;
    k->connected = 0;
    return finish(*k, true);
}

const char *xshim_vkbd_note_name(uint32_t note) {
#define XSHIM_VKBD_NOTE_NAME_(name, value, text) text,
    static constexpr const char *kNames[] = {XSHIM_VKBD_NOTES(XSHIM_VKBD_NOTE_NAME_)};
#undef XSHIM_VKBD_NOTE_NAME_
    return note < sizeof kNames / sizeof kNames[0] ? kNames[note] : "invalid";
}

const char *xshim_pv_status_name(int32_t status) {
    struct Name {
        int32_t status;
        const char *name;
    };
    static constexpr Name kNames[] = {
        {XSHIM_S_PV_BAD_INDEX, "pv-bad-index"},
        {XSHIM_S_PV_NOT_CONNECTED, "pv-not-connected"},
        {XSHIM_S_PV_RING_FULL, "pv-ring-full"},
        {XSHIM_S_PV_MODE, "pv-mode"},
    };
    for (const auto &n : kNames)
        if (n.status == status)
            return n.name;
    return frontend_status_name(status); // grant table, XenBus, XenStore, errnos, or "other"
}

} // extern "C"
