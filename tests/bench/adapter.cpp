// tests/bench/adapter.cpp: the hot operations through xshim, compiled with the library's flags.
// *_adapter: through the selected adapter's function pointers (the C API). *_inline: the same
// template's hot path (SharedInfoOps::hot_*, shim/runtime/shared_info_ops.hpp) bound at compile time to
// the x86_64 4.6+ layout: what a kernel that knows its layout calls on its hot paths.
#include "ops.hpp"

#include "shim/arch/x86_64/entries.hpp"

namespace {
using Ops = xshim::arch_x86_64::Hi; // the x86_64 4.6+ layout, as the archive's table has it

inline int wall_out(int rc, const xshim_wallclock &wc, bench_wallclock *out) {
    if (rc == XSHIM_S_OK) {
        out->sec = wc.sec;
        out->nsec = wc.nsec;
    }
    return rc;
}
} // namespace

#define BENCH_FN extern "C" __attribute__((noinline))

BENCH_FN uint64_t bench_time_adapter(const xshim_shared_info_adapter *ops, const void *vcpu_info,
                                     uint64_t tsc) {
    xshim_time_snapshot snap;
    if (ops->vcpu_time(vcpu_info, &snap) != XSHIM_S_OK)
        return 0;
    return xshim_time_ns(&snap, tsc);
}

BENCH_FN uint64_t bench_time_inline(const void *vcpu_info, uint64_t tsc) {
    uint64_t ns;
    return Ops::hot_time_ns(vcpu_info, tsc, ns) ? ns : 0;
}

BENCH_FN int bench_wallclock_adapter(const xshim_shared_info_adapter *ops, const void *shared_info,
                                     bench_wallclock *out) {
    xshim_wallclock wc;
    return wall_out(ops->wallclock(shared_info, &wc), wc, out);
}

BENCH_FN int bench_wallclock_inline(const void *shared_info, bench_wallclock *out) {
    xshim_wallclock wc;
    return wall_out(Ops::hot_wallclock(shared_info, wc), wc, out);
}

BENCH_FN int bench_evtchn_adapter(const xshim_shared_info_adapter *ops, void *shared_info,
                                  uint32_t port) {
    return ops->evtchn_test_and_clear(shared_info, port);
}

BENCH_FN int bench_evtchn_inline(void *shared_info, uint32_t port) {
    return Ops::hot_test_and_clear(shared_info, port) ? 1 : 0;
}

BENCH_FN uint32_t bench_upcall_adapter(const xshim_shared_info_adapter *ops, void *vcpu_info) {
    const uint8_t prev = ops->upcall_mask(vcpu_info, 1);
    const uint8_t seen = ops->upcall_mask(vcpu_info, prev);
    return prev | uint32_t{seen} << 1 | uint32_t{ops->upcall_pending(vcpu_info)} << 2;
}

BENCH_FN uint32_t bench_upcall_inline(void *vcpu_info) {
    // save + disable, restore, then the pending check: the same work as the direct reference
    // (which does not read the mask back either; main.cpp checks the restored mask).
    const uint8_t prev = Ops::hot_upcall_disable(vcpu_info);
    Ops::hot_upcall_restore(vcpu_info, prev);
    return prev | 1u << 1 | uint32_t{Ops::hot_upcall_pending(vcpu_info)} << 2;
}

BENCH_FN long bench_hypercall_adapter(const xshim_hypercall *hc) {
    return xshim_xen_version(hc, 0 /* XENVER_version */, nullptr);
}

BENCH_FN uint32_t bench_boot(const xshim_handoff *handoff, const xshim_policy *policy,
                             const xshim_platform *platform, xshim_verdict *verdict) {
    return xshim_boot(handoff, policy, platform, verdict);
}
