// tools/verdict.cpp: a guest's verdict, computed on a host (see verdict.hpp). The order is the
// probe's (shim/probe/probe.cpp) and xshim_boot()'s (shim/xshim_boot.cpp): boot structure, hypercall port,
// XENVER_version, the other xen_version facts, then the policy check and select().
#include "verdict.hpp"

#include <shim/runtime/hypercall.hpp>
#include <shim/probe/probe.hpp>
#include <shim/select/select.hpp>
#include <shim/select/tables.hpp>
#include <shim/handoff/start_info.hpp>
#include <shim/report/verdict_line.hpp>

#include <abi/cpuid.h>
#include <abi/hvm_start_info.h>
#include <abi/hypercall.h>
#include <abi/start_info_x86.h>
#include <abi/version.h>

#include <elf.h>

#include <algorithm>
#include <cstring>

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
    uint32_t protocol;      // enum xshim_boot_protocol
    const char *pv_magic;   // PV only
    uint32_t capabilities;  // any of these XSHIM_CAP_* bits
    const char *needs;      // the token(s), for messages
};
constexpr uint32_t kHvmCaps = XSHIM_CAP_HVM_X86_32 | XSHIM_CAP_HVM_X86_32P | XSHIM_CAP_HVM_X86_64;
constexpr KindRule kKinds[] = {
    {{XSHIM_GUEST_PV, XSHIM_ARCH_X86_64}, XSHIM_BOOT_PV, "xen-3.0-x86_64", XSHIM_CAP_XEN_X86_64,
     "xen-3.0-x86_64"},
    {{XSHIM_GUEST_PV, XSHIM_ARCH_X86_32}, XSHIM_BOOT_PV, "xen-3.0-x86_32p", XSHIM_CAP_XEN_X86_32P,
     "xen-3.0-x86_32p"},
    {{XSHIM_GUEST_PVH, XSHIM_ARCH_X86_64}, XSHIM_BOOT_PVH, nullptr, kHvmCaps, "an hvm-3.0-* token"},
    {{XSHIM_GUEST_PVH, XSHIM_ARCH_X86_32}, XSHIM_BOOT_PVH, nullptr, kHvmCaps, "an hvm-3.0-* token"},
};

const KindRule *rule_of(GuestKind k) {
    for (const auto &r : kKinds)
        if (r.kind.guest_type == k.guest_type && r.kind.arch == k.arch)
            return &r;
    return nullptr;
}

// The hypercall port's transport: xen_version goes to the source, everything else is absent.
long answer(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t, uintptr_t,
            uintptr_t) {
    if (nr != XSHIM_HC_xen_version)
        return XSHIM_S_ENOSYS;
    return static_cast<XenSource *>(cookie)->xen_version(static_cast<uint32_t>(a1),
                                                         reinterpret_cast<void *>(a2));
}

#if defined(__x86_64__) || defined(__i386__)
void host_cpuid(void *, uint32_t leaf, uint32_t subleaf, uint32_t regs[4]) {
    __cpuid_count(leaf, subleaf, regs[0], regs[1], regs[2], regs[3]);
}
#endif

// The boot structure the guest will be handed, as far as it is known before boot: the PV magic
// or the PVH structure's magic and version. Returns the refusal, as read_boot() would.
Refusal boot_structure(const KindRule &rule, uint32_t pvh_version, xshim_verdict *v) {
    xshim_identity &id = v->identity;
    v->boot.protocol = rule.protocol;
    const xshim_start_info_adapter *adapter = nullptr;
    if (rule.protocol == XSHIM_BOOT_PV) {
        char magic[XSHIM_START_MAGIC_LEN] = {};
        std::strncpy(magic, rule.pv_magic, sizeof magic - 1);
        record_start_magic(magic, sizeof magic, &id);
        xshim_start_info_x86_64 si{};
        std::memcpy(si.magic, magic, sizeof si.magic);
        adapter = find_start_info_adapter(XSHIM_BOOT_PV, id.arch, &si);
        if (adapter == nullptr)
            return refuse_fact(XSHIM_REASON_BAD_START_INFO,
                               {XSHIM_SRC_START_INFO, XSHIM_FACT_MALFORMED, 0});
    } else {
        xshim_hvm_start_info hsi{};
        hsi.magic = XSHIM_HVM_START_MAGIC;
        hsi.version = pvh_version;
        id.hvm_start_version = pvh_version;
        id.hvm_start_fact = {XSHIM_SRC_HVM_START_INFO, XSHIM_FACT_OK, 0};
        adapter = find_start_info_adapter(XSHIM_BOOT_PVH, id.arch, &hsi);
        if (adapter == nullptr)
            return refuse_fact(XSHIM_REASON_BAD_HVM_START_INFO,
                               {XSHIM_SRC_HVM_START_INFO, XSHIM_FACT_MALFORMED, 0}, pvh_version);
    }
    v->selection.start_info = adapter;
    return kNoRefusal;
}

