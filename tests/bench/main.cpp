// tests/bench/main.cpp: the benchmark driver (hosted). It boots xshim over the injected
// platform, lays out one shared_info page with Xen's own struct (xen/xen.h), checks that every
// measured path gives the same answer as the direct reference, then calls each measured
// function --iterations times so that callgrind's inclusive count / iterations is the cost of
// one call (tests/bench/bench.sh). Run alone it is the cheap "does the benchmark still work"
// test: status 0 only if every check passed.
#include "ops.hpp"

#include "abi/sched.h"
#include "tests/policy.hpp"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initializer_list>

#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#include <xen/event_channel.h>
#include <xen/xen.h>
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#include <xen/io/blkif.h>
#include <xen/io/ring.h>

namespace {

alignas(4096) shared_info g_shared;
alignas(4096) unsigned char g_ring_page_bound[4096];
alignas(4096) unsigned char g_ring_page_direct[4096];
alignas(8) unsigned char g_ring_bound[bench_ring_storage];
alignas(8) unsigned char g_ring_direct[bench_ring_storage];
bench_bound_fns g_bound;
xshim_selection g_selection; // the selection as bound (bench_bind)
start_info_t g_start;
xshim_verdict g_verdict;
int g_failures;

void check(bool ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "bench: CHECK FAILED: %s\n", what);
        ++g_failures;
    }
}

void set_time(vcpu_time_info &t, uint32_t version, uint64_t stamp, uint64_t system, uint32_t mul,
              int8_t shift) {
    t.version = version;
    t.tsc_timestamp = stamp;
    t.system_time = system;
    t.tsc_to_system_mul = mul;
    t.tsc_shift = shift;
    t.flags = XEN_PVCLOCK_TSC_STABLE_BIT;
}

void check_time(const xshim_shared_info_adapter *ops, const void *vcpu) {
    // A 3 GHz-like scale (mul/2^32 ns per tick after the shift) and others, incl. negative shifts.
    const uint32_t muls[] = {0xaaaaaaabu, 0x80000000u, 0xffffffffu, 1u};
    const int8_t shifts[] = {-2, -1, 0, 1, 3};
    for (uint32_t mul : muls) {
        for (int8_t shift : shifts) {
            set_time(g_shared.vcpu_info[0].time, 6, 0x2f1e3d4c5b6aull, 987654321012ull, mul, shift);
            const uint64_t tsc = 0x2f1e3d4c5b6aull + 123456789ull * (shift + 3);
            const uint64_t d = bench_time_direct(vcpu, tsc);
            check(bench_time_adapter(ops, vcpu, tsc) == d, "time: adapter == direct");
            check(bench_time_inline(vcpu, tsc) == d, "time: inline == direct");
            check(d > 987654321012ull || mul == 1u, "time: advanced past system_time");
        }
    }
    set_time(g_shared.vcpu_info[0].time, 6, 0x2f1e3d4c5b6aull, 987654321012ull, 0xaaaaaaabu, -1);
}

void check_wallclock(const xshim_shared_info_adapter *ops) {
    g_shared.wc_version = 2;
    g_shared.wc_sec = 1700000000u;
    g_shared.wc_nsec = 123456789u;
    g_shared.wc_sec_hi = 1; // a date past 2106: the high word must be read
    bench_wallclock a{}, i{}, d{};
    check(bench_wallclock_adapter(ops, &g_shared, &a) == 0, "wallclock: adapter ok");
    check(bench_wallclock_inline(&g_shared, &i) == 0, "wallclock: inline ok");
    check(bench_wallclock_direct(&g_shared, &d) == 0, "wallclock: direct ok");
    check(d.sec == (1ull << 32 | 1700000000u) && d.nsec == 123456789u, "wallclock: direct value");
    check(a.sec == d.sec && a.nsec == d.nsec, "wallclock: adapter == direct");
    check(i.sec == d.sec && i.nsec == d.nsec, "wallclock: inline == direct");
}

bool pending(uint32_t port) {
    const xen_ulong_t w = g_shared.evtchn_pending[port / (sizeof(xen_ulong_t) * 8)];
    return (w >> (port % (sizeof(xen_ulong_t) * 8))) & 1;
}

void set_pending(uint32_t port) {
    g_shared.evtchn_pending[port / (sizeof(xen_ulong_t) * 8)] |=
        xen_ulong_t{1} << (port % (sizeof(xen_ulong_t) * 8));
}

