// shim/select/start_info_table.cpp: the start_info adapters and the scan that picks one.
//
// Match rule, all fields of the entry: protocol equal; arch equal, or the entry's arch is
// any_arch (the PVH entries: hvm_start_info is the same bytes for a 32- and a 64-bit kernel);
// the structure version within [min_version, max_version]. The version is the PVH structure's
// own field; PV start_info has none and is looked up as version 0.
#include "shim/select/tables.hpp"
#include "shim/handoff/device_tree.hpp"
#include "shim/arch/only_arch.hpp"
#include "shim/handoff/start_info.hpp"

#include "abi/hvm_start_info.h"
#include "abi/start_info_x86.h"

namespace xshim {
namespace {

constexpr xshim_start_info_adapter entries[] = {
#if XSHIM_KEEP_ARCH(1) // only the build's own PV layout (shim/arch/only_arch.hpp)
    {"pv-x86_64", XSHIM_BOOT_PV, XSHIM_ARCH_X86_64, 0, 0,
     static_cast<uint32_t>(sizeof(xshim_start_info_x86_64)), &parse_pv_x86_64},
#endif
#if XSHIM_KEEP_ARCH(2)
    {"pv-x86_32", XSHIM_BOOT_PV, XSHIM_ARCH_X86_32, 0, 0,
     static_cast<uint32_t>(sizeof(xshim_start_info_x86_32)), &parse_pv_x86_32},
#endif
    {"pvh-v0", XSHIM_BOOT_PVH, any_arch, pvh_v0_min, pvh_v0_max, XSHIM_HVM_START_INFO_V0_SIZE,
     &parse_pvh_v0},
    {"pvh-v1", XSHIM_BOOT_PVH, any_arch, pvh_v1_min, pvh_v1_max,
     static_cast<uint32_t>(sizeof(xshim_hvm_start_info)), &parse_pvh_v1},
#if XSHIM_KEEP_FDT // an x86 library has no device-tree handoff (shim/arch/only_arch.hpp)
    // Arm: the device tree in x0 (its header; parse walks the blob to its totalsize).
    {"fdt", XSHIM_BOOT_FDT, any_arch, 0, 0, fdt::kHeaderSize, &parse_fdt},
#endif
};

static_assert(sizeof(xshim_start_info_x86_64) == 1168 && sizeof(xshim_start_info_x86_32) == 1112,
              "DESIGN.md: PV start_info is 1168 B (x86_64) and 1112 B (x86_32)");
static_assert(sizeof(xshim_hvm_start_info) == 56, "hvm_start_info v1 is 56 B");

// One answer per (protocol, arch, version): no two entries may overlap.
constexpr bool entries_disjoint()
{
    for (const auto &a : entries)
        for (const auto &b : entries)
            if (&a != &b && a.protocol == b.protocol &&
                (a.arch == b.arch || a.arch == any_arch || b.arch == any_arch) &&
                a.min_version <= b.max_version && b.min_version <= a.max_version)
                return false;
    return true;
}
static_assert(entries_disjoint(), "overlapping start_info adapters");

// The structure version a lookup matches on. Reads only hvm_start_info.version (bytes 4..7),
// present in every version.
uint32_t structure_version(uint32_t protocol, const void *raw)
{
    if (protocol == XSHIM_BOOT_PVH)
        return static_cast<const xshim_hvm_start_info *>(raw)->version;
    return 0;
}

} // namespace

const Table<xshim_start_info_adapter> start_info_adapters = {entries,
                                                              sizeof entries / sizeof entries[0]};

const xshim_start_info_adapter *find_start_info_adapter(uint32_t protocol, uint32_t arch,
                                                        const void *raw)
{
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
