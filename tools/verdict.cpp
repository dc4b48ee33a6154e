// tools/verdict.cpp: a guest's verdict, computed on a host (see verdict.hpp): the library's own
// xshim_boot() over a platform that answers from an XenSource. Nothing here knows the probe's
// order or a rule of select(); the handoff and the platform are all the tool supplies.
#include "verdict.hpp"

#include <shim/probe/probe.hpp>
#include <shim/report/verdict_line.hpp>

#include <abi/cpuid.h>
#include <abi/hvm_start_info.h>
#include <abi/hypercall.h>
#include <abi/start_info_x86.h>

#include <elf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace xshim::tools {
namespace {

// The kinds of boot a host tool can ask about, with what each needs from Xen before the guest
// runs at all: a PV start_info magic (Xen writes "xen-3.0-<arch>" since 3.0) and the
// XENVER_capabilities token that says Xen can build such a domain.
struct KindRule {
    GuestKind kind;
    uint32_t protocol;     // enum xshim_boot_protocol
    const char *pv_magic;  // PV only
    uint32_t capabilities; // any of these XSHIM_CAP_* bits
    const char *needs;     // the token(s), for messages
};
constexpr uint32_t kHvmCaps = XSHIM_CAP_HVM_X86_32 | XSHIM_CAP_HVM_X86_32P | XSHIM_CAP_HVM_X86_64;
constexpr KindRule kKinds[] = {
    {{XSHIM_GUEST_PV, XSHIM_ARCH_X86_64},
     XSHIM_BOOT_PV,
     "xen-3.0-x86_64",
     XSHIM_CAP_XEN_X86_64,
     "xen-3.0-x86_64"},
    {{XSHIM_GUEST_PV, XSHIM_ARCH_X86_32},
     XSHIM_BOOT_PV,
     "xen-3.0-x86_32p",
     XSHIM_CAP_XEN_X86_32P,
     "xen-3.0-x86_32p"},
    {{XSHIM_GUEST_PVH, XSHIM_ARCH_X86_64}, XSHIM_BOOT_PVH, nullptr, kHvmCaps, "an hvm-3.0-* token"},
    {{XSHIM_GUEST_PVH, XSHIM_ARCH_X86_32}, XSHIM_BOOT_PVH, nullptr, kHvmCaps, "an hvm-3.0-* token"},
    // An HVM domain whose device model starts the kernel enters it as PVH (QEMU's PVH option
    // ROM hands it hvm_start_info); the guest names itself hvm from Xen's answers (the probe's
    // refine_guest_type). Xen builds a 64-bit HVM guest with hvm-3.0-x86_64 only.
    {{XSHIM_GUEST_HVM, XSHIM_ARCH_X86_64},
     XSHIM_BOOT_PVH,
     nullptr,
     XSHIM_CAP_HVM_X86_64,
     "hvm-3.0-x86_64"},
    {{XSHIM_GUEST_HVM, XSHIM_ARCH_X86_32},
     XSHIM_BOOT_PVH,
     nullptr,
     XSHIM_CAP_HVM_X86_32 | XSHIM_CAP_HVM_X86_32P,
     "hvm-3.0-x86_32 or hvm-3.0-x86_32p"},
    {{XSHIM_GUEST_ARM, XSHIM_ARCH_ARM64},
     XSHIM_BOOT_FDT,
     nullptr,
     XSHIM_CAP_XEN_AARCH64,
     "xen-3.0-aarch64"},
};

const KindRule *rule_of(GuestKind k) {
    for (const auto &r : kKinds)
        if (r.kind.guest_type == k.guest_type && r.kind.arch == k.arch)
            return &r;
    return nullptr;
}

#if defined(__x86_64__) || defined(__i386__)
void host_cpuid(void *, uint32_t leaf, uint32_t subleaf, uint32_t regs[4]) {
    __cpuid_count(leaf, subleaf, regs[0], regs[1], regs[2], regs[3]);
}
#endif

// The CPU vendor's leaf-0 name (ebx edx ecx), the inverse of the shim's vendor table.
const char *vendor_string(uint32_t vendor) {
    switch (vendor) {
    case XSHIM_VENDOR_INTEL:
        return "GenuineIntel";
    case XSHIM_VENDOR_AMD:
        return "AuthenticAMD";
    case XSHIM_VENDOR_HYGON:
        return "HygonGenuine";
    default:
        return "";
    }
}

void put12(const char *s, uint32_t *a, uint32_t *b, uint32_t *c) {
    char buf[12] = {};
    std::memcpy(buf, s, std::min(std::strlen(s), sizeof buf));
    std::memcpy(a, buf, 4);
    std::memcpy(b, buf + 4, 4);
    std::memcpy(c, buf + 8, 4);
}

// The machine the guest would boot on, as far as the host knows it.
struct HostMachine {
    XenSource *xen;
    xshim_identity cpu;      // vendor; this host's Xen leaves when cpuid_base != 0
    bool synthesized_leaves; // neither the source nor this host shows Xen's leaves
};

// CPUID: the source's answer where it knows the CPU; else this host's own leaves where it showed
// Xen's, else the given vendor and Xen's signature leaves (base, base+2) without a release.
void machine_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t r[4]) {
    auto *m = static_cast<HostMachine *>(ctx);
    r[0] = r[1] = r[2] = r[3] = 0;
    if (m->xen->cpuid(leaf, subleaf, r))
        return;
#if defined(__x86_64__) || defined(__i386__)
    if (!m->synthesized_leaves) {
        host_cpuid(nullptr, leaf, subleaf, r);
        return;
    }
#endif
    if (leaf == 0) {
        r[0] = 0xd;
        put12(vendor_string(m->cpu.cpu_vendor), &r[1], &r[3], &r[2]);
    } else if (leaf == XSHIM_CPUID_FIRST_LEAF) {
        r[0] = XSHIM_CPUID_FIRST_LEAF + XSHIM_CPUID_LEAF_HYPERCALL;
        put12(XSHIM_CPUID_SIGNATURE_XEN, &r[1], &r[2], &r[3]);
    } else if (leaf == XSHIM_CPUID_FIRST_LEAF + XSHIM_CPUID_LEAF_HYPERCALL) {
        r[0] = 1;                      // one hypercall page,
        r[1] = XSHIM_CPUID_FIRST_LEAF; // installed through MSR 0x40000000, as Xen has it
    }
}

