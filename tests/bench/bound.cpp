// tests/bench/bound.cpp: the kernel's hot code written once over a bound Xen and reached through
// one xshim::dispatch() (shim/runtime/dispatch.hpp), compiled with the library's flags. Each
// bench_bound_* template is what a C++ kernel writes; dispatch() instantiates it for the
// layout and transport the verdict selected, so inside it every shared_info access is the
// layout's own inline code and every hypercall the transport's own call, with no pointer and no
// per-call check. tests/bench/direct.cpp is the same code against Xen's headers.
#include "ops.hpp"

#include "abi/blkif.h"
#include "abi/hypercall.h"
#include "abi/version.h"
#include "shim/arch/x86_64/bind.hpp"
#include "shim/runtime/front_ring.hpp"

#include <new>

namespace {

using Ring = xshim::FrontRing<xshim_blkif_request_x86_64, xshim_blkif_response_x86_64>;
static_assert(sizeof(Ring) <= bench_ring_storage);
static_assert(sizeof(bench_response) == sizeof(xshim_blkif_response_x86_64));

// The hypercall page at its link-time address: `call bench_hypercall_page + nr * 32`.
using Transports = xshim::arch_x86_64::TransportsWithPageAt<bench_hypercall_page>;
using Layouts = xshim::arch_x86_64::Layouts;

} // namespace

#define BENCH_BOUND template <typename Xen> __attribute__((noinline))

// The kernel's code. Names start with bench_bound_ so bench.sh finds every instantiation.
BENCH_BOUND uint64_t bench_bound_time(const void *vcpu_info, uint64_t tsc) {
    uint64_t ns;
    return Xen::time_ns(vcpu_info, tsc, ns) ? ns : 0;
}

BENCH_BOUND int bench_bound_wallclock(const void *shared_info, bench_wallclock *out) {
    xshim_wallclock wc;
    const int rc = Xen::wallclock(shared_info, wc);
    if (rc == XSHIM_S_OK) {
        out->sec = wc.sec;
        out->nsec = wc.nsec;
    }
    return rc;
}

BENCH_BOUND int bench_bound_evtchn(void *shared_info, uint32_t port) {
    return Xen::evtchn_test_and_clear(shared_info, port) ? 1 : 0;
}

BENCH_BOUND uint32_t bench_bound_upcall(void *vcpu_info) {
    const uint8_t prev = Xen::upcall_disable(vcpu_info);
    Xen::upcall_restore(vcpu_info, prev);
    return prev | 1u << 1 | uint32_t{Xen::upcall_pending(vcpu_info)} << 2;
}

BENCH_BOUND long bench_bound_hypercall() {
    return Xen{}.template hypercall<XSHIM_HC_xen_version>(XSHIM_XENVER_version, nullptr);
}

BENCH_BOUND long bench_bound_send(uint32_t port) { return Xen{}.evtchn_send(port); }

template <typename Xen> inline int ring_push(Ring &r, uint64_t id, uint64_t sector, uint32_t port) {
    xshim_blkif_request_x86_64 *req = r.next_request();
    if (req == nullptr)
        return -1;
    req->operation = XSHIM_BLKIF_OP_READ;
    req->nr_segments = 0;
    req->handle = 0;
    req->id = id;
    req->sector_number = sector;
    r.commit();
    if (!r.push())
        return 0;
    (void)Xen{}.evtchn_send(port);
    return 1;
}

BENCH_BOUND int bench_bound_ring_push(void *ring, uint64_t id, uint64_t sector, uint32_t port) {
    return ring_push<Xen>(*static_cast<Ring *>(ring), id, sector, port);
}

BENCH_BOUND int bench_bound_ring_consume(void *ring, bench_response *out) {
    return static_cast<Ring *>(ring)->take_response(
        reinterpret_cast<xshim_blkif_response_x86_64 *>(out));
}

// The whole-kernel loop over one bound Xen.
template <typename Xen> uint64_t kernel_loop(const Xen &, const bench_kernel_args &a) {
    Ring &r = *static_cast<Ring *>(a.ring);
    uint64_t digest = 0;
    for (uint32_t i = 0; i < a.rounds; ++i) {
        a.backend(a.ring_page, a.port, i);
        uint64_t ns = 0; // stays 0 if the record never settled (XSHIM_TIME_RETRIES)
        (void)Xen::time_ns(a.vcpu_info, a.tsc + i, ns);
        digest += ns;
        if (Xen::evtchn_test_and_clear(a.shared_info, a.port)) {
            xshim_blkif_response_x86_64 rsp;
            while (r.take_response(&rsp) == 1)
                digest += rsp.id + static_cast<uint64_t>(rsp.status);
            digest += static_cast<uint64_t>(ring_push<Xen>(r, i, ns, a.port));
        }
        digest += static_cast<uint64_t>(
            Xen{}.template hypercall<XSHIM_HC_xen_version>(XSHIM_XENVER_version, nullptr));
    }
    return digest;
}

extern "C" __attribute__((noinline)) uint64_t bench_kernel_bound(const xshim_selection *sel,
                                                                 const bench_kernel_args *a) {
    uint64_t digest = 0;
    (void)xshim::dispatch<Layouts, Transports>(
        *sel, [&]<typename Xen>(const Xen &xen) { digest = kernel_loop(xen, *a); });
    return digest;
}

extern "C" bool bench_bind(const xshim_selection *sel, bench_bound_fns *out) {
    return xshim::dispatch<Layouts, Transports>(*sel, [&]<typename Xen>(const Xen &) {
        out->time = &bench_bound_time<Xen>;
        out->wallclock = &bench_bound_wallclock<Xen>;
        out->evtchn = &bench_bound_evtchn<Xen>;
        out->upcall = &bench_bound_upcall<Xen>;
        out->hypercall = &bench_bound_hypercall<Xen>;
        out->send = &bench_bound_send<Xen>;
        out->ring_push = &bench_bound_ring_push<Xen>;
        out->ring_consume = &bench_bound_ring_consume<Xen>;
    });
}

extern "C" int bench_ring_init_bound(void *ring, void *page) {
    return (new (ring) Ring)->init(page, 4096);
}
