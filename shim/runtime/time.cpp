// shim/runtime/time.cpp: xshim_time_ns, Xen's pvclock formula over a snapshot (shim/runtime/pvclock.hpp).
#include "shim/runtime/pvclock.hpp"

#include <xshim.h>

#include <stdint.h>

extern "C" uint64_t xshim_time_ns(const xshim_time_snapshot *snap, uint64_t tsc) {
    if (snap == nullptr)
        return 0;
    return xshim::pvclock_ns(snap->system_time, snap->tsc_timestamp, snap->tsc_to_system_mul,
                             snap->tsc_shift, tsc);
}
