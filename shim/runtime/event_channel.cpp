// shim/runtime/event_channel.cpp: waiting for an event, bounded (xshim_frontend.h). The
// pending bit is read and cleared through the selected shared_info adapter, so the word size
// and layout are the ones select() chose for this Xen and architecture.
#include <xshim_frontend.h>

#include "shim/runtime/wait.hpp"

extern "C" int32_t xshim_evtchn_wait(const xshim_verdict *v, void *shared_info,
                                     const xshim_platform *p, uint32_t port, uint32_t rounds) {
    if (v == nullptr || p == nullptr || shared_info == nullptr || v->outcome != XSHIM_SELECTED ||
        v->selection.shared_info == nullptr)
        return XSHIM_S_EINVAL;
    const xshim_shared_info_adapter &si = *v->selection.shared_info;
    if (rounds == 0)
        rounds = xshim::wait_rounds(*p);
    for (;;) {
        const int pending = si.evtchn_test_and_clear(shared_info, port);
        if (pending < 0)
            return pending; // XSHIM_S_RANGE: a port this layout does not hold
        if (pending == 1)
            return XSHIM_S_OK;
        if (rounds-- == 0)
            return XSHIM_S_TIMEOUT;
        if (p->relax != nullptr)
            p->relax(p->ctx);
    }
}
