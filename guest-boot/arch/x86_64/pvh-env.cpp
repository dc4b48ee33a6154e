// guest-boot/arch/x86_64/pvh-env.cpp: what the PVH environment gives the guest (with Xen, or
// QEMU alone). The image runs identity-mapped, so an address is its guest-physical address.
#include "guest.hpp"

extern "C" char guest_hypercall_page[]; // pvh-entry.S: a free page for the hypercall MSR

GuestEnv guest_env() {
    return GuestEnv{
        .name = "pvh",
        .protocol = XSHIM_BOOT_PVH,
        .hypercall_page = guest_hypercall_page,
        .hypercall_page_gpa = reinterpret_cast<uintptr_t>(guest_hypercall_page),
        .page_written_by_builder = false,
        .has_debug_port = true,
    };
}
