// shim/probe/probe.cpp: the order of the probe. Boot structure first (it says which guest type we
// are), then CPUID (is this Xen, which vendor), then a hypercall port chosen from the table,
// then the xen_version facts and the event-channel probe.
#include "shim/probe/probe.hpp"

#include "shim/handoff/device_tree.hpp"
#include "shim/runtime/hypercall.hpp"
#include "shim/select/tables.hpp"
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

// What a refusal of the boot structure rests on: the structure its adapter rejected, or the
// protocol that no adapter serves for this architecture.
Refusal boot_refusal(uint32_t reason, uint32_t protocol, const xshim_identity &id) {
    switch (reason) {
    case XSHIM_REASON_OLD_GENERATION: // only the PV magic names a generation
        return refuse_bound(reason, XSHIM_SRC_START_INFO,
                            XSHIM_RELEASE(id.interface_major, id.interface_minor),
                            XSHIM_RELEASE(3, 0));
    case XSHIM_REASON_BAD_START_INFO:
        return refuse_fact(reason, {XSHIM_SRC_START_INFO, XSHIM_FACT_MALFORMED, 0});
    case XSHIM_REASON_BAD_HVM_START_INFO:
        return refuse_fact(reason, {XSHIM_SRC_HVM_START_INFO, XSHIM_FACT_MALFORMED, 0},
                           id.hvm_start_version);
    case XSHIM_REASON_BAD_FDT:
        return refuse_fact(
            reason, {XSHIM_SRC_FDT, XSHIM_FACT_MALFORMED, static_cast<int16_t>(id.fdt_error)});
    default:
        return refuse_no_match(reason, protocol, id.arch);
    }
}

// The boot structure: validate and normalise it with the adapter probe() picked from the table.
Refusal read_boot(const xshim_handoff &handoff, const xshim_start_info_adapter *adapter,
                  uint32_t arch, xshim_verdict *v) {
    xshim_identity &id = v->identity;
    if (handoff.protocol == XSHIM_BOOT_PVH) {
        const auto *hsi = static_cast<const xshim_hvm_start_info *>(handoff.pointer);
        id.hvm_start_version = hsi->version;
        id.hvm_start_fact = {XSHIM_SRC_HVM_START_INFO,
                             hsi->magic == XSHIM_HVM_START_MAGIC ? uint8_t{XSHIM_FACT_OK}
                                                                 : uint8_t{XSHIM_FACT_MALFORMED},
                             0};
    }
    int rc = XSHIM_REASON_NONE;
    if (adapter == nullptr)
        rc = handoff.protocol == XSHIM_BOOT_PVH  ? XSHIM_REASON_BAD_HVM_START_INFO
             : handoff.protocol == XSHIM_BOOT_PV ? XSHIM_REASON_BAD_START_INFO
                                                 : XSHIM_REASON_NO_HANDOFF;
    else
        rc = adapter->parse(handoff.pointer, &v->boot);
    if (handoff.protocol == XSHIM_BOOT_PV) {
        // The magic is the first field of every PV start_info layout.
        const char *magic =
            arch == XSHIM_ARCH_X86_32
                ? static_cast<const xshim_start_info_x86_32 *>(handoff.pointer)->magic
                : static_cast<const xshim_start_info_x86_64 *>(handoff.pointer)->magic;
        if (rc == XSHIM_S_OK)
            take_start_magic(magic, v->boot.generation, &id);
        else // the evidence of the refusal: what the magic says, parsed on its own
            record_start_magic(magic, XSHIM_START_MAGIC_LEN, &id);
    }
    if (adapter == nullptr)
        return boot_refusal(static_cast<uint32_t>(rc), handoff.protocol, id);
    v->selection.start_info = adapter;
    return rc == 0 ? kNoRefusal : boot_refusal(static_cast<uint32_t>(rc), handoff.protocol, id);
}

// The hypercall port for this guest type, architecture and CPU vendor, from the table. The
// table's first choice is asked of the platform alone; only if the platform cannot run it are
// all transports asked (the same adapter either way: the first choice among all transports is
// the first among the available ones when it is available itself).
bool open_port(const xshim_platform &platform, uint32_t policy_flags, xshim_verdict *v) {
    const xshim_identity &id = v->identity;
    const bool prefer_page = (policy_flags & XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE) != 0;
    const xshim_hypercall_adapter *adapter =
        find_hypercall_adapter(id.guest_type, id.arch, id.cpu_vendor, ~0u, prefer_page);
    if (adapter != nullptr && !transport_available(platform, adapter->transport))
        adapter = find_hypercall_adapter(id.guest_type, id.arch, id.cpu_vendor,
                                         available_transports(platform), prefer_page);
    return resolve_hypercall(adapter, id, platform, &v->selection.hypercall);
}

