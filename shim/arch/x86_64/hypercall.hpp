// shim/arch/x86_64/hypercall.hpp: Xen hypercall instructions for 64-bit x86, one typed
// function per transfer kind. Register convention (xen/include/public/arch-x86/xen-x86_64.h):
// rax = hypercall number and result, arguments in rdi rsi rdx r10 r8. Xen may clobber the
// argument registers (debug builds do so on purpose), so all of them are in/out here.
#pragma once

#include <stdint.h>

#include "abi/hypercall.h"

namespace xshim::arch {

// 64-bit PV: the guest kernel runs in ring 3 and enters Xen with SYSCALL, which itself
// overwrites rcx (return rip) and r11 (rflags).
inline long hypercall_syscall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                              uintptr_t a5) {
    long ret;
    register uintptr_t r10 asm("r10") = a4;
    register uintptr_t r8 asm("r8") = a5;
    asm volatile("syscall"
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : "0"(static_cast<uintptr_t>(nr))
                 : "rcx", "r11", "memory");
    return ret;
}

// 64-bit HVM/PVH on Intel (VMX).
inline long hypercall_vmcall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                             uintptr_t a5) {
    long ret;
    register uintptr_t r10 asm("r10") = a4;
    register uintptr_t r8 asm("r8") = a5;
    asm volatile("vmcall"
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : "0"(static_cast<uintptr_t>(nr))
                 : "memory");
    return ret;
}

// 64-bit HVM/PVH on AMD and Hygon (SVM).
inline long hypercall_vmmcall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                              uintptr_t a5) {
    long ret;
    register uintptr_t r10 asm("r10") = a4;
    register uintptr_t r8 asm("r8") = a5;
    asm volatile("vmmcall"
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : "0"(static_cast<uintptr_t>(nr))
                 : "memory");
    return ret;
}

// The hypercall page Xen wrote (PV: the XEN_ELFNOTE_HYPERCALL_PAGE note; HVM/PVH: the MSR
// named by CPUID base+2): stub nr sits at nr * XSHIM_HC_PAGE_STRIDE and loads rax itself. The
// stubs of a 64-bit PV page preserve rcx and r11; they are clobbered here anyway so either kind
// of page works.
inline long hypercall_page(const void *page, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3,
                           uintptr_t a4, uintptr_t a5) {
    long ret;
    register uintptr_t r10 asm("r10") = a4;
    register uintptr_t r8 asm("r8") = a5;
    const uintptr_t stub =
        reinterpret_cast<uintptr_t>(page) + static_cast<uintptr_t>(nr) * XSHIM_HC_PAGE_STRIDE;
    asm volatile("call *%[stub]"
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : "0"(static_cast<uintptr_t>(nr)), [stub] "r"(stub)
                 : "rcx", "r11", "memory");
    return ret;
}

} // namespace xshim::arch
