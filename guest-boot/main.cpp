// guest-boot/main.cpp: the guest kernel as any user of xshim writes it, through the public C
// API only: declare a policy, hand over what the entry code saw, let xshim probe and select,
// report, and go on (here: say how long it took and which consoles took the verdict, read the
// time once through shared_info, optionally probe the backends of its devices, then stop).
//
// The policy is this kernel's; compile-time knobs let guest-boot.mk build variants of the same
// main (e.g. GUEST_MIN_MAJOR=99 for a kernel that must be refused by any real Xen,
// GUEST_PROBE_DEVICES=1 for one that reports its vbd/vif backends' XenStore features).
//
// How it stops: as dom0 (the boot tests) with SHUTDOWN_reboot, which ends the QEMU run; as a
// domU started by a toolstack with SHUTDOWN_poweroff, which the toolstack records (on_poweroff).
// A refusal stops with the policy's on_refusal, SHUTDOWN_crash (on_crash).
#include "guest.hpp"

#include <abi/features.h>
#include <abi/sched.h>
#include <abi/start_info_x86.h>

#ifndef GUEST_MIN_MAJOR
#define GUEST_MIN_MAJOR 4
#endif
#ifndef GUEST_MIN_MINOR
#define GUEST_MIN_MINOR 6
#endif
#ifndef GUEST_MAX_TESTED_MAJOR
#define GUEST_MAX_TESTED_MAJOR 4
#endif
#ifndef GUEST_MAX_TESTED_MINOR
#define GUEST_MAX_TESTED_MINOR 17
#endif
#ifndef GUEST_NEWER
#define GUEST_NEWER XSHIM_NEWER_ACCEPT
#endif
#ifndef GUEST_ON_REFUSAL
#define GUEST_ON_REFUSAL XSHIM_SHUTDOWN_crash // so a toolstack records the refusal (on_crash)
#endif
#ifndef GUEST_PROBE_DEVICES
#define GUEST_PROBE_DEVICES 0
#endif
#ifndef GUEST_BLOCK_IO
#define GUEST_BLOCK_IO 0
#endif
#ifndef GUEST_BLOCK_RECONNECT
#define GUEST_BLOCK_RECONNECT 0
#endif
#ifndef GUEST_NET_IO
#define GUEST_NET_IO 0
#endif
#ifndef GUEST_NET_RECONNECT
#define GUEST_NET_RECONNECT 0
#endif
#ifndef GUEST_FB_IO
#define GUEST_FB_IO 0
#endif
#ifndef GUEST_ACCEPT_HVM
#define GUEST_ACCEPT_HVM 0 // 1: the kernel also runs as an HVM guest (started by a device model)
#endif
#ifndef GUEST_POLICY_FLAGS
#define GUEST_POLICY_FLAGS 0 // e.g. XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE
#endif

XSHIM_POLICY(guest_policy, .min_release = XSHIM_RELEASE(GUEST_MIN_MAJOR, GUEST_MIN_MINOR),
             .max_tested_release = XSHIM_RELEASE(GUEST_MAX_TESTED_MAJOR, GUEST_MAX_TESTED_MINOR),
             .newer = GUEST_NEWER,
             .guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_PV) | XSHIM_GUEST_MASK(XSHIM_GUEST_PVH) |
                            XSHIM_GUEST_MASK(XSHIM_GUEST_ARM) |
                            (GUEST_ACCEPT_HVM ? XSHIM_GUEST_MASK(XSHIM_GUEST_HVM) : 0u),
             .required_features = {0, 0}, .wanted_features = {0, 0}, .on_refusal = GUEST_ON_REFUSAL,
             .flags = GUEST_POLICY_FLAGS);

namespace {

constexpr uint32_t kChannelsUnknown = ~0u; // a refusal's line goes out in xshim_report
constexpr unsigned kStubBytesShown = 9;    // mov $nr, %eax (5); vmcall/vmmcall (3); ret (1)

xshim_verdict verdict; // ~1 KiB: not on the 16 KiB boot stack
GuestEnv env;

// No hypercall can stop a guest without Xen: QEMU's exit device ends the run.
void stop_debug_exit(void *, uint32_t reason) {
    xshim_platform p;
    xshim_platform_native(&p, XSHIM_BOOT_PVH);
    p.outb(p.ctx, kDebugExitPort, static_cast<uint8_t>(reason));
}

// The environment knows its address space; xshim asks only after xshim_boot filled verdict.boot.
void *map_frame(void *, uint64_t frame) { return env.map_frame(&verdict, frame); }

// The hardware domain (Xen's own dom0 builder) rather than a domain a toolstack built.
bool is_dom0() {
    const xshim_identity &id = verdict.identity;
    const bool feature = id.features_fact.status == XSHIM_FACT_OK &&
                         (id.features[XSHIM_XENFEAT_SUBMAP(XSHIM_XENFEAT_dom0)] &
                          XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_dom0)) != 0;
    return feature || (verdict.boot.flags & XSHIM_SIF_INITDOMAIN) != 0;
}

// Xen was found: its CPUID leaves (x86) or its device-tree node (Arm).
bool found_xen() {
    const xshim_identity &id = verdict.identity;
    return id.cpuid_base != 0 ||
           (id.signature_fact.source == XSHIM_SRC_FDT && id.signature_fact.status == XSHIM_FACT_OK);
}

