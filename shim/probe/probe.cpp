// shim/probe/probe.cpp: the order of the probe. Boot structure first (it says which guest type we
// are), then CPUID (is this Xen, which vendor), then a hypercall port chosen from the table,
// then the xen_version facts and the event-channel probe.
#include "shim/probe/probe.hpp"

#include "shim/handoff/device_tree.hpp"
#include "shim/runtime/hypercall.hpp"
#include "shim/select/tables.hpp"
#include "shim/arch/only_arch.hpp"
#include "shim/handoff/start_info.hpp"
#include "shim/lib/text.hpp"

#include <abi/hvm_start_info.h>
#include <abi/start_info_x86.h>
#include <abi/version.h>

namespace xshim {
namespace {

uint32_t guest_type_of(uint32_t protocol) {
    switch (protocol) {
    case XSHIM_BOOT_PV:
        return XSHIM_GUEST_PV;
    case XSHIM_BOOT_PVH:
        return XSHIM_GUEST_PVH;
    case XSHIM_BOOT_FDT:
        return XSHIM_GUEST_ARM;
    default:
        return XSHIM_GUEST_UNKNOWN;
    }
}

// The boot structure: pick its adapter from the table, validate, normalise.
uint32_t read_boot(const xshim_handoff &handoff, uint32_t arch, xshim_verdict *v) {
    xshim_identity &id = v->identity;
    if (handoff.protocol == XSHIM_BOOT_PV) {
        // The magic is the first field of every PV start_info layout.
        const char *magic = arch == XSHIM_ARCH_X86_32
            ? static_cast<const xshim_start_info_x86_32 *>(handoff.pointer)->magic
            : static_cast<const xshim_start_info_x86_64 *>(handoff.pointer)->magic;
        record_start_magic(magic, XSHIM_START_MAGIC_LEN, &id);
    }
    const xshim_start_info_adapter *adapter =
        find_start_info_adapter(handoff.protocol, arch, handoff.pointer);
    if (handoff.protocol == XSHIM_BOOT_PVH) {
        const auto *hsi = static_cast<const xshim_hvm_start_info *>(handoff.pointer);
        id.hvm_start_version = hsi->version;
        id.hvm_start_fact = {XSHIM_SRC_HVM_START_INFO,
                             hsi->magic == XSHIM_HVM_START_MAGIC ? uint8_t{XSHIM_FACT_OK}
                                                                 : uint8_t{XSHIM_FACT_MALFORMED},
                             0};
    }
    if (adapter == nullptr)
        return handoff.protocol == XSHIM_BOOT_PVH ? XSHIM_REASON_BAD_HVM_START_INFO
               : handoff.protocol == XSHIM_BOOT_PV ? XSHIM_REASON_BAD_START_INFO
                                                   : XSHIM_REASON_NO_HANDOFF;
    v->selection.start_info = adapter;
    int rc = adapter->parse(handoff.pointer, &v->boot);
    return rc == 0 ? uint32_t{XSHIM_REASON_NONE} : static_cast<uint32_t>(rc);
}

// The hypercall port for this guest type, architecture and CPU vendor, from the table.
bool open_port(const xshim_platform &platform, uint32_t policy_flags, xshim_verdict *v) {
    const xshim_identity &id = v->identity;
    const xshim_hypercall_adapter *adapter = find_hypercall_adapter(
        id.guest_type, id.arch, id.cpu_vendor, available_transports(platform),
        (policy_flags & XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE) != 0);
    return resolve_hypercall(adapter, id, platform, &v->selection.hypercall);
}

// A refusal found before the port was chosen (a bad boot structure) must still reach
// console_io and end in SCHEDOP_shutdown: where CPUID has shown Xen and the entry code named
// the guest type, open the port for the report. The refusal stands either way.
uint32_t open_port_for_refusal(const xshim_platform &platform, uint32_t policy_flags,
                               xshim_verdict *v, uint32_t reason) {
    if (v->identity.cpuid_base != 0 && v->identity.guest_type != XSHIM_GUEST_UNKNOWN)
        (void)open_port(platform, policy_flags, v);
    return reason;
}

} // namespace

uint32_t probe(const xshim_handoff *handoff, const xshim_platform &platform, uint32_t policy_flags,
               xshim_verdict *v) {
    xshim_identity &id = v->identity;
    id.arch = platform.arch;
    bool have_handoff = handoff != nullptr && handoff->pointer != nullptr &&
                        handoff->protocol != XSHIM_BOOT_NONE;
    // The entry code's word on the protocol stands even when its pointer is unusable: it is
    // what tells which hypercall port a refusal can still be said through.
    id.guest_type = handoff != nullptr ? guest_type_of(handoff->protocol)
                                       : uint32_t{XSHIM_GUEST_UNKNOWN};

    // CPUID first even without a handoff, so a refusal can say what it ran on.
    scan_cpuid(platform, &id);
    if (!have_handoff)
        return open_port_for_refusal(platform, policy_flags, v, XSHIM_REASON_NO_HANDOFF);

    // Arm: the device tree's /hypervisor node says whether this is Xen (there is no CPUID).
    // An x86 library has no FDT reader (shim/arch/only_arch.hpp): read_boot() finds no adapter.
#if XSHIM_KEEP_FDT
    if (handoff->protocol == XSHIM_BOOT_FDT) {
        uint32_t fdt_reason = read_fdt_handoff(handoff->pointer, &id);
        if (fdt_reason != XSHIM_REASON_NONE)
            return fdt_reason;
    }
#endif
    uint32_t reason = read_boot(*handoff, id.arch, v);
    if (reason != XSHIM_REASON_NONE)
        return open_port_for_refusal(platform, policy_flags, v, reason);
    if (platform.cpuid != nullptr && id.cpuid_base == 0)
        return XSHIM_REASON_NO_XEN;

    if (!open_port(platform, policy_flags, v))
        return XSHIM_REASON_NO_TRANSPORT;
    const xshim_hypercall &hc = v->selection.hypercall;

    // XENVER_version returns the release in a long: only -4095..-1 are errors, so on a 32-bit
    // guest a release with the top bit set (>= 32768.0) still reads as a release.
    long rc = xshim_xen_version(&hc, XSHIM_XENVER_version, nullptr);
    if (rc < 0 && rc >= -4095) {
        id.release_xenver_fact = {XSHIM_SRC_XENVER,
                                  rc == XSHIM_S_ENOSYS  ? uint8_t{XSHIM_FACT_ABSENT}
                                  : rc == XSHIM_S_EPERM ? uint8_t{XSHIM_FACT_DENIED}
                                                        : uint8_t{XSHIM_FACT_ERROR},
                                  static_cast<int16_t>(rc < -32768 ? -32768 : rc)};
        return XSHIM_REASON_HYPERCALL_FAILED;
    }
    id.release_xenver = static_cast<uint32_t>(rc);
    id.release_xenver_fact = {XSHIM_SRC_XENVER, XSHIM_FACT_OK, 0};
    id.release = id.release_xenver;
    if (id.release_cpuid_fact.status == XSHIM_FACT_OK && id.release_cpuid != id.release_xenver)
        return XSHIM_REASON_RELEASE_MISMATCH;
    if (id.release_fdt_fact.status == XSHIM_FACT_OK && id.release_fdt != id.release_xenver)
        return XSHIM_REASON_RELEASE_MISMATCH;

    read_extraversion(hc, &id);
    read_features(hc, &id);
    read_capabilities(hc, &id);
    probe_evtchn_fifo(hc, &id);
    if ((platform.unknown & XSHIM_UNKNOWN_GNTTAB) == 0)
        probe_gnttab(hc, &id);
    return XSHIM_REASON_NONE;
}

} // namespace xshim