// Every hypercall the guest's probe makes goes to the source.
long machine_call(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t,
                  uintptr_t) {
    auto *m = static_cast<HostMachine *>(cookie);
    if (nr == XSHIM_HC_xen_version)
        return m->xen->xen_version(static_cast<uint32_t>(a1), reinterpret_cast<void *>(a2));
    return m->xen->hypercall(nr, a1, a2, a3);
}

// Every transport reaches the same source: which one the guest would pick is the library's call.
xshim_transport_fn machine_transport(void *, uint32_t kind) {
    return kind > XSHIM_TRANSPORT_NONE && kind < XSHIM_TRANSPORT_COUNT ? &machine_call : nullptr;
}

void machine_wrmsr(void *, uint32_t, uint64_t) {} // the hypercall page needs no filling here

xshim_platform host_platform(HostMachine *m, uint32_t arch) {
    xshim_platform p{};
    p.ctx = m;
    p.cpuid = &machine_cpuid;
    p.transport = &machine_transport;
    p.wrmsr = &machine_wrmsr;
    p.hypercall_page = m; // the page transport's cookie: the same machine
    p.hypercall_page_gpa = 0;
    p.arch = arch;
    p.unknown = m->xen->unknown_facts() |
                (m->synthesized_leaves ? uint32_t{XSHIM_UNKNOWN_CPUID_RELEASE} : 0u);
    return p;
}

// The boot structure the guest will be handed, as far as it is known before boot.
struct Handoff {
    xshim_start_info_x86_64 pv64{};
    xshim_start_info_x86_32 pv32{};
    xshim_hvm_start_info pvh{};
    std::vector<uint64_t> dtb; // 8-byte aligned, as a device tree in x0 is
    xshim_handoff handoff{};

