// shim/arch/aarch64/hypercall.hpp: the Xen hypercall instruction on 64-bit Arm. Register
// convention (xen/include/public/arch-arm.h): `hvc #0xEA1`, hypercall number in x16, arguments
// in x0..x4, result in x0. Xen may clobber the argument registers and x16 (debug builds do so on
// purpose), so all of them are in/out here. Pointers passed as arguments are guest addresses as
// the guest's stage-1 translation sees them; with the MMU off they are physical addresses.
#pragma once

#include <stdint.h>

namespace xshim::arch {

// The immediate Xen recognises as a hypercall (ESR_EL2.ISS); any other HVC is not one.
inline constexpr uint32_t kXenHvcImmediate = 0xEA1;

inline long hypercall_hvc(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                          uintptr_t a5) {
    register uintptr_t x0 asm("x0") = a1;
    register uintptr_t x1 asm("x1") = a2;
    register uintptr_t x2 asm("x2") = a3;
    register uintptr_t x3 asm("x3") = a4;
    register uintptr_t x4 asm("x4") = a5;
    register uintptr_t x16 asm("x16") = nr;
    asm volatile("hvc %[imm]"
                 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x16)
                 : [imm] "i"(kXenHvcImmediate)
                 : "memory");
    return static_cast<long>(x0);
}

} // namespace xshim::arch
