// shim/report/console.cpp: saying the verdict where a person can see it, then stopping on a refusal.
// Channels, in order:
//   1. console_io(CONSOLEIO_write): Xen's console. A release build denies it to a domU (-EPERM):
//      that is recorded as "not taken", never fatal.
//   2. the PV console ring (what `xl console` and xenconsoled's log show): PV domUs find it in
//      start_info, PVH/HVM domUs through HVM_PARAM_CONSOLE_PFN/EVTCHN. xshim waits, bounded,
//      until the console daemon has drained it, so a shutdown right after loses nothing.
//   3. port 0xe9 on PVH/HVM, or with no Xen at all: QEMU's and Xen's debug console. Used only
//      when console_io did not take the text, so one console never shows the line twice.
//      On Arm without Xen, the kernel's outb (e.g. to a PL011) stands in for the port.
#include "shim/runtime/hypercall.hpp"
#include "shim/runtime/wait.hpp"
#include "shim/lib/text.hpp"

#include <abi/console_ring.h>
#include <abi/hvm.h>
#include <abi/sched.h>

namespace xshim {
namespace {

constexpr size_t kConsoleIoChunk = 256;  // bytes per console_io call
constexpr uint32_t kConsoleIoCalls = 64; // bound on calls for one text (partial writes)
constexpr uint16_t kDebugPort = XSHIM_HVM_DEBUGCONS_IOPORT;

bool write_console_io(const xshim_hypercall &hc, const char *s, size_t len) {
    size_t off = 0;
    for (uint32_t calls = 0; off < len && calls < kConsoleIoCalls; ++calls) {
        size_t chunk = len - off < kConsoleIoChunk ? len - off : kConsoleIoChunk;
        long rc = xshim_console_write(&hc, s + off, chunk);
        if (rc < 0)
            return false;
        // Xen 4.17 answers 0 for "all written"; a later one may answer a byte count.
        size_t done = rc == 0 || static_cast<size_t>(rc) > chunk ? chunk : static_cast<size_t>(rc);
        off += done;
    }
    return off == len;
}

void relax(const xshim_platform &p) {
    if (p.relax != nullptr)
        p.relax(p.ctx);
}

bool write_ring(const xshim_verdict &v, const xshim_platform &p, xshim_xencons_interface *ring,
                uint32_t evtchn, const char *s, size_t len) {
    const xshim_hypercall &hc = v.selection.hypercall;
    constexpr uint32_t kSize = sizeof ring->out;
    uint32_t prod = __atomic_load_n(&ring->out_prod, __ATOMIC_RELAXED);
    uint32_t cons = __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
    if (prod - cons > kSize)
        return false; // indexes that cannot be: the ring is not ours to trust
    uint32_t spins = wait_rounds(p);
    for (size_t i = 0; i < len; ++i) {
        while (prod - cons >= kSize) {
            __atomic_store_n(&ring->out_prod, prod, __ATOMIC_RELEASE);
            (void)xshim_evtchn_send(&hc, evtchn);
            relax(p);
            cons = __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
            if (prod - cons > kSize || --spins == 0)
                return false;
        }
        ring->out[prod & (kSize - 1)] = s[i];
        ++prod;
    }
    __atomic_store_n(&ring->out_prod, prod, __ATOMIC_RELEASE);
    (void)xshim_evtchn_send(&hc, evtchn);
    while (__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) != prod) {
        if (--spins == 0)
            return false; // not drained in time: the text is in the ring, maybe seen later
        relax(p);
    }
    return true;
}

// Where the PV console ring is, if this domain has one.
bool find_ring(const xshim_verdict &v, const xshim_platform &p, xshim_xencons_interface **ring,
               uint32_t *evtchn) {
    if (p.map_frame == nullptr || v.selection.hypercall.fn == nullptr)
        return false;
    uint64_t frame = 0;
    if (v.boot.protocol == XSHIM_BOOT_PV) {
        frame = v.boot.console_mfn;
        *evtchn = v.boot.console_evtchn;
    } else if (v.identity.guest_type == XSHIM_GUEST_PVH ||
               v.identity.guest_type == XSHIM_GUEST_HVM) {
        uint64_t port = 0;
        if (xshim_hvm_get_param(&v.selection.hypercall, XSHIM_HVM_PARAM_CONSOLE_PFN, &frame) != 0 ||
            xshim_hvm_get_param(&v.selection.hypercall, XSHIM_HVM_PARAM_CONSOLE_EVTCHN, &port) != 0)
            return false;
        *evtchn = static_cast<uint32_t>(port);
    }
    if (frame == 0)
        return false; // dom0, or no console: console_io is the channel
    *ring = static_cast<xshim_xencons_interface *>(p.map_frame(p.ctx, frame));
    return *ring != nullptr;
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" {

uint32_t xshim_say(const xshim_verdict *v, const xshim_platform *p, const char *text, size_t len) {
    if (v == nullptr || p == nullptr || text == nullptr)
        return 0;
    uint32_t took = 0;
    bool console_io = false;
    if (v->selection.hypercall.fn != nullptr) {
        console_io = write_console_io(v->selection.hypercall, text, len);
        took += console_io ? 1 : 0;
    }
    xshim_xencons_interface *ring = nullptr;
    uint32_t evtchn = 0;
    if (find_ring(*v, *p, &ring, &evtchn))
        took += write_ring(*v, *p, ring, evtchn, text, len) ? 1 : 0;
    bool hvm_like = v->identity.guest_type == XSHIM_GUEST_PVH ||
                    v->identity.guest_type == XSHIM_GUEST_HVM || v->identity.cpuid_base == 0;
    // Arm has no ports: only without Xen (no hypercall port) does the kernel's outb take the
    // debug console's bytes, for its early UART (docs/arm64.md); under Xen the UART is Xen's.
    if (!console_io && hvm_like && p->outb != nullptr &&
        (v->identity.arch == XSHIM_ARCH_X86_64 || v->identity.arch == XSHIM_ARCH_X86_32 ||
         v->selection.hypercall.fn == nullptr)) {
        for (size_t i = 0; i < len; ++i)
            p->outb(p->ctx, kDebugPort, static_cast<uint8_t>(text[i]));
        ++took;
    }
    return took;
}

void xshim_report(const xshim_verdict *v, const xshim_platform *p) {
    if (v == nullptr)
        return;
    char text[XSHIM_LINE_MAX + 1];
    size_t n = bounded_len(v->line, sizeof v->line);
    copy_bytes(text, v->line, n);
    text[n++] = '\n';
    (void)xshim_say(v, p, text, n);
    if (v->outcome == XSHIM_SELECTED)
        return;
    uint32_t reason = v->policy != nullptr && v->reason != XSHIM_REASON_BAD_POLICY
                          ? v->policy->on_refusal
                          : uint32_t{XSHIM_SHUTDOWN_crash};
    xshim_shutdown(&v->selection.hypercall, p, reason);
}

} // extern "C"
