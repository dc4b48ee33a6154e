// shim/select/start_info_table.cpp: the scan that picks a start_info adapter. Each architecture
// lists its own (shim/arch/<arch>/entries.hpp; x86's PVH entries in shim/arch/x86/).
//
// Match rule, all fields of the entry: protocol equal; arch equal, or the entry's arch is
// any_arch (the PVH entries: hvm_start_info is the same bytes for a 32- and a 64-bit kernel);
// the structure version within [min_version, max_version]. The version is the PVH structure's
// own field; PV start_info has none and is looked up as version 0.
#include "shim/select/tables.hpp"
#include "shim/handoff/start_info.hpp"

#include "abi/hvm_start_info.h"

namespace xshim {
namespace {

// The structure version a lookup matches on. Reads only hvm_start_info.version (bytes 4..7),
// present in every version.
uint32_t structure_version(uint32_t protocol, const void *raw) {
    if (protocol == XSHIM_BOOT_PVH)
        return static_cast<const xshim_hvm_start_info *>(raw)->version;
    return 0;
}

} // namespace

const xshim_start_info_adapter *find_start_info_adapter(uint32_t protocol, uint32_t arch,
                                                        const void *raw) {
    if (raw == nullptr)
        return nullptr;
    const uint32_t version = structure_version(protocol, raw);
    for (const auto &e : start_info_adapters)
        if (e.protocol == protocol && (e.arch == arch || e.arch == any_arch) &&
            version >= e.min_version && version <= e.max_version)
            return &e;
    return nullptr;
}

} // namespace xshim
