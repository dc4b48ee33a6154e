// shim/handoff/start_info.hpp: internal interface of the start_info adapters (start_info_pv.hpp,
// hvm_start_info.cpp). The adapters themselves are the entries of start_info_adapters
// (shim/select/tables.hpp); this header names what the table and the probe share.
#pragma once

#include <xshim.h>

#include "abi/start_info_x86.h"

#include <stdint.h>

namespace xshim {

// A PV start_info magic, "xen-<major>.<minor>-<suffix>", e.g. "xen-3.0-x86_64".
struct StartMagic {
    uint32_t major;
    uint32_t minor;
    const char *suffix; // inside the caller's magic array, NUL-terminated there
    uint32_t suffix_len;
    uint64_t suffix_word; // a suffix of 1..7 bytes as one word (words.hpp), the rest zero; else 0
};

// A suffix a PV layout serves ("x86_64"), as parse_start_magic reports one: compared as one
// word and a length.
struct ServedSuffix {
    uint64_t word;
    uint32_t len;
};
constexpr ServedSuffix served_suffix(const char *name) {
    ServedSuffix s{0, 0};
    while (s.len < 8 && name[s.len] != '\0') {
        s.word |= static_cast<uint64_t>(static_cast<uint8_t>(name[s.len])) << (8 * s.len);
        ++s.len;
    }
    return s;
}
// Every served suffix fits the word (1..7 bytes): checked where the lists are made.
template <size_t N> constexpr bool suffixes_fit_word(const ServedSuffix (&served)[N]) {
    for (const ServedSuffix &s : served)
        if (s.len == 0 || s.len >= 8)
            return false;
    return true;
}

// Digits of each number in a magic: four, so "<major>.<minor>" is a release (XSHIM_REL, 16 bits
// each); start_info's `generation` carries it.
inline constexpr uint32_t start_magic_digits = 4;

// Parse the 32-byte magic array (untrusted: reads only magic[0..len-1]). XSHIM_S_OK,
// XSHIM_REASON_OLD_GENERATION for a well-formed magic before "xen-3.0" (Xen 1.x/2.0), or
// XSHIM_REASON_BAD_START_INFO (no NUL within len, not of the form above). probe() uses it too.
[[nodiscard]] int parse_start_magic(const char *magic, uint32_t len, StartMagic *out);

// A PV cmd_line with no NUL within its XSHIM_MAX_GUEST_CMDLINE bytes is not fatal: the parse
// succeeds with boot_info.cmdline = NULL (nothing may strlen() it) and
// boot_info.cmdline_len = cmdline_unterminated. A terminated one always has
// cmdline_len < XSHIM_MAX_GUEST_CMDLINE, so this value is unambiguous.
inline constexpr uint32_t cmdline_unterminated = XSHIM_MAX_GUEST_CMDLINE;

// The start_info page of a PV guest: dom0's console info must lie inside it.
inline constexpr uint64_t start_info_page_size = XSHIM_PAGE_SIZE;

// The PVH adapters' parse functions, named by the x86 entry lists (PV: start_info_pv.hpp).
[[nodiscard]] int parse_pvh_v0(const void *raw, xshim_boot_info *out);
[[nodiscard]] int parse_pvh_v1(const void *raw, xshim_boot_info *out);

// hvm_start_info.version spans served by the PVH adapters. A version above 1 is a compatible
// extension (fields are only ever appended): pvh-v1 serves it and reads the v1 fields only.
inline constexpr uint32_t pvh_v0_min = 0, pvh_v0_max = 0;
inline constexpr uint32_t pvh_v1_min = 1, pvh_v1_max = 0xffffffffu;

// Table arch for an adapter whose layout is the same bytes for every kernel width of its
// protocol (hvm_start_info has only fixed-width, naturally aligned fields).
inline constexpr uint32_t any_arch = XSHIM_ARCH_UNKNOWN;

} // namespace xshim
