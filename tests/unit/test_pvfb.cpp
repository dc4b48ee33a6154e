// tests/unit/test_pvfb.cpp: the PV keyboard and framebuffer frontends (xshim_vkbd.h,
// xshim_vfb.h) and their tables against a fake backend that works the way QEMU 7.2's
// hw/display/xenfb.c was seen to on the test bed (TESTBED.md; docs/xenstore.md): features
// before InitWait (feature-abs-pointer, feature-raw-pointer; feature-resize), the pages mapped
// by frame (page-ref) as foreign memory, the framebuffer found through pd[] in the layout the
// frontend's protocol names, request-update written when it connects. Then backends that lie:
// ring indexes beyond the ring, unknown event types, key codes beyond KEY_MAX, positions
// outside the pointer's range, malformed or absurd nodes.
//
// Built at -m64 and -m32 alike: the page layouts are read through abi/fbif.h's explicit x86_32
// and x86_64 structs whatever the host.
#include <xshim_vfb.h>
#include <xshim_vkbd.h>

#include "frontend_bed.hpp"

#include <doctest/doctest.h>

#include <abi/event_channel.h>
#include <abi/fbif.h>
#include <abi/grant_table.h>
#include <abi/hypercall.h>
#include <abi/kbdif.h>
#include <abi/memory.h>
#include <abi/xenbus.h>

#include <cstring>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

namespace {

const std::string kKbdFront = "/local/domain/1/device/vkbd/0";
const std::string kKbdBack = "/local/domain/0/backend/vkbd/1/0";
const std::string kFbFront = "/local/domain/1/device/vfb/0";
const std::string kFbBack = "/local/domain/0/backend/vfb/1/0";
constexpr uint64_t kKbdFrame = 0x2000, kFbPageFrame = 0x2001, kDirFrame = 0x2002;
constexpr uint64_t kFbFrame0 = 0x3000;
constexpr uint32_t kFbPages = 4;                     // 16 KiB of framebuffer
constexpr uint32_t kW = 64, kH = 32, kLine = kW * 4; // 8 KiB at depth 32

using Page = BedPage;

struct Bed : FrontendBed {
    xshim_vkbd kbd{};
    xshim_vfb fb{};
    xshim_neg_limit kown[XSHIM_VKBD_RULES]{};
    xshim_neg_limit fown[XSHIM_VFB_RULES]{};
    Page kbd_page{}, fb_page{}, dir{};
    Page pixels[kFbPages]{};
    uint64_t fb_frames[kFbPages]{};

    // The backends, as QEMU's: what they mapped and saw.
    std::map<std::string, std::string> kbd_features = {{"feature-abs-pointer", "1"},
                                                       {"feature-raw-pointer", "1"}};
    std::map<std::string, std::string> fb_features = {{"feature-resize", "1"}};
    bool kbd_bound = false, fb_bound = false;
    int32_t seen_w = 0, seen_h = 0;
    uint32_t seen_line = 0, seen_mem = 0, seen_depth = 0;
    std::vector<uint64_t> seen_fb_frames; // through pd[] and the directory page
    bool request_update = true;

    Bed() {
        FakeStore &s = store;
        for (const auto &[front, back] : {std::pair{kKbdFront, kKbdBack}, {kFbFront, kFbBack}}) {
            s.set(front + "/backend", back);
            s.set(front + "/backend-id", "0");
            s.set(front + "/state", "1");
            s.set(back + "/state", "1");
            s.set(back + "/frontend", front);
        }
        s.on_step = [this](FakeStore &st) { backend_step(st); };

        kbd.page = kbd_page.b;
        kbd.page_frame = kKbdFrame;
        kbd.gref = 8;
        kbd.range_width = kW;
        kbd.range_height = kH;
        REQUIRE(xshim_vkbd_frontend_defaults(kown) == XSHIM_S_OK);

        fb.pages.page = fb_page.b;
        fb.pages.page_frame = kFbPageFrame;
        fb.pages.dir[0] = dir.b;
        fb.pages.dir_frames[0] = kDirFrame;
        fb.pages.nr_dir = 1;
        fb.pages.fb = pixels[0].b;
        for (uint32_t i = 0; i < kFbPages; ++i)
            fb_frames[i] = kFbFrame0 + i;
        fb.pages.fb_frames = fb_frames;
        fb.pages.nr_fb = kFbPages;
        fb.mode = {kW, kH, 32, kLine};
        REQUIRE(xshim_vfb_frontend_defaults(XSHIM_ARCH_X86_64, fown) == XSHIM_S_OK);
    }

