// shim/xshim_boot.cpp: xshim_boot(), the one call a kernel makes: probe, then select, then the line.
#include "shim/probe/probe.hpp"
#include "shim/select/select.hpp"
#include "shim/lib/text.hpp"
#include "shim/report/verdict_line.hpp"

using namespace xshim;

extern "C" uint32_t xshim_boot(const xshim_handoff *handoff, const xshim_policy *policy,
                               const xshim_platform *platform, xshim_verdict *v) {
    if (v == nullptr)
        return XSHIM_REFUSED;
    zero_bytes(v, sizeof *v);
    v->policy = policy;
    bool policy_ok = check_policy(policy) == XSHIM_REASON_NONE;

    uint32_t reason = XSHIM_REASON_NO_TRANSPORT;
    if (platform != nullptr)
        reason = probe(handoff, *platform, policy_ok ? policy->flags : 0, v);
    if (!policy_ok)
        reason = XSHIM_REASON_BAD_POLICY; // the kernel's own mistake comes first
    if (reason == XSHIM_REASON_NONE)
        reason = select(v->identity, policy, &v->selection);

    v->reason = reason;
    v->outcome = reason == XSHIM_REASON_NONE ? XSHIM_SELECTED : XSHIM_REFUSED;
    format_verdict_line(v);
    return v->outcome;
}
