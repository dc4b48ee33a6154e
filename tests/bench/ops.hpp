// tests/bench/ops.hpp: the measured operations, one out-of-line function each, so callgrind's
// inclusive count of a function is the cost of one operation as a kernel would call it.
//
// Three ways to do each hot operation on the same shared_info page:
//   *_adapter  through the adapter xshim selected (struct xshim_shared_info_adapter, function
//              pointers, shim/include/xshim.h): what a C kernel bound to the verdict calls
//   *_inline   the same shim code instantiated at compile time (shim/runtime/shared_info_ops.hpp's
//              SharedInfoOps for the x86_64 layout): what a C++ kernel that knows its layout
//              could call, no indirection
//   *_direct   hand-written against Xen's public headers (xen/xen.h, arch-x86/xen-x86_64.h),
//              as a Xen-header-based kernel does it (the Linux/Mini-OS idioms)
// adapter.cpp and direct.cpp are compiled with the library's own flags (mk/flags.mk: the
// freestanding -O2 set and the x86_64 code model), platform.cpp too; only main.cpp is hosted.
#pragma once

#include <xshim.h>

#include <stdint.h>

extern "C" {

struct bench_wallclock {
    uint64_t sec;
    uint32_t nsec;
    uint32_t pad;
};

// vCPU system time in ns: read vcpu_time_info under its version, apply the pvclock formula.
uint64_t bench_time_adapter(const xshim_shared_info_adapter *ops, const void *vcpu_info,
                            uint64_t tsc);
uint64_t bench_time_inline(const void *vcpu_info, uint64_t tsc);
uint64_t bench_time_direct(const void *vcpu_info, uint64_t tsc);

// Wallclock seconds and nanoseconds under wc_version.
int bench_wallclock_adapter(const xshim_shared_info_adapter *ops, const void *shared_info,
                            bench_wallclock *out);
int bench_wallclock_inline(const void *shared_info, bench_wallclock *out);
int bench_wallclock_direct(const void *shared_info, bench_wallclock *out);

// Test and clear one event channel's pending bit (2-level ABI): 1 if it was set.
int bench_evtchn_adapter(const xshim_shared_info_adapter *ops, void *shared_info, uint32_t port);
int bench_evtchn_inline(void *shared_info, uint32_t port);
int bench_evtchn_direct(void *shared_info, uint32_t port);

// Mask upcalls, restore the previous mask, read upcall_pending (what a kernel checks after
// unmasking): returns previous mask | mask seen on restore << 1 | pending << 2.
uint32_t bench_upcall_adapter(const xshim_shared_info_adapter *ops, void *vcpu_info);
uint32_t bench_upcall_inline(void *vcpu_info);
uint32_t bench_upcall_direct(void *vcpu_info);

// One hypercall, xen_version(XENVER_version, NULL), into the same hypercall-page stub
// (bench_hypercall_page, hypercall_page.S): through the selected port and the library's page
// transport, or a direct call into the page as Linux's _hypercall2 does.
long bench_hypercall_adapter(const xshim_hypercall *hc);
long bench_hypercall_direct(void);
extern const unsigned char bench_hypercall_page[4096];

// The whole xshim_boot() over the injected platform (platform.cpp).
uint32_t bench_boot(const xshim_handoff *handoff, const xshim_policy *policy,
                    const xshim_platform *platform, xshim_verdict *verdict);

// The injected platform: Xen 4.17 as captured (tests/corpus/xen-4.17-x86_64-pv-dom0.txt), answered
// from constants; no allocation, no libc.
void bench_platform(xshim_platform *p);
}