    int32_t connect_kbd() {
        return xshim_vkbd_connect(&kbd, &xs, "device/vkbd/0", &v, &p, &gt, kown);
    }
    int32_t connect_fb() { return xshim_vfb_connect(&fb, &xs, "device/vfb/0", &v, &p, fown); }

    // Foreign mapping by frame, as QEMU's common_bind and xenfb_map_fb do.
    unsigned char *page_of(uint64_t frame) {
        if (frame == kKbdFrame)
            return kbd_page.b;
        if (frame == kFbPageFrame)
            return fb_page.b;
        if (frame == kDirFrame)
            return dir.b;
        if (frame >= kFbFrame0 && frame < kFbFrame0 + kFbPages)
            return pixels[frame - kFbFrame0].b;
        return nullptr;
    }
    static uint64_t number(const std::string &t) { return t.empty() ? 0 : std::stoull(t); }

    void set_state(FakeStore &s, const std::string &back, const char *state) {
        s.set(back + "/state", state);
        s.changed(back + "/state");
        s.fire();
    }

    // QEMU's vfb initialise: the page by page-ref, the mode, pd[] as the protocol says.
    bool bind_fb(FakeStore &s) {
        unsigned char *page = page_of(number(s.nodes[kFbFront + "/page-ref"]));
        if (page == nullptr)
            return false;
        const bool x86_32 = s.nodes[kFbFront + "/protocol"] == "x86_32-abi";
        const auto *p64 = reinterpret_cast<const xshim_fbif_page_x86_64 *>(page);
        seen_w = p64->width;
        seen_h = p64->height;
        seen_line = p64->line_length;
        seen_mem = p64->mem_length;
        seen_depth = p64->depth;
        const uint64_t dir_frame =
            x86_32 ? reinterpret_cast<const xshim_fbif_page_x86_32 *>(page)->pd[0] : p64->pd[0];
        unsigned char *d = page_of(dir_frame);
        if (d == nullptr)
            return false;
        const uint32_t n = (seen_mem + 4095) / 4096;
        for (uint32_t i = 0; i < n; ++i)
            seen_fb_frames.push_back(x86_32 ? reinterpret_cast<const uint32_t *>(d)[i]
                                            : reinterpret_cast<const uint64_t *>(d)[i]);
        return true;
    }

    void backend_step(FakeStore &s) {
        // vkbd
        std::string st = s.nodes[kKbdBack + "/state"], fe = s.nodes[kKbdFront + "/state"];
        if (st == "1") {
            for (const auto &[k, val] : kbd_features)
                s.set(kKbdBack + "/" + k, val);
            set_state(s, kKbdBack, "2");
        } else if (st == "2" && fe == "3") {
            kbd_bound = page_of(number(s.nodes[kKbdFront + "/page-ref"])) == kbd_page.b;
            if (kbd_bound)
                set_state(s, kKbdBack, "4");
        }
        if ((fe == "5" || fe == "6") && s.nodes[kKbdBack + "/state"] != fe)
            set_state(s, kKbdBack, fe.c_str());
        // vfb
        st = s.nodes[kFbBack + "/state"];
        fe = s.nodes[kFbFront + "/state"];
        if (st == "1") {
            for (const auto &[k, val] : fb_features)
                s.set(kFbBack + "/" + k, val);
            set_state(s, kFbBack, "2");
        } else if (st == "2" && fe == "3") {
            fb_bound = bind_fb(s);
            if (!fb_bound)
                return;
            if (request_update && s.nodes[kFbFront + "/feature-update"] == "1")
                s.set(kFbBack + "/request-update", "1");
            set_state(s, kFbBack, "4");
        }
        if ((fe == "5" || fe == "6") && s.nodes[kFbBack + "/state"] != fe)
            set_state(s, kFbBack, fe.c_str());
    }