// XENVER_version as probe() reads it (take_release): only -4095..-1 are errors.
Refusal read_release(const xshim_hypercall &hc, xshim_identity *id) {
    return take_release(xshim_xen_version(&hc, XSHIM_XENVER_version, nullptr), id);
}

Refusal probe_facts(XenSource &xen, const KindRule &rule, uint32_t policy_flags,
                    uint32_t pvh_version, xshim_verdict *v) {
    xshim_identity &id = v->identity;
    Refusal refusal = boot_structure(rule, pvh_version, v);
    if (refusal.reason != XSHIM_REASON_NONE)
        return refusal;

    // Every transport the kernel's arch has; the hypercall page only when the policy asks for it
    // (the kernel then hands xshim a page).
    uint32_t available = 0;
    for (uint32_t t = 1; t < XSHIM_TRANSPORT_COUNT; ++t)
        if (t != XSHIM_TRANSPORT_PAGE)
            available |= 1u << t;
    const bool prefer_page = (policy_flags & XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE) != 0;
    if (prefer_page)
        available |= 1u << XSHIM_TRANSPORT_PAGE;
    const xshim_hypercall_adapter *adapter =
        find_hypercall_adapter(id.guest_type, id.arch, id.cpu_vendor, available, prefer_page);
    if (adapter == nullptr)
        return refuse_no_match(XSHIM_REASON_NO_TRANSPORT, id.guest_type, id.cpu_vendor);
    xshim_hypercall &hc = v->selection.hypercall;
    hc = {adapter, &answer, &xen};

    refusal = read_release(hc, &id);
    if (refusal.reason != XSHIM_REASON_NONE)
        return refusal;
    read_extraversion(hc, &id);
    read_features(hc, &id);
    read_capabilities(hc, &id);
    return kNoRefusal;
}

} // namespace

long DescribedXen::xen_version(uint32_t cmd, void *arg) {
    switch (cmd) {
    case XSHIM_XENVER_version:
        return static_cast<long>(release);
    case XSHIM_XENVER_extraversion: {
        char *out = static_cast<char *>(arg);
        std::memset(out, 0, XSHIM_XEN_EXTRAVERSION_LEN);
        std::memcpy(out, extraversion.data(),
                    std::min(extraversion.size(), size_t{XSHIM_XEN_EXTRAVERSION_LEN - 1}));
        return 0;
    }
    case XSHIM_XENVER_get_features: {
        if (!features0.has_value())
            return XSHIM_S_ENOSYS;
        auto *fi = static_cast<xshim_feature_info *>(arg);
        if (fi->submap_idx != 0)
            return XSHIM_S_EINVAL;
        fi->submap = *features0;
        return 0;
    }
    default:
        return XSHIM_S_ENOSYS;
    }
}

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

std::optional<uint32_t> cpu_vendor_named(std::string_view name) {
    struct Named {
        const char *name;
        uint32_t vendor;
    };
    static constexpr Named kVendors[] = {{"intel", XSHIM_VENDOR_INTEL},
                                         {"amd", XSHIM_VENDOR_AMD},
                                         {"hygon", XSHIM_VENDOR_HYGON},
                                         {"other", XSHIM_VENDOR_OTHER}};
    for (const auto &v : kVendors)
        if (name == v.name)
            return v.vendor;
    return std::nullopt;
}

void evaluate(XenSource &xen, const xshim_policy &policy, GuestKind kind,
              const xshim_identity &cpu, uint32_t pvh_version, Evaluation *out) {
    *out = Evaluation{};
    xshim_verdict *v = &out->verdict;
    v->policy = &policy;
    xshim_identity &id = v->identity;
    id = cpu;
    id.guest_type = kind.guest_type;
    id.arch = kind.arch;

    const Refusal bad_policy = check_policy(&policy);
    const bool policy_ok = bad_policy.reason == XSHIM_REASON_NONE;
    const KindRule *rule = rule_of(kind);
    Refusal refusal = rule == nullptr
                          ? refuse_no_match(XSHIM_REASON_NO_HANDOFF, XSHIM_BOOT_NONE, kind.arch)
                          : probe_facts(xen, *rule, policy_ok ? policy.flags : 0, pvh_version, v);
    if (!policy_ok)
        refusal = bad_policy; // the kernel's own mistake comes first, as in shim/xshim_boot.cpp
    if (refusal.reason == XSHIM_REASON_NONE)
        refusal = select(id, &policy, &v->selection);
    conclude(refusal, v);
    format_verdict_line(v);

    if (rule != nullptr && id.capabilities_fact.status == XSHIM_FACT_OK &&
        (id.capabilities & rule->capabilities) == 0)
        out->xen_refuses = "XENVER_capabilities has no " + std::string(rule->needs) +
                           ": Xen cannot build a " + guest_kind_name(kind) + " domain";
}

} // namespace xshim::tools
