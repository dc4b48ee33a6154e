// shim/select/consistency.hpp: the consistency rules, a table beside the policy checks. Each rule
// relates facts of the identity (and the boot structure) that cannot all be true; select() refuses
// when one touches what the policy requires and notes it otherwise.
#pragma once

#include <xshim.h>

namespace xshim {

struct ConsistencyRule {
    uint32_t rule;                    // enum xshim_rule
    const char *facts;                // the facts it relates
    const char *source;               // where abi/ defines them
    xshim_fact xshim_identity::*fact; // the fact a refusal rests on
    // Pure: true and *out filled (rule, seen, against) when the facts disagree; touches[] gets the
    // XENFEAT bits (per submap) the disagreement concerns, which a policy may require. False
    // writes nothing, so the caller clears *out and touches[] only after a rule fired.
    bool (*check)(const xshim_identity &id, const xshim_boot_info &boot, xshim_inconsistency *out,
                  uint32_t touches[XSHIM_FEATURE_SUBMAPS]);
};

extern const ConsistencyRule kConsistencyRules[];
extern const uint32_t kConsistencyRuleCount;

// Runs every rule. *found gets the first inconsistency whose bits the policy requires, else the
// first one, and every rule that fired; returns the first required bit touched, or -1.
int check_consistency(const xshim_identity &id, const xshim_boot_info &boot,
                      const xshim_policy &policy, xshim_inconsistency *found);

// The fact a rule's refusal rests on (its row's fact), zero for NONE.
xshim_fact rule_fact(const xshim_identity &id, uint32_t rule);

// XENFEAT bits of submap 0 that some release xshim knows defines (abi/features.h).
uint32_t known_features();

} // namespace xshim
