// guest-boot/arch/x86_64/pv64-env.cpp: what the 64-bit PV environment gives the guest.
#include "guest.hpp"

extern "C" char guest_hypercall_page[]; // pv64-entry.S; Xen fills it (XEN_ELFNOTE_HYPERCALL_PAGE)

GuestEnv guest_env() {
    return GuestEnv{
        .name = "pv64",
        .protocol = XSHIM_BOOT_PV,
        .hypercall_page = guest_hypercall_page,
        .hypercall_page_gpa = 0, // a PV kernel has no guest-physical view; Xen wrote the page
        .page_written_by_builder = true,
        .has_debug_port = false, // ring 3 without IOPL: port I/O would fault
    };
}
