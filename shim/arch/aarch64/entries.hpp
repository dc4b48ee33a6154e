// shim/arch/aarch64/entries.hpp: what a 64-bit Arm kernel can select: `hvc #0xEA1` and the Arm
// shared_info layout (the device-tree handoff is shim/arch/arm/'s). Joined into the tables by
// tables.cpp (and, for hosted builds, by shim/arch/fake/tables.cpp).
#pragma once

#include "shim/arch/arm/entries.hpp"

namespace xshim::arch_aarch64 {

inline constexpr xshim_hypercall_adapter hypercall_entries[] = {
    {"arm64-hvc", XSHIM_TRANSPORT_HVC, XSHIM_GUEST_MASK(XSHIM_GUEST_ARM), XSHIM_ARCH_ARM64,
     kAnyVendor, 0},
};

inline constexpr xshim_shared_info_adapter shared_info_entries[] = {
    arch_arm::Old::adapter("arm64 4.4-4.5", XSHIM_ARCH_ARM64, XSHIM_REL(4, 4), XSHIM_REL(4, 5)),
    arch_arm::Hi::adapter("arm64 4.6+", XSHIM_ARCH_ARM64, XSHIM_REL(4, 6), open_ended),
};

} // namespace xshim::arch_aarch64
