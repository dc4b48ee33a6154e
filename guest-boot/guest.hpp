// guest-boot/guest.hpp: what the tiny guest kernels share. The entry code (asm, in
// guest-boot/arch/<arch>/) calls guest_main; the environment file of the image (PV 64-bit or
// PVH) describes what that environment gives. Everything else goes through xshim's public API.
#pragma once

#include <xshim.h>

#include <abi/console_io.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <abi/sched.h>
#include <abi/version.h>

#include <stddef.h>
#include <stdint.h>

// One boot environment: what the entry code saw and what the environment offers.
struct GuestEnv {
    const char *name;             // "pv64", "pvh"
    uint32_t protocol;            // enum xshim_boot_protocol the entry code recognised
    void *hypercall_page;         // a page-aligned 4 KiB page for XSHIM_TRANSPORT_PAGE
    uint64_t hypercall_page_gpa;  // its guest-physical address (PVH: identity-mapped)
    bool page_written_by_builder; // PV: Xen wrote it while building the domain (ELF note)
    bool has_debug_port;          // port 0xe9 and the isa-debug-exit device may be used
    // Where a frame (PV: machine frame; PVH: guest frame) is in this guest's address space, or
    // NULL when it is outside what the environment maps. verdict: what xshim_boot found (PV
    // needs nr_pages and the boot-time mapping's extent, and the selected hypercall port to map
    // a frame Xen shares, such as the grant table's).
    void *(*map_frame)(const xshim_verdict *verdict, uint64_t frame);
    // Arm has no I/O ports: the environment's stand-in for the debug console port (QEMU virt:
    // the PL011), which xshim uses only when no Xen answers; NULL where outb is real.
    void (*debug_out)(void *ctx, uint16_t port, uint8_t value);
    // The frame a page of this image is granted by (PV: its machine frame, from the
    // start_info's page-frame list; PVH: its guest frame), or 0 when it cannot say.
    uint64_t (*frame_of)(const xshim_boot_info *boot, const void *va);
    // A page-aligned page of the image's own, mapped, that xshim_shared_info_map turns into
    // shared_info, and its guest frame (PVH, Arm: the page's physical frame; PV: unused).
    void *shared_info_page;
    uint64_t shared_info_gfn;
    // Make what the hypervisor wrote to [p, p + len) visible to this kernel's reads, where its
    // reads bypass the caches the hypervisor writes through (Arm with the MMU off); NULL where
    // they are coherent (x86).
    void (*sync_for_read)(const void *p, size_t len);
};

GuestEnv guest_env();

extern "C" [[noreturn]] void guest_main(const void *boot_pointer, uint64_t entry_tsc);

// guest-boot/devices.cpp (images built with GUEST_PROBE_DEVICES=1): one console line per vbd
// and vif, with the feature-* nodes and limits its backend wrote in XenStore.
// After a selection and say_time: one hot-path call through the bound dispatch, said beside the
// adapter path's answer (every environment defines it with its architecture's lists and
// guest-boot/bound.hpp's say_bound; main's weak default says nothing). shared_info: where it is
// mapped.
void guest_say_bound(const xshim_verdict &verdict, const xshim_platform &platform,
                     void *shared_info);

void guest_probe_devices(const xshim_verdict &verdict, const xshim_platform &platform);

// guest-boot/blockio.cpp (images built with GUEST_BLOCK_IO=1): connect xshim's block frontend
// to the first vbd, read and write sectors, print what was negotiated and hashes of the data;
// with reconnect (GUEST_BLOCK_RECONNECT=1), then wait for the toolstack to detach the disk and
// attach it again, and do it all once more.
void guest_block_io(const xshim_verdict &verdict, const xshim_platform &platform,
                    const GuestEnv &env, bool reconnect);

// guest-boot/netio.cpp (images built with GUEST_NET_IO=1): connect xshim's network frontend to
// the first vif, answer ARP and ICMP echo for 169.254.77.2 until dom0 writes data/xshim-net =
// "done" (bounded in time), print what was negotiated and the frame counters; with reconnect
// (GUEST_NET_RECONNECT=1), follow a detach and attach of the vif and serve again.
void guest_net_io(const xshim_verdict &verdict, const xshim_platform &platform, const GuestEnv &env,
                  bool reconnect);
// guest-boot/fbio.cpp (images built with GUEST_FB_IO=1): connect xshim's PV framebuffer and
// keyboard frontends, draw the verdict line into the framebuffer, print the input events that
// come, disconnect.
void guest_fb_io(const xshim_verdict &verdict, const xshim_platform &platform, const GuestEnv &env);

// QEMU's exit device (isa-debug-exit, iobase 0xf4): writing V ends QEMU with (V << 1) | 1.
inline constexpr uint16_t kDebugExitPort = 0xf4;

// Small text helpers (no libc): a line of at most Cap - 1 characters, always NUL-terminated.
template <size_t Cap> struct TextBuf {
    char text[Cap];
    size_t len = 0;
    TextBuf &str(const char *s) {
        while (*s != '\0' && len + 1 < sizeof text)
            text[len++] = *s++;
        text[len] = '\0';
        return *this;
    }
    TextBuf &hex(uint64_t v, unsigned digits) {
        char tmp[19] = "0x";
        for (unsigned i = 0; i < digits; ++i)
            tmp[2 + i] = "0123456789abcdef"[(v >> (4 * (digits - 1 - i))) & 0xf];
        tmp[2 + digits] = '\0';
        return str(tmp);
    }
    TextBuf &dec(uint64_t v) {
        char tmp[21];
        size_t n = 0;
        do {
            tmp[n++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v != 0);
        char out[21];
        for (size_t i = 0; i < n; ++i)
            out[i] = tmp[n - 1 - i];
        out[n] = '\0';
        return str(out);
    }
    TextBuf &sdec(int64_t v) {
        if (v < 0) {
            str("-");
            return dec(static_cast<uint64_t>(-(v + 1)) + 1);
        }
        return dec(static_cast<uint64_t>(v));
    }
};
using LineBuf = TextBuf<XSHIM_LINE_MAX>;
