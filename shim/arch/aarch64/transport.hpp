// shim/arch/aarch64/transport.hpp: the hypercall transport of a 64-bit Arm kernel as a type, for
// code bound once to the selected transport (shim/runtime/dispatch.hpp). Arm has one: `hvc
// #0xEA1` (xen/include/public/arch-arm.h), the number in x16, the arguments in x0..x4, the result
// in x0; Linux's arch/arm64/xen/hypercall.S does the same per call (`mov x16, #nr; hvc 0xEA1`).
// Like the x86 transports (shim/arch/x86_64/transport.hpp) it has
//   kind                               XSHIM_TRANSPORT_HVC
//   bind(const xshim_hypercall &hc)    true: the instruction needs nothing from the port
//   call<Nr>(a1, ...)                  the hypercall Nr, inline, arity-exact: x16 and the
//                                      argument registers it uses are in/out, the unused ones
//                                      clobbers
// Xen may clobber x16 and every argument register (a debug Xen overwrites those the call takes,
// and x16, on purpose: xen/arch/arm/traps.c, do_trap_hypercall), so the compiler is told so; no
// other register changes.
#pragma once

#include "shim/arch/aarch64/hypercall.hpp"
#include "shim/runtime/hypercall_word.hpp"

#include <xshim.h>

#include <stdint.h>

namespace xshim::arch_aarch64 {

struct Hvc {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_HVC;
    bool bind(const xshim_hypercall &) { return true; }

    template <uint32_t Nr, typename... A> static long call(A... args) {
        constexpr unsigned N = sizeof...(args);
        static_assert(N <= 5, "Xen hypercalls take at most five arguments");
        const uintptr_t v[5] = {hypercall_word(args)...};
        register uintptr_t x0 asm("x0") = v[0]; // the first argument, then the result
        register uintptr_t x16 asm("x16") = Nr;
        if constexpr (N <= 1) {
            asm volatile("hvc %[imm]"
                         : "+r"(x0), "+r"(x16)
                         : [imm] "i"(arch::kXenHvcImmediate)
                         : "x1", "x2", "x3", "x4", "memory");
        } else if constexpr (N == 2) {
            register uintptr_t x1 asm("x1") = v[1];
            asm volatile("hvc %[imm]"
                         : "+r"(x0), "+r"(x1), "+r"(x16)
                         : [imm] "i"(arch::kXenHvcImmediate)
                         : "x2", "x3", "x4", "memory");
        } else if constexpr (N == 3) {
            register uintptr_t x1 asm("x1") = v[1];
            register uintptr_t x2 asm("x2") = v[2];
            asm volatile("hvc %[imm]"
                         : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x16)
                         : [imm] "i"(arch::kXenHvcImmediate)
                         : "x3", "x4", "memory");
        } else if constexpr (N == 4) {
            register uintptr_t x1 asm("x1") = v[1];
            register uintptr_t x2 asm("x2") = v[2];
            register uintptr_t x3 asm("x3") = v[3];
            asm volatile("hvc %[imm]"
                         : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x16)
                         : [imm] "i"(arch::kXenHvcImmediate)
                         : "x4", "memory");
        } else {
            register uintptr_t x1 asm("x1") = v[1];
            register uintptr_t x2 asm("x2") = v[2];
            register uintptr_t x3 asm("x3") = v[3];
            register uintptr_t x4 asm("x4") = v[4];
            asm volatile("hvc %[imm]"
                         : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x16)
                         : [imm] "i"(arch::kXenHvcImmediate)
                         : "memory");
        }
        return static_cast<long>(x0);
    }
};

} // namespace xshim::arch_aarch64
