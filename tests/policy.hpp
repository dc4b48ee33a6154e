// tests/policy.hpp: the one policy builder of the tests (unit, tools, benchmark, fuzzers). A
// policy built here is what XSHIM_POLICY() would declare; the C API test declares its own with
// the macro, as a C kernel does.
#pragma once

#include <xshim.h>

#include <abi/sched.h>

// A kernel that accepts min .. max (by default Xen 4.0 .. 4.17) as PV or PVH.
inline xshim_policy make_policy(uint32_t min = XSHIM_RELEASE(4, 0),
                                uint32_t max = XSHIM_RELEASE(4, 17),
                                uint32_t newer = XSHIM_NEWER_REFUSE, uint32_t flags = 0) {
    xshim_policy p{};
    p.magic = XSHIM_POLICY_MAGIC;
    p.size = sizeof p;
    p.version = XSHIM_POLICY_VERSION;
    p.min_release = min;
    p.max_tested_release = max;
    p.newer = newer;
    p.guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_PV) | XSHIM_GUEST_MASK(XSHIM_GUEST_PVH);
    p.on_refusal = XSHIM_SHUTDOWN_crash;
    p.flags = flags;
    return p;
}

// The policy guest-boot/main.cpp declares for an image ("pv64", "pvh", "arm64", each with an
// optional "-needs99" variant, guest-boot.mk's GUEST_POLICY_needs99): Xen 4.6 .. 4.17 tested,
// newer accepted, PV, PVH and Arm; needs99 accepts Xen 99.0 only.
inline xshim_policy guest_boot_policy(bool needs99 = false) {
    xshim_policy p = needs99 ? make_policy(XSHIM_RELEASE(99, 0), XSHIM_RELEASE(99, 0))
                             : make_policy(XSHIM_RELEASE(4, 6), XSHIM_RELEASE(4, 17));
    p.newer = XSHIM_NEWER_ACCEPT;
    p.guest_types |= XSHIM_GUEST_MASK(XSHIM_GUEST_ARM);
    return p;
}
