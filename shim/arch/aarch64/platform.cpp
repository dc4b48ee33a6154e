// shim/arch/aarch64/platform.cpp: xshim_platform_native for 64-bit Arm (a guest of Xen on Arm,
// entered at EL1 with the device tree in x0, or the same kernel on a machine without Xen).
// The only exported symbol is xshim_platform_native.
//
// Arm has no CPUID hypervisor leaves, MSRs or I/O ports: those operations are NULL, and the probe
// takes "is this Xen" from the device tree's /hypervisor node instead. The one transport is
// `hvc #0xEA1`; without Xen the kernel powers off through PSCI.
#include <xshim.h>

#include "shim/arch/aarch64/cpu.hpp"
#include "shim/arch/aarch64/hypercall.hpp"

namespace {

using namespace xshim::arch;

long tr_hvc(void *, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
            uintptr_t a5) {
    return hypercall_hvc(nr, a1, a2, a3, a4, a5);
}

// Indexed by enum xshim_transport; only HVC exists on Arm.
constexpr xshim_transport_fn transports[XSHIM_TRANSPORT_COUNT] = {
    /* NONE    */ nullptr,
    /* SYSCALL */ nullptr,
    /* INT82   */ nullptr,
    /* VMCALL  */ nullptr,
    /* VMMCALL */ nullptr,
    /* PAGE    */ nullptr,
    /* HVC     */ tr_hvc,
};

xshim_transport_fn op_transport(void *, uint32_t kind) {
    return kind < XSHIM_TRANSPORT_COUNT ? transports[kind] : nullptr;
}

uint64_t op_counter(void *) { return counter(); }
void op_relax(void *) { yield(); }
void op_stop(void *, uint32_t) { psci_system_off(); }

} // namespace

extern "C" void xshim_platform_native(struct xshim_platform *p, uint32_t) {
    // Every field set one by one: no aggregate copy, so no memset/memcpy the compiler could emit.
    p->ctx = nullptr;
    p->cpuid = nullptr; // no CPUID: the device tree says whether this is Xen
    p->transport = op_transport;
    p->wrmsr = nullptr;
    p->outb = nullptr; // no ports; a kernel may route the debug console to its UART here
    p->rdtsc = op_counter;
    p->relax = op_relax;
    p->map_frame = nullptr; // the kernel knows its translation (identity with the MMU off)
    p->hypercall_page = nullptr;
    p->hypercall_page_gpa = 0;
    p->arch = XSHIM_ARCH_ARM64;
    p->wait_rounds = 0;
    p->stop = op_stop; // PSCI SYSTEM_OFF: only used when no hypercall reaches Xen
}
