// guest-boot/main.cpp: the guest kernel as any user of xshim writes it, through the public C
// API only: declare a policy, hand over what the entry code saw, let xshim probe and select,
// report, and go on (here: say how long it took and reboot, which ends the QEMU run).
//
// The policy is this kernel's; compile-time knobs let guest-boot.mk build variants of the same
// main (e.g. GUEST_MIN_MAJOR=99 for a kernel that must be refused by any real Xen).
#include "guest.hpp"

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
#define GUEST_ON_REFUSAL 2 // SHUTDOWN_crash, so a toolstack records the refusal
#endif

XSHIM_POLICY(guest_policy, .min_release = XSHIM_RELEASE(GUEST_MIN_MAJOR, GUEST_MIN_MINOR),
             .max_tested_release = XSHIM_RELEASE(GUEST_MAX_TESTED_MAJOR, GUEST_MAX_TESTED_MINOR),
             .newer = GUEST_NEWER,
             .guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_PV) | XSHIM_GUEST_MASK(XSHIM_GUEST_PVH),
             .required_features = {0, 0}, .wanted_features = {0, 0},
             .on_refusal = GUEST_ON_REFUSAL, .flags = 0);

namespace {

xshim_verdict verdict; // ~1 KiB: not on the 16 KiB boot stack

// No hypercall can stop a guest without Xen: QEMU's exit device ends the run.
void stop_debug_exit(void *, uint32_t reason) {
    xshim_platform p;
    xshim_platform_native(&p, XSHIM_BOOT_PVH);
    p.outb(p.ctx, kDebugExitPort, static_cast<uint8_t>(reason));
}

// PVH runs identity-mapped over the first 1 GiB (pvh-entry.S).
void *map_identity(void *, uint64_t frame) {
    return frame < (1u << 18) ? reinterpret_cast<void *>(static_cast<uintptr_t>(frame << 12))
                              : nullptr;
}

void say_cycles(const GuestEnv &env, const xshim_platform &p, uint64_t cycles) {
    LineBuf line;
    line.str("xshim-guest: ").str(env.name).str(" cycles entry->verdict=").dec(cycles).str("\n");
    (void)xshim_say(&verdict, &p, line.text, line.len);
}

} // namespace

extern "C" [[noreturn]] void guest_main(const void *boot_pointer, uint64_t entry_tsc) {
    const GuestEnv env = guest_env();

    xshim_platform p;
    xshim_platform_native(&p, env.protocol);
    p.hypercall_page = env.hypercall_page;
    p.hypercall_page_gpa = env.hypercall_page_gpa;
    if (env.has_debug_port) {
        p.map_frame = map_identity;
        p.stop = stop_debug_exit;
    }

    const xshim_handoff handoff{env.protocol, 0, boot_pointer};
    const uint32_t outcome = xshim_boot(&handoff, &guest_policy.desc, &p, &verdict);
    const uint64_t cycles = p.rdtsc(p.ctx) - entry_tsc;

    if (outcome != XSHIM_SELECTED)
        say_cycles(env, p, cycles); // xshim_report does not return from a refusal
    xshim_report(&verdict, &p);
    say_cycles(env, p, cycles);
    xshim_shutdown(&verdict.selection.hypercall, &p, kShutdownReboot);
}
