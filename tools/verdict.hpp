// tools/verdict.hpp: the verdict a guest would reach, computed on a host before boot.
//
// The tool makes no decision of its own: it calls the library's xshim_boot(), the guest's own
// entry, over a host platform (struct xshim_platform) whose hypercall transport and CPUID answer
// from an identity, an XenSource: the running Xen through libxenctrl (xenctrl_source.cpp), one
// an operator describes (DescribedXen) or a capture of a real boot (CapturedXen, identity.hpp).
// The handoff is what the guest will be handed: a PV start_info with the magic Xen writes, or a
// PVH hvm_start_info of the version its builder writes.
#pragma once

#include <xshim.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xshim::tools {

// The hypervisor the host platform answers for. xen_version(cmd, arg) as Xen answers it: >= 0,
// or a negative Xen errno (-ENOSYS for a subop this source cannot answer).
class XenSource {
  public:
    virtual ~XenSource() = default;
    virtual long xen_version(uint32_t cmd, void *arg) = 0;
    // The other hypercalls of the guest's probe (the FIFO and grant-table probes). A host
    // cannot make them for a guest that has not booted: -ENOSYS unless the source is a capture.
    virtual long hypercall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3);
    // CPUID as the guest will see it; false if this source does not know it (the host platform
    // then answers the vendor it was given and Xen's leaves without a release).
    virtual bool cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
    // XSHIM_UNKNOWN_* facts the guest's probe must leave unasked: by default the grant-table
    // size, which a host does not learn before boot.
    virtual uint32_t unknown_facts() const;
    // The device tree an Arm guest is handed in x0: by default the /hypervisor node Xen's
    // builders write from XENVER_version; a capture gives the blob the guest was handed.
    virtual std::vector<uint64_t> device_tree();
};

// One way to boot the image: the guest type and the width of the kernel.
struct GuestKind {
    uint32_t guest_type; // XSHIM_GUEST_PV, XSHIM_GUEST_PVH, XSHIM_GUEST_HVM or XSHIM_GUEST_ARM
    uint32_t arch;       // XSHIM_ARCH_X86_64, XSHIM_ARCH_X86_32 or XSHIM_ARCH_ARM64
};
// "pv64", "pvh64", "pv32", "pvh32", "hvm64", "hvm32", "arm64" (the shim's guest_name());
// nullopt otherwise. An HVM kind boots as PVH does (the device model enters the kernel through
// its PVH entry); its verdict line names hvm only when Xen's answers prove it.
std::optional<GuestKind> guest_kind_named(std::string_view name);
std::string guest_kind_name(GuestKind kind);
// The architecture a kernel image of this EM_* machine runs as; XSHIM_ARCH_UNKNOWN otherwise.
uint32_t arch_of_machine(uint16_t machine);

// What the CPU tells a guest: its vendor, and on a Xen host the hypervisor leaves if this
// process can see them. Uses the shim's own scan_cpuid over this machine's CPUID.
void scan_host_cpu(xshim_identity *id);
// "intel", "amd", "hygon", "other" -> enum xshim_cpu_vendor; nullopt otherwise.
std::optional<uint32_t> cpu_vendor_named(std::string_view name);
// The inverse: "intel", "amd", "hygon" or "other".
const char *vendor_name(uint32_t vendor);

struct Evaluation {
    xshim_verdict verdict{};
    // Non-empty when the hypervisor's capabilities say Xen itself cannot build this kind of
    // guest (e.g. no "xen-3.0-x86_64" for pv64): the shim would never run.
    std::string xen_refuses;
};

// The guest's verdict for one kind of boot: xshim_boot() over the host platform. cpu holds
// cpu_vendor and (optionally) this host's CPUID hypervisor facts from scan_host_cpu, used where
// the source does not answer CPUID itself; pvh_version is the hvm_start_info.version the guest
// will be handed (1 from the toolstack, 0 from Xen's own dom0 builder).
void evaluate(XenSource &xen, const xshim_policy &policy, GuestKind kind, const xshim_identity &cpu,
              uint32_t pvh_version, Evaluation *out);

} // namespace xshim::tools
