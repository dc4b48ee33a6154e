// shim/runtime/time_read.cpp: xshim_time_read, vCPU 0's system time and the wallclock read once,
// each through the selected shared_info adapter: its vcpu_time and wallclock functions are the
// bounded, version-counted reads of shim/runtime/shared_info_ops.hpp, so a boot that calls this
// exercises that retry against the real hypervisor's records.
#include <xshim.h>

#include "shim/lib/text.hpp"

extern "C" int32_t xshim_time_read(const xshim_verdict *v, const xshim_platform *p,
                                   const void *shared_info, xshim_time_reading *out) {
    if (out == nullptr)
        return XSHIM_S_EINVAL;
    xshim::zero_bytes(out, sizeof *out);
    out->reads_bound = 1 + XSHIM_TIME_RETRIES;
    out->time_status = out->wallclock_status = XSHIM_S_EINVAL;
    if (v == nullptr || p == nullptr || shared_info == nullptr || v->outcome != XSHIM_SELECTED ||
        v->selection.shared_info == nullptr)
        return XSHIM_S_EINVAL;
    const xshim_shared_info_adapter &a = *v->selection.shared_info;
    // vcpu_info takes a non-const pointer (the same slot carries the upcall mask); it only
    // computes an address here.
    const void *vcpu0 = a.vcpu_info(const_cast<void *>(shared_info), 0);
    out->time_status = a.vcpu_time(vcpu0, &out->snapshot);
    if (out->time_status == XSHIM_S_OK) {
        out->counter = p->rdtsc != nullptr ? p->rdtsc(p->ctx) : 0;
        // A record the hypervisor keeps has a scale; one it never wrote has none, and the
        // formula would only return its stale system_time.
        if (out->snapshot.tsc_to_system_mul != 0 && p->rdtsc != nullptr)
            out->system_ns = xshim_time_ns(&out->snapshot, out->counter);
    }
    out->wallclock_status = a.wallclock(shared_info, &out->wallclock);
    return out->time_status != XSHIM_S_OK ? out->time_status : out->wallclock_status;
}