    // The backend produces an in event into the keyboard ring.
    void kbd_event(const xshim_kbdif_in_event &e) {
        auto *h = reinterpret_cast<xshim_kbdif_page *>(kbd_page.b);
        std::memcpy(kbd_page.b + XSHIM_KBDIF_IN_RING_OFFS +
                        (h->in_prod % XSHIM_KBDIF_IN_RING_LEN) * XSHIM_KBDIF_IN_EVENT_SIZE,
                    &e, sizeof e);
        ++h->in_prod;
    }
    void key(uint32_t code, uint8_t pressed) {
        xshim_kbdif_in_event e{};
        e.key.type = XSHIM_KBDIF_TYPE_KEY;
        e.key.pressed = pressed;
        e.key.keycode = code;
        kbd_event(e);
    }
    void pos(int32_t x, int32_t y) {
        xshim_kbdif_in_event e{};
        e.pos.type = XSHIM_KBDIF_TYPE_POS;
        e.pos.abs_x = x;
        e.pos.abs_y = y;
        kbd_event(e);
    }
    std::vector<xshim_vkbd_event> poll(int32_t want = XSHIM_S_OK) {
        xshim_vkbd_event out[16];
        uint32_t n = 99;
        CHECK(xshim_vkbd_poll(&kbd, out, 16, &n) == want);
        return {out, out + n};
    }
    const xshim_fbif_update &out_event(uint32_t i) {
        return reinterpret_cast<const xshim_fbif_out_event *>(fb_page.b +
                                                              XSHIM_FBIF_OUT_RING_OFFS)[i]
            .update;
    }
};

} // namespace

TEST_CASE("vkbd: connects to a QEMU-like backend, requests abs and raw pointer, takes events") {
    Bed b;
    REQUIRE(b.connect_kbd() == XSHIM_S_OK);
    CHECK(b.kbd_bound);
    CHECK(b.node(kKbdFront + "/request-abs-pointer") == "1");
    CHECK(b.node(kKbdFront + "/request-raw-pointer") == "1");
    CHECK(b.node(kKbdFront + "/request-multi-touch") == "<absent>");
    CHECK(b.node(kKbdFront + "/page-ref") == std::to_string(kKbdFrame));
    CHECK(b.node(kKbdFront + "/page-gref") == "8");
    CHECK(b.node(kKbdFront + "/event-channel") == std::to_string(b.kbd.use.evtchn));
    CHECK(b.node(kKbdFront + "/state") == "4");
    CHECK(b.kbd.use.abs_pointer == 1);
    CHECK(b.kbd.use.raw_pointer == 1);

    b.key(45, 1);
    b.key(45, 0);
    b.pos(16384, 8192); // raw: [0, 0x7fff]
    const auto ev = b.poll();
    REQUIRE(ev.size() == 3);
    CHECK((ev[0].type == XSHIM_KBDIF_TYPE_KEY && ev[0].keycode == 45 && ev[0].pressed == 1));
    CHECK((ev[1].keycode == 45 && ev[1].pressed == 0));
    CHECK((ev[2].type == XSHIM_KBDIF_TYPE_POS && ev[2].x == 16384 && ev[2].y == 8192));
    CHECK(ev[2].note == XSHIM_VKBD_NOTE_OK);
    const auto *h = reinterpret_cast<const xshim_kbdif_page *>(b.kbd_page.b);
    CHECK(h->in_cons == 3); // the slots are the backend's again
    CHECK(!b.sends.empty());
    CHECK(b.poll().empty());

    REQUIRE(xshim_vkbd_disconnect(&b.kbd) == XSHIM_S_OK);
    CHECK(b.node(kKbdFront + "/state") == "6");
    CHECK(b.closed.size() == 1);
    CHECK(b.gt.nr_refs > 8);
    uint32_t n = 0;
    CHECK(xshim_vkbd_poll(&b.kbd, nullptr, 0, &n) == XSHIM_S_PV_NOT_CONNECTED);
}

