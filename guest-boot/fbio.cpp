// guest-boot/fbio.cpp: the PV keyboard and framebuffer of the guest built with GUEST_FB_IO=1.
// It connects xshim's vkbd and vfb frontends to the devices the toolstack gave this domain
// (vkb = [...], vfb = [...]; QEMU's backends in dom0), draws its own verdict line into the
// framebuffer with a console font (kGuestFont, generated from a Debian PSF font at build time),
// tells the backend what changed, and prints each keyboard and pointer event it then gets:
//
//   xshim-guest: vkbd 0 negotiated: abs-pointer=1 raw-pointer=1 ...
//   xshim-guest: vfb 0 negotiated: protocol=x86_64-abi update-offer=1 resize=1 ...
//   xshim-guest: vfb 0 connected: request-update=1
//   xshim-guest: vfb 0 drawn 640x480x32 line-length=2560 mem=1228800 text=8,8 cols=78 rows=2
//                fg=0xffffff bg=0x203050 update=1 resize=1 evtchn=...
//   xshim-guest: vkbd 0 key 45 pressed
//   xshim-guest: vkbd 0 pos x=16383 y=8191 z=0 raw=1
//   xshim-guest: vkbd 0 events=5 keys=4 positions=1 ... disconnect: ok
//
// It waits for events at most kInputWindow of its own system time, and stops kQuiet after the
// last one. tests/toolstack renders the same line with the same font, compares it with a
// screenshot QEMU took, and compares the events with what dom0 injected.
#include "guest.hpp"

#include <xshim_vfb.h>
#include <xshim_vkbd.h>

#include <abi/blkif.h>
#include <abi/kbdif.h>

#include "guest_font.h" // generated: $(BUILD)/gen/guest_font.h

