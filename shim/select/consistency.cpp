// shim/select/consistency.cpp: what the hypervisor said, held against itself. Every rule is a small
// pure check over facts already probed; none asks the hypervisor again.
#include "shim/select/consistency.hpp"

#include <abi/base.h>
#include <abi/features.h>
#include <abi/start_info_x86.h>

namespace xshim {
namespace {

constexpr uint32_t kKnownFeatures = 0
#define XSHIM_XENFEAT_KNOWN_(name, bit, since) | XSHIM_XENFEAT_MASK(bit)
    XSHIM_XENFEAT(XSHIM_XENFEAT_KNOWN_)
#undef XSHIM_XENFEAT_KNOWN_
    ;

constexpr uint32_t kDirectBoth = XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_direct_mapped) |
                                 XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_not_direct_mapped);

// The lowest set bit's index; x != 0 (no compiler builtin: it may need libgcc on some targets).
uint32_t lowest_bit(uint32_t x) {
    uint32_t bit = 0;
    while ((x & (1u << bit)) == 0)
        ++bit;
    return bit;
}

bool features_ok(const xshim_identity &id) { return id.features_fact.status == XSHIM_FACT_OK; }

bool found(uint32_t rule, uint32_t seen, uint32_t against, xshim_inconsistency *out) {
    out->rule = rule;
    out->seen = seen;
    out->against = against;
    return true;
}

// Xen 4.16+ sets one of the two (x86 and Arm alike): a domain's memory cannot be
// both mapped 1:1 and not. An answer that contradicts itself backs none of its bits, so it
// touches every feature a policy requires.
bool exclusive_features(const xshim_identity &id, const xshim_boot_info &, xshim_inconsistency *out,
                        uint32_t touches[XSHIM_FEATURE_SUBMAPS]) {
    if (!features_ok(id) || (id.features[0] & kDirectBoth) != kDirectBoth)
        return false;
    touches[0] = ~0u;
    return found(XSHIM_RULE_EXCLUSIVE_FEATURES, id.features[0], kDirectBoth, out);
}

// A bit no release xshim knows defines is reported, and is the inconsistency when a policy
// requires it, so it never satisfies a required feature. It touches only itself: a newer Xen
// may define bits xshim does not know yet, which says nothing against the bits it does know.
bool unknown_features(const xshim_identity &id, const xshim_boot_info &, xshim_inconsistency *out,
                      uint32_t touches[XSHIM_FEATURE_SUBMAPS]) {
    if (!features_ok(id))
        return false;
    if (uint32_t unknown = id.features[0] & ~kKnownFeatures) {
        touches[0] = unknown;
        return found(XSHIM_RULE_UNKNOWN_FEATURES, unknown, 0, out);
    }
    for (uint32_t i = XSHIM_XENFEAT_NR_SUBMAPS; i < XSHIM_FEATURE_SUBMAPS; ++i)
        if (id.features[i] != 0) {
            touches[i] = id.features[i];
            return found(XSHIM_RULE_UNKNOWN_FEATURES, id.features[i], i, out);
        }
    return false;
}

// Whether `since` is the release just after `rel`: 4.17 -> 4.18, or a new major's .0 (3.4 -> 4.0).
bool next_release(uint32_t rel, uint32_t since) {
    return since == rel + 1 || since == XSHIM_REL(XSHIM_REL_MAJOR(rel) + 1, 0);
}

// The known bits grouped by the release that introduced them, newest first, so a check visits
// only the groups newer than the reported release (none or a few), not every set bit.
struct SinceGroup {
    uint32_t since;
    uint32_t mask;
};
constexpr uint32_t kFeatureBits = 0
#define XSHIM_XENFEAT_COUNT_(name, bit, since) +1
    XSHIM_XENFEAT(XSHIM_XENFEAT_COUNT_)
#undef XSHIM_XENFEAT_COUNT_
    ;
