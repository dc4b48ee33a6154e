// guest-boot/arch/x86_64/pv64-env.cpp: what the 64-bit PV environment gives the guest.
#include "guest.hpp"
#include "bound.hpp"

#include "shim/arch/x86_64/bind.hpp"

#include <abi/pv_mmu.h>

extern "C" char guest_hypercall_page[]; // pv64-entry.S; Xen fills it (XEN_ELFNOTE_HYPERCALL_PAGE)

namespace {

// The read-only machine-to-phys table Xen maps into every 64-bit PV guest: one unsigned long
// (the PFN) per machine frame, at MACH2PHYS_VIRT_START (xen/include/public/arch-x86/
// xen-x86_64.h: HYPERVISOR_VIRT_START, 0xFFFF800000000000), spanning 1 GiB of VA in 4.17
// (MACH2PHYS_VIRT_END 0xFFFF804000000000, so at most 2^27 entries).
constexpr uintptr_t kMach2PhysStart = 0xFFFF800000000000ull;
constexpr uint64_t kMach2PhysEntries = 1ull << 27;
constexpr uint64_t kInvalidPfn = ~0ull; // INVALID_M2P_ENTRY in the same header
// XEN_ELFNOTE_VIRT_BASE (pv64-entry.S, pv64.ld): Xen maps pseudo-physical frame N of the
// boot-time area at kVirtBase + N * 4 KiB.
constexpr uintptr_t kVirtBase = 0xffffffff80000000ull;
constexpr unsigned kPageShift = 12;

// The page xshim_shared_info_map points at Xen's shared_info (update_va_mapping): part of the
// image, so Xen's boot-time page tables already map it.
alignas(XSHIM_PAGE_SIZE) char guest_shared_info_page[XSHIM_PAGE_SIZE];

// A domU's console and XenStore pages are machine frames (start_info.console.domU.mfn,
// store_mfn). xen/include/public/xen.h ("order of bootstrap elements in the initial virtual
// region") places them after start_info and before the bootstrap page tables, in a region that
// maps the first pseudo-physical frames 1:1 from the virtual base. So: MFN -> PFN through the
// M2P, then accept only a PFN that is the domain's (below nr_pages) and whose address lies below
// the page tables (pt_base), inside that mapping.
//
// A frame that is not the domain's own (the M2P says INVALID_M2P_ENTRY: Xen's grant-table frames,
// which Xen shares with the guest) is mapped instead at one of a few pages of the image: its
// page-table entry is pointed at the frame with update_va_mapping (hypercall 14), as Linux's PV
// grant-table setup and Mini-OS map it. Xen validates the mapping: a frame the guest may not map
// fails the call, and nothing is returned.
constexpr uint32_t kForeignPages = 8; // XSHIM_GNTTAB_FRAMES_MAX: the grant table's frames
alignas(XSHIM_PAGE_SIZE) char foreign_pages[kForeignPages][XSHIM_PAGE_SIZE];
uint64_t mapped_mfn[kForeignPages];
uint32_t foreign_used;

void *map_foreign(const xshim_verdict *v, uint64_t mfn) {
    for (uint32_t i = 0; i < foreign_used; ++i) // mapped before: the same page again
        if (mapped_mfn[i] == mfn)
            return foreign_pages[i];
    const xshim_hypercall &hc = v->selection.hypercall;
    if (hc.fn == nullptr || foreign_used == kForeignPages)
        return nullptr;
    char *page = foreign_pages[foreign_used];
    const uint64_t pte = (mfn << XSHIM_X86_PTE_FRAME_SHIFT) | XSHIM_X86_PTE_BIT(present) |
                         XSHIM_X86_PTE_BIT(rw) | XSHIM_X86_PTE_BIT(accessed) |
                         XSHIM_X86_PTE_BIT(dirty);
    if (hc.fn(hc.cookie, XSHIM_HC_update_va_mapping, reinterpret_cast<uintptr_t>(page), pte,
              XSHIM_UVMF_INVLPG | XSHIM_UVMF_LOCAL, 0, 0) != 0)
        return nullptr;
    mapped_mfn[foreign_used++] = mfn;
    return page;
}

void *map_machine_frame(const xshim_verdict *v, uint64_t mfn) {
    if (v == nullptr || mfn == 0 || mfn >= kMach2PhysEntries)
        return nullptr;
    const xshim_boot_info *boot = &v->boot;
    const volatile uint64_t *m2p = reinterpret_cast<const volatile uint64_t *>(kMach2PhysStart);
    const uint64_t pfn = m2p[mfn];
    if (pfn == kInvalidPfn)
        return map_foreign(v, mfn);
    if (pfn >= boot->nr_pages)
        return nullptr;
    const uint64_t va = kVirtBase + (pfn << kPageShift);
    if (va < kVirtBase || va >= boot->pt_base)
        return nullptr;
    return reinterpret_cast<void *>(static_cast<uintptr_t>(va));
}

// A page of the image: its pseudo-physical frame is its offset from the virtual base, and the
// start_info's page-frame list (mfn_list, a virtual address inside the boot-time mapping) says
// which machine frame backs it.
uint64_t machine_frame_of(const xshim_boot_info *boot, const void *va) {
    const uintptr_t a = reinterpret_cast<uintptr_t>(va);
    if (boot == nullptr || boot->mfn_list == 0 || a < kVirtBase)
        return 0;
    const uint64_t pfn = (a - kVirtBase) >> kPageShift;
    if (pfn >= boot->nr_pages)
        return 0;
    return reinterpret_cast<const volatile uint64_t *>(static_cast<uintptr_t>(boot->mfn_list))[pfn];
}

} // namespace

GuestEnv guest_env() {
    return GuestEnv{
        .name = "pv64",
        .protocol = XSHIM_BOOT_PV,
        .hypercall_page = guest_hypercall_page,
        .hypercall_page_gpa = 0, // a PV kernel has no guest-physical view; Xen wrote the page
        .page_written_by_builder = true,
        .has_debug_port = false, // ring 3 without IOPL: port I/O would fault
        .map_frame = map_machine_frame,
        .debug_out = nullptr, // real ports
        .frame_of = machine_frame_of,
        .shared_info_page = guest_shared_info_page,
        .shared_info_gfn = 0,     // Xen chose the machine frame (start_info.shared_info)
        .sync_for_read = nullptr, // x86: coherent
    };
}

void guest_say_bound(const xshim_verdict &verdict, const xshim_platform &platform,
                     void *shared_info) {
    say_bound<xshim::arch_x86_64::Layouts, xshim::arch_x86_64::Transports>(verdict, platform,
                                                                           shared_info);
}
