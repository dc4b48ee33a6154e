// shim/arch/x86_64/transport.hpp: the hypercall transports of a 64-bit x86 kernel as types, for
// code bound once to the selected transport (shim/runtime/dispatch.hpp). Each has
//   kind                               its enum xshim_transport
//   bind(const xshim_hypercall &hc)    true if hc (the verdict's port) is this transport; keeps
//                                      what it needs from it (the page's address)
//   call<Nr>(a1, ...)                  the hypercall Nr, inline: the one instruction (or the
//                                      call into the page's stub) with exactly the argument
//                                      registers it uses, as Linux's _hypercallN
//                                      (arch/x86/include/asm/xen/hypercall.h) binds them
// No function pointer and no per-call check: the checks tr_page makes on every call through the
// C port (shim/arch/x86/native_platform.hpp) are made once, in bind(). Register convention as
// shim/arch/x86_64/hypercall.hpp: rax = number and result, rdi rsi rdx r10 r8; Xen may clobber
// every argument register, so the unused ones are clobbers and the used ones in/out.
#pragma once

#include <xshim.h>

#include "abi/hypercall.h"
#include "shim/runtime/hypercall_word.hpp"

#include <stdint.h>

namespace xshim::arch_x86_64 {

// The asm of one hypercall with N arguments (0..5). INSN is the instruction text, NR_IN the
// input that loads rax (empty for a page stub, which loads rax itself), EXTRA_IN further inputs,
// CLOBBERS what the instruction itself overwrites.
#define XSHIM_X86_64_HC(INSN, NR_IN, EXTRA_IN, CLOBBERS)                                           \
    long ret;                                                                                      \
    if constexpr (N == 0) {                                                                        \
        asm volatile(INSN                                                                          \
                     : "=a"(ret)                                                                   \
                     : NR_IN EXTRA_IN                                                              \
                     : "rdi", "rsi", "rdx", "r10", "r8" CLOBBERS, "memory");                       \
    } else if constexpr (N == 1) {                                                                 \
        asm volatile(INSN                                                                          \
                     : "=a"(ret), "+D"(a1)                                                         \
                     : NR_IN EXTRA_IN                                                              \
                     : "rsi", "rdx", "r10", "r8" CLOBBERS, "memory");                              \
    } else if constexpr (N == 2) {                                                                 \
        asm volatile(INSN                                                                          \
                     : "=a"(ret), "+D"(a1), "+S"(a2)                                               \
                     : NR_IN EXTRA_IN                                                              \
                     : "rdx", "r10", "r8" CLOBBERS, "memory");                                     \
    } else if constexpr (N == 3) {                                                                 \
        asm volatile(INSN                                                                          \
                     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3)                                     \
                     : NR_IN EXTRA_IN                                                              \
                     : "r10", "r8" CLOBBERS, "memory");                                            \
    } else {                                                                                       \
        register uintptr_t r10 asm("r10") = a4;                                                    \
        register uintptr_t r8 asm("r8") = a5;                                                      \
        asm volatile(INSN                                                                          \
                     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)                \
                     : NR_IN EXTRA_IN                                                              \
                     : "memory" CLOBBERS);                                                         \
    }                                                                                              \
    return ret

#define XSHIM_X86_64_NR "0"(static_cast<uintptr_t>(Nr))
#define XSHIM_X86_64_NONE
#define XSHIM_X86_64_RCX_R11 , "rcx", "r11"

// The argument count N of a call and its arguments widened to a1..a5 (unused ones 0).
#define XSHIM_X86_64_ARGS(args)                                                                    \
    constexpr unsigned N = sizeof...(args);                                                        \
    static_assert(N <= 5, "Xen hypercalls take at most five arguments");                           \
    const uintptr_t v[5] = {hypercall_word(args)...};                                              \
    uintptr_t a1 = v[0], a2 = v[1], a3 = v[2], a4 = v[3], a5 = v[4];                               \
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5

// 64-bit PV: SYSCALL (the guest kernel runs in ring 3), which overwrites rcx and r11 itself.
struct Syscall {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_SYSCALL;
    bool bind(const xshim_hypercall &) { return true; }
    template <uint32_t Nr, typename... A> static long call(A... args) {
        XSHIM_X86_64_ARGS(args);
        XSHIM_X86_64_HC("syscall", XSHIM_X86_64_NR, XSHIM_X86_64_NONE, XSHIM_X86_64_RCX_R11);
    }
};

// HVM/PVH on Intel (VMX).
struct Vmcall {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_VMCALL;
    bool bind(const xshim_hypercall &) { return true; }
    template <uint32_t Nr, typename... A> static long call(A... args) {
        XSHIM_X86_64_ARGS(args);
        XSHIM_X86_64_HC("vmcall", XSHIM_X86_64_NR, XSHIM_X86_64_NONE, XSHIM_X86_64_NONE);
    }
};

// HVM/PVH on AMD and Hygon (SVM).
struct Vmmcall {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_VMMCALL;
    bool bind(const xshim_hypercall &) { return true; }
    template <uint32_t Nr, typename... A> static long call(A... args) {
        XSHIM_X86_64_ARGS(args);
        XSHIM_X86_64_HC("vmmcall", XSHIM_X86_64_NR, XSHIM_X86_64_NONE, XSHIM_X86_64_NONE);
    }
};

// The hypercall page at the address the verdict's port carries (its cookie): one indirect call
// into stub Nr, whose address is the page plus a constant. The page is checked once, in bind().
struct Page {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_PAGE;
    const unsigned char *page = nullptr;
    bool bind(const xshim_hypercall &hc) {
        page = static_cast<const unsigned char *>(hc.cookie);
        return page != nullptr;
    }
    template <uint32_t Nr, typename... A> long call(A... args) const {
        static_assert(Nr < XSHIM_HC_PAGE_ENTRIES, "a stub inside the page");
        const unsigned char *stub = page + Nr * XSHIM_HC_PAGE_STRIDE;
        return stub_call<Nr>(stub, args...);
    }

  private:
    template <uint32_t Nr, typename... A>
    static long stub_call(const unsigned char *stub, A... args) {
        XSHIM_X86_64_ARGS(args);
        XSHIM_X86_64_HC("call *%[stub]", XSHIM_X86_64_NONE, [stub] "r"(stub), XSHIM_X86_64_RCX_R11);
    }
};

// The hypercall page at a link-time address the kernel names (its XEN_ELFNOTE_HYPERCALL_PAGE
// symbol, or the page it gave the MSR): `call page + Nr * 32`, a direct call, exactly Linux's
// _hypercallN. bind() accepts only a port whose page is this one.
template <const unsigned char *PageAddr> struct PageAt {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_PAGE;
    bool bind(const xshim_hypercall &hc) { return hc.cookie == PageAddr; }
    template <uint32_t Nr, typename... A> static long call(A... args) {
        static_assert(Nr < XSHIM_HC_PAGE_ENTRIES, "a stub inside the page");
        XSHIM_X86_64_ARGS(args);
        XSHIM_X86_64_HC("call %c[stub]",
                        XSHIM_X86_64_NONE, [stub] "i"(PageAddr + Nr * XSHIM_HC_PAGE_STRIDE),
                        XSHIM_X86_64_RCX_R11);
    }
};

#undef XSHIM_X86_64_ARGS
#undef XSHIM_X86_64_RCX_R11
#undef XSHIM_X86_64_NONE
#undef XSHIM_X86_64_NR
#undef XSHIM_X86_64_HC

} // namespace xshim::arch_x86_64