struct SinceGroups {
    SinceGroup group[kFeatureBits];
    uint32_t count;
};
constexpr SinceGroups make_since_groups() {
    SinceGroups g{};
    constexpr SinceGroup bits[] = {
#define XSHIM_XENFEAT_GROUP_(name, bit, since) {since, XSHIM_XENFEAT_MASK(bit)},
        XSHIM_XENFEAT(XSHIM_XENFEAT_GROUP_)
#undef XSHIM_XENFEAT_GROUP_
    };
    for (const SinceGroup &b : bits) { // merge into the group of the same release, else add one
        uint32_t k = 0;
        while (k < g.count && g.group[k].since != b.since)
            ++k;
        if (k == g.count)
            g.group[g.count++] = {b.since, 0};
        g.group[k].mask |= b.mask;
    }
    for (uint32_t a = 0; a < g.count; ++a) // newest first
        for (uint32_t b = a + 1; b < g.count; ++b)
            if (g.group[b].since > g.group[a].since) {
                const SinceGroup t = g.group[a];
                g.group[a] = g.group[b];
                g.group[b] = t;
            }
    return g;
}
constexpr SinceGroups kSinceGroups = make_since_groups();
static_assert(kSinceGroups.count > 0 && kSinceGroups.group[kSinceGroups.count - 1].since != 0,
              "every known bit has its release");

// A bit introduced after the reported release. The since column is partly from memory ([M] in
// abi/features.h), so only a bit two or more releases newer counts: one release of error in the
// table must not make a real Xen look inconsistent.
bool feature_after(const xshim_identity &id, const xshim_boot_info &, xshim_inconsistency *out,
                   uint32_t touches[XSHIM_FEATURE_SUBMAPS]) {
    if (!features_ok(id) || id.release_xenver_fact.status != XSHIM_FACT_OK)
        return false;
    uint32_t newer = 0;
    for (uint32_t k = 0; k < kSinceGroups.count && kSinceGroups.group[k].since > id.release; ++k)
        if (!next_release(id.release, kSinceGroups.group[k].since))
            newer |= kSinceGroups.group[k].mask;
    const uint32_t late = id.features[0] & newer;
    if (late == 0)
        return false;
    touches[0] = late;
    return found(XSHIM_RULE_FEATURE_AFTER, lowest_bit(late), id.release, out);
}

// Xen's PV dom0 builder sets SIF_INITDOMAIN for the hardware domain, and XENVER_get_features says
// dom0 for it, so a start_info that says dom0 with the bit clear disagrees. Only this direction:
// a late hardware domain (x86 CONFIG_LATE_HWDOM) has the bit without the flag, and a host tool
// predicting a boot does not know the flags. PVH's hvm_start_info and Arm's device tree do not
// say whether this is dom0, so they have no rule. The bit's since column is from memory: the
// same one-release margin as feature_after.
bool initdomain(const xshim_identity &id, const xshim_boot_info &boot, xshim_inconsistency *out,
                uint32_t touches[XSHIM_FEATURE_SUBMAPS]) {
    const uint32_t since = xshim_xenfeat_since(XSHIM_XENFEAT_dom0);
    if (boot.protocol != XSHIM_BOOT_PV || (boot.flags & XSHIM_SIF_INITDOMAIN) == 0 ||
        !features_ok(id) || (id.features[0] & XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_dom0)) ||
        id.release <= since || next_release(since, id.release))
        return false;
    touches[0] = XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_dom0);
    return found(XSHIM_RULE_INITDOMAIN, boot.flags, id.features[0], out);
}

// The probe marks GNTTABOP_query_size's answer malformed when frames in use exceed the maximum
// or the maximum is zero, and keeps neither number so no kernel sizes a table from them.
bool gnttab_sizes(const xshim_identity &id, const xshim_boot_info &, xshim_inconsistency *out,
                  uint32_t[XSHIM_FEATURE_SUBMAPS]) {
    if (id.gnttab_fact.status != XSHIM_FACT_MALFORMED)
        return false;
    return found(XSHIM_RULE_GNTTAB_SIZES, 0, 0, out);
}