namespace {

constexpr uint32_t kPage = XSHIM_PAGE_SIZE;
constexpr uint32_t kWidth = 640, kHeight = 480, kDepth = 32;
constexpr uint32_t kLine = kWidth * kDepth / 8;
constexpr uint32_t kFbPages = kLine * kHeight / kPage; // 300
constexpr uint32_t kFg = 0x00ffffff, kBg = 0x00203050; // x8r8g8b8, as QEMU reads depth 32
constexpr uint32_t kMargin = 8;                        // pixels around the text
constexpr uint32_t kRowPitch = kGuestFontHeight + 2;   // pixels from one text row to the next
constexpr uint32_t kKbdGref = 8;                       // the first ref not the toolstack's
constexpr uint64_t kSecond = 1000000000ull;
constexpr uint64_t kInputWindow = 40 * kSecond;
constexpr uint64_t kQuiet = 3 * kSecond;
using Line = TextBuf<XSHIM_LINE_MAX>;

xshim_xs xs;
xshim_gnttab gt;
xshim_vkbd kbd;
xshim_vfb fb;
alignas(kPage) unsigned char kbd_page[kPage];
alignas(kPage) unsigned char fb_page[kPage];
alignas(kPage) unsigned char dir_page[kPage];
alignas(kPage) unsigned char gnttab_page[kPage];
alignas(kPage) uint32_t pixels[kWidth * kHeight];
uint64_t fb_frames[kFbPages];

const xshim_verdict *verdict;
const xshim_platform *platform;
const GuestEnv *environment;

template <size_t N> void say(const TextBuf<N> &line) {
    (void)xshim_say(verdict, platform, line.text, line.len);
}

uint64_t frame(const void *va) { return environment->frame_of(&verdict->boot, va); }

// The guest's system time (ns), through the shared_info main.cpp placed; 0 when unreadable.
uint64_t now_ns() {
    xshim_time_reading r;
    if (xshim_time_read(verdict, platform, environment->shared_info_page, &r) != XSHIM_S_OK)
        return 0;
    return r.system_ns;
}

template <size_t N> TextBuf<N> &status(TextBuf<N> &line, int32_t rc) {
    const char *name = xshim_pv_status_name(rc);
    line.str(name);
    if (name[0] == 'o' && name[1] == 't') // "other": the number says more
        line.str("(").sdec(rc).str(")");
    return line;
}

void negotiation(const xshim_neg_class &cls, const char *what, const xshim_neg_result &r) {
    char text[1024];
    (void)xshim_neg_format(&cls, "0", &r, text, sizeof text);
    const char *rest = text;
    while (*rest != '\0' && *rest != ':')
        ++rest;
    TextBuf<1100> line;
    line.str("xshim-guest: ").str(cls.name).str(" 0 ").str(what).str(rest).str("\n");
    say(line);
}

// The verdict line in the font, wrapped at the columns the width leaves; returns the rows.
uint32_t draw(const char *text, uint32_t cols) {
    for (uint32_t i = 0; i < kWidth * kHeight; ++i)
        pixels[i] = kBg;
    uint32_t col = 0, row = 0;
    for (const char *c = text; *c != '\0' && *c != '\n'; ++c) {
        if (col == cols) {
            col = 0;
            ++row;
        }
        const char ch = *c >= kGuestFontFirst && *c <= kGuestFontLast ? *c : '?';
        const uint8_t *glyph = kGuestFont[ch - kGuestFontFirst];
        const uint32_t x0 = kMargin + col * kGuestFontWidth, y0 = kMargin + row * kRowPitch;
        if (y0 + kGuestFontHeight > kHeight)
            break;
        for (uint32_t y = 0; y < kGuestFontHeight; ++y)
            for (uint32_t x = 0; x < kGuestFontWidth; ++x)
                if (glyph[y] & (0x80u >> x))
                    pixels[(y0 + y) * kWidth + x0 + x] = kFg;
        ++col;
    }
    return row + 1;
}

bool connect_fb() {
    fb.pages.page = fb_page;
    fb.pages.page_frame = frame(fb_page);
    fb.pages.dir[0] = dir_page;
    fb.pages.dir_frames[0] = frame(dir_page);
    fb.pages.nr_dir = 1;
    fb.pages.fb = pixels;
    for (uint32_t i = 0; i < kFbPages; ++i)
        fb_frames[i] = frame(reinterpret_cast<unsigned char *>(pixels) + i * kPage);
    fb.pages.fb_frames = fb_frames;
    fb.pages.nr_fb = kFbPages;
    fb.mode = {kWidth, kHeight, kDepth, kLine};
    xshim_neg_limit own[XSHIM_VFB_RULES];
    if (xshim_vfb_frontend_defaults(platform->arch, own) != XSHIM_S_OK)
        return false;
    const int32_t rc = xshim_vfb_connect(&fb, &xs, "device/vfb/0", verdict, platform, own);
    if (fb.step >= 1)
        negotiation(xshim_neg_vfb, "negotiated", fb.at_initwait);
    if (fb.step >= 3)
        negotiation(xshim_neg_vfb, "connected", fb.at_connected);
    if (rc != XSHIM_S_OK) {
        Line err;
        err.str("xshim-guest: vfb 0 connect failed: ");
        status(err, rc).str(" backend-state=").str(xshim_xenbus_state_name(fb.dev.backend_state));
        say(err.str("\n"));
        return false;
    }
    return true;
}

bool connect_kbd() {
    kbd.page = kbd_page;
    kbd.page_frame = frame(kbd_page);
    kbd.gref = gt.nr_refs > kKbdGref ? kKbdGref : 0;
    kbd.range_width = fb.use.mode.width;
    kbd.range_height = fb.use.mode.height;
    xshim_neg_limit own[XSHIM_VKBD_RULES];
    if (xshim_vkbd_frontend_defaults(own) != XSHIM_S_OK)
        return false;
    const int32_t rc = xshim_vkbd_connect(&kbd, &xs, "device/vkbd/0", verdict, platform,
                                          kbd.gref != 0 ? &gt : nullptr, own);
    if (kbd.step >= 1)
        negotiation(xshim_neg_vkbd, "negotiated", kbd.at_initwait);
    if (rc != XSHIM_S_OK) {
        Line err;
        err.str("xshim-guest: vkbd 0 connect failed: ");
        status(err, rc).str(" backend-state=").str(xshim_xenbus_state_name(kbd.dev.backend_state));
        say(err.str("\n"));
        return false;
    }
    Line use;
    use.str("xshim-guest: vkbd 0 uses abs-pointer=").dec(kbd.use.abs_pointer);
    use.str(" raw-pointer=").dec(kbd.use.raw_pointer).str(" range=").dec(kbd.use.width);
    use.str("x").dec(kbd.use.height).str(" page-gref=").dec(kbd.gref);
    use.str(" evtchn=").dec(kbd.use.evtchn).str("\n");
    say(use);
    return true;
}

void show(const xshim_vfb_use &u, uint32_t cols, uint32_t rows, int32_t update_rc) {
    Line line;
    line.str("xshim-guest: vfb 0 drawn ").dec(u.mode.width).str("x").dec(u.mode.height);
    line.str("x").dec(u.mode.depth).str(" line-length=").dec(u.mode.line_length);
    line.str(" mem=").dec(u.mem_length).str(" text=").dec(kMargin).str(",").dec(kMargin);
    line.str(" cols=").dec(cols).str(" rows=").dec(rows).str(" pitch=").dec(kRowPitch);
    line.str(" fg=").hex(kFg, 6).str(" bg=").hex(kBg, 6);
    line.str(" update=").dec(u.update).str(" resize=").dec(u.resize);
    line.str(" videoram=").dec(u.videoram_mib).str(" height-clamped=").dec(u.height_clamped);
    line.str(" update-sent=");
    status(line, update_rc).str(" evtchn=").dec(u.evtchn).str("\n");
    say(line);
}

void print_event(const xshim_vkbd_event &e) {
    Line line;
    line.str("xshim-guest: vkbd 0 ");
    switch (e.type) {
    case XSHIM_KBDIF_TYPE_KEY:
        line.str("key ").dec(e.keycode).str(e.pressed ? " pressed" : " released");
        break;
    case XSHIM_KBDIF_TYPE_POS:
        line.str("pos x=").sdec(e.x).str(" y=").sdec(e.y).str(" z=").sdec(e.z);
        line.str(" raw=").dec(kbd.use.raw_pointer);
        if (e.note == XSHIM_VKBD_NOTE_CLAMPED)
            line.str(" seen=").sdec(e.seen_x).str(",").sdec(e.seen_y);
        break;
    case XSHIM_KBDIF_TYPE_MOTION:
        line.str("motion dx=").sdec(e.x).str(" dy=").sdec(e.y).str(" dz=").sdec(e.z);
        break;
    default:
        line.str("event type=").dec(e.type);
        break;
    }
    if (e.note != XSHIM_VKBD_NOTE_OK)
        line.str(" note=").str(xshim_vkbd_note_name(e.note));
    say(line.str("\n"));
}

// Events until kQuiet after the last one, or kInputWindow in all.
void take_input() {
    say(Line().str("xshim-guest: vkbd 0 waiting for input\n"));
    const uint64_t start = now_ns();
    uint64_t last = 0;
    for (;;) {
        xshim_vkbd_event events[8];
        uint32_t n = 0;
        const int32_t rc = xshim_vkbd_poll(&kbd, events, 8, &n);
        if (rc != XSHIM_S_OK) {
            Line err;
            err.str("xshim-guest: vkbd 0 poll: ");
            say(status(err, rc).str("\n"));
            if (rc != XSHIM_S_PV_BAD_INDEX)
                return;
        }
        for (uint32_t i = 0; i < n; ++i)
            print_event(events[i]);
        const uint64_t t = now_ns();
        if (n != 0)
            last = t;
        if (t == 0 || t - start > kInputWindow || (last != 0 && t - last > kQuiet))
            return;
        (void)xshim_vfb_poll(&fb); // the refresh-period advice, if any
        for (uint32_t spin = 0; spin < (1u << 12); ++spin)
            platform->relax(platform->ctx);
    }
}

} // namespace

