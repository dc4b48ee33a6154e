// shim/select/shared_info_table.cpp: the scan over the shared_info adapters, one per layout and per
// span of releases that maintain the same fields; select() picks by (arch, min_release..
// max_release). Each architecture lists its own (shim/arch/<arch>/entries.hpp).
//
// Where wc_sec_hi comes from. Xen's public xen.h declares `uint32_t wc_sec_hi` in the generic
// part of struct shared_info for every architecture except i386, and inside
// struct arch_shared_info on i386 ("There's no room for this field in the generic structure",
// arch-x86/xen.h). The writer is common code, xen/common/time.c update_domain_wallclock_time():
// on x86 it writes native.wc_sec_hi or compat.arch.wc_sec_hi by the guest's width, elsewhere
// (Arm) shared_info(d, wc_sec_hi), all in the same version-counted update. So Arm gained the
// field together with x86, not on its own schedule. It first appears in the Xen 4.6 development
// tree (a 4.6-era xen.h in xen-project/xen, beside the 4.6 linear-p2m arch fields, has it);
// DESIGN.md's "wc_sec_hi generic on x86_64/Arm but inside arch on x86_32 (4.6+)" agrees. We
// found no earlier Arm variant. Before 4.6 the x86_64/Arm slot is alignment padding whose
// content Xen never promised, so the 3.0-4.5 / 4.4-4.5 entries ignore it.
//
// Arm: the guest ABI was declared stable in Xen 4.4 (4.4 release notes; 4.3 was a preview), so
// the Arm entries start there. arm64 and arm32 guests share one layout (uint64_t aligned to 8
// on both), hence one struct (shim/arch/arm/) and an entry for each arch value.
#include "shim/select/tables.hpp"

namespace xshim {

const xshim_shared_info_adapter *find_shared_info_adapter(uint32_t arch, uint32_t release) {
    for (const auto &a : shared_info_adapters)
        if (a.arch == arch && release >= a.min_release && release <= a.max_release)
            return &a;
    return nullptr;
}

} // namespace xshim
