// shim/report/shutdown.cpp: ending the domain after a refusal (or when a kernel asks):
// SCHEDOP_shutdown through the selected port, the pre-3.0.2 slot where the adapter allows it,
// the platform's stop() when there is no Xen, and never a return.
#include "shim/runtime/hypercall.hpp"

#include <abi/hypercall.h>
#include <abi/sched.h>

using xshim::call;

extern "C" {

void xshim_shutdown(const xshim_hypercall *hc, const xshim_platform *platform, uint32_t reason) {
    if (hc != nullptr && hc->fn != nullptr) {
        xshim_sched_shutdown arg = {reason};
        long rc = xshim_sched_op(hc, XSHIM_SCHEDOP_shutdown, &arg);
        // Before sched_op took a struct (3.0.2), slot 6 took the reason by value.
        if (rc == XSHIM_S_ENOSYS && hc->adapter != nullptr && hc->adapter->compat_slots)
            (void)call(*hc, XSHIM_HC_sched_op_compat, XSHIM_SCHEDOP_shutdown, reason);
    } else if (platform != nullptr && platform->stop != nullptr) {
        platform->stop(platform->ctx, reason);
    }
    // Shutdown is asynchronous (or failed): never return to the caller. The volatile counter
    // keeps the loop observable when there is no relax() to call.
    volatile uint32_t rounds = 0;
    for (;;) {
        rounds = rounds + 1;
        if (platform != nullptr && platform->relax != nullptr)
            platform->relax(platform->ctx);
    }
}

} // extern "C"
