// shim/arch/i386/transport.hpp: the hypercall transports of a 32-bit x86 kernel as types, for
// code bound once to the selected transport (shim/runtime/dispatch.hpp). The same shape as
// shim/arch/x86_64/transport.hpp (kind, bind(), call<Nr>()), with the x86_32 register
// convention (xen/include/public/arch-x86/xen-x86_32.h, and shim/arch/i386/hypercall.hpp):
// eax = number and result, arguments in ebx ecx edx esi edi, as Linux's 32-bit _hypercallN
// binds them (arch/x86/include/asm/xen/hypercall.h, __HYPERCALL_ARG1REG "ebx" ...). Xen may clobber
// every argument register, so the unused ones are clobbers and the used ones in/out. ebx is a
// plain register here: the kernel is not position-independent (-fno-pic), and GCC since 5 spills
// and reloads the PIC register itself where one is in use (the -m32 unit tests).
#pragma once

#include "shim/runtime/hypercall_word.hpp"

#include <xshim.h>

#include "abi/hypercall.h"

#include <stdint.h>

namespace xshim::arch_i386 {

// The asm of one hypercall with N arguments (0..5). INSN is the instruction text, NR_IN the
// input that loads eax (empty for a page stub, which loads eax itself), EXTRA_IN further inputs.
#define XSHIM_I386_HC(INSN, NR_IN, EXTRA_IN)                                                       \
    long ret;                                                                                      \
    if constexpr (N == 0) {                                                                        \
        asm volatile(INSN                                                                          \
                     : "=a"(ret)                                                                   \
                     : NR_IN EXTRA_IN                                                              \
                     : "ebx", "ecx", "edx", "esi", "edi", "memory");                               \
    } else if constexpr (N == 1) {                                                                 \
        asm volatile(INSN                                                                          \
                     : "=a"(ret), "+b"(a1)                                                         \
                     : NR_IN EXTRA_IN                                                              \
                     : "ecx", "edx", "esi", "edi", "memory");                                      \
    } else if constexpr (N == 2) {                                                                 \
        asm volatile(INSN                                                                          \
                     : "=a"(ret), "+b"(a1), "+c"(a2)                                               \
                     : NR_IN EXTRA_IN                                                              \
                     : "edx", "esi", "edi", "memory");                                             \
    } else if constexpr (N == 3) {                                                                 \
        asm volatile(INSN                                                                          \
                     : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3)                                     \
                     : NR_IN EXTRA_IN                                                              \
                     : "esi", "edi", "memory");                                                    \
    } else if constexpr (N == 4) {                                                                 \
        asm volatile(INSN                                                                          \
                     : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4)                           \
                     : NR_IN EXTRA_IN                                                              \
                     : "edi", "memory");                                                           \
    } else {                                                                                       \
        asm volatile(INSN                                                                          \
                     : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4), "+D"(a5)                 \
                     : NR_IN EXTRA_IN                                                              \
                     : "memory");                                                                  \
    }                                                                                              \
    return ret

#define XSHIM_I386_NR "0"(static_cast<uintptr_t>(Nr))
#define XSHIM_I386_NONE

// The argument count N of a call and its arguments widened to a1..a5 (unused ones 0).
#define XSHIM_I386_ARGS(args)                                                                      \
    constexpr unsigned N = sizeof...(args);                                                        \
    static_assert(N <= 5, "Xen hypercalls take at most five arguments");                           \
    const uintptr_t v[5] = {hypercall_word(args)...};                                              \
    uintptr_t a1 = v[0], a2 = v[1], a3 = v[2], a4 = v[3], a5 = v[4];                               \
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5

// 32-bit PV: the guest kernel runs in ring 1 and enters Xen with int $0x82.
struct Int82 {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_INT82;
    bool bind(const xshim_hypercall &) { return true; }
    template <uint32_t Nr, typename... A> static long call(A... args) {
        XSHIM_I386_ARGS(args);
        XSHIM_I386_HC("int $0x82", XSHIM_I386_NR, XSHIM_I386_NONE);
    }
};

// 32-bit HVM/PVH on Intel (VMX).
struct Vmcall {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_VMCALL;
    bool bind(const xshim_hypercall &) { return true; }
    template <uint32_t Nr, typename... A> static long call(A... args) {
        XSHIM_I386_ARGS(args);
        XSHIM_I386_HC("vmcall", XSHIM_I386_NR, XSHIM_I386_NONE);
    }
};

// 32-bit HVM/PVH on AMD and Hygon (SVM).
struct Vmmcall {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_VMMCALL;
    bool bind(const xshim_hypercall &) { return true; }
    template <uint32_t Nr, typename... A> static long call(A... args) {
        XSHIM_I386_ARGS(args);
        XSHIM_I386_HC("vmmcall", XSHIM_I386_NR, XSHIM_I386_NONE);
    }
};

// The hypercall page at the address the verdict's port carries (its cookie), checked once in
// bind(). With five arguments every general register but ebp carries the call, so the stub's
// address is a memory operand (an %esp-relative slot), as in shim/arch/i386/hypercall.hpp.
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
        XSHIM_I386_ARGS(args);
        XSHIM_I386_HC("call *%[stub]", XSHIM_I386_NONE, [stub] "m"(stub));
    }
};

// The hypercall page at a link-time address the kernel names (the pv32 guest's
// XEN_ELFNOTE_HYPERCALL_PAGE symbol): `call page + Nr * 32`, a direct call, Linux's 32-bit
// _hypercallN. bind() accepts only a port whose page is this one.
template <const unsigned char *PageAddr> struct PageAt {
    static constexpr uint32_t kind = XSHIM_TRANSPORT_PAGE;
    bool bind(const xshim_hypercall &hc) { return hc.cookie == PageAddr; }
    template <uint32_t Nr, typename... A> static long call(A... args) {
        static_assert(Nr < XSHIM_HC_PAGE_ENTRIES, "a stub inside the page");
        XSHIM_I386_ARGS(args);
        XSHIM_I386_HC("call %c[stub]",
                      XSHIM_I386_NONE, [stub] "i"(PageAddr + Nr * XSHIM_HC_PAGE_STRIDE));
    }
};

#undef XSHIM_I386_ARGS
#undef XSHIM_I386_NONE
#undef XSHIM_I386_NR
#undef XSHIM_I386_HC

} // namespace xshim::arch_i386
