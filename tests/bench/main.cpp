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
#include <xen/xen.h>

namespace {

alignas(4096) shared_info g_shared;
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
    printf("bench: %lu iterations; every path agreed with the direct reference\n", iterations);
    printf("bench: verdict over the injected platform: %s\n", g_verdict.line);
    return 0;
}
