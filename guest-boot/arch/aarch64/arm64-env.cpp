// guest-boot/arch/aarch64/arm64-env.cpp: what the Arm64 environment gives the guest. Entered with
// the MMU off, so a physical address is the address to use; the device tree arrives in x0.
// Without Xen (QEMU alone) the guest's debug console is QEMU virt's PL011 UART, which xshim uses
// through outb only when no Xen answers (under Xen the UART belongs to Xen).
#include "guest.hpp"

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

// MMU off: guest-physical frames are addressed directly.
void *map_identity(const xshim_boot_info *, uint64_t frame) {
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
    };
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
