// shim/arch/arm/entries.hpp: the adapter entries 64- and 32-bit Arm share. One shared_info
// layout serves both (uint64_t aligned to 8 on both), and both are handed a device tree.
//
// Arm: the guest ABI was declared stable in Xen 4.4 (4.4 release notes; 4.3 was a preview), so
// the Arm shared_info entries start there.
#pragma once

#include "shim/handoff/device_tree.hpp"
#include "shim/runtime/shared_info_ops.hpp"
#include "shim/select/entries.hpp"

#include "abi/shared_info_arm.h"

namespace xshim::arch_arm {

using Old =
    SharedInfoOps<xshim_shared_info_arm, xshim_vcpu_info_arm, uint64_t, WcSecHi::unmaintained>;
using Hi = SharedInfoOps<xshim_shared_info_arm, xshim_vcpu_info_arm, uint64_t, WcSecHi::generic>;
// The facts DESIGN.md states, checked where the layout is used.
static_assert(Hi::vcpu_slots == 1 && Hi::evtchn_ports == 4096);
static_assert(sizeof(xshim_shared_info_arm) == 1088);

// The device tree in x0 (its header; parse walks the blob to its totalsize). Arm has no CPUID:
// the probe learns whether this is Xen from the tree's /hypervisor node, so the entry carries
// that reader too.
inline constexpr xshim_start_info_adapter start_info_entries[] = {
    {"fdt", XSHIM_BOOT_FDT, any_arch, 0, 0, fdt::kHeaderSize, &parse_fdt, &identify_fdt},
};

} // namespace xshim::arch_arm