// After the verdict: how long it took, and where the verdict went. console_io is asked with an
// empty write, which a release Xen answers -EPERM (-1) for a domU; that is expected and only
// recorded here, the PV console ring is the channel that counts for a domU.
void say_after(const xshim_platform &p, uint64_t cycles, uint32_t channels) {
    LineBuf line;
    line.str("xshim-guest: ")
        .str(env.name)
        .str(verdict.outcome == XSHIM_SELECTED ? "" : " refused");
    line.str(!found_xen() ? " no-xen" : is_dom0() ? " dom0" : " domU");
    if (verdict.selection.hypercall.fn != nullptr)
        line.str(" console_io=").sdec(xshim_console_write(&verdict.selection.hypercall, "", 0));
    if (channels != kChannelsUnknown)
        line.str(" verdict-channels=").dec(channels);
    // Calls through the hypercall page: show the first bytes of stub 0 as Xen wrote them
    // (x86 HVM/PVH: mov $0, %eax; vmcall or vmmcall; ret), the evidence that the MSR write
    // CPUID base+2 named was answered.
    const xshim_hypercall &hc = verdict.selection.hypercall;
    if (hc.adapter != nullptr && hc.adapter->transport == XSHIM_TRANSPORT_PAGE &&
        hc.cookie != nullptr) {
        line.str(" hypercall-page-stub0=");
        const auto *stub = static_cast<const unsigned char *>(hc.cookie);
        for (unsigned i = 0; i < kStubBytesShown; ++i) {
            const char byte[3] = {"0123456789abcdef"[stub[i] >> 4],
                                  "0123456789abcdef"[stub[i] & 0xf], '\0'};
            line.str(byte);
        }
    }
    line.str(" cycles entry->verdict=").dec(cycles).str("\n");
    (void)xshim_say(&verdict, &p, line.text, line.len);
}

// xshim_report's own text, counted: the verdict line and the channels that took it.
uint32_t say_verdict(const xshim_platform &p) {
    LineBuf line;
    line.str(verdict.line).str("\n");
    return xshim_say(&verdict, &p, line.text, line.len);
}

// After a selection, as a kernel would start using the hypervisor: place shared_info at the
// environment's page, read the system time and the wallclock once through the selected adapter,
// and say what was read (or why nothing was) in one line. True if shared_info is mapped there.
bool say_time(const xshim_platform &p) {
    const int32_t map =
        xshim_shared_info_map(&verdict, &p, env.shared_info_page, env.shared_info_gfn);
    xshim_time_reading reading;
    if (map == XSHIM_S_OK) {
        if (env.sync_for_read != nullptr)
            env.sync_for_read(env.shared_info_page, XSHIM_PAGE_SIZE);
        (void)xshim_time_read(&verdict, &p, env.shared_info_page, &reading); // the line says it
    }
    LineBuf line;
    line.len = xshim_time_line(&verdict, map, map == XSHIM_S_OK ? &reading : nullptr, line.text,
                               sizeof line.text - 1); // room for the newline
    line.str("\n");
    (void)xshim_say(&verdict, &p, line.text, line.len);
    return map == XSHIM_S_OK;
}

} // namespace

// Environments without bindings say nothing; pv64, pvh, pv32 and arm64 define it (guest.hpp).
__attribute__((weak)) void guest_say_bound(const xshim_verdict &, const xshim_platform &, void *) {}

extern "C" [[noreturn]] void guest_main(const void *boot_pointer, uint64_t entry_tsc) {
    env = guest_env();

    xshim_platform p;
    xshim_platform_native(&p, env.protocol);
    p.hypercall_page = env.hypercall_page;
    p.hypercall_page_gpa = env.hypercall_page_gpa;
    p.map_frame = map_frame;
    if (env.has_debug_port)
        p.stop = stop_debug_exit;
    if (env.debug_out != nullptr)
        p.outb = env.debug_out;

    const xshim_handoff handoff{env.protocol, 0, boot_pointer};
    const uint32_t outcome = xshim_boot(&handoff, &guest_policy.desc, &p, &verdict);
    const uint64_t cycles = p.rdtsc(p.ctx) - entry_tsc;

    if (outcome != XSHIM_SELECTED) {
        // xshim_report says the line again on every channel and does not return: say the
        // timing first.
        say_after(p, cycles, kChannelsUnknown);
        xshim_report(&verdict, &p);
    }
    const uint32_t channels = say_verdict(p);
    say_after(p, cycles, channels);
    if (say_time(p))
        guest_say_bound(verdict, p, env.shared_info_page);
#if GUEST_PROBE_DEVICES
    guest_probe_devices(verdict, p);
#endif
#if GUEST_BLOCK_IO
    guest_block_io(verdict, p, env, GUEST_BLOCK_RECONNECT != 0);
#endif
#if GUEST_NET_IO
    guest_net_io(verdict, p, env, GUEST_NET_RECONNECT != 0);
#endif
#if GUEST_FB_IO
    guest_fb_io(verdict, p, env);
#endif
    xshim_shutdown(&verdict.selection.hypercall, &p,
                   is_dom0() ? XSHIM_SHUTDOWN_reboot : XSHIM_SHUTDOWN_poweroff);
}