void check_evtchn(const xshim_shared_info_adapter *ops) {
    for (uint32_t port : {0u, 5u, 63u, 64u, 1000u, 4095u}) {
        int (*const ways[3])(const xshim_shared_info_adapter *, uint32_t) = {
            [](const xshim_shared_info_adapter *o, uint32_t p) {
                return bench_evtchn_adapter(o, &g_shared, p);
            },
            [](const xshim_shared_info_adapter *, uint32_t p) {
                return bench_evtchn_inline(&g_shared, p);
            },
            [](const xshim_shared_info_adapter *, uint32_t p) {
                return bench_evtchn_direct(&g_shared, p);
            },
        };
        for (auto way : ways) {
            set_pending(port);
            set_pending(port ^ 1); // a neighbour that must survive
            check(way(ops, port) == 1, "evtchn: a set bit reads 1");
            check(!pending(port), "evtchn: and is cleared");
            check(pending(port ^ 1), "evtchn: the neighbour is untouched");
            check(way(ops, port) == 0, "evtchn: a clear bit reads 0");
            g_shared.evtchn_pending[(port ^ 1) / (sizeof(xen_ulong_t) * 8)] = 0;
        }
    }
}

void check_upcall(const xshim_shared_info_adapter *ops, vcpu_info *v) {
    for (uint8_t mask : {uint8_t{0}, uint8_t{1}}) {
        v->evtchn_upcall_pending = 1;
        v->evtchn_upcall_mask = mask;
        const uint32_t d = bench_upcall_direct(v);
        check(v->evtchn_upcall_mask == mask, "upcall: direct restores the mask");
        const uint32_t a = bench_upcall_adapter(ops, v);
        check(v->evtchn_upcall_mask == mask, "upcall: adapter restores the mask");
        const uint32_t i = bench_upcall_inline(v);
        check(v->evtchn_upcall_mask == mask, "upcall: inline restores the mask");
        check(d == (mask | 2u | 4u), "upcall: direct saw mask, 1, pending");
        check(a == d && i == d, "upcall: adapter == inline == direct");
    }
    v->evtchn_upcall_mask = 0;
}

// The other end of the ring (a blkback stand-in), outside every measured function: answer each
// request the frontend published with a response carrying its id and status 0, ask to be
// notified of the next request (req_event = req_prod + 1), and raise the event on `port`.
extern "C" __attribute__((noinline)) void bench_backend(void *page, uint32_t port, uint64_t) {
    blkif_sring *s = static_cast<blkif_sring *>(page);
    const RING_IDX size = __RING_SIZE(s, 4096);
    RING_IDX rsp = s->rsp_prod;
    for (; rsp != s->req_prod; ++rsp) {
        blkif_response_t *r = &s->ring[rsp & (size - 1)].rsp;
        r->id = s->ring[rsp & (size - 1)].req.id; // the request's slot becomes its response
        r->operation = BLKIF_OP_READ;
        r->status = BLKIF_RSP_OKAY;
    }
    s->rsp_prod = rsp;
    s->req_event = s->req_prod + 1;
    g_shared.evtchn_pending[port / (sizeof(xen_ulong_t) * 8)] |=
        xen_ulong_t{1} << (port % (sizeof(xen_ulong_t) * 8));
}

