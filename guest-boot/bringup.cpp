// guest-boot/bringup.cpp: the bring-up guest. It uses only the native platform of the arch
// layer (CPUID and the hypercall transports) to say what it sees, then shuts down:
//
//   xshim-bringup: pv64 cpuid=XenVMMXenVMM base=0x40000000 cpuid-version=0x00040011
//                  transport=syscall version=0x00040011 page=0x00040011
//
// Under Xen it prints through console_io and shuts down with SCHEDOP_shutdown(reboot); without
// Xen (PVH booted by QEMU alone) it prints to port 0xe9 and ends through the exit device.
#include "guest.hpp"

namespace {

struct Shutdown {
    uint32_t reason;
};

uint32_t cpuid_reg(const xshim_platform &p, uint32_t leaf, unsigned reg) {
    uint32_t r[4];
    p.cpuid(p.ctx, leaf, 0, r);
    return r[reg];
}

// Twelve signature bytes of a vendor/hypervisor leaf, in the given register order.
void signature(const xshim_platform &p, uint32_t leaf, const unsigned order[3], char out[13]) {
    uint32_t r[4];
    p.cpuid(p.ctx, leaf, 0, r);
    for (unsigned i = 0; i < 3; ++i)
        for (unsigned b = 0; b < 4; ++b)
            out[i * 4 + b] = static_cast<char>(r[order[i]] >> (8 * b));
    out[12] = '\0';
    for (unsigned i = 0; i < 12; ++i)
        if (out[i] < 0x20 || out[i] > 0x7e)
            out[i] = '.';
}

bool same(const char *a, const char *b) {
    while (*a != '\0' && *a == *b)
        ++a, ++b;
    return *a == *b;
}

[[noreturn]] void halt(const xshim_platform &p) {
    for (;;)
        p.relax(p.ctx);
}

} // namespace

extern "C" [[noreturn]] void guest_main(const void *boot_pointer, uint64_t entry_tsc) {
    const GuestEnv env = guest_env();
    xshim_platform p;
    xshim_platform_native(&p, env.protocol);

    static constexpr unsigned kHvOrder[3] = {1, 2, 3};  // ebx ecx edx
    static constexpr unsigned kCpuOrder[3] = {1, 3, 2}; // ebx edx ecx
    char sig[13];
    uint32_t base = 0;
    for (uint32_t leaf = 0x40000000; leaf < 0x40010000; leaf += 0x100) {
        signature(p, leaf, kHvOrder, sig);
        if (same(sig, "XenVMMXenVMM")) {
            base = leaf;
            break;
        }
    }
    if (base == 0)
        signature(p, 0x40000000, kHvOrder, sig); // report what the first leaf said

    LineBuf line;
    line.str("xshim-bringup: ").str(env.name).str(" cpuid=").str(sig);
    line.str(" start=").hex(reinterpret_cast<uintptr_t>(boot_pointer), 16);

    if (base == 0) {
        // No Xen: nothing to call. Port 0xe9, then the exit device (value 0: status 1).
        line.str(" no-xen cycles=").dec(p.rdtsc(p.ctx) - entry_tsc).str("\n");
        if (env.has_debug_port) {
            for (size_t i = 0; i < line.len; ++i)
                p.outb(p.ctx, XSHIM_HVM_DEBUGCONS_IOPORT, static_cast<uint8_t>(line.text[i]));
            p.outb(p.ctx, kDebugExitPort, 0);
        }
        halt(p);
    }

    const uint32_t cpuid_version = cpuid_reg(p, base + 1, 0);
    line.str(" base=").hex(base, 8).str(" cpuid-version=").hex(cpuid_version, 8);

    // The direct instruction for this environment: SYSCALL on PV, VMCALL/VMMCALL by vendor.
    uint32_t kind = XSHIM_TRANSPORT_SYSCALL;
    const char *kind_name = "syscall";
    if (env.protocol != XSHIM_BOOT_PV) {
        char vendor[13];
        signature(p, 0, kCpuOrder, vendor);
        const bool amd = same(vendor, "AuthenticAMD") || same(vendor, "HygonGenuine");
        kind = amd ? XSHIM_TRANSPORT_VMMCALL : XSHIM_TRANSPORT_VMCALL;
        kind_name = amd ? "vmmcall" : "vmcall";
    }
    const xshim_transport_fn call = p.transport(p.ctx, kind);
    if (call == nullptr)
        halt(p);
    const long version = call(nullptr, XSHIM_HC_xen_version, XSHIM_XENVER_version, 0, 0, 0, 0);
    line.str(" transport=").str(kind_name).str(" version=").hex(static_cast<uint64_t>(version), 8);

    // The hypercall page: PV got it from the ELF note; PVH asks for it through the MSR that
    // CPUID base+2 names (ebx), with the page's guest-physical address.
    const xshim_transport_fn page_call = p.transport(p.ctx, XSHIM_TRANSPORT_PAGE);
    if (page_call != nullptr && env.hypercall_page != nullptr) {
        if (!env.page_written_by_builder) {
            const uint32_t msr = cpuid_reg(p, base + 2, 1);
            p.wrmsr(p.ctx, msr, env.hypercall_page_gpa);
        }
        const long v =
            page_call(env.hypercall_page, XSHIM_HC_xen_version, XSHIM_XENVER_version, 0, 0, 0, 0);
        line.str(" page=").hex(static_cast<uint64_t>(v), 8);
    }
    line.str(" cycles=").dec(p.rdtsc(p.ctx) - entry_tsc).str("\n");

    (void)call(nullptr, XSHIM_HC_console_io, XSHIM_CONSOLEIO_write, line.len,
               reinterpret_cast<uintptr_t>(line.text), 0, 0);
    Shutdown sd{XSHIM_SHUTDOWN_reboot};
    (void)call(nullptr, XSHIM_HC_sched_op, XSHIM_SCHEDOP_shutdown, reinterpret_cast<uintptr_t>(&sd),
               0, 0, 0);
    halt(p);
}
