// shim/adapters.hpp: the adapter tables select() chooses from. Each table is constant data;
// the match rules are fields of the entries (arch, release range, protocol, versions), so
// choosing is a scan, not an if-ladder. Defined in the files named after each adapter family.
#pragma once

#include <xshim.h>

#include <stddef.h>
#include <stdint.h>

namespace xshim {

template <typename T> struct Table {
    const T *entries;
    size_t count;
    constexpr const T *begin() const { return entries; }
    constexpr const T *end() const { return entries + count; }
};

// shared_info layouts: x86_64, x86_32, Arm, each split where a release changed what is
// maintained (wc_sec_hi from 4.6). Defined in shared_info_table.cpp.
extern const Table<xshim_shared_info_adapter> shared_info_adapters;

// start_info adapters: PV x86_64, PV x86_32, PVH v0, PVH v1+. Defined in start_info_table.cpp.
extern const Table<xshim_start_info_adapter> start_info_adapters;

// hypercall adapters: pv64-syscall, pv32-int82, hvm vmcall/vmmcall, hypercall page, arm64-hvc.
// Defined in hypercall_table.cpp.
extern const Table<xshim_hypercall_adapter> hypercall_adapters;

} // namespace xshim