    Handoff(const KindRule &rule, uint32_t pvh_version, XenSource &xen) {
        handoff.protocol = rule.protocol;
        if (rule.protocol == XSHIM_BOOT_FDT) {
            dtb = xen.device_tree();
            handoff.pointer = dtb.data();
        } else if (rule.protocol == XSHIM_BOOT_PVH) {
            pvh.magic = XSHIM_HVM_START_MAGIC;
            pvh.version = pvh_version;
            handoff.pointer = &pvh;
        } else if (rule.kind.arch == XSHIM_ARCH_X86_32) {
            std::strncpy(pv32.magic, rule.pv_magic, sizeof pv32.magic - 1);
            handoff.pointer = &pv32;
        } else {
            std::strncpy(pv64.magic, rule.pv_magic, sizeof pv64.magic - 1);
            handoff.pointer = &pv64;
        }
    }
};

} // namespace

long XenSource::hypercall(uint32_t, uintptr_t, uintptr_t, uintptr_t) { return -ENOSYS; }

bool XenSource::cpuid(uint32_t, uint32_t, uint32_t *) { return false; }
uint32_t XenSource::unknown_facts() const { return XSHIM_UNKNOWN_GNTTAB; }

std::optional<GuestKind> guest_kind_named(std::string_view name) {
    for (const auto &r : kKinds)
        if (name == guest_name(r.kind.guest_type, r.kind.arch))
            return r.kind;
    return std::nullopt;
}

std::string guest_kind_name(GuestKind kind) { return guest_name(kind.guest_type, kind.arch); }

uint32_t arch_of_machine(uint16_t machine) {
    switch (machine) {
    case EM_X86_64:
        return XSHIM_ARCH_X86_64;
    case EM_386:
        return XSHIM_ARCH_X86_32;
    case EM_AARCH64:
        return XSHIM_ARCH_ARM64;
    default:
        return XSHIM_ARCH_UNKNOWN;
    }
}

void scan_host_cpu(xshim_identity *id) {
    xshim_platform p{};
#if defined(__x86_64__) || defined(__i386__)
    p.cpuid = &host_cpuid;
#endif
    scan_cpuid(p, id);
}

namespace {
struct NamedVendor {
    const char *name;
    uint32_t vendor;
};
constexpr NamedVendor kVendors[] = {{"intel", XSHIM_VENDOR_INTEL},
                                    {"amd", XSHIM_VENDOR_AMD},
                                    {"hygon", XSHIM_VENDOR_HYGON},
                                    {"other", XSHIM_VENDOR_OTHER}};
} // namespace

std::optional<uint32_t> cpu_vendor_named(std::string_view name) {
    for (const auto &v : kVendors)
        if (name == v.name)
            return v.vendor;
    return std::nullopt;
}

const char *vendor_name(uint32_t vendor) {
    for (const auto &v : kVendors)
        if (vendor == v.vendor)
            return v.name;
    return "other";
}

void evaluate(XenSource &xen, const xshim_policy &policy, GuestKind kind, const xshim_identity &cpu,
              uint32_t pvh_version, Evaluation *out) {
    *out = Evaluation{};
    const KindRule *rule = rule_of(kind);
    uint32_t regs[4] = {};
    const bool source_cpu = xen.cpuid(0, 0, regs);
    HostMachine machine{&xen, cpu, !source_cpu && cpu.cpuid_base == 0};
    const xshim_platform platform = host_platform(&machine, kind.arch);
    xshim_verdict *v = &out->verdict;
    if (rule == nullptr) {
        (void)xshim_boot(nullptr, &policy, &platform, v);
        return;
    }
    const Handoff boot(*rule, pvh_version, xen);
    (void)xshim_boot(&boot.handoff, &policy, &platform, v);

    // Not the guest's decision: whether Xen's domain builder can make such a guest at all.
    const xshim_identity &id = v->identity;
    if (id.capabilities_fact.status == XSHIM_FACT_OK && (id.capabilities & rule->capabilities) == 0)
        out->xen_refuses = "XENVER_capabilities has no " + std::string(rule->needs) +
                           ": Xen cannot build a " + guest_kind_name(kind) + " domain";
}

} // namespace xshim::tools
