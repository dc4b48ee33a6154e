// tools/verdict.hpp: the verdict a guest would reach, computed on a host before boot.
//
// The facts come from an XenSource that answers xen_version as the hypervisor would: the real
// one through libxenctrl (xenctrl_source.cpp) or one an operator describes (DescribedXen). They
// are read by the shim's own fact readers (read_extraversion, read_features, read_capabilities)
// over a hypercall port whose transport is that source, the boot structure's magic goes through
// the shim's start_info adapter lookup, and the decision is the shim's select() and verdict line.
// Nothing here re-implements a rule of the shim.
#pragma once

#include <xshim.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xshim::tools {

// Answers xen_version(cmd, arg) as Xen does: >= 0, or a negative Xen errno (-ENOSYS for a subop
// this source cannot answer).
class XenSource {
  public:
    virtual ~XenSource() = default;
    virtual long xen_version(uint32_t cmd, void *arg) = 0;
};

// A hypothetical Xen: a release, an extra version, and optionally feature submap 0. It answers
// nothing else (capabilities: -ENOSYS), so nothing else is assumed.
class DescribedXen final : public XenSource {
  public:
    uint32_t release = 0;
    std::string extraversion;          // at most 15 bytes (XENVER_extraversion's 16 with NUL)
    std::optional<uint32_t> features0; // unset: XENVER_get_features answers -ENOSYS
    long xen_version(uint32_t cmd, void *arg) override;
};

// One way to boot the image: the guest type and the width of the kernel.
struct GuestKind {
    uint32_t guest_type; // XSHIM_GUEST_PV or XSHIM_GUEST_PVH
    uint32_t arch;       // XSHIM_ARCH_X86_64 or XSHIM_ARCH_X86_32
};
// "pv64", "pvh64", "pv32", "pvh32" (the shim's guest_name()); nullopt for anything else.
std::optional<GuestKind> guest_kind_named(std::string_view name);
std::string guest_kind_name(GuestKind kind);
// The architecture a kernel image of this EM_* machine runs as; XSHIM_ARCH_UNKNOWN otherwise.
uint32_t arch_of_machine(uint16_t machine);

// What the CPU tells a guest: its vendor, and on a Xen host the hypervisor leaves if this
// process can see them. Uses the shim's own scan_cpuid over this machine's CPUID.
void scan_host_cpu(xshim_identity *id);
// "intel", "amd", "hygon", "other" -> enum xshim_cpu_vendor; nullopt otherwise.
std::optional<uint32_t> cpu_vendor_named(std::string_view name);

struct Evaluation {
    xshim_verdict verdict{};
    // Non-empty when the hypervisor's capabilities say Xen itself cannot build this kind of
    // guest (e.g. no "xen-3.0-x86_64" for pv64): the shim would never run.
    std::string xen_refuses;
};

// The guest's verdict for one kind of boot. cpu holds cpu_vendor and (optionally) the CPUID
// hypervisor facts from scan_host_cpu; pvh_version is the hvm_start_info.version the guest will
// be handed (1 from the toolstack, 0 from Xen's own dom0 builder).
void evaluate(XenSource &xen, const xshim_policy &policy, GuestKind kind,
              const xshim_identity &cpu, uint32_t pvh_version, Evaluation *out);

} // namespace xshim::tools
