// shim/arch/x86/cpu.hpp: the x86 instructions xshim needs, as typed inline functions, for both
// widths (the i386 library is built -fno-pic, so %ebx is free for CPUID there too). Only
// shim/arch/x86_64/ and shim/arch/i386/ include this; generic code reaches these through
// struct xshim_platform.
#pragma once

#include <stdint.h>

namespace xshim::arch {

struct CpuidRegs {
    uint32_t eax, ebx, ecx, edx;
};

// Plain CPUID: on HVM/PVH (and bare metal) the hypervisor leaves are visible as they are.
inline CpuidRegs cpuid(uint32_t leaf, uint32_t subleaf) {
    CpuidRegs r;
    asm volatile("cpuid"
                 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                 : "0"(leaf), "2"(subleaf));
    return r;
}

// Xen's forced-emulation prefix (ud2a; "xen"; cpuid): a PV guest's plain CPUID may run on the
// hardware and miss Xen's leaves; with the prefix Xen emulates it and applies the guest's
// policy. Only valid under Xen PV: anywhere else the ud2a raises #UD.
inline CpuidRegs cpuid_xen_pv(uint32_t leaf, uint32_t subleaf) {
    CpuidRegs r;
    asm volatile("ud2a; .ascii \"xen\"; cpuid"
                 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                 : "0"(leaf), "2"(subleaf));
    return r;
}

inline void wrmsr(uint32_t msr, uint64_t value) {
    asm volatile("wrmsr" ::"c"(msr), "a"(static_cast<uint32_t>(value)),
                 "d"(static_cast<uint32_t>(value >> 32))
                 : "memory");
}

inline void outb(uint16_t port, uint8_t value) {
    asm volatile("outb %0, %1" ::"a"(value), "Nd"(port) : "memory");
}

inline uint64_t rdtsc() {
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (static_cast<uint64_t>(hi) << 32) | lo;
}

inline void pause() { asm volatile("pause" ::: "memory"); }

} // namespace xshim::arch
