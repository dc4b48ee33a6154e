// guest-boot/arch/i386/pv32-env.cpp: what the 32-bit PV (PAE) environment gives the guest.
#include "guest.hpp"
#include "bound.hpp"

#include "shim/arch/i386/bind.hpp"

extern "C" char guest_hypercall_page[]; // pv32-entry.S; Xen fills it (XEN_ELFNOTE_HYPERCALL_PAGE)

namespace {

// The read-only machine-to-phys table Xen maps into a 32-bit PV guest: one 32-bit PFN per
// machine frame, at MACH2PHYS_VIRT_START (xen/include/public/arch-x86/xen-x86_32.h, PAE:
// 0xF5800000 up to MACH2PHYS_VIRT_END 0xF6800000, so at most 2^22 entries).
constexpr uintptr_t kMach2PhysStart = 0xF5800000u;
constexpr uint64_t kMach2PhysEntries = 1ull << 22;
constexpr uint32_t kInvalidPfn = ~0u; // INVALID_M2P_ENTRY
// XEN_ELFNOTE_VIRT_BASE (pv32-entry.S, pv32.ld).
constexpr uintptr_t kVirtBase = 0xc0000000u;
constexpr unsigned kPageShift = 12;

// The page xshim_shared_info_map points at Xen's shared_info (update_va_mapping, in two words
// on i386): part of the image, so Xen's boot-time page tables already map it.
alignas(XSHIM_PAGE_SIZE) char guest_shared_info_page[XSHIM_PAGE_SIZE];

// As in pv64-env.cpp: MFN -> PFN through the M2P, accepted only inside the boot-time mapping
// (below nr_pages and below the page tables at pt_base). Frames Xen shares (the grant table's)
// are not mapped here: the pv32 guest runs no frontend.
void *map_machine_frame(const xshim_verdict *v, uint64_t mfn) {
    if (v == nullptr || mfn == 0 || mfn >= kMach2PhysEntries)
        return nullptr;
    const xshim_boot_info *boot = &v->boot;
    const volatile uint32_t *m2p = reinterpret_cast<const volatile uint32_t *>(kMach2PhysStart);
    const uint32_t pfn = m2p[mfn];
    if (pfn == kInvalidPfn || pfn >= boot->nr_pages)
        return nullptr;
    const uint64_t va = kVirtBase + (static_cast<uint64_t>(pfn) << kPageShift);
    if (va < kVirtBase || va >= boot->pt_base)
        return nullptr;
    return reinterpret_cast<void *>(static_cast<uintptr_t>(va));
}

// A page of the image: its pseudo-physical frame is its offset from the virtual base; the
// start_info's page-frame list (32-bit entries on i386) names its machine frame.
uint64_t machine_frame_of(const xshim_boot_info *boot, const void *va) {
    const uintptr_t a = reinterpret_cast<uintptr_t>(va);
    if (boot == nullptr || boot->mfn_list == 0 || a < kVirtBase)
        return 0;
    const uint64_t pfn = (a - kVirtBase) >> kPageShift;
    if (pfn >= boot->nr_pages)
        return 0;
    return reinterpret_cast<const volatile uint32_t *>(static_cast<uintptr_t>(boot->mfn_list))[pfn];
}

} // namespace

GuestEnv guest_env() {
    return GuestEnv{
        .name = "pv32",
        .protocol = XSHIM_BOOT_PV,
        .hypercall_page = guest_hypercall_page,
        .hypercall_page_gpa = 0, // a PV kernel has no guest-physical view; Xen wrote the page
        .page_written_by_builder = true,
        .has_debug_port = false, // ring 1 without IOPL: port I/O would fault
        .map_frame = map_machine_frame,
        .debug_out = nullptr, // real ports
        .frame_of = machine_frame_of,
        .shared_info_page = guest_shared_info_page,
        .shared_info_gfn = 0,     // Xen chose the machine frame (start_info.shared_info)
        .sync_for_read = nullptr, // x86: coherent
    };
}

// The bound dispatch over i386's lists (shim/arch/i386/bind.hpp): int $0x82 on a PV32 Xen.
void guest_say_bound(const xshim_verdict &verdict, const xshim_platform &platform,
                     void *shared_info) {
    say_bound<xshim::arch_i386::Layouts, xshim::arch_i386::Transports>(verdict, platform,
                                                                       shared_info);
}
