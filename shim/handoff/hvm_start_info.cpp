// shim/handoff/hvm_start_info.cpp: the PVH hvm_start_info adapters (abi/hvm_start_info.h).
//
// hvm_start_info.version is a structure version, not a release: Xen's own dom0 builder writes 0,
// the toolstack 1. Version 0 is XSHIM_HVM_START_INFO_V0_SIZE (40) bytes; the pvh-v0 adapter
// reads only fields that end within them, so a v0 structure placed at the very end of readable
// memory is safe. Version 1 appends the memory map (bytes 40..55). A later version may append
// more; pvh-v1 serves it and reads the v1 fields only.
//
// Untrusted input, and nothing is clamped: a clamped value would describe a boot that did not
// happen, and the kernel would act on it (walk a shortened module list, miss memory). So each
// inconsistency is a refusal, BAD_HVM_START_INFO, which names the boot protocol as the culprit:
//   - magic other than XSHIM_HVM_START_MAGIC;
//   - a version outside the adapter's span (the parse was handed the wrong adapter);
//   - a count with a zero address (nr_modules with modlist_paddr 0, memmap_entries with
//     memmap_paddr 0): the header says nothing is loaded at physical address 0, so 0 means
//     "absent" and a non-zero count contradicts it;
//   - a table whose end (paddr + count * entry size) wraps past 2^64.
// Fields this code does not interpret (the v1 `reserved`) are not checked: a later version may
// give them meaning, and v1 readers must accept that.
#include "shim/handoff/start_info.hpp"

#include "abi/hvm_start_info.h"

namespace xshim {
namespace {

static_assert(offsetof(xshim_hvm_start_info, rsdp_paddr) + sizeof(uint64_t) ==
                  XSHIM_HVM_START_INFO_V0_SIZE,
              "the v0 fields end at XSHIM_HVM_START_INFO_V0_SIZE");
static_assert(offsetof(xshim_hvm_start_info, memmap_paddr) >= XSHIM_HVM_START_INFO_V0_SIZE,
              "v1 fields lie beyond the v0 size");

// A table of count entries of entry_size bytes at paddr: absent (0, 0), or present and not
// wrapping the physical address space.
bool table_ok(uint64_t paddr, uint64_t count, uint64_t entry_size) {
    if (count == 0)
        return true;
    if (paddr == 0)
        return false;
    // count * entry_size + paddr <= 2^64 - 1, without a 128-bit type or a division helper:
    // count < 2^32 and entry_size < 2^8 here, so the product fits in 64 bits.
    const uint64_t bytes = count * entry_size;
    return bytes <= ~paddr;
}

// The v0 part, shared by both adapters. Reads bytes 0..39 only.
int parse_v0_fields(const xshim_hvm_start_info &hsi, uint32_t min_version, uint32_t max_version,
                    xshim_boot_info &bi) {
    if (hsi.magic != XSHIM_HVM_START_MAGIC)
        return XSHIM_REASON_BAD_HVM_START_INFO;
    if (hsi.version < min_version || hsi.version > max_version)
        return XSHIM_REASON_BAD_HVM_START_INFO;
    if (!table_ok(hsi.modlist_paddr, hsi.nr_modules, sizeof(xshim_hvm_modlist_entry)))
        return XSHIM_REASON_BAD_HVM_START_INFO;
    bi.protocol = XSHIM_BOOT_PVH;
    bi.version = hsi.version;
    bi.flags = hsi.flags;
    bi.nr_modules = hsi.nr_modules;
    bi.modlist_paddr = hsi.modlist_paddr;
    bi.cmdline_paddr = hsi.cmdline_paddr;
    bi.rsdp_paddr = hsi.rsdp_paddr;
    return XSHIM_S_OK;
}

} // namespace

int parse_pvh_v0(const void *raw, xshim_boot_info *out) {
    if (out == nullptr)
        return XSHIM_REASON_BAD_HVM_START_INFO;
    *out = xshim_boot_info{};
    if (raw == nullptr)
        return XSHIM_REASON_NO_HANDOFF;
    xshim_boot_info bi{};
    const int rc = parse_v0_fields(*static_cast<const xshim_hvm_start_info *>(raw), pvh_v0_min,
                                   pvh_v0_max, bi);
    if (rc != XSHIM_S_OK)
        return rc;
    *out = bi;
    return XSHIM_S_OK;
}

int parse_pvh_v1(const void *raw, xshim_boot_info *out) {
    if (out == nullptr)
        return XSHIM_REASON_BAD_HVM_START_INFO;
    *out = xshim_boot_info{};
    if (raw == nullptr)
        return XSHIM_REASON_NO_HANDOFF;
    const xshim_hvm_start_info &hsi = *static_cast<const xshim_hvm_start_info *>(raw);
    xshim_boot_info bi{};
    const int rc = parse_v0_fields(hsi, pvh_v1_min, pvh_v1_max, bi);
    if (rc != XSHIM_S_OK)
        return rc;
    if (!table_ok(hsi.memmap_paddr, hsi.memmap_entries, sizeof(xshim_hvm_memmap_table_entry)))
        return XSHIM_REASON_BAD_HVM_START_INFO;
    bi.memmap_paddr = hsi.memmap_paddr;
    bi.memmap_entries = hsi.memmap_entries;
    *out = bi;
    return XSHIM_S_OK;
}

} // namespace xshim