void guest_fb_io(const xshim_verdict &v, const xshim_platform &p, const GuestEnv &env) {
    verdict = &v;
    platform = &p;
    environment = &env;
    Line line;
    line.str("xshim-guest: fbio: ");
    int32_t rc = xshim_xs_open(&xs, &v, &p);
    if (rc != XSHIM_S_OK) {
        say(line.str("no XenStore: ").str(xshim_xs_status_name(rc)).str("\n"));
        return;
    }
    // A grant for the keyboard page's page-gref (PV: Xen says where the table is; PVH: it goes
    // over a page of this image's own); without one the page goes by frame only (page-ref).
    if (xshim_gnttab_open(&gt, &v, &p, 1, frame(gnttab_page)) != XSHIM_S_OK)
        gt.nr_refs = 0;
    if (!connect_fb())
        return;
    const uint32_t cols = (fb.use.mode.width - 2 * kMargin) / kGuestFontWidth;
    const uint32_t rows = draw(v.line, cols);
    const int32_t update_rc = xshim_vfb_update(&fb, 0, 0, fb.use.mode.width, fb.use.mode.height);
    show(fb.use, cols, rows, update_rc);
    const bool have_kbd = connect_kbd();
    if (have_kbd) {
        take_input();
        Line bye;
        const xshim_vkbd_stats &s = kbd.stats;
        bye.str("xshim-guest: vkbd 0 events=").dec(s.events).str(" keys=").dec(s.keys);
        bye.str(" positions=").dec(s.positions).str(" motions=").dec(s.motions);
        bye.str(" clamped=").dec(s.clamped).str(" skipped=").dec(s.skipped).str(" disconnect: ");
        say(status(bye, xshim_vkbd_disconnect(&kbd)).str("\n"));
    }
    Line bye;
    bye.str("xshim-guest: vfb 0 updates=").dec(fb.stats.updates).str(" in-events=");
    bye.str("").dec(fb.stats.in_events).str(" refresh-period=");
    if (fb.use.refresh_period_ms == ~0u)
        bye.str("none");
    else
        bye.dec(fb.use.refresh_period_ms);
    bye.str(" disconnect: ");
    say(status(bye, xshim_vfb_disconnect(&fb)).str("\n"));
}
