// shim/select/hypercall_table.cpp: the scan over every way the build knows to reach Xen. Each
// architecture lists its own transports (shim/arch/<arch>/entries.hpp). The match rule of an
// entry is its fields: guest types, architecture, CPU vendors; the first entry that fits wins.
// Order matters only where two entries fit: direct instructions before the hypercall page
// (the page is discouraged for CFI/return-thunk kernels) unless the policy prefers the page.
#include "shim/select/tables.hpp"

namespace xshim {

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
