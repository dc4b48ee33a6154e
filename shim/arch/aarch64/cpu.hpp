// shim/arch/aarch64/cpu.hpp: the few Arm instructions xshim needs besides the hypercall, as typed
// inline functions. Only files in shim/arch/aarch64/ include this; generic code reaches them
// through struct xshim_platform.
#pragma once

#include <stdint.h>

namespace xshim::arch {

// The virtual counter (CNTVCT_EL0): the Arm counterpart of the TSC for measuring intervals.
// The ISB keeps the read from being hoisted above earlier instructions.
inline uint64_t counter() {
    uint64_t v;
    asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
    return v;
}

// One step of a bounded wait.
inline void yield() { asm volatile("yield" ::: "memory"); }

// PSCI SYSTEM_OFF (function 0x84000008, PSCI 0.2+) through the SMC Calling Convention on the
// HVC conduit: what QEMU's virt machine offers a kernel entered at EL1 without a hypervisor
// (its device tree's /psci node says method = "hvc"). Under Xen this HVC would reach Xen's
// PSCI emulation instead; xshim only uses it when no Xen was found. Does not return on success.
inline constexpr uint32_t kPsciSystemOff = 0x84000008u;

inline void psci_system_off() {
    register uintptr_t x0 asm("x0") = kPsciSystemOff;
    asm volatile("hvc #0"
                 : "+r"(x0)
                 :
                 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
                   "x14", "x15", "x16", "x17", "memory");
}

} // namespace xshim::arch
