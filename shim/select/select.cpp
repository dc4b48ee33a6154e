// shim/select/select.cpp: the decision. Every rule is a comparison of a fact with a policy field or a
// table entry's match rule; there is no version ladder and no "unknown: try the newest".
#include "shim/select/select.hpp"

#include "shim/select/tables.hpp"

#include <abi/base.h>
#include <abi/sched.h>

namespace xshim {

// A refusal ends the domain: poweroff, reboot, crash or watchdog. Suspend would leave the
// toolstack waiting for a suspend record, soft_reset would restart the same refusal.
bool refusal_shutdown_ok(uint32_t reason) {
    return reason == XSHIM_SHUTDOWN_poweroff || reason == XSHIM_SHUTDOWN_reboot ||
           reason == XSHIM_SHUTDOWN_crash || reason == XSHIM_SHUTDOWN_watchdog;
}

uint32_t check_policy(const xshim_policy *p) {
    if (p == nullptr || p->magic != XSHIM_POLICY_MAGIC || p->size != sizeof(xshim_policy) ||
        p->version != XSHIM_POLICY_VERSION || p->min_release > p->max_tested_release ||
        p->newer > XSHIM_NEWER_ACCEPT || p->guest_types == 0 ||
        !refusal_shutdown_ok(p->on_refusal))
        return XSHIM_REASON_BAD_POLICY;
    return XSHIM_REASON_NONE;
}

int first_missing_feature(const xshim_identity &id, const xshim_policy &policy) {
    for (uint32_t i = 0; i < XSHIM_FEATURE_SUBMAPS; ++i) {
        uint32_t missing = policy.required_features[i] & ~id.features[i];
        for (uint32_t bit = 0; bit < 32; ++bit)
            if (missing & (1u << bit))
                return static_cast<int>(i * 32 + bit);
    }
    return -1;
}

uint32_t select(const xshim_identity &id, const xshim_policy *policy, xshim_selection *sel) {
    if (check_policy(policy) != XSHIM_REASON_NONE)
        return XSHIM_REASON_BAD_POLICY;
    const xshim_policy &p = *policy;
    if (id.release < XSHIM_REL(3, 0))
        return XSHIM_REASON_OLD_GENERATION;
    if ((p.guest_types & XSHIM_GUEST_MASK(id.guest_type)) == 0)
        return XSHIM_REASON_GUEST_TYPE;
    if (id.release < p.min_release)
        return XSHIM_REASON_TOO_OLD;
    if (id.release > p.max_tested_release) {
        if (p.newer != XSHIM_NEWER_ACCEPT)
            return XSHIM_REASON_TOO_NEW;
        sel->notes |= XSHIM_NOTE_NEWER_THAN_TESTED;
    }
    // Unknown features (the query failed) satisfy nothing a policy requires.
    if (first_missing_feature(id, p) >= 0)
        return XSHIM_REASON_MISSING_FEATURE;
    sel->shared_info = find_shared_info_adapter(id.arch, id.release);
    if (sel->shared_info == nullptr)
        return XSHIM_REASON_NO_LAYOUT;
    sel->evtchn_abi = id.evtchn_fifo ? XSHIM_EVTCHN_FIFO : XSHIM_EVTCHN_2L;
    for (uint32_t i = 0; i < XSHIM_FEATURE_SUBMAPS; ++i) {
        sel->wanted_missing[i] = p.wanted_features[i] & ~id.features[i];
        if (sel->wanted_missing[i] != 0)
            sel->notes |= XSHIM_NOTE_WANTED_MISSING;
    }
    if (id.extraversion_fact.status == XSHIM_FACT_DENIED)
        sel->notes |= XSHIM_NOTE_EXTRAVERSION_DENIED;
    return XSHIM_REASON_NONE;
}

} // namespace xshim