// The ring paths, bound and direct, over many rounds (the indexes wrap the 32-entry ring):
// every push publishes the request with its id and sector and notifies exactly once (the
// event_channel_op stub counts it), every response comes back once with its id, and a rsp_prod
// more than a ring ahead is refused by both (FrontRing refuses any rsp_prod past the requests
// it pushed; Linux's RING_RESPONSE_PROD_OVERFLOW only one past the ring's size).
void check_ring() {
    struct Way {
        int (*push)(void *, uint64_t, uint64_t, uint32_t);
        int (*consume)(void *, bench_response *);
        void *ring;
        unsigned char *page;
    };
    const Way ways[2] = {
        {g_bound.ring_push, g_bound.ring_consume, g_ring_bound, g_ring_page_bound},
        {bench_ring_push_direct, bench_ring_consume_direct, g_ring_direct, g_ring_page_direct}};
    for (const Way &w : ways) {
        blkif_sring *s = reinterpret_cast<blkif_sring *>(w.page);
        for (uint64_t i = 0; i < 70; ++i) {
            bench_backend(w.page, 9, i);
            const uint64_t calls = bench_evtchn_op_calls;
            check(w.push(w.ring, 1000 + i, 2 * i, 9) == 1, "ring: push notifies when asked");
            check(bench_evtchn_op_calls == calls + 1 && bench_evtchn_op_cmd == EVTCHNOP_send &&
                      bench_evtchn_op_port == 9,
                  "ring: one EVTCHNOP_send to the port");
            const blkif_request_t &q = s->ring[(s->req_prod - 1) & 31].req;
            check(s->req_prod == i + 1 && q.id == 1000 + i && q.sector_number == 2 * i &&
                      q.operation == BLKIF_OP_READ,
                  "ring: the request is published");
            bench_backend(w.page, 9, i);
            bench_response r{};
            check(w.consume(w.ring, &r) == 1 && r.id == 1000 + i && r.status == 0,
                  "ring: the response comes back");
            check(w.consume(w.ring, &r) == 0, "ring: and only once");
        }
        s->req_event = s->req_prod + 5; // the backend does not want a notify now
        const uint64_t calls = bench_evtchn_op_calls;
        check(w.push(w.ring, 7, 7, 9) == 0 && bench_evtchn_op_calls == calls,
              "ring: no notify when the backend did not ask");
        s->rsp_prod += 40; // claims more responses than the ring has slots
        bench_response r{};
        check(w.consume(w.ring, &r) < 0, "ring: an impossible rsp_prod is refused");
        s->rsp_prod -= 40;
        bench_backend(w.page, 9, 0);
        check(w.consume(w.ring, &r) == 1 && r.id == 7, "ring: and the ring still works");
    }
    g_shared.evtchn_pending[0] = 0;
}

} // namespace

// The measured loop: the only caller whose calls bench.sh counts (so the checks above, which
// take other paths, do not blur the figures). Every call takes the same path each time (the
// evtchn bit is set again outside the measured function), so the count per call is exact, and
// every answer is compared with the direct reference's, outside the measured functions.
extern "C" __attribute__((noinline)) bool
bench_measure(unsigned long iterations, const xshim_handoff &handoff, const xshim_policy &policy,
              const xshim_platform &platform, const xshim_shared_info_adapter *ops, void *vcpu,
              const xshim_hypercall &hc) {
    const uint64_t tsc = 0x2f1e3d4c5b6aull + 1000000;
    const int before = g_failures;
    for (unsigned long i = 0; i < iterations; ++i) {
        check(bench_boot(&handoff, &policy, &platform, &g_verdict) == XSHIM_SELECTED,
              "loop: boot selects");
        const uint64_t t = bench_time_direct(vcpu, tsc);
        check(bench_time_adapter(ops, vcpu, tsc) == t, "loop: time adapter == direct");
        check(bench_time_inline(vcpu, tsc) == t, "loop: time inline == direct");

        bench_wallclock wd{}, wa{}, wi{};
        check(bench_wallclock_direct(&g_shared, &wd) == 0, "loop: wallclock direct");
        check(bench_wallclock_adapter(ops, &g_shared, &wa) == 0 && wa.sec == wd.sec &&
                  wa.nsec == wd.nsec,
              "loop: wallclock adapter == direct");
        check(bench_wallclock_inline(&g_shared, &wi) == 0 && wi.sec == wd.sec && wi.nsec == wd.nsec,
              "loop: wallclock inline == direct");

        set_pending(77);
        check(bench_evtchn_direct(&g_shared, 77) == 1, "loop: evtchn direct");
        set_pending(77);
        check(bench_evtchn_adapter(ops, &g_shared, 77) == 1, "loop: evtchn adapter");
        set_pending(77);
        check(bench_evtchn_inline(&g_shared, 77) == 1, "loop: evtchn inline");

        const uint32_t u = bench_upcall_direct(vcpu);
        check(bench_upcall_adapter(ops, vcpu) == u, "loop: upcall adapter == direct");
        check(bench_upcall_inline(vcpu) == u, "loop: upcall inline == direct");

        const long h = bench_hypercall_direct();
        check(bench_hypercall_adapter(&hc) == h, "loop: hypercall adapter == direct");

        // Bound: the kernel's code instantiated through xshim::dispatch() (bench_bind).
        check(g_bound.time(vcpu, tsc) == t, "loop: time bound == direct");
        bench_wallclock wb{};
        check(g_bound.wallclock(&g_shared, &wb) == 0 && wb.sec == wd.sec && wb.nsec == wd.nsec,
              "loop: wallclock bound == direct");
        set_pending(77);
        check(g_bound.evtchn(&g_shared, 77) == 1, "loop: evtchn bound");
        check(g_bound.upcall(vcpu) == u, "loop: upcall bound == direct");
        check(g_bound.hypercall() == h, "loop: hypercall bound == direct");
        const uint64_t sends = bench_evtchn_op_calls;
        check(bench_send_direct(11) == 0 && g_bound.send(11) == 0 &&
                  bench_evtchn_op_calls == sends + 2 && bench_evtchn_op_port == 11,
              "loop: send bound and direct reach the stub");

        // The ring paths: the backend asks for a notify and answers outside the measured calls.
        bench_backend(g_ring_page_direct, 9, i);
        check(bench_ring_push_direct(g_ring_direct, i, i, 9) == 1, "loop: ring push direct");
        bench_backend(g_ring_page_bound, 9, i);
        check(g_bound.ring_push(g_ring_bound, i, i, 9) == 1, "loop: ring push bound");
        bench_backend(g_ring_page_direct, 9, i);
        bench_backend(g_ring_page_bound, 9, i);
        bench_response rd{}, rb{};
        check(bench_ring_consume_direct(g_ring_direct, &rd) == 1 && rd.id == i,
              "loop: ring consume direct");
        check(g_bound.ring_consume(g_ring_bound, &rb) == 1 && rb.id == i,
              "loop: ring consume bound");
    }
    g_shared.evtchn_pending[0] = 0;
    return g_failures == before;
}

