// shim/arch/x86/native_platform.hpp: xshim_platform_native for both x86 widths. Included once,
// by shim/arch/x86_64/platform.cpp and shim/arch/i386/platform.cpp, after each has named what
// differs between them (in namespace xshim::arch):
//   kArch          XSHIM_ARCH_X86_64 or XSHIM_ARCH_X86_32
//   kPvTransport   XSHIM_TRANSPORT_SYSCALL (64-bit PV) or XSHIM_TRANSPORT_INT82 (32-bit PV)
//   hypercall_pv   the PV instruction for that transport
// and included ../x86/cpu.hpp and its own hypercall.hpp (cpuid, cpuid_xen_pv, hypercall_vmcall,
// hypercall_vmmcall, hypercall_page, wrmsr, outb, rdtsc, pause).
#pragma once

#include <xshim.h>

#include "abi/hypercall.h"

namespace {

using namespace xshim::arch;

void store(const CpuidRegs &r, uint32_t regs[4]) {
    regs[0] = r.eax;
    regs[1] = r.ebx;
    regs[2] = r.ecx;
    regs[3] = r.edx;
}

void op_cpuid(void *, uint32_t leaf, uint32_t subleaf, uint32_t regs[4]) {
    store(cpuid(leaf, subleaf), regs);
}

void op_cpuid_pv(void *, uint32_t leaf, uint32_t subleaf, uint32_t regs[4]) {
    store(cpuid_xen_pv(leaf, subleaf), regs);
}

long tr_pv(void *, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
           uintptr_t a5) {
    return hypercall_pv(nr, a1, a2, a3, a4, a5);
}

long tr_vmcall(void *, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
               uintptr_t a5) {
    return hypercall_vmcall(nr, a1, a2, a3, a4, a5);
}

long tr_vmmcall(void *, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                uintptr_t a5) {
    return hypercall_vmmcall(nr, a1, a2, a3, a4, a5);
}

// The cookie is the hypercall page (the shim passes platform->hypercall_page). A NULL page
// would jump to nr * XSHIM_HC_PAGE_STRIDE, and a number past the page's stubs out of it: answer
// -ENOSYS instead.
long tr_page(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
             uintptr_t a5) {
    if (cookie == nullptr || nr >= XSHIM_HC_PAGE_ENTRIES)
        return XSHIM_S_ENOSYS;
    return hypercall_page(cookie, nr, a1, a2, a3, a4, a5);
}

// Indexed by enum xshim_transport; NULL where this build cannot execute the kind (the other
// width's PV instruction, Arm's hvc).
struct TransportTable {
    xshim_transport_fn fn[XSHIM_TRANSPORT_COUNT];
};
constexpr TransportTable make_transports() {
    TransportTable t{};
    t.fn[kPvTransport] = tr_pv;
    t.fn[XSHIM_TRANSPORT_VMCALL] = tr_vmcall;
    t.fn[XSHIM_TRANSPORT_VMMCALL] = tr_vmmcall;
    t.fn[XSHIM_TRANSPORT_PAGE] = tr_page;
    return t;
}
constexpr TransportTable transports = make_transports();

xshim_transport_fn op_transport(void *, uint32_t kind) {
    return kind < XSHIM_TRANSPORT_COUNT ? transports.fn[kind] : nullptr;
}

void op_wrmsr(void *, uint32_t msr, uint64_t value) { wrmsr(msr, value); }
void op_outb(void *, uint16_t port, uint8_t value) { outb(port, value); }
uint64_t op_rdtsc(void *) { return rdtsc(); }
void op_relax(void *) { pause(); }

} // namespace

extern "C" void xshim_platform_native(struct xshim_platform *p, uint32_t protocol) {
    // Every field set one by one: no aggregate copy, so no memset/memcpy the compiler could emit.
    p->ctx = nullptr;
    p->cpuid = protocol == XSHIM_BOOT_PV ? op_cpuid_pv : op_cpuid;
    p->transport = op_transport;
    p->wrmsr = op_wrmsr;
    p->outb = op_outb;
    p->rdtsc = op_rdtsc;
    p->relax = op_relax;
    p->map_frame = nullptr;      // the kernel knows its page tables; it fills this
    p->hypercall_page = nullptr; // the kernel gives a page if it wants XSHIM_TRANSPORT_PAGE
    p->hypercall_page_gpa = 0;
    p->arch = kArch;
    p->wait_rounds = 0;
    p->stop = nullptr; // a kernel without Xen sets its exit device here
}
