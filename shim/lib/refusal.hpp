// shim/lib/refusal.hpp: the shape of every stage's decision: a reason code and what proves it
// (struct xshim_evidence, xshim.h). The stage that decides (handoff, probe, select) builds it
// with one of the constructors below, naming both sides there; the report stage only prints it.
#pragma once

#include <xshim.h>

namespace xshim {

struct [[nodiscard]] Refusal {
    uint32_t reason; // enum xshim_reason; XSHIM_REASON_NONE: not refused
    xshim_evidence why;
    // Callers that only ask which reason (tests, fuzzers) compare the code itself.
    constexpr operator uint32_t() const { return reason; }
};

inline constexpr Refusal kNoRefusal{XSHIM_REASON_NONE, {}};

// One constructor per kind of evidence (the table at enum xshim_evidence_kind).
constexpr Refusal refuse_fact(uint32_t reason, xshim_fact fact, uint32_t seen = 0) {
    return {reason, {XSHIM_EVIDENCE_FACT, seen, 0, fact}};
}
constexpr Refusal refuse_sources(uint8_t source, uint32_t release, uint32_t xenver) {
    return {XSHIM_REASON_RELEASE_MISMATCH,
            {XSHIM_EVIDENCE_SOURCES, release, xenver, {source, XSHIM_FACT_OK, 0}}};
}
constexpr Refusal refuse_bound(uint32_t reason, uint8_t source, uint32_t seen, uint32_t bound) {
    return {reason, {XSHIM_EVIDENCE_BOUND, seen, bound, {source, XSHIM_FACT_OK, 0}}};
}
constexpr Refusal refuse_guest_type(uint32_t guest_type, uint32_t accepted) {
    return {XSHIM_REASON_GUEST_TYPE, {XSHIM_EVIDENCE_GUEST_TYPE, guest_type, accepted, {}}};
}
constexpr Refusal refuse_feature(uint32_t bit, uint32_t submap, xshim_fact features) {
    return {XSHIM_REASON_MISSING_FEATURE, {XSHIM_EVIDENCE_FEATURE, submap, bit, features}};
}
constexpr Refusal refuse_policy(uint32_t offset, uint32_t value) {
    return {XSHIM_REASON_BAD_POLICY, {XSHIM_EVIDENCE_POLICY, value, offset, {}}};
}
// `required` is the XENFEAT bit the policy requires that the inconsistency touches, or
// XSHIM_EVIDENCE_NO_POLICY when the policy refuses every inconsistency.
constexpr Refusal refuse_inconsistent(uint32_t rule, uint32_t required, xshim_fact fact) {
    return {XSHIM_REASON_INCONSISTENT, {XSHIM_EVIDENCE_INCONSISTENT, rule, required, fact}};
}
constexpr Refusal refuse_no_match(uint32_t reason, uint32_t key, uint32_t key2) {
    return {reason, {XSHIM_EVIDENCE_NO_MATCH, key, key2, {}}};
}

// The verdict's outcome, reason and evidence, stored together (then format_verdict_line()).
inline void conclude(const Refusal &r, xshim_verdict *v) {
    v->reason = r.reason;
    v->evidence = r.why;
    v->outcome = r.reason == XSHIM_REASON_NONE ? XSHIM_SELECTED : XSHIM_REFUSED;
}

} // namespace xshim