TEST_CASE("vkbd: a hostile backend's events are skipped or clamped with named notes") {
    Bed b;
    b.kbd_features = {{"feature-abs-pointer", "1"}}; // no raw pointer: positions in pixels
    REQUIRE(b.connect_kbd() == XSHIM_S_OK);
    CHECK(b.kbd.use.raw_pointer == 0);
    CHECK(b.node(kKbdFront + "/request-raw-pointer") == "<absent>");
    b.pos(kW + 100, -5); // outside the 64x32 framebuffer
    b.key(0x300, 1);     // beyond KEY_MAX
    xshim_kbdif_in_event odd{};
    odd.type = 42; // no such type
    b.kbd_event(odd);
    const auto ev = b.poll();
    REQUIRE(ev.size() == 3);
    CHECK(ev[0].note == XSHIM_VKBD_NOTE_CLAMPED);
    CHECK((ev[0].x == static_cast<int32_t>(kW - 1) && ev[0].y == 0));
    CHECK((ev[0].seen_x == static_cast<int32_t>(kW + 100) && ev[0].seen_y == -5));
    CHECK(ev[1].note == XSHIM_VKBD_NOTE_BAD_KEYCODE);
    CHECK((ev[2].note == XSHIM_VKBD_NOTE_UNKNOWN_TYPE && ev[2].type == 42));
    CHECK(std::string(xshim_vkbd_note_name(ev[2].note)) == "unknown-type");
    CHECK(b.kbd.stats.skipped == 2);
    CHECK(b.kbd.stats.clamped == 1);

    // An in_prod more than a ring ahead: not read, the ring resynchronised.
    auto *h = reinterpret_cast<xshim_kbdif_page *>(b.kbd_page.b);
    h->in_prod += XSHIM_KBDIF_IN_RING_LEN + 1;
    CHECK(b.poll(XSHIM_S_PV_BAD_INDEX).empty());
    CHECK(std::string(xshim_pv_status_name(XSHIM_S_PV_BAD_INDEX)) == "pv-bad-index");
    b.key(30, 1); // and the ring works on from there
    const auto after = b.poll();
    REQUIRE(after.size() == 1);
    CHECK(after[0].keycode == 30);
}

TEST_CASE("vkbd: raw pointer only with abs pointer; malformed and absurd nodes") {
    Bed b;
    b.kbd_features = {
        {"feature-abs-pointer", "yes"}, {"feature-raw-pointer", "1"}, {"width", "4294967296"}};
    REQUIRE(b.connect_kbd() == XSHIM_S_OK);
    const xshim_neg_decision *d = b.kbd.at_initwait.decisions;
    CHECK(d[XSHIM_VKBD_ABS_POINTER].status == XSHIM_NEG_MALFORMED);
    CHECK(d[XSHIM_VKBD_ABS_POINTER].used == 0);
    CHECK(d[XSHIM_VKBD_RAW_POINTER].used == 0); // kbdif.h: raw needs abs
    CHECK(d[XSHIM_VKBD_WIDTH].clamped == 1);
    CHECK(d[XSHIM_VKBD_WIDTH].used == 0x7fffffff);
    CHECK(b.node(kKbdFront + "/request-abs-pointer") == "<absent>");
    CHECK(b.node(kKbdFront + "/request-raw-pointer") == "<absent>");
    b.pos(3, 4); // a position nobody requested
    const auto ev = b.poll();
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].note == XSHIM_VKBD_NOTE_NOT_REQUESTED);
    char line[512];
    (void)xshim_neg_format(&xshim_neg_vkbd, "0", &b.kbd.at_initwait, line, sizeof line);
    CHECK(std::string(line).find("abs-pointer=0 (backend offers feature-abs-pointer=yes, "
                                 "frontend uses 0 [malformed])") != std::string::npos);
}

