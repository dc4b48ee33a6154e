// shim/arch/i386/platform.cpp: xshim_platform_native for 32-bit x86 (PV 32-bit, PVH/HVM in
// protected mode, and bare metal). The only exported symbol is xshim_platform_native; the body
// is shared with x86_64 (shim/arch/x86/native_platform.hpp), only the PV transport differs.
#include <xshim.h>

#include "shim/arch/x86/cpu.hpp"
#include "shim/arch/i386/hypercall.hpp"

namespace xshim::arch {
constexpr uint32_t kArch = XSHIM_ARCH_X86_32;
constexpr uint32_t kPvTransport = XSHIM_TRANSPORT_INT82; // syscall is 64-bit PV only
inline long hypercall_pv(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                         uintptr_t a5) {
    return hypercall_int82(nr, a1, a2, a3, a4, a5);
}
} // namespace xshim::arch

#include "shim/arch/x86/native_platform.hpp"
