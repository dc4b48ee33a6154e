// shim/probe/evtchn_probe.cpp: does this Xen offer FIFO event channels? Asked without changing
// anything (an EVTCHNOP_init_control for a vCPU that cannot exist).
#include "shim/probe/probe.hpp"
#include "shim/runtime/hypercall.hpp"

#include <abi/event_channel.h>
#include <abi/hypercall.h>

namespace xshim {

void probe_evtchn_fifo(const xshim_hypercall &hc, xshim_identity *id) {
    // EVTCHNOP_init_control checks the vCPU before touching anything: an impossible vCPU gets
    // -ENOENT where FIFO exists (4.4+), -ENOSYS before 4.4, -EOPNOTSUPP where it is compiled out.
    xshim_evtchn_init_control ic{};
    ic.vcpu = 0xffffffffu;
    long rc = call(hc, XSHIM_HC_event_channel_op, XSHIM_EVTCHNOP_init_control,
                   reinterpret_cast<uintptr_t>(&ic));
    id->evtchn_fifo = rc == XSHIM_S_ENOENT ? 1 : 0;
    if (rc == XSHIM_S_ENOENT)
        id->evtchn_fifo_fact = {XSHIM_SRC_PROBE, XSHIM_FACT_OK, 0};
    else if (rc == XSHIM_S_ENOSYS || rc == XSHIM_S_EOPNOTSUPP)
        id->evtchn_fifo_fact = {XSHIM_SRC_PROBE, XSHIM_FACT_ABSENT, static_cast<int16_t>(rc)};
    else if (rc >= 0)
        id->evtchn_fifo_fact = {XSHIM_SRC_PROBE, XSHIM_FACT_MALFORMED, 0}; // cannot succeed
    else
        id->evtchn_fifo_fact = fact_from_rc(XSHIM_SRC_PROBE, rc);
}

} // namespace xshim
