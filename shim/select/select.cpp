// shim/select/select.cpp: the decision. Every rule is a comparison of a fact with a policy field or a
// table entry's match rule; there is no version ladder and no "unknown: try the newest".
#include "shim/select/select.hpp"

#include "shim/select/consistency.hpp"
#include "shim/select/tables.hpp"

#include <abi/base.h>
#include <abi/features.h>
#include <abi/hvm.h>
#include <abi/sched.h>

#include <stddef.h>

namespace xshim {

// A refusal ends the domain: poweroff, reboot, crash or watchdog. Suspend would leave the
// toolstack waiting for a suspend record, soft_reset would restart the same refusal.
bool refusal_shutdown_ok(uint32_t reason) {
    return reason == XSHIM_SHUTDOWN_poweroff || reason == XSHIM_SHUTDOWN_reboot ||
           reason == XSHIM_SHUTDOWN_crash || reason == XSHIM_SHUTDOWN_watchdog;
}

// The first rule the policy breaks, named by the field's offset; fields are read in order and
// only after magic and size match, so a policy of another layout is not read past its size.
Refusal check_policy(const xshim_policy *p) {
    if (p == nullptr)
        return refuse_policy(XSHIM_EVIDENCE_NO_POLICY, 0);
    if (p->magic != XSHIM_POLICY_MAGIC)
        return refuse_policy(offsetof(xshim_policy, magic), p->magic);
    if (p->size != sizeof(xshim_policy))
        return refuse_policy(offsetof(xshim_policy, size), p->size);
    if (p->version != XSHIM_POLICY_VERSION)
        return refuse_policy(offsetof(xshim_policy, version), p->version);
    if (p->min_release > p->max_tested_release)
        return refuse_policy(offsetof(xshim_policy, min_release), p->min_release);
    if (p->newer > XSHIM_NEWER_ACCEPT)
        return refuse_policy(offsetof(xshim_policy, newer), p->newer);
    if (p->guest_types == 0)
        return refuse_policy(offsetof(xshim_policy, guest_types), p->guest_types);
    if (!refusal_shutdown_ok(p->on_refusal))
        return refuse_policy(offsetof(xshim_policy, on_refusal), p->on_refusal);
    return kNoRefusal;
}

// PVH by its entry, and nothing proves it is not an HVM domain without emulated PIRQs
// (abi/hvm.h): PVH is proved for the hardware domain (no HVM dom0 exists) and for a domU of a
// Xen whose HVM domUs always have emulated PIRQs. refine_guest_type (probe) has already made a
// guest whose features show emulated PIRQs HVM.
bool guest_type_open(const xshim_identity &id) {
    if (id.guest_type != XSHIM_GUEST_PVH)
        return false;
    if (id.features_fact.status != XSHIM_FACT_OK)
        return true;
    const bool dom0 = (id.features[XSHIM_XENFEAT_SUBMAP(XSHIM_XENFEAT_dom0)] &
                       XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_dom0)) != 0;
    return !dom0 && id.release >= XSHIM_HVM_PIRQS_OPTIONAL_SINCE;
}

int first_missing_feature(const xshim_identity &id, const xshim_policy &policy) {
    for (uint32_t i = 0; i < XSHIM_FEATURE_SUBMAPS; ++i) {
        const uint32_t missing = policy.required_features[i] & ~id.features[i];
        if (missing != 0) // the lowest missing bit
            return static_cast<int>(i * 32 + static_cast<uint32_t>(__builtin_ctz(missing)));
    }
    return -1;
}

Refusal select(const xshim_identity &id, const xshim_boot_info &boot, const xshim_policy *policy,
               xshim_selection *sel, xshim_inconsistency *odd) {
    const Refusal bad_policy = check_policy(policy);
    if (bad_policy.reason != XSHIM_REASON_NONE)
        return bad_policy;
    return select_checked(id, boot, *policy, sel, odd);
}

Refusal select_checked(const xshim_identity &id, const xshim_boot_info &boot, const xshim_policy &p,
                       xshim_selection *sel, xshim_inconsistency *odd) {
    // id.release is XENVER_version's (probe); every bound below is held against it.
    if (id.release < XSHIM_RELEASE(3, 0))
        return refuse_bound(XSHIM_REASON_OLD_GENERATION, XSHIM_SRC_XENVER, id.release,
                            XSHIM_RELEASE(3, 0));
    if ((p.guest_types & XSHIM_GUEST_MASK(id.guest_type)) == 0)
        return refuse_guest_type(id.guest_type, p.guest_types);
    if (id.release < p.min_release)
        return refuse_bound(XSHIM_REASON_TOO_OLD, XSHIM_SRC_XENVER, id.release, p.min_release);
    if (id.release > p.max_tested_release) {
        if (p.newer != XSHIM_NEWER_ACCEPT)
            return refuse_bound(XSHIM_REASON_TOO_NEW, XSHIM_SRC_XENVER, id.release,
                                p.max_tested_release);
        sel->notes |= XSHIM_NOTE_NEWER_THAN_TESTED;
    }
    // Unknown features (the query failed) satisfy nothing a policy requires.
    const int missing = first_missing_feature(id, p);
    if (missing >= 0) {
        const uint32_t bit = static_cast<uint32_t>(missing);
        return refuse_feature(bit, id.features[bit / 32], id.features_fact);
    }
    // Answers that cannot all be true: believed nowhere the policy relies on them.
    const int touched = check_consistency(id, boot, p, odd);
    if (odd->rule != XSHIM_RULE_NONE) {
        const xshim_fact fact = rule_fact(id, odd->rule);
        if (touched >= 0)
            return refuse_inconsistent(odd->rule, static_cast<uint32_t>(touched), fact);
        if (p.flags & XSHIM_POLICY_F_REFUSE_INCONSISTENT)
            return refuse_inconsistent(odd->rule, XSHIM_EVIDENCE_NO_POLICY, fact);
        sel->notes |= XSHIM_NOTE_INCONSISTENT;
    }
    sel->shared_info = find_shared_info_adapter(id.arch, id.release);
    if (sel->shared_info == nullptr)
        return refuse_no_match(XSHIM_REASON_NO_LAYOUT, id.release, id.arch);
    sel->evtchn_abi = id.evtchn_fifo ? XSHIM_EVTCHN_FIFO : XSHIM_EVTCHN_2L;
    for (uint32_t i = 0; i < XSHIM_FEATURE_SUBMAPS; ++i) {
        sel->wanted_missing[i] = p.wanted_features[i] & ~id.features[i];
        if (sel->wanted_missing[i] != 0)
            sel->notes |= XSHIM_NOTE_WANTED_MISSING;
    }
    if (id.extraversion_fact.status == XSHIM_FACT_DENIED)
        sel->notes |= XSHIM_NOTE_EXTRAVERSION_DENIED;
    if (guest_type_open(id))
        sel->notes |= XSHIM_NOTE_GUEST_TYPE_OPEN;
    return kNoRefusal;
}

} // namespace xshim
