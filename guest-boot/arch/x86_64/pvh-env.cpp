// guest-boot/arch/x86_64/pvh-env.cpp: what the PVH environment gives the guest (with Xen, or
// QEMU alone). The image runs identity-mapped, so an address is its guest-physical address.
#include "guest.hpp"
#include "bound.hpp"

#include "shim/arch/x86_64/bind.hpp"

extern "C" char guest_hypercall_page[]; // pvh-entry.S: a free page for the hypercall MSR

namespace {

// pvh-entry.S identity-maps the first 4 GiB: that covers the guest's RAM and the special pages
// libxl puts just below 4 GiB (console and XenStore near PFN 0xfeff0, HVM_PARAM_CONSOLE_PFN).
constexpr uint64_t kIdentityFrames = 1ull << (32 - 12);

// The page of RAM whose frame Xen turns into shared_info (XENMEM_add_to_physmap): the RAM page
// that was there is given up, as Linux's HVM setup gives up a page of its own.
alignas(XSHIM_PAGE_SIZE) char guest_shared_info_page[XSHIM_PAGE_SIZE];

void *map_identity(const xshim_verdict *, uint64_t frame) {
    return frame != 0 && frame < kIdentityFrames
               ? reinterpret_cast<void *>(static_cast<uintptr_t>(frame << 12))
               : nullptr;
}

uint64_t identity_frame_of(const xshim_boot_info *, const void *va) {
    return reinterpret_cast<uintptr_t>(va) >> 12;
}

} // namespace

GuestEnv guest_env() {
    return GuestEnv{
        .name = "pvh",
        .protocol = XSHIM_BOOT_PVH,
        .hypercall_page = guest_hypercall_page,
        .hypercall_page_gpa = reinterpret_cast<uintptr_t>(guest_hypercall_page),
        .page_written_by_builder = false,
        .has_debug_port = true,
        .map_frame = map_identity,
        .debug_out = nullptr, // real ports (0xe9)
        .frame_of = identity_frame_of,
        .shared_info_page = guest_shared_info_page,
        .shared_info_gfn =
            reinterpret_cast<uintptr_t>(guest_shared_info_page) >> 12, // identity-mapped
        .sync_for_read = nullptr,                                      // x86: coherent
    };
}

void guest_say_bound(const xshim_verdict &verdict, const xshim_platform &platform,
                     void *shared_info) {
    say_bound<xshim::arch_x86_64::Layouts, xshim::arch_x86_64::Transports>(verdict, platform,
                                                                           shared_info);
}
