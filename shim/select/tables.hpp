// shim/select/tables.hpp: the adapter tables select() chooses from, and the scans that choose.
// Each table is constant data; the match rules are fields of the entries (arch, release range,
// protocol, versions), so choosing is a scan, not an if-ladder. Each scan is in the file named
// after its adapter family; the tables are the build's architecture's (shim/arch/<arch>/
// tables.cpp, all of them for hosted builds: shim/arch/fake/), joined from per-arch entry lists
// (entries.hpp).
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
// maintained (wc_sec_hi from 4.6).
extern const Table<xshim_shared_info_adapter> shared_info_adapters;

// start_info adapters: PV x86_64, PV x86_32, PVH v0, PVH v1+, the Arm device tree.
extern const Table<xshim_start_info_adapter> start_info_adapters;

// hypercall adapters: pv64-syscall, pv32-int82, hvm vmcall/vmmcall, hypercall page, arm64-hvc.
extern const Table<xshim_hypercall_adapter> hypercall_adapters;

// The first adapter in the table that serves this guest type, architecture and CPU vendor
// with an available transport; with prefer_page, hypercall-page adapters are tried first.
// Pure: a scan over hypercall_adapters. NULL when none fits.
const xshim_hypercall_adapter *find_hypercall_adapter(uint32_t guest_type, uint32_t arch,
                                                      uint32_t vendor, uint32_t available,
                                                      bool prefer_page);

// The shared_info adapter for an architecture and release: a scan of the table.
const xshim_shared_info_adapter *find_shared_info_adapter(uint32_t arch, uint32_t release);

// The adapter for a boot protocol, the kernel's arch and (PVH) the structure's own version
// field, read from raw: a scan of start_info_adapters, NULL when no entry matches (or raw is
// NULL). Reads at most the first 8 bytes of raw (PVH magic and version), which every version
// has; parse() validates the rest.
const xshim_start_info_adapter *find_start_info_adapter(uint32_t protocol, uint32_t arch,
                                                        const void *raw);

} // namespace xshim
