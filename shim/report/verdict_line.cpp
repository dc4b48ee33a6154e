// shim/report/verdict_line.cpp: formatting the verdict line (docs/refusals.md shows every form).
#include "shim/report/verdict_line.hpp"

#include "shim/lib/fdt.hpp"
#include "shim/lib/text.hpp"

#include <abi/base.h>
#include <abi/features.h>
#include <abi/hvm_start_info.h>

namespace xshim {
namespace {

#define XSHIM_REASON_NAME_(name, value, text, meaning) text,
#define XSHIM_REASON_VALUE_(name, value, text, meaning) value,
constexpr const char *kReasonNames[] = {XSHIM_REASONS(XSHIM_REASON_NAME_)};
constexpr uint32_t kReasonValues[] = {XSHIM_REASONS(XSHIM_REASON_VALUE_)};
#undef XSHIM_REASON_NAME_
#undef XSHIM_REASON_VALUE_

#define XSHIM_FACT_NAME_(name, value, text) text,
#define XSHIM_FACT_VALUE_(name, value, text) value,
constexpr const char *kStatusNames[] = {XSHIM_FACT_STATUSES(XSHIM_FACT_NAME_)};
constexpr uint32_t kStatusValues[] = {XSHIM_FACT_STATUSES(XSHIM_FACT_VALUE_)};
#undef XSHIM_FACT_NAME_
#undef XSHIM_FACT_VALUE_

// Both lists are indexed by value, so each must run 0, 1, 2, ... without gaps.
static_assert(runs_from_zero(kReasonValues) &&
              sizeof kReasonNames / sizeof *kReasonNames == XSHIM_REASON_COUNT);
static_assert(runs_from_zero(kStatusValues));

const char *evtchn_name(uint32_t abi) { return abi == XSHIM_EVTCHN_FIFO ? "fifo" : "2l"; }

// A status out of range reads as never asked, as the zeroed fact it would be.
const char *status_name(uint8_t status) {
    return status < sizeof kStatusNames / sizeof *kStatusNames ? kStatusNames[status]
                                                               : kStatusNames[XSHIM_FACT_UNASKED];
}

// "Xen 4.17.7" from the probe, or what is known of the hypervisor so far.
void hypervisor_side(Writer &w, const xshim_verdict &v) {
    const xshim_identity &id = v.identity;
    if (id.release_xenver_fact.status == XSHIM_FACT_OK) {
        w.str("Xen ").release(id.release).str(id.extraversion);
    } else if (id.release_cpuid_fact.status == XSHIM_FACT_OK) {
        w.str("Xen ").release(id.release_cpuid).str(" (CPUID)");
    } else if (id.release_fdt_fact.status == XSHIM_FACT_OK) {
        w.str("Xen ").release(id.release_fdt).str(" (device tree)");
    } else if (id.signature_fact.source == XSHIM_SRC_FDT) {
        // Arm: the device tree's /hypervisor node, not CPUID, says whether this is Xen.
        if (id.signature_fact.status == XSHIM_FACT_OK)
            w.str("Xen");
        else if (id.signature_fact.status == XSHIM_FACT_ABSENT)
            w.str("no Xen hypervisor (no /hypervisor node in the device tree)");
        else
            w.str("no Xen hypervisor (/hypervisor compatible \"").str(id.signature).str("\")");
    } else if (id.fdt_error != 0 && id.signature_fact.status == XSHIM_FACT_UNASKED) {
        w.str("unknown hypervisor (unreadable device tree)");
    } else if (id.cpuid_base != 0) {
        w.str("Xen");
    } else if (id.signature_fact.status == XSHIM_FACT_UNASKED) {
        w.str("unknown hypervisor (not probed)"); // no platform, or no way to ask
    } else {
        w.str("no Xen hypervisor (CPUID 0x40000000 \"").printable(id.signature, 12).str("\")");
    }
    w.str(" (").str(guest_name(id.guest_type, id.arch)).str(")");
}

void feature_word(Writer &w, uint32_t bit) {
    const char *name = xshim_xenfeat_name(bit);
    w.str("feature ")
        .str(name != nullptr ? name : "unnamed")
        .str(" (XENFEAT bit ")
        .dec(bit)
        .ch(')');
}

// What the kernel needs, one printer per reason, named after it in XSHIM_REASONS. Each prints
// the evidence the deciding stage stored (verdict.evidence) and decides nothing itself.
using Printer = void (*)(Writer &w, const xshim_verdict &v);

void needs_NONE(Writer &w, const xshim_verdict &) { w.str("unknown reason"); }

void needs_BAD_POLICY(Writer &w, const xshim_verdict &) {
    w.str("kernel's own policy is malformed (needs magic ")
        .hex(XSHIM_POLICY_MAGIC, 8)
        .str(", size ")
        .dec(sizeof(xshim_policy))
        .str(", version ")
        .dec(XSHIM_POLICY_VERSION)
        .str(", min <= max, some guest type)");
}

void needs_NO_HANDOFF(Writer &w, const xshim_verdict &) {
    w.str("kernel needs a boot handoff (PV start_info, PVH hvm_start_info or Arm FDT), got none");
}

void needs_BAD_START_INFO(Writer &w, const xshim_verdict &v) {
    w.str("start_info magic \"")
        .str(v.identity.start_magic)
        .str("\" is malformed; kernel needs \"xen-<major>.<minor>-<arch>\" for its arch");
}

void needs_BAD_HVM_START_INFO(Writer &w, const xshim_verdict &v) {
    w.str("hvm_start_info (version ")
        .dec(v.evidence.seen)
        .str(") is malformed; kernel needs magic ")
        .hex(XSHIM_HVM_START_MAGIC, 8)
        .str(" and a consistent memory map");
}

void needs_OLD_GENERATION(Writer &w, const xshim_verdict &v) {
    const xshim_evidence &e = v.evidence;
    w.str("interface generation ");
    if (e.fact.source == XSHIM_SRC_START_INFO) // the PV magic was old ("xen-2.0-...")
        w.ch('"').str(v.identity.start_magic).ch('"');
    else
        w.release(e.seen);
    w.str(" predates ")
        .release(e.against)
        .str("; kernel needs the Xen ")
        .release(e.against)
        .str(" interface or later");
}

void needs_NO_XEN(Writer &w, const xshim_verdict &v) {
    if (v.evidence.fact.source == XSHIM_SRC_FDT)
        w.str("kernel needs Xen (a /hypervisor node compatible \"xen,xen\" in the device tree)");
    else
        w.str("kernel needs Xen (signature XenVMMXenVMM with leaves base..base+2)");
}

void needs_NO_TRANSPORT(Writer &w, const xshim_verdict &) {
    w.str("no hypercall adapter in this build for this guest type and CPU vendor");
}

void needs_HYPERCALL_FAILED(Writer &w, const xshim_verdict &v) {
    const xshim_fact &f = v.evidence.fact;
    w.str("xen_version answered ")
        .ch('-')
        .dec(static_cast<uint64_t>(-static_cast<int64_t>(f.error)))
        .str(" (")
        .str(status_name(f.status))
        .str("); kernel needs a working xen_version hypercall");
}

void needs_RELEASE_MISMATCH(Writer &w, const xshim_verdict &v) {
    const xshim_evidence &e = v.evidence;
    w.str("XENVER_version says ")
        .release(e.against)
        .str(e.fact.source == XSHIM_SRC_FDT ? " but the device tree says " : " but CPUID says ")
        .release(e.seen)
        .str("; kernel needs them to agree");
}

void needs_TOO_OLD(Writer &w, const xshim_verdict &v) {
    w.str("kernel needs Xen >= ").release(v.evidence.against);
}

void needs_TOO_NEW(Writer &w, const xshim_verdict &v) {
    w.str("kernel tested up to Xen ")
        .release(v.evidence.against)
        .str(" and refuses newer releases");
}

void needs_GUEST_TYPE(Writer &w, const xshim_verdict &v) {
    w.str("kernel runs only as");
    for (uint32_t t = XSHIM_GUEST_PV; t <= XSHIM_GUEST_ARM; ++t)
        if (v.evidence.against & XSHIM_GUEST_MASK(t))
            w.ch(' ').str(guest_name(t, v.identity.arch));
}

void needs_MISSING_FEATURE(Writer &w, const xshim_verdict &v) {
    const xshim_evidence &e = v.evidence;
    w.str("kernel needs ");
    feature_word(w, e.against);
    if (e.fact.status != XSHIM_FACT_OK)
        w.str(" (XENVER_get_features: ").str(status_name(e.fact.status)).ch(')');
}

void needs_NO_LAYOUT(Writer &w, const xshim_verdict &v) {
    w.str("no shared_info layout adapter for this architecture at Xen ").release(v.evidence.seen);
}

void needs_BAD_FDT(Writer &w, const xshim_verdict &v) {
    w.str("device tree in x0 is malformed (")
        .str(fdt::error_name(v.evidence.fact.error))
        .str("); kernel needs a valid flattened device tree");
}

// The two facts an inconsistency relates, as verdict.inconsistency holds them; short, because it
// also ends a SELECTED line that already lists every fact.
void inconsistency_words(Writer &w, const xshim_inconsistency &odd) {
    switch (odd.rule) {
    case XSHIM_RULE_EXCLUSIVE_FEATURES:
        w.str("XENVER_get_features says direct_mapped and not_direct_mapped");
        break;
    case XSHIM_RULE_UNKNOWN_FEATURES:
        w.str("XENVER_get_features sets ").hex(odd.seen, 8);
        if (odd.against != 0)
            w.str(" in submap ").dec(odd.against);
        w.str(", unknown bits");
        break;
    case XSHIM_RULE_FEATURE_AFTER:
        w.str("XENVER_get_features says ")
            .str(xshim_xenfeat_name(odd.seen))
            .str(" (")
            .release(xshim_xenfeat_since(odd.seen))
            .str("+) on ")
            .release(odd.against);
        break;
    case XSHIM_RULE_INITDOMAIN:
        w.str("start_info says SIF_INITDOMAIN, XENVER_get_features no dom0");
        break;
    case XSHIM_RULE_GNTTAB_SIZES:
        w.str("GNTTABOP_query_size says frames in use > max, or max 0");
        break;
    case XSHIM_RULE_EVTCHN_PROBE:
        w.str("EVTCHNOP_init_control accepted vCPU 0xffffffff");
        break;
    default:
        w.str("no inconsistency");
        break;
    }
}

void needs_INCONSISTENT(Writer &w, const xshim_verdict &v) {
    inconsistency_words(w, v.inconsistency);
    if (v.evidence.against == XSHIM_EVIDENCE_NO_POLICY) {
        w.str("; kernel refuses any inconsistency");
        return;
    }
    w.str("; kernel requires ");
    feature_word(w, v.evidence.against);
}

#define XSHIM_REASON_PRINTER_(name, value, text, meaning) &needs_##name,
constexpr Printer kNeeds[] = {XSHIM_REASONS(XSHIM_REASON_PRINTER_)};
#undef XSHIM_REASON_PRINTER_

void kernel_side(Writer &w, const xshim_verdict &v) {
    (v.reason < XSHIM_REASON_COUNT ? kNeeds[v.reason] : &needs_NONE)(w, v);
}

void selected_line(Writer &w, const xshim_verdict &v) {
    const xshim_identity &id = v.identity;
    const xshim_selection &s = v.selection;
    w.str("xshim: SELECTED ");
    hypervisor_side(w, v);
    if (id.release_cpuid_fact.status == XSHIM_FACT_OK)
        w.str(" cpuid=").hex(id.cpuid_base, 8).str(":").release(id.release_cpuid);
    if (id.release_fdt_fact.status == XSHIM_FACT_OK)
        w.str(" dt=").release(id.release_fdt);
    else if (id.release_fdt_fact.source == XSHIM_SRC_FDT)
        w.str(" dt=").str(status_name(id.release_fdt_fact.status));
    if (v.boot.protocol == XSHIM_BOOT_PV)
        w.str(" magic=").str(id.start_magic);
    else if (v.boot.protocol == XSHIM_BOOT_PVH)
        w.str(" hvm_start_info=v").dec(id.hvm_start_version);
    w.str(" features=").hex(id.features[0], 8);
    if (id.features_fact.status != XSHIM_FACT_OK)
        w.ch('(').str(status_name(id.features_fact.status)).ch(')');
    if (id.extraversion_fact.status != XSHIM_FACT_OK)
        w.str(" extraversion=").str(status_name(id.extraversion_fact.status));
    w.str(" hypercall=").str(s.hypercall.adapter->name);
    w.str(" shared_info=").str(s.shared_info->name);
    w.str(" start_info=").str(s.start_info->name);
    w.str(" evtchn=").str(evtchn_name(s.evtchn_abi));
    if (id.gnttab_fact.status == XSHIM_FACT_OK)
        w.str(" gnttab=").dec(id.gnttab_frames).ch('/').dec(id.gnttab_max_frames);
    else if (id.gnttab_fact.status != XSHIM_FACT_UNASKED)
        w.str(" gnttab=").str(status_name(id.gnttab_fact.status));
    if (s.notes & XSHIM_NOTE_NEWER_THAN_TESTED)
        w.str(" NOTE: newer than tested (").release(v.policy->max_tested_release).ch(')');
    if (s.notes & XSHIM_NOTE_GUEST_TYPE_OPEN)
        w.str(" NOTE: pvh or hvm (nothing Xen reported proves which)");
    if (s.notes & XSHIM_NOTE_WANTED_MISSING)
        w.str(" wanted-missing=").hex(s.wanted_missing[0], 8);
    if (s.notes & XSHIM_NOTE_INCONSISTENT) {
        w.str(" NOTE: inconsistent: ");
        inconsistency_words(w, v.inconsistency);
        uint32_t more = 0; // rules beyond the one shown
        for (uint32_t r = v.inconsistency.rules & (v.inconsistency.rules - 1); r != 0; r &= r - 1)
            ++more;
        if (more != 0)
            w.str(" (+").dec(more).str(" more)");
    }
}

} // namespace

const char *guest_name(uint32_t guest_type, uint32_t arch) {
    bool w32 = arch == XSHIM_ARCH_X86_32 || arch == XSHIM_ARCH_ARM32;
    switch (guest_type) {
    case XSHIM_GUEST_PV:
        return w32 ? "pv32" : "pv64";
    case XSHIM_GUEST_PVH:
        return w32 ? "pvh32" : "pvh64";
    case XSHIM_GUEST_HVM:
        return w32 ? "hvm32" : "hvm64";
    case XSHIM_GUEST_ARM:
        return w32 ? "arm32" : "arm64";
    default:
        return "unknown guest";
    }
}

void format_verdict_line(xshim_verdict *v) {
    Writer w(v->line, sizeof v->line);
    if (v->outcome == XSHIM_SELECTED) {
        selected_line(w, *v);
        return;
    }
    w.str("xshim: REFUSED ");
    hypervisor_side(w, *v);
    w.str(": ");
    kernel_side(w, *v);
    w.str(" [").str(xshim_reason_name(v->reason)).ch(']');
}

} // namespace xshim

extern "C" const char *xshim_reason_name(uint32_t reason) {
    return reason < XSHIM_REASON_COUNT ? xshim::kReasonNames[reason] : "unknown";
}
