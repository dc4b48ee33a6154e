// shim/select/entries.hpp: how an architecture builds its adapter tables. Each shim/arch/<arch>/
// lists its own entries (entries.hpp) and joins them, with the lists it shares with a sibling
// architecture, into the three tables of tables.hpp (tables.cpp); the hosted build's arch
// (shim/arch/fake/) joins every architecture's lists. The scans in shim/select/ see only the
// joined tables, so generic code never asks which architecture it was built for.
//
// The checks below are what makes a scan's answer unique; every tables.cpp static_asserts them
// on what it joined, so a table that only a hosted build sees is checked too.
#pragma once

#include "shim/handoff/start_info.hpp"
#include "shim/select/tables.hpp"

#include <stddef.h>
#include <stdint.h>

namespace xshim {

template <typename T, size_t N> struct Entries {
    T items[N];
    static constexpr size_t count = N;
};

// The lists one after another, in argument order: first match wins within an architecture, and
// the scans compare the architecture, so the order between lists does not matter.
template <typename T, size_t... Ns> constexpr Entries<T, (Ns + ...)> join(const T (&...lists)[Ns]) {
    Entries<T, (Ns + ...)> out{};
    size_t n = 0;
    auto append = [&](const auto &list) {
        for (const T &e : list)
            out.items[n++] = e;
    };
    (append(lists), ...);
    return out;
}

template <typename T, size_t N> constexpr Table<T> table_of(const Entries<T, N> &e) {
    return {e.items, N};
}

// Match rules shared by the entry lists.
inline constexpr uint32_t kAnyVendor = ~0u;
inline constexpr uint32_t kIntelLike = (1u << XSHIM_VENDOR_INTEL) | (1u << XSHIM_VENDOR_OTHER);
inline constexpr uint32_t kAmdLike = (1u << XSHIM_VENDOR_AMD) | (1u << XSHIM_VENDOR_HYGON);
inline constexpr uint32_t kHvmLike =
    XSHIM_GUEST_MASK(XSHIM_GUEST_PVH) | XSHIM_GUEST_MASK(XSHIM_GUEST_HVM);
inline constexpr uint32_t kPv = XSHIM_GUEST_MASK(XSHIM_GUEST_PV);
inline constexpr uint32_t open_ended = 0xffffffffu;

constexpr bool same_name(const char *a, const char *b) {
    while (*a != '\0' && *a == *b)
        ++a, ++b;
    return *a == *b;
}

// Hypercall adapters: names unique, and within an architecture the hypercall page after every
// direct instruction (the page is discouraged for CFI/return-thunk kernels; a policy that
// prefers it says so, and the scan then tries the page entries first).
template <size_t N> constexpr bool well_formed(const Entries<xshim_hypercall_adapter, N> &t) {
    for (size_t i = 0; i < N; ++i)
        for (size_t j = i + 1; j < N; ++j) {
            const auto &a = t.items[i], &b = t.items[j];
            if (same_name(a.name, b.name))
                return false;
            if (a.arch == b.arch && a.transport == XSHIM_TRANSPORT_PAGE &&
                b.transport != XSHIM_TRANSPORT_PAGE)
                return false;
        }
    return true;
}

// shared_info adapters: no two entries of one arch may claim the same release.
template <size_t N> constexpr bool well_formed(const Entries<xshim_shared_info_adapter, N> &t) {
    for (const auto &a : t.items)
        for (const auto &b : t.items)
            if (&a != &b && a.arch == b.arch && a.min_release <= b.max_release &&
                b.min_release <= a.max_release)
                return false;
    return true;
}

// start_info adapters: one answer per (protocol, arch, version).
template <size_t N> constexpr bool well_formed(const Entries<xshim_start_info_adapter, N> &t) {
    for (const auto &a : t.items)
        for (const auto &b : t.items)
            if (&a != &b && a.protocol == b.protocol &&
                (a.arch == b.arch || a.arch == any_arch || b.arch == any_arch) &&
                a.min_version <= b.max_version && b.min_version <= a.max_version)
                return false;
    return true;
}

} // namespace xshim

// The three tables of a build, defined from its joined entry lists after the checks every table
// must pass. Each shim/arch/<arch>/tables.cpp (and the hosted shim/arch/fake/) says only which
// lists it joins.
#define XSHIM_ADAPTER_TABLES(hypercall, shared_info, start_info)                                   \
    namespace xshim {                                                                              \
    static_assert(well_formed(hypercall), "hypercall adapters: a name twice, or a page first");    \
    static_assert(well_formed(shared_info), "overlapping shared_info adapters");                   \
    static_assert(well_formed(start_info), "overlapping start_info adapters");                     \
    const Table<xshim_hypercall_adapter> hypercall_adapters = table_of(hypercall);                 \
    const Table<xshim_shared_info_adapter> shared_info_adapters = table_of(shared_info);           \
    const Table<xshim_start_info_adapter> start_info_adapters = table_of(start_info);              \
    }
