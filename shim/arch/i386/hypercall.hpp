// shim/arch/i386/hypercall.hpp: Xen hypercall instructions for 32-bit x86. Register convention
// (xen/include/public/arch-x86/xen-x86_32.h): eax = number and result, arguments in
// ebx ecx edx esi edi. Xen may clobber the argument registers, so all are in/out.
#pragma once

#include <stdint.h>

#include "abi/hypercall.h"

namespace xshim::arch {

#define XSHIM_I386_HYPERCALL(insn)                                                                 \
    long ret;                                                                                      \
    asm volatile(insn                                                                              \
                 : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4), "+D"(a5)                     \
                 : "0"(static_cast<uintptr_t>(nr))                                                 \
                 : "memory");                                                                      \
    return ret

// 32-bit PV: the guest kernel runs in ring 1 and enters Xen with int $0x82.
inline long hypercall_int82(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                            uintptr_t a5) {
    XSHIM_I386_HYPERCALL("int $0x82");
}

// 32-bit HVM/PVH on Intel (VMX).
inline long hypercall_vmcall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                             uintptr_t a5) {
    XSHIM_I386_HYPERCALL("vmcall");
}

// 32-bit HVM/PVH on AMD and Hygon (SVM).
inline long hypercall_vmmcall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                              uintptr_t a5) {
    XSHIM_I386_HYPERCALL("vmmcall");
}

#undef XSHIM_I386_HYPERCALL

// The hypercall page: stub nr at nr * XSHIM_HC_PAGE_STRIDE. All six general registers but ebp
// carry the call, so the stub address goes through memory (an %esp-relative slot, read before the
// call pushes).
inline long hypercall_page(const void *page, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3,
                           uintptr_t a4, uintptr_t a5) {
    long ret;
    const uintptr_t stub =
        reinterpret_cast<uintptr_t>(page) + static_cast<uintptr_t>(nr) * XSHIM_HC_PAGE_STRIDE;
    asm volatile("call *%[stub]"
                 : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4), "+D"(a5)
                 : "0"(static_cast<uintptr_t>(nr)), [stub] "m"(stub)
                 : "memory");
    return ret;
}

} // namespace xshim::arch
