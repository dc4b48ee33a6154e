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

// ---- Bound: the kernel's own code, compiled once as a template over a bound Xen and
// instantiated by xshim::dispatch() (shim/runtime/dispatch.hpp) for the selected layout and
// transport (tests/bench/bound.cpp). bench_bind() dispatches once and hands back the kernel's
// functions for that pair: a per-layout object chosen once, the way a C kernel would hold them.
// The hypercall transport is the page at a link-time address (PageAt<bench_hypercall_page>),
// the way Linux calls its hypercall page.
struct bench_response { // blkif_response (x86_64): what the consumer takes out of the ring
    uint64_t id;
    uint8_t operation;
    uint8_t pad;
    int16_t status;
    uint32_t pad2;
};
struct bench_bound_fns {
    uint64_t (*time)(const void *vcpu_info, uint64_t tsc);
    int (*wallclock)(const void *shared_info, bench_wallclock *out);
    int (*evtchn)(void *shared_info, uint32_t port);
    uint32_t (*upcall)(void *vcpu_info);
    long (*hypercall)(void);
    long (*send)(uint32_t port);
    int (*ring_push)(void *ring, uint64_t id, uint64_t sector, uint32_t port);
    int (*ring_consume)(void *ring, bench_response *out);
};
// false if the selection is not one this build can bind.
bool bench_bind(const xshim_selection *sel, bench_bound_fns *out);

// EVTCHNOP_send through the hypercall page's event_channel_op stub (direct: _hypercall2).
long bench_send_direct(uint32_t port);

// A blkif front ring on one 4 KiB page: *_bound over xshim::FrontRing (shim/runtime/front_ring.hpp),
// *_direct over Xen's io/ring.h macros (blkif_front_ring_t). `ring` is caller storage of
// bench_ring_storage bytes; init lays the shared ring out on `page`.
enum { bench_ring_storage = 64 };
int bench_ring_init_bound(void *ring, void *page);
int bench_ring_init_direct(void *ring, void *page);
// Push one read request (id, sector) and, when the backend asked for it, notify `port`:
// 1 notified, 0 pushed without notifying, -1 the ring is full.
int bench_ring_push_direct(void *ring, uint64_t id, uint64_t sector, uint32_t port);
// Take the next response: 1 taken, 0 none, negative when the backend's rsp_prod is impossible.
int bench_ring_consume_direct(void *ring, bench_response *out);

// The whole-kernel loop: `rounds` times: call the backend (main.cpp: raises the event, answers
// the outstanding request), read the time, test-and-clear the event, on an event consume the
// responses and push a new request with a notify, make a hypercall. Returns a digest of what it
// saw. *_bound runs one xshim::dispatch() and then the loop instantiated for the selection;
// *_direct is the same loop written against Xen's headers.
struct bench_kernel_args {
    void *shared_info;
    void *vcpu_info;
    void *ring;
    uint32_t port;
    uint32_t rounds;
    uint64_t tsc;
    void (*backend)(void *ring_page, uint32_t port, uint64_t round);
    void *ring_page;
};
uint64_t bench_kernel_bound(const xshim_selection *sel, const bench_kernel_args *a);
uint64_t bench_kernel_direct(const bench_kernel_args *a);

// What the hypercall page's event_channel_op stub saw last (hypercall_page.S).
extern uint64_t bench_evtchn_op_calls;
extern uint32_t bench_evtchn_op_cmd, bench_evtchn_op_port;

// The whole xshim_boot() over the injected platform (platform.cpp).
uint32_t bench_boot(const xshim_handoff *handoff, const xshim_policy *policy,
                    const xshim_platform *platform, xshim_verdict *verdict);

// The injected platform: Xen 4.17 as captured (tests/corpus/xen-4.17-x86_64-pv-dom0.txt), answered
// from constants; no allocation, no libc.
void bench_platform(xshim_platform *p);
}