// EVTCHNOP_init_control for vCPU 0xffffffff cannot succeed; the probe marks a success malformed.
bool evtchn_probe(const xshim_identity &id, const xshim_boot_info &, xshim_inconsistency *out,
                  uint32_t[XSHIM_FEATURE_SUBMAPS]) {
    if (id.evtchn_fifo_fact.status != XSHIM_FACT_MALFORMED)
        return false;
    return found(XSHIM_RULE_EVTCHN_PROBE, 0, 0, out);
}

} // namespace

const ConsistencyRule kConsistencyRules[] = {
    {XSHIM_RULE_EXCLUSIVE_FEATURES, "XENVER_get_features: direct_mapped, not_direct_mapped",
     "abi/features.h", &xshim_identity::features_fact, &exclusive_features},
    {XSHIM_RULE_UNKNOWN_FEATURES, "XENVER_get_features: every bit, against the known ones",
     "abi/features.h", &xshim_identity::features_fact, &unknown_features},
    {XSHIM_RULE_FEATURE_AFTER, "XENVER_get_features, XENVER_version",
     "abi/features.h (since column), abi/version.h", &xshim_identity::features_fact,
     &feature_after},
    {XSHIM_RULE_INITDOMAIN, "PV start_info.flags SIF_INITDOMAIN, XENVER_get_features dom0",
     "abi/start_info_x86.h, abi/features.h", &xshim_identity::features_fact, &initdomain},
    {XSHIM_RULE_GNTTAB_SIZES, "GNTTABOP_query_size: nr_frames, max_nr_frames", "abi/grant_table.h",
     &xshim_identity::gnttab_fact, &gnttab_sizes},
    {XSHIM_RULE_EVTCHN_PROBE, "EVTCHNOP_init_control for vCPU 0xffffffff", "abi/event_channel.h",
     &xshim_identity::evtchn_fifo_fact, &evtchn_probe},
};
const uint32_t kConsistencyRuleCount = sizeof kConsistencyRules / sizeof *kConsistencyRules;
static_assert(sizeof kConsistencyRules / sizeof *kConsistencyRules == XSHIM_RULE_COUNT - 1,
              "one table row per rule of XSHIM_RULES");

uint32_t known_features() { return kKnownFeatures; }

xshim_fact rule_fact(const xshim_identity &id, uint32_t rule) {
    for (const ConsistencyRule &r : kConsistencyRules)
        if (r.rule == rule)
            return id.*r.fact;
    return {};
}

int check_consistency(const xshim_identity &id, const xshim_boot_info &boot,
                      const xshim_policy &policy, xshim_inconsistency *result) {
    *result = {};
    int touched = -1;
    xshim_inconsistency one{};
    uint32_t touches[XSHIM_FEATURE_SUBMAPS] = {};
    for (const ConsistencyRule &r : kConsistencyRules) {
        if (!r.check(id, boot, &one, touches)) // wrote nothing: both stay clear
            continue;
        result->rules |= 1u << r.rule;
        int required = -1;
        for (uint32_t i = 0; i < XSHIM_FEATURE_SUBMAPS && required < 0; ++i)
            if (uint32_t both = touches[i] & policy.required_features[i])
                required = static_cast<int>(i * 32 + lowest_bit(both));
        if (touched < 0 && required >= 0) {
            touched = required;
            result->rule = one.rule;
            result->seen = one.seen;
            result->against = one.against;
        } else if (result->rule == XSHIM_RULE_NONE) {
            result->rule = one.rule;
            result->seen = one.seen;
            result->against = one.against;
        }
        one = {};
        for (uint32_t &t : touches)
            t = 0;
    }
    return touched;
}

} // namespace xshim
