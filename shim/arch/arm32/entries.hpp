// shim/arch/arm32/entries.hpp: what is known of 32-bit Arm guests. There is no arm32 library
// yet (no entry code, no transport); only the hosted build (shim/arch/fake/) joins these, so
// host tools can predict a verdict for an arm32 kernel.
#pragma once

#include "shim/arch/arm/entries.hpp"

namespace xshim::arch_arm32 {

inline constexpr xshim_shared_info_adapter shared_info_entries[] = {
    arch_arm::Old::adapter("arm32 4.4-4.5", XSHIM_ARCH_ARM32, XSHIM_REL(4, 4), XSHIM_REL(4, 5)),
    arch_arm::Hi::adapter("arm32 4.6+", XSHIM_ARCH_ARM32, XSHIM_REL(4, 6), open_ended),
};

} // namespace xshim::arch_arm32