// A refusal found before the port was chosen (a bad boot structure) must still reach
// console_io and end in SCHEDOP_shutdown: where CPUID has shown Xen and the entry code named
// the guest type, open the port for the report. The refusal stands either way.
Refusal open_port_for_refusal(const xshim_platform &platform, uint32_t policy_flags,
                              xshim_verdict *v, const Refusal &refusal) {
    if (v->identity.cpuid_base != 0 && v->identity.guest_type != XSHIM_GUEST_UNKNOWN)
        (void)open_port(platform, policy_flags, v);
    return refusal;
}

} // namespace

Refusal probe(const xshim_handoff *handoff, const xshim_platform &platform, uint32_t policy_flags,
              xshim_verdict *v) {
    xshim_identity &id = v->identity;
    id.arch = platform.arch;
    bool have_handoff =
        handoff != nullptr && handoff->pointer != nullptr && handoff->protocol != XSHIM_BOOT_NONE;
    // The entry code's word on the protocol stands even when its pointer is unusable: it is
    // what tells which hypercall port a refusal can still be said through.
    id.guest_type =
        handoff != nullptr ? guest_type_of(handoff->protocol) : uint32_t{XSHIM_GUEST_UNKNOWN};

    // CPUID first even without a handoff, so a refusal can say what it ran on.
    scan_cpuid(platform, &id);
    if (!have_handoff)
        return open_port_for_refusal(
            platform, policy_flags, v,
            refuse_no_match(XSHIM_REASON_NO_HANDOFF,
                            handoff != nullptr ? handoff->protocol : uint32_t{XSHIM_BOOT_NONE},
                            id.arch));

    // Arm: the device tree's /hypervisor node says whether this is Xen (there is no CPUID); its
    // start_info entry carries that reader. A library without the entry finds no adapter.
    const xshim_start_info_adapter *adapter =
        find_start_info_adapter(handoff->protocol, id.arch, handoff->pointer);
    if (adapter != nullptr && adapter->identify != nullptr) {
        Refusal identified = kNoRefusal;
        identified.reason = adapter->identify(handoff->pointer, &id, &identified.why);
        if (identified.reason != XSHIM_REASON_NONE)
            return identified;
    }
    Refusal boot = read_boot(*handoff, adapter, id.arch, v);
    if (boot.reason != XSHIM_REASON_NONE)
        return open_port_for_refusal(platform, policy_flags, v, boot);
    if (platform.cpuid != nullptr && id.cpuid_base == 0)
        return refuse_fact(XSHIM_REASON_NO_XEN, id.signature_fact);

    if (!open_port(platform, policy_flags, v))
        return refuse_no_match(XSHIM_REASON_NO_TRANSPORT, id.guest_type, id.cpu_vendor);
    const xshim_hypercall &hc = v->selection.hypercall;
    Refusal release = take_release(xshim_xen_version(&hc, XSHIM_XENVER_version, nullptr), &id);
    if (release.reason != XSHIM_REASON_NONE)
        return release;

    read_extraversion(hc, &id);
    read_features(hc, &id);
    refine_guest_type(&id);
    read_capabilities(hc, &id);
    probe_evtchn_fifo(hc, &id);
    if ((platform.unknown & XSHIM_UNKNOWN_GNTTAB) == 0)
        probe_gnttab(hc, &id);
    return kNoRefusal;
}

Refusal take_release(long rc, xshim_identity *id) {
    // XENVER_version returns the release in a long: only -4095..-1 are errors, so on a 32-bit
    // guest a release with the top bit set (>= 32768.0) still reads as a release.
    if (rc < 0 && rc >= -4095) {
        id->release_xenver_fact = {XSHIM_SRC_XENVER,
                                   rc == XSHIM_S_ENOSYS  ? uint8_t{XSHIM_FACT_ABSENT}
                                   : rc == XSHIM_S_EPERM ? uint8_t{XSHIM_FACT_DENIED}
                                                         : uint8_t{XSHIM_FACT_ERROR},
                                   static_cast<int16_t>(rc < -32768 ? -32768 : rc)};
        return refuse_fact(XSHIM_REASON_HYPERCALL_FAILED, id->release_xenver_fact);
    }
    id->release_xenver = static_cast<uint32_t>(rc);
    id->release_xenver_fact = {XSHIM_SRC_XENVER, XSHIM_FACT_OK, 0};
    id->release = id->release_xenver;
    if (id->release_fdt_fact.status == XSHIM_FACT_OK && id->release_fdt != id->release_xenver)
        return refuse_sources(XSHIM_SRC_FDT, id->release_fdt, id->release_xenver);
    if (id->release_cpuid_fact.status == XSHIM_FACT_OK && id->release_cpuid != id->release_xenver)
        return refuse_sources(XSHIM_SRC_CPUID, id->release_cpuid, id->release_xenver);
    return kNoRefusal;
}

} // namespace xshim
