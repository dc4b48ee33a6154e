// tests/fuzz/fuzz_hvm_start_info.cpp: PVH hvm_start_info bytes (v0, v1 with its memory map, and
// later versions) through the adapter lookup and every PVH adapter.
//
// Buffers are exactly as large as each step promises to read, so ASan flags a read beyond:
// the lookup gets 8 bytes (magic and version), each adapter its own size (40 for v0, 56 for
// v1). Checked: a failed parse leaves a zeroed result and names the PVH structure; a successful
// one copied the fields it claims, with tables that neither wrap nor sit at address 0.
#include "fuzz_input.hpp"

#include "abi/hvm_start_info.h"
#include "shim/select/tables.hpp"
#include "shim/handoff/start_info.hpp"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memory>

namespace {

bool all_zero(const void *p, size_t n) {
    const auto *b = static_cast<const uint8_t *>(p);
    for (size_t i = 0; i < n; ++i)
        if (b[i] != 0)
            return false;
    return true;
}

bool table_sane(uint64_t paddr, uint64_t count, uint64_t entry) {
    if (count == 0)
        return true;
    return paddr != 0 && count * entry <= ~paddr;
}

void check_adapter(const xshim_start_info_adapter &a, const uint8_t *data, size_t size) {
    std::unique_ptr<uint8_t[]> raw(new uint8_t[a.size]);
    fuzz::Input in(data, size);
    in.take_into(raw.get(), a.size);
    xshim_hvm_start_info
        full{}; // the same bytes, for comparing (v1 fields only if a.size has them)
    memcpy(&full, raw.get(), a.size < sizeof full ? a.size : sizeof full);

    xshim_boot_info bi;
    memset(&bi, 0x5a, sizeof bi);
    const int rc = a.parse(raw.get(), &bi);
    if (rc != XSHIM_S_OK) {
        FUZZ_CHECK(rc == XSHIM_REASON_BAD_HVM_START_INFO);
        FUZZ_CHECK(all_zero(&bi, sizeof bi));
        return;
    }
    FUZZ_CHECK(full.magic == XSHIM_HVM_START_MAGIC);
    FUZZ_CHECK(full.version >= a.min_version && full.version <= a.max_version);
    FUZZ_CHECK(bi.protocol == XSHIM_BOOT_PVH && bi.version == full.version);
    FUZZ_CHECK(bi.flags == full.flags && bi.nr_modules == full.nr_modules);
    FUZZ_CHECK(bi.modlist_paddr == full.modlist_paddr && bi.rsdp_paddr == full.rsdp_paddr);
    FUZZ_CHECK(table_sane(bi.modlist_paddr, bi.nr_modules, sizeof(xshim_hvm_modlist_entry)));
    if (a.size >= XSHIM_HVM_START_INFO_V1_SIZE) {
        FUZZ_CHECK(bi.memmap_paddr == full.memmap_paddr &&
                   bi.memmap_entries == full.memmap_entries);
        FUZZ_CHECK(
            table_sane(bi.memmap_paddr, bi.memmap_entries, sizeof(xshim_hvm_memmap_table_entry)));
    } else {
        FUZZ_CHECK(bi.memmap_paddr == 0 && bi.memmap_entries == 0);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    for (const auto &a : xshim::start_info_adapters)
        if (a.protocol == XSHIM_BOOT_PVH)
            check_adapter(a, data, size);

    // The lookup reads magic and version only: give it exactly those 8 bytes.
    std::unique_ptr<uint8_t[]> head(new uint8_t[8]);
    fuzz::Input in(data, size);
    in.take_into(head.get(), 8);
    uint32_t version;
    memcpy(&version, head.get() + 4, sizeof version);
    for (uint32_t arch : {XSHIM_ARCH_X86_64, XSHIM_ARCH_X86_32}) {
        const xshim_start_info_adapter *a =
            xshim::find_start_info_adapter(XSHIM_BOOT_PVH, arch, head.get());
        // Every structure version has an adapter: v0 exactly, v1 and later through pvh-v1.
        FUZZ_CHECK(a != nullptr && a->protocol == XSHIM_BOOT_PVH);
        FUZZ_CHECK(version >= a->min_version && version <= a->max_version);
    }
    return 0;
}
