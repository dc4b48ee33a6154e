// shim/arch/x86/entries.hpp: the adapter entries x86_64 and i386 share. PVH's hvm_start_info is
// the same bytes for a 32- and a 64-bit kernel, so its entries serve any arch.
#pragma once

#include "shim/select/entries.hpp"

#include "abi/hvm_start_info.h"

namespace xshim::arch_x86 {

inline constexpr xshim_start_info_adapter start_info_entries[] = {
    {"pvh-v0", XSHIM_BOOT_PVH, any_arch, pvh_v0_min, pvh_v0_max, XSHIM_HVM_START_INFO_V0_SIZE,
     &parse_pvh_v0, nullptr},
    {"pvh-v1", XSHIM_BOOT_PVH, any_arch, pvh_v1_min, pvh_v1_max,
     static_cast<uint32_t>(sizeof(xshim_hvm_start_info)), &parse_pvh_v1, nullptr},
};
static_assert(sizeof(xshim_hvm_start_info) == 56, "hvm_start_info v1 is 56 B");

} // namespace xshim::arch_x86
