// tests/bench/direct.cpp: the reference a kernel without xshim writes: the same operations
// hand-written against Xen's public headers (libxen-dev: xen/xen.h, which pulls in
// arch-x86/xen.h and arch-x86/xen-x86_64.h), in the idioms Linux uses for them
// (arch/x86/kernel/pvclock.c, drivers/xen/events/events_2l.c, arch/x86/xen/irq.c,
// arch/x86/include/asm/xen/hypercall.h). Compiled with the library's flags, like adapter.cpp.
// Nothing here includes xshim's own abi/ layouts.
#include "ops.hpp"

#include <stdint.h>

#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#include <xen/version.h>
#include <xen/xen.h>

#define BENCH_FN extern "C" __attribute__((noinline))

namespace {

// x86: loads are not reordered with other loads, so Linux's smp_rmb() is a compiler barrier.
inline void rmb() { asm volatile("" ::: "memory"); }

// pvclock_scale_delta() with the x86_64 mul_u64_u32_shr (a 64 x 32 -> 96-bit product).
inline uint64_t scale_delta(uint64_t delta, uint32_t mul_frac, int shift) {
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return static_cast<uint64_t>((static_cast<unsigned __int128>(delta) * mul_frac) >> 32);
}

} // namespace

// pvclock_clocksource_read(): the unbounded retry loop of a Xen-header kernel.
BENCH_FN uint64_t bench_time_direct(const void *vcpu, uint64_t tsc) {
    const vcpu_time_info *t = &static_cast<const vcpu_info *>(vcpu)->time;
    uint32_t version;
    uint64_t ns;
    do {
        version = t->version & ~1u;
        rmb();
        ns = t->system_time +
             scale_delta(tsc - t->tsc_timestamp, t->tsc_to_system_mul, t->tsc_shift);
        rmb();
    } while (version != t->version);
    return ns;
}

// pvclock_read_wallclock() over shared_info's wc_* fields (wc_sec_hi: x86_64, 4.6+).
BENCH_FN int bench_wallclock_direct(const void *shared, bench_wallclock *out) {
    const shared_info *s = static_cast<const shared_info *>(shared);
    uint32_t version;
    do {
        version = s->wc_version;
        rmb();
        out->sec = static_cast<uint64_t>(*static_cast<const volatile uint32_t *>(&s->wc_sec_hi))
                       << 32 |
                   s->wc_sec;
        out->nsec = s->wc_nsec;
        rmb();
    } while ((s->wc_version & 1) || version != s->wc_version);
    return 0;
}

// evtchn_2l clear_pending / test-and-clear: sync_test_and_clear_bit(), a locked btr on the
// xen_ulong_t bitmap.
BENCH_FN int bench_evtchn_direct(void *shared, uint32_t port) {
    shared_info *s = static_cast<shared_info *>(shared);
    bool old;
    asm volatile("lock btrq %q2, %1"
                 : "=@ccc"(old), "+m"(*reinterpret_cast<volatile xen_ulong_t *>(s->evtchn_pending))
                 : "Ir"(static_cast<uint64_t>(port))
                 : "memory");
    return old ? 1 : 0;
}

// xen_save_fl + xen_irq_disable, then xen_restore_fl: plain byte stores with compiler
// barriers (only this vCPU writes its mask), and the pending check after unmasking. The mask
// seen on restore is the 1 stored just before (Linux does not read it back).
BENCH_FN uint32_t bench_upcall_direct(void *vcpu) {
    vcpu_info *v = static_cast<vcpu_info *>(vcpu);
    const uint8_t prev = *static_cast<volatile uint8_t *>(&v->evtchn_upcall_mask);
    *static_cast<volatile uint8_t *>(&v->evtchn_upcall_mask) = 1;
    rmb();
    *static_cast<volatile uint8_t *>(&v->evtchn_upcall_mask) = prev;
    rmb();
    const uint8_t pending = *static_cast<volatile uint8_t *>(&v->evtchn_upcall_pending);
    return prev | 1u << 1 | uint32_t{pending} << 2;
}

// _hypercall2(int, xen_version, XENVER_version, NULL): a direct call to the page stub.
BENCH_FN long bench_hypercall_direct(void) {
    long ret;
    uint64_t a1 = XENVER_version, a2 = 0;
    static_assert(__HYPERVISOR_xen_version * 32 == 544, "stub offset used below");
    asm volatile("call bench_hypercall_page + 544"
                 : "=a"(ret), "+D"(a1), "+S"(a2)
                 :
                 : "rdx", "r10", "r8", "memory");
    return ret;
}
