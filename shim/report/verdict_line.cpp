// shim/report/verdict_line.cpp: formatting the verdict line (docs/refusals.md shows every form).
#include "shim/report/verdict_line.hpp"

#include "shim/lib/fdt.hpp"
#include "shim/select/select.hpp"
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
template <size_t N> constexpr bool runs_from_zero(const uint32_t (&values)[N]) {
    for (size_t i = 0; i < N; ++i)
        if (values[i] != i)
            return false;
    return true;
}
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

void feature_word(Writer &w, int bit) {
    const char *name = xshim_xenfeat_name(static_cast<uint32_t>(bit));
    w.str("feature ").str(name != nullptr ? name : "unnamed").str(" (XENFEAT bit ")
        .dec(static_cast<uint64_t>(bit)).ch(')');
}

void kernel_side(Writer &w, const xshim_verdict &v) {
    const xshim_identity &id = v.identity;
    const xshim_policy *p = v.policy;
    switch (v.reason) {
    case XSHIM_REASON_BAD_POLICY:
        w.str("kernel's own policy is malformed (needs magic ").hex(XSHIM_POLICY_MAGIC, 8)
            .str(", size ").dec(sizeof(xshim_policy)).str(", version ")
            .dec(XSHIM_POLICY_VERSION).str(", min <= max, some guest type)");
        break;
    case XSHIM_REASON_NO_HANDOFF:
        w.str("kernel needs a boot handoff (PV start_info, PVH hvm_start_info or Arm FDT), got none");
        break;
    case XSHIM_REASON_BAD_START_INFO:
        w.str("start_info magic \"").str(id.start_magic)
            .str("\" is malformed; kernel needs \"xen-<major>.<minor>-<arch>\" for its arch");
        break;
    case XSHIM_REASON_BAD_HVM_START_INFO:
        w.str("hvm_start_info (version ").dec(id.hvm_start_version)
            .str(") is malformed; kernel needs magic ").hex(XSHIM_HVM_START_MAGIC, 8)
            .str(" and a consistent memory map");
        break;
    case XSHIM_REASON_OLD_GENERATION:
        w.str("interface generation ");
        // The magic when it is the old one ("xen-2.0-..."), else the release that is.
        if (id.start_magic_fact.status == XSHIM_FACT_OK && id.interface_major < 3)
            w.str("\"").str(id.start_magic).str("\"");
        else
            w.release(id.release);
        w.str(" predates 3.0; kernel needs the Xen 3.0 interface or later");
        break;
    case XSHIM_REASON_NO_XEN:
        if (id.signature_fact.source == XSHIM_SRC_FDT)
            w.str("kernel needs Xen (a /hypervisor node compatible \"xen,xen\" in the device tree)");
        else
            w.str("kernel needs Xen (signature XenVMMXenVMM with leaves base..base+2)");
        break;
    case XSHIM_REASON_NO_TRANSPORT:
        w.str("no hypercall adapter in this build for this guest type and CPU vendor");
        break;
    case XSHIM_REASON_HYPERCALL_FAILED:
        w.str("xen_version answered ").ch('-')
            .dec(static_cast<uint64_t>(-static_cast<int64_t>(id.release_xenver_fact.error)))
            .str(" (").str(status_name(id.release_xenver_fact.status))
            .str("); kernel needs a working xen_version hypercall");
        break;
    case XSHIM_REASON_RELEASE_MISMATCH:
        if (id.release_fdt_fact.status == XSHIM_FACT_OK && id.release_fdt != id.release_xenver) {
            w.str("XENVER_version says ").release(id.release_xenver)
                .str(" but the device tree says ").release(id.release_fdt)
                .str("; kernel needs them to agree");
            break;
        }
        w.str("XENVER_version says ").release(id.release_xenver).str(" but CPUID says ")
            .release(id.release_cpuid).str("; kernel needs them to agree");
        break;
    case XSHIM_REASON_TOO_OLD:
        w.str("kernel needs Xen >= ").release(p->min_release);
        break;
    case XSHIM_REASON_TOO_NEW:
        w.str("kernel tested up to Xen ").release(p->max_tested_release)
            .str(" and refuses newer releases");
        break;
    case XSHIM_REASON_GUEST_TYPE:
        w.str("kernel runs only as");
        for (uint32_t t = XSHIM_GUEST_PV; t <= XSHIM_GUEST_ARM; ++t)
            if (p->guest_types & XSHIM_GUEST_MASK(t))
                w.ch(' ').str(guest_name(t, id.arch));
        break;
    case XSHIM_REASON_MISSING_FEATURE:
        w.str("kernel needs ");
        feature_word(w, first_missing_feature(id, *p));
        if (id.features_fact.status != XSHIM_FACT_OK)
            w.str(" (XENVER_get_features: ").str(status_name(id.features_fact.status)).ch(')');
        break;
    case XSHIM_REASON_NO_LAYOUT:
        w.str("no shared_info layout adapter for this architecture at Xen ").release(id.release);
        break;
    case XSHIM_REASON_BAD_FDT:
        w.str("device tree in x0 is malformed (").str(fdt::error_name(id.fdt_error))
            .str("); kernel needs a valid flattened device tree");
        break;
    default:
        w.str("unknown reason");
        break;
    }
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
    if (s.notes & XSHIM_NOTE_WANTED_MISSING)
        w.str(" wanted-missing=").hex(s.wanted_missing[0], 8);
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