// The whole-kernel figure: the same loop bound through one dispatch and written directly, each
// on a fresh ring, answers compared. bench.sh subtracts the backend's instructions (the other
// side's work, called from inside both loops) from each.
enum : uint32_t { kKernelRounds = 64 };
extern "C" __attribute__((noinline)) bool
bench_measure_kernel(unsigned long iterations, const xshim_selection *sel, void *vcpu) {
    const int before = g_failures;
    for (unsigned long i = 0; i < iterations; ++i) {
        uint64_t digest[2];
        for (int way = 0; way < 2; ++way) {
            void *ring = way == 0 ? g_ring_bound : g_ring_direct;
            unsigned char *page = way == 0 ? g_ring_page_bound : g_ring_page_direct;
            if (way == 0)
                check(bench_ring_init_bound(ring, page) == 0, "kernel: ring init");
            else
                check(bench_ring_init_direct(ring, page) == 0, "kernel: ring init");
            g_shared.evtchn_pending[0] = 0;
            const uint64_t sends = bench_evtchn_op_calls;
            const bench_kernel_args a{
                &g_shared,     vcpu, ring, 3, kKernelRounds, 0x2f1e3d4c5b6aull + 1000000,
                bench_backend, page};
            digest[way] = way == 0 ? bench_kernel_bound(sel, &a) : bench_kernel_direct(&a);
            check(bench_evtchn_op_calls - sends == kKernelRounds, "kernel: one notify a round");
        }
        check(digest[0] == digest[1] && digest[0] != 0, "kernel: bound == direct");
    }
    return g_failures == before;
}

