// guest-boot/arch/aarch64/arm64-env.cpp: what the Arm64 environment gives the guest. Entered with
// the MMU off, so a physical address is the address to use; the device tree arrives in x0.
// Without Xen (QEMU alone) the guest's debug console is QEMU virt's PL011 UART, which xshim uses
// through outb only when no Xen answers (under Xen the UART belongs to Xen).
#include "guest.hpp"
#include "bound.hpp"

#include "shim/arch/aarch64/bind.hpp"

namespace {

// QEMU virt's first UART ("arm,pl011" at 0x09000000 in the device tree QEMU generates).
constexpr uintptr_t kPl011Base = 0x09000000;
constexpr uintptr_t kPl011Data = 0x000;    // UARTDR
constexpr uintptr_t kPl011Flags = 0x018;   // UARTFR
constexpr uint32_t kPl011TxFull = 1u << 5; // UARTFR.TXFF
constexpr uint32_t kPl011Spins = 1u << 20; // bound on waiting for room in the FIFO

volatile uint32_t *pl011(uintptr_t reg) {
    return reinterpret_cast<volatile uint32_t *>(kPl011Base + reg);
}

void pl011_out(void *, uint16_t port, uint8_t value) {
    if (port != XSHIM_HVM_DEBUGCONS_IOPORT)
        return; // only the debug console has a stand-in; no exit device on Arm (PSCI stops)
    for (uint32_t spins = 0; spins < kPl011Spins && (*pl011(kPl011Flags) & kPl011TxFull) != 0;
         ++spins) {
    }
    *pl011(kPl011Data) = value;
}

// The page of RAM whose frame Xen turns into shared_info (XENMEM_add_to_physmap), as Linux's
// Arm setup does with a page of its own.
alignas(XSHIM_PAGE_SIZE) char guest_shared_info_page[XSHIM_PAGE_SIZE];

// With the MMU off every data access of this guest is Device-nGnRnE (stage 1 off), so it reads
// memory and never the caches; Xen writes shared_info through its own cacheable mapping, and its
// newest values may sit in a dirty cache line. Clean and invalidate each line to the point of
// coherency (DC CIVAC by address: it acts on the address whatever the attributes of this
// guest's own access), so the reads that follow see memory as Xen last wrote it. QEMU's TCG has
// no caches, so this is invisible there; on hardware it is what makes the read mean anything.
// The retry inside the adapter re-reads memory without further maintenance: a record that keeps
// moving can still read as torn, never as wrong.
void clean_invalidate(const void *p, size_t len) {
    uint64_t ctr;
    asm volatile("mrs %0, ctr_el0" : "=r"(ctr));
    const uintptr_t line = uintptr_t{4} << ((ctr >> 16) & 0xf); // CTR_EL0.DminLine: log2 words
    const uintptr_t end = reinterpret_cast<uintptr_t>(p) + len;
    asm volatile("dsb sy" ::: "memory");
    for (uintptr_t a = reinterpret_cast<uintptr_t>(p) & ~(line - 1); a < end; a += line)
        asm volatile("dc civac, %0" ::"r"(a) : "memory");
    asm volatile("dsb sy" ::: "memory");
}

// MMU off: guest-physical frames are addressed directly.
void *map_identity(const xshim_verdict *, uint64_t frame) {
    return frame != 0 ? reinterpret_cast<void *>(static_cast<uintptr_t>(frame << 12)) : nullptr;
}

// MMU off: an address is its guest-physical address.
uint64_t identity_frame_of(const xshim_boot_info *, const void *va) {
    return reinterpret_cast<uintptr_t>(va) >> 12;
}

} // namespace

GuestEnv guest_env() {
    return GuestEnv{
        .name = "arm64",
        .protocol = XSHIM_BOOT_FDT,
        .hypercall_page = nullptr,
        .hypercall_page_gpa = 0,
        .page_written_by_builder = false,
        .has_debug_port = false,
        .map_frame = map_identity,
        .debug_out = pl011_out,
        .frame_of = identity_frame_of,
        .shared_info_page = guest_shared_info_page,
        .shared_info_gfn =
            reinterpret_cast<uintptr_t>(guest_shared_info_page) >> 12, // MMU off: physical
        .sync_for_read = clean_invalidate,
    };
}

// The bound dispatch over aarch64's lists (shim/arch/aarch64/bind.hpp): `hvc #0xEA1` and the Arm
// layout. The page is made visible again first: with the MMU off the reads bypass the caches Xen
// wrote through (clean_invalidate above; main's say_time did the same before its read).
void guest_say_bound(const xshim_verdict &verdict, const xshim_platform &platform,
                     void *shared_info) {
    if (shared_info != nullptr)
        clean_invalidate(shared_info, XSHIM_PAGE_SIZE);
    say_bound<xshim::arch_aarch64::Layouts, xshim::arch_aarch64::Transports>(verdict, platform,
                                                                             shared_info);
}

// arm64-entry.S's exception vectors land here: the guest takes no exception on purpose. Nothing
// is printed (under Xen the UART would fault again); powering off ends the run at once, and the
// boot test then reports the missing verdict line. Under Xen the PSCI call reaches Xen's PSCI
// emulation, which powers the machine off for dom0.
extern "C" [[noreturn]] void guest_fault(uint64_t, uint64_t, uint64_t) {
    xshim_platform p;
    xshim_platform_native(&p, XSHIM_BOOT_FDT);
    p.stop(p.ctx, 0);
    for (;;)
        asm volatile("wfi");
}
