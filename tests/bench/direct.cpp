// tests/bench/direct.cpp: the reference a kernel without xshim writes: the same operations
// hand-written against Xen's public headers (libxen-dev: xen/xen.h, which pulls in
// arch-x86/xen.h and arch-x86/xen-x86_64.h), in the idioms Linux uses for them
// (arch/x86/kernel/pvclock.c, drivers/xen/events/events_2l.c, arch/x86/xen/irq.c,
// arch/x86/include/asm/xen/hypercall.h). Compiled with the library's flags, like adapter.cpp.
// Nothing here includes xshim's own abi/ layouts.
#include "ops.hpp"

#include <stdint.h>

#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#include <xen/event_channel.h>
#include <xen/version.h>
#include <xen/xen.h>

// io/ring.h's barriers, as Linux defines them for a Xen ring on x86_64 (virt_mb: a locked add
// on the stack, virt_rmb/virt_wmb: compiler barriers; x86 keeps loads and stores in order).
#define xen_mb() asm volatile("lock; addl $0,-4(%%rsp)" ::: "memory", "cc")
#define xen_rmb() asm volatile("" ::: "memory")
#define xen_wmb() asm volatile("" ::: "memory")
#include <string.h> // SHARED_RING_INIT's memset (setup only, not measured)
inline void rmb() { asm volatile("" ::: "memory"); }
#include <xen/io/blkif.h>
#include <xen/io/ring.h>

#include <new>

#define BENCH_FN extern "C" __attribute__((noinline))

namespace {

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
static inline uint64_t bench_time_direct_inline(const void *vcpu, uint64_t tsc) {
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

BENCH_FN uint64_t bench_time_direct(const void *vcpu, uint64_t tsc) {
    return bench_time_direct_inline(vcpu, tsc);
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
static inline int test_and_clear_direct(void *shared, uint32_t port) {
    shared_info *s = static_cast<shared_info *>(shared);
    bool old;
    asm volatile("lock btrq %q2, %1"
                 : "=@ccc"(old), "+m"(*reinterpret_cast<volatile xen_ulong_t *>(s->evtchn_pending))
                 : "Ir"(static_cast<uint64_t>(port))
                 : "memory");
    return old ? 1 : 0;
}

BENCH_FN int bench_evtchn_direct(void *shared, uint32_t port) {
    return test_and_clear_direct(shared, port);
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

// _hypercall2(int, event_channel_op, EVTCHNOP_send, &send): Linux's notify_remote_via_evtchn.
static inline long send_direct(uint32_t port) {
    evtchn_send_t send = {port};
    long ret;
    uint64_t a1 = EVTCHNOP_send;
    uint64_t a2 = reinterpret_cast<uint64_t>(&send);
    static_assert(__HYPERVISOR_event_channel_op * 32 == 1024, "stub offset used below");
    asm volatile("call bench_hypercall_page + 1024"
                 : "=a"(ret), "+D"(a1), "+S"(a2)
                 :
                 : "rdx", "r10", "r8", "memory");
    return ret;
}

static inline long xen_version_direct() {
    long ret;
    uint64_t a1 = XENVER_version, a2 = 0;
    asm volatile("call bench_hypercall_page + 544"
                 : "=a"(ret), "+D"(a1), "+S"(a2)
                 :
                 : "rdx", "r10", "r8", "memory");
    return ret;
}

BENCH_FN long bench_send_direct(uint32_t port) { return send_direct(port); }

// A blkif front ring as Linux's blkfront keeps one (io/ring.h: DEFINE_RING_TYPES(blkif, ...)).
static_assert(sizeof(blkif_front_ring_t) <= bench_ring_storage);
static_assert(sizeof(blkif_response_t) == sizeof(bench_response));

extern "C" int bench_ring_init_direct(void *ring, void *page) {
    blkif_sring *s = static_cast<blkif_sring *>(page);
    SHARED_RING_INIT(s);
    FRONT_RING_INIT(new (ring) blkif_front_ring_t, s, 4096);
    return 0;
}

// blkif_queue_request's shape: RING_FULL, RING_GET_REQUEST, fill, req_prod_pvt++,
// RING_PUSH_REQUESTS_AND_CHECK_NOTIFY, notify_remote_via_evtchn.
static inline int ring_push_direct(blkif_front_ring_t *r, uint64_t id, uint64_t sector,
                                   uint32_t port) {
    if (RING_FULL(r))
        return -1;
    blkif_request_t *req = RING_GET_REQUEST(r, r->req_prod_pvt);
    req->operation = BLKIF_OP_READ;
    req->nr_segments = 0;
    req->handle = 0;
    req->id = id;
    req->sector_number = sector;
    r->req_prod_pvt++;
    int notify;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify);
    if (!notify)
        return 0;
    (void)send_direct(port);
    return 1;
}

BENCH_FN int bench_ring_push_direct(void *ring, uint64_t id, uint64_t sector, uint32_t port) {
    return ring_push_direct(static_cast<blkif_front_ring_t *>(ring), id, sector, port);
}

// blkif_interrupt's shape for one response: read rsp_prod, rmb, nothing new -> 0, else
// RING_RESPONSE_PROD_OVERFLOW (Linux refuses a backend that claims more), then one response
// copied out (RING_COPY_RESPONSE), rsp_cons++. (Linux checks the overflow once per batch; the
// empty test first gives a per-response function the same cost on the empty call.)
static inline int ring_consume_direct(blkif_front_ring_t *r, blkif_response_t *out) {
    const RING_IDX rp = *static_cast<volatile RING_IDX *>(&r->sring->rsp_prod);
    rmb();
    if (r->rsp_cons == rp)
        return 0; // nothing new: no overflow to check either
    if (RING_RESPONSE_PROD_OVERFLOW(r, rp))
        return -34; // -ERANGE
    RING_COPY_RESPONSE(r, r->rsp_cons, out);
    r->rsp_cons++;
    return 1;
}

BENCH_FN int bench_ring_consume_direct(void *ring, bench_response *out) {
    return ring_consume_direct(static_cast<blkif_front_ring_t *>(ring),
                               reinterpret_cast<blkif_response_t *>(out));
}

// The whole-kernel loop (ops.hpp), written against Xen's headers.
BENCH_FN uint64_t bench_kernel_direct(const bench_kernel_args *a) {
    blkif_front_ring_t *r = static_cast<blkif_front_ring_t *>(a->ring);
    uint64_t digest = 0;
    for (uint32_t i = 0; i < a->rounds; ++i) {
        a->backend(a->ring_page, a->port, i);
        const uint64_t ns = bench_time_direct_inline(a->vcpu_info, a->tsc + i);
        digest += ns;
        if (test_and_clear_direct(a->shared_info, a->port)) {
            blkif_response_t rsp;
            while (ring_consume_direct(r, &rsp) == 1)
                digest += rsp.id + static_cast<uint64_t>(rsp.status);
            digest += static_cast<uint64_t>(ring_push_direct(r, i, ns, a->port));
        }
        digest += static_cast<uint64_t>(xen_version_direct());
    }
    return digest;
}