int main(int argc, char **argv) {
    unsigned long iterations = 1000;
    if (argc == 3 && strcmp(argv[1], "--iterations") == 0)
        iterations = strtoul(argv[2], nullptr, 10);
    else if (argc != 1) {
        fprintf(stderr, "usage: %s [--iterations N]\n", argv[0]);
        return 2;
    }

    // Boot over the injected platform: a 64-bit PV start_info in Xen's own layout.
    memcpy(g_start.magic, "xen-3.0-x86_64", sizeof "xen-3.0-x86_64");
    g_start.nr_pages = 16384;
    g_start.shared_info = 0x12345000;
    g_start.flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    xshim_platform platform;
    bench_platform(&platform);
    const xshim_handoff handoff{XSHIM_BOOT_PV, 0, &g_start};
    const xshim_policy policy = guest_boot_policy(); // guest-boot/main.cpp's own
    check(bench_boot(&handoff, &policy, &platform, &g_verdict) == XSHIM_SELECTED,
          "boot: SELECTED on the injected 4.17");
    if (g_failures != 0) {
        fprintf(stderr, "bench: %s\n", g_verdict.line);
        return 1;
    }
    const xshim_shared_info_adapter *ops = g_verdict.selection.shared_info;
    check(ops->size == sizeof(shared_info), "the selected layout has Xen's shared_info size");
    void *vcpu = ops->vcpu_info(&g_shared, 0);
    check(vcpu == &g_shared.vcpu_info[0], "vcpu_info(0) is Xen's vcpu_info[0]");

    // The hypercall port as xshim_boot fills it for a hypercall page (hvm64-page): the library's
    // own page transport, the page as cookie.
    xshim_platform native;
    xshim_platform_native(&native, XSHIM_BOOT_PVH);
    xshim_hypercall hc{};
    hc.fn = native.transport(native.ctx, XSHIM_TRANSPORT_PAGE);
    hc.cookie = const_cast<unsigned char *>(bench_hypercall_page);
    check(hc.fn != nullptr, "the x86_64 library has a page transport");
    if (g_failures != 0)
        return 1;

    check_time(ops, vcpu);
    check_wallclock(ops);
    check_evtchn(ops);
    check_upcall(ops, &g_shared.vcpu_info[0]);

    // Bind once: xshim::dispatch() over the verdict's selection (tests/bench/bound.cpp). The
    // bench's port is the hypercall page at its link-time address (hvm64-page as xshim_boot
    // would resolve it for a kernel that gave bench_hypercall_page).
    xshim_selection bound_sel = g_verdict.selection;
    static const xshim_hypercall_adapter page_adapter = {
        "hvm64-page", XSHIM_TRANSPORT_PAGE, 0, XSHIM_ARCH_X86_64, ~0u, 0};
    bound_sel.hypercall = hc;
    bound_sel.hypercall.adapter = &page_adapter;
    xshim_selection no_port = bound_sel;
    no_port.hypercall.cookie = nullptr; // another page than the one the kernel was built for
    bench_bound_fns unused{};
    check(!bench_bind(&no_port, &unused) && unused.time == nullptr,
          "bind: a page other than the kernel's is refused");
    xshim_selection other_layout = bound_sel;
    other_layout.shared_info = nullptr;
    check(!bench_bind(&other_layout, &unused), "bind: no layout, no binding");
    check(bench_bind(&bound_sel, &g_bound), "bind: the selection binds");
    g_selection = bound_sel;
    check(bench_ring_init_bound(g_ring_bound, g_ring_page_bound) == 0, "ring: bound init");
    check(bench_ring_init_direct(g_ring_direct, g_ring_page_direct) == 0, "ring: direct init");
    if (g_failures != 0)
        return 1;
    check_ring();
    check(bench_ring_init_bound(g_ring_bound, g_ring_page_bound) == 0, "ring: bound init");
    check(bench_ring_init_direct(g_ring_direct, g_ring_page_direct) == 0, "ring: direct init");
    for (uint32_t port : {0u, 63u, 64u, 4095u}) {
        set_pending(port);
        set_pending(port ^ 1);
        check(g_bound.evtchn(&g_shared, port) == 1 && !pending(port) && pending(port ^ 1) &&
                  g_bound.evtchn(&g_shared, port) == 0,
              "evtchn: bound clears its bit only");
        g_shared.evtchn_pending[(port ^ 1) / (sizeof(xen_ulong_t) * 8)] = 0;
    }
    check(bench_hypercall_adapter(&hc) == 0x00040011, "hypercall: adapter gets the stub's answer");
    check(bench_hypercall_direct() == 0x00040011, "hypercall: direct gets the stub's answer");
    if (g_failures != 0) {
        fprintf(stderr, "bench: %d checks failed\n", g_failures);
        return 1;
    }

    if (!bench_measure(iterations, handoff, policy, platform, ops, vcpu, hc)) {
        fprintf(stderr, "bench: %d checks failed in the measured loop\n", g_failures);
        return 1;
    }
    if (!bench_measure_kernel(iterations, &g_selection, vcpu)) {
        fprintf(stderr, "bench: %d checks failed in the whole-kernel loop\n", g_failures);
        return 1;
    }
    printf("bench: %lu iterations; every path agreed with the direct reference\n", iterations);
    printf("bench: verdict over the injected platform: %s\n", g_verdict.line);
    return 0;
}
