// shim/probe/guest_type.cpp: HVM or PVH. The entry code can only say "hvm_start_info in %ebx":
// Xen enters a PVH domain that way, and so does QEMU's PVH option ROM in an HVM domain whose
// device model starts the kernel. What Xen reports afterwards tells them apart where it can
// (abi/hvm.h says why, and since which release it cannot always).
#include "shim/probe/probe.hpp"

#include <abi/features.h>

namespace xshim {
namespace {

// Evidence that proves another guest type than the entry protocol suggested: a XENFEAT bit that
// Xen sets only for that type.
struct TypeEvidence {
    uint32_t entered_as; // enum xshim_guest_type the entry protocol gave
    uint32_t feature;    // XSHIM_XENFEAT_* bit, set by Xen only for `proves`
    uint32_t proves;     // enum xshim_guest_type
};
constexpr TypeEvidence kTypeEvidence[] = {
    // Emulated PIRQs exist only in an HVM domain (xen/common/kernel.c: is_hvm_domain(d) &&
    // has_pirq(d)); PVH domains never have them.
    {XSHIM_GUEST_PVH, XSHIM_XENFEAT_hvm_pirqs, XSHIM_GUEST_HVM},
};

} // namespace

void refine_guest_type(xshim_identity *id) {
    if (id->features_fact.status != XSHIM_FACT_OK)
        return;
    for (const TypeEvidence &e : kTypeEvidence) {
        if (id->guest_type == e.entered_as &&
            (id->features[XSHIM_XENFEAT_SUBMAP(e.feature)] & XSHIM_XENFEAT_MASK(e.feature)) != 0) {
            id->guest_type = e.proves;
            return;
        }
    }
}

} // namespace xshim
