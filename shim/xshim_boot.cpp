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
    const Refusal bad_policy = check_policy(policy);
    const bool policy_ok = bad_policy.reason == XSHIM_REASON_NONE;

    Refusal r{XSHIM_REASON_NO_TRANSPORT, {}}; // no platform: nothing to show but the reason
    if (platform != nullptr)
        r = probe(handoff, *platform, policy_ok ? policy->flags : 0, v);
    if (!policy_ok)
        r = bad_policy;                // the kernel's own mistake comes first
    if (r.reason == XSHIM_REASON_NONE) // the policy is checked (r would be bad_policy otherwise)
        r = select_checked(v->identity, v->boot, *policy, &v->selection, &v->inconsistency);

    conclude(r, v);
    format_verdict_line(v);
    return v->outcome;
}