TEST_CASE("vfb: connects to a QEMU-like backend: mode, page directory (x86_64), updates") {
    Bed b;
    REQUIRE(b.connect_fb() == XSHIM_S_OK);
    CHECK(b.fb_bound);
    CHECK((b.seen_w == static_cast<int32_t>(kW) && b.seen_h == static_cast<int32_t>(kH)));
    CHECK((b.seen_line == kLine && b.seen_mem == kLine * kH && b.seen_depth == 32));
    REQUIRE(b.seen_fb_frames.size() == kLine * kH / 4096);
    for (size_t i = 0; i < b.seen_fb_frames.size(); ++i)
        CHECK(b.seen_fb_frames[i] == kFbFrame0 + i);
    CHECK(reinterpret_cast<const xshim_fbif_page_x86_64 *>(b.fb_page.b)->pd[0] == kDirFrame);
    CHECK(b.node(kFbFront + "/protocol") == "x86_64-abi");
    CHECK(b.node(kFbFront + "/feature-update") == "1");
    CHECK(b.node(kFbFront + "/page-ref") == std::to_string(kFbPageFrame));
    CHECK((b.fb.use.update == 1 && b.fb.use.resize == 1));

    REQUIRE(xshim_vfb_update(&b.fb, 8, 4, 1000, 10) == XSHIM_S_OK); // clipped to the mode
    const auto *h = reinterpret_cast<const xshim_fbif_page_x86_64 *>(b.fb_page.b);
    CHECK(h->out_prod == 1);
    const xshim_fbif_update &u = b.out_event(0);
    CHECK((u.type == XSHIM_FBIF_TYPE_UPDATE && u.x == 8 && u.y == 4));
    CHECK((u.width == static_cast<int32_t>(kW - 8) && u.height == 10));
    CHECK(xshim_vfb_update(&b.fb, kW, 0, 1, 1) == XSHIM_S_RANGE);

    // Resize within the memory, and beyond it.
    const xshim_vfb_mode half = {kW / 2, kH, 32, kLine};
    CHECK(xshim_vfb_resize(&b.fb, &half) == XSHIM_S_OK);
    const xshim_vfb_mode huge = {kW, kH * 4, 32, kLine};
    CHECK(xshim_vfb_resize(&b.fb, &huge) == XSHIM_S_PV_MODE);

    REQUIRE(xshim_vfb_disconnect(&b.fb) == XSHIM_S_OK);
    CHECK(b.node(kFbFront + "/state") == "6");
}

TEST_CASE("vfb: the x86_32 page: pd[] of 4-byte frames at 36") {
    Bed b;
    REQUIRE(xshim_vfb_frontend_defaults(XSHIM_ARCH_X86_32, b.fown) == XSHIM_S_OK);
    REQUIRE(b.connect_fb() == XSHIM_S_OK);
    CHECK(b.node(kFbFront + "/protocol") == "x86_32-abi");
    CHECK(reinterpret_cast<const xshim_fbif_page_x86_32 *>(b.fb_page.b)->pd[0] == kDirFrame);
    REQUIRE(!b.seen_fb_frames.empty());
    CHECK(b.seen_fb_frames[1] == kFbFrame0 + 1);
}

TEST_CASE("vfb: hostile values: malformed feature-resize, an out_cons beyond, a full ring") {
    Bed b;
    b.store.set(kFbFront + "/videoram", "1"); // 1 MiB: the small mode fits, nothing lowered
    b.fb_features = {{"feature-resize", "-1"}};
    REQUIRE(b.connect_fb() == XSHIM_S_OK);
    CHECK(b.fb.use.height_clamped == 0);
    CHECK(b.fb.use.resize == 0);
    CHECK(b.fb.at_initwait.decisions[XSHIM_VFB_RESIZE].status == XSHIM_NEG_MALFORMED);
    const xshim_vfb_mode m = {kW, kH, 32, kLine};
    CHECK(xshim_vfb_resize(&b.fb, &m) == XSHIM_S_ENOSYS);
    // The backend claims to have consumed more than was produced.
    auto *h = reinterpret_cast<xshim_fbif_page_x86_64 *>(b.fb_page.b);
    h->out_cons = 1000;
    CHECK(xshim_vfb_update(&b.fb, 0, 0, 1, 1) == XSHIM_S_PV_BAD_INDEX);
    h->out_cons = h->out_prod;
    // A ring nobody drains: full after 51 events, then a bounded wait.
    b.fb.rounds = 5;
    int32_t rc = XSHIM_S_OK;
    uint32_t sent = 0;
    while (rc == XSHIM_S_OK && sent < 100) {
        rc = xshim_vfb_update(&b.fb, 0, 0, 1, 1);
        sent += rc == XSHIM_S_OK ? 1 : 0;
    }
    CHECK(rc == XSHIM_S_PV_RING_FULL);
    CHECK(sent == XSHIM_FBIF_OUT_RING_LEN);
    // In events: the refresh period, and a type fbif.h says to ignore.
    auto *in = reinterpret_cast<xshim_fbif_in_event *>(b.fb_page.b + XSHIM_FBIF_IN_RING_OFFS);
    in[0].refresh_period.type = XSHIM_FBIF_TYPE_REFRESH_PERIOD;
    in[0].refresh_period.period = 50;
    in[1].type = 77;
    h->in_prod = 2;
    CHECK(xshim_vfb_poll(&b.fb) == XSHIM_S_OK);
    CHECK(b.fb.use.refresh_period_ms == 50);
    CHECK(b.fb.stats.unknown_in == 1);
    h->in_prod = 2 + XSHIM_FBIF_IN_RING_LEN + 1;
    CHECK(xshim_vfb_poll(&b.fb) == XSHIM_S_PV_BAD_INDEX);
}

