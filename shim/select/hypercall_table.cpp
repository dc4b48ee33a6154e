// shim/select/hypercall_table.cpp: every way xshim knows to reach Xen, as data. The match rule of an
// entry is its fields: guest types, architecture, CPU vendors; the first entry that fits wins.
// Order matters only where two entries fit: direct instructions before the hypercall page
// (the page is discouraged for CFI/return-thunk kernels) unless the policy prefers the page.
#include "shim/runtime/hypercall.hpp"
#include "shim/select/tables.hpp"

namespace xshim {
namespace {

constexpr uint32_t kAnyVendor = ~0u;
constexpr uint32_t kIntelLike = (1u << XSHIM_VENDOR_INTEL) | (1u << XSHIM_VENDOR_OTHER);
constexpr uint32_t kAmdLike = (1u << XSHIM_VENDOR_AMD) | (1u << XSHIM_VENDOR_HYGON);
constexpr uint32_t kHvmLike = XSHIM_GUEST_MASK(XSHIM_GUEST_PVH) | XSHIM_GUEST_MASK(XSHIM_GUEST_HVM);
constexpr uint32_t kPv = XSHIM_GUEST_MASK(XSHIM_GUEST_PV);

// name, transport, guest types, arch, vendors, compat slots (PV only: Xen answers 6/16/19
// for PV guests; HVM, PVH and Arm get -ENOSYS there).
constexpr xshim_hypercall_adapter kHypercallAdapters[] = {
    {"pv64-syscall", XSHIM_TRANSPORT_SYSCALL, kPv, XSHIM_ARCH_X86_64, kAnyVendor, 1},
    {"pv32-int82", XSHIM_TRANSPORT_INT82, kPv, XSHIM_ARCH_X86_32, kAnyVendor, 1},
    {"hvm64-vmcall", XSHIM_TRANSPORT_VMCALL, kHvmLike, XSHIM_ARCH_X86_64, kIntelLike, 0},
    {"hvm64-vmmcall", XSHIM_TRANSPORT_VMMCALL, kHvmLike, XSHIM_ARCH_X86_64, kAmdLike, 0},
    {"hvm32-vmcall", XSHIM_TRANSPORT_VMCALL, kHvmLike, XSHIM_ARCH_X86_32, kIntelLike, 0},
    {"hvm32-vmmcall", XSHIM_TRANSPORT_VMMCALL, kHvmLike, XSHIM_ARCH_X86_32, kAmdLike, 0},
    {"hvm64-page", XSHIM_TRANSPORT_PAGE, kHvmLike, XSHIM_ARCH_X86_64, kAnyVendor, 0},
    {"hvm32-page", XSHIM_TRANSPORT_PAGE, kHvmLike, XSHIM_ARCH_X86_32, kAnyVendor, 0},
    {"arm64-hvc", XSHIM_TRANSPORT_HVC, XSHIM_GUEST_MASK(XSHIM_GUEST_ARM), XSHIM_ARCH_ARM64,
     kAnyVendor, 0},
};

} // namespace

const Table<xshim_hypercall_adapter> hypercall_adapters = {
    kHypercallAdapters, sizeof(kHypercallAdapters) / sizeof(kHypercallAdapters[0])};

const xshim_hypercall_adapter *find_hypercall_adapter(uint32_t guest_type, uint32_t arch,
                                                      uint32_t vendor, uint32_t available,
                                                      bool prefer_page) {
    // Two passes: with prefer_page, the page entries first; then everything in table order.
    for (int pass = prefer_page ? 0 : 1; pass < 2; ++pass) {
        for (const auto &a : hypercall_adapters) {
            if (pass == 0 && a.transport != XSHIM_TRANSPORT_PAGE)
                continue;
            if ((a.guest_types & XSHIM_GUEST_MASK(guest_type)) == 0 || a.arch != arch)
                continue;
            if (vendor >= 32 || (a.vendors & (1u << vendor)) == 0)
                continue;
            if ((available & (1u << a.transport)) == 0)
                continue;
            return &a;
        }
    }
    return nullptr;
}

} // namespace xshim