TEST_CASE("vfb: a mode the pages cannot hold is refused before anything is published") {
    Bed b;
    // (videoram lowering the height needs a mode above 1 MiB: tests/toolstack's fb-hostile.)
    const xshim_vfb_mode too_big = {kW, kH * 8, 32, kLine};
    b.fb.mode = too_big;
    CHECK(b.connect_fb() == XSHIM_S_PV_MODE);
    b.fb.mode = {kW, kH, 12, kLine}; // a depth QEMU cannot show
    CHECK(b.connect_fb() == XSHIM_S_PV_MODE);
    b.fb.mode = {kW, kH, 32, kW}; // a line shorter than the width's pixels
    CHECK(b.connect_fb() == XSHIM_S_PV_MODE);
    CHECK(b.node(kFbFront + "/page-ref") == "<absent>");
    CHECK(b.node(kFbFront + "/state") == "1");
}

TEST_CASE("vfb and vkbd tables: defaults, directions, and a videoram beyond pd[]'s reach") {
    xshim_neg_limit own[XSHIM_VFB_RULES];
    CHECK(xshim_vfb_frontend_defaults(XSHIM_ARCH_ARM64, own) == XSHIM_S_EINVAL);
    REQUIRE(xshim_vfb_frontend_defaults(XSHIM_ARCH_X86_64, own) == XSHIM_S_OK);
    CHECK(std::string(xshim_neg_vfb.rules[XSHIM_VFB_UPDATE_OFFER].frontend_node) ==
          "feature-update");
    CHECK(xshim_neg_vfb.rules[XSHIM_VFB_UPDATE_OFFER].backend_node == nullptr);
    CHECK(std::string(xshim_neg_vfb.rules[XSHIM_VFB_REQUEST_UPDATE].backend_node) ==
          "request-update");
    CHECK(xshim_neg_vfb.rules[XSHIM_VFB_REQUEST_UPDATE].phase == XSHIM_NEG_AT_CONNECTED);
    xshim_neg_value values[XSHIM_VFB_RULES]{};
    const std::string vram = "100000";
    values[XSHIM_VFB_VIDEORAM] = {1, static_cast<uint32_t>(vram.size()), vram.data()};
    xshim_neg_result r{};
    REQUIRE(xshim_negotiate(&xshim_neg_vfb, XSHIM_NEG_AT_INITWAIT, values, own, &r) == XSHIM_S_OK);
    CHECK(r.outcome == XSHIM_SELECTED);
    CHECK((r.decisions[XSHIM_VFB_VIDEORAM].used == 512 && r.decisions[XSHIM_VFB_VIDEORAM].clamped));
    xshim_neg_limit kown[XSHIM_VKBD_RULES];
    REQUIRE(xshim_vkbd_frontend_defaults(kown) == XSHIM_S_OK);
    CHECK(kown[XSHIM_VKBD_MTOUCH].value == 0);
    CHECK(xshim_neg_find(&xshim_neg_vkbd, "raw-pointer") == XSHIM_VKBD_RAW_POINTER);
}
