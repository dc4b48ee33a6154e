// shim/handoff/start_info_pv.hpp: the PV start_info adapters, one template over the x86_64 and
// x86_32 layouts of Xen's struct start_info (abi/start_info_x86.h).
//
// start_info is UNTRUSTED input: it is whatever the domain builder wrote, and a kernel that
// boots on something that only looks like Xen must not be steered by it. So:
//   - magic: must hold a NUL within its 32 bytes and read "xen-<major>.<minor>-<arch>" (at most
//     4 digits each; the generation is kept in boot_info.generation); a
//     generation before 3 is refused as old (its start_info is another layout), anything else
//     malformed is BAD_START_INFO; the arch suffix must be one this layout serves.
//   - cmd_line: located inside the struct; its length is searched only within the array's
//     XSHIM_MAX_GUEST_CMDLINE bytes. Unterminated is recorded, not fatal (start_info.hpp).
//   - dom0 console info (SIF_INITDOMAIN): info_off/info_size must lie within the start_info
//     page, because the kernel will read it there.
//   - every other field is copied as a number, widened to 64 bits; nothing is dereferenced.
#pragma once

#include "shim/handoff/start_info.hpp"

#include "abi/start_info_x86.h"

namespace xshim::pv {

template <size_t N> bool suffix_served(const StartMagic &m, const ServedSuffix (&served)[N]) {
    for (const ServedSuffix &s : served)
        if (s.len == m.suffix_len && s.word == m.suffix_word)
            return true;
    return false;
}

// Fill out from a PV start_info of layout SI whose magic must end in one of `served`; out is
// zeroed on failure. Each x86 architecture instantiates it for its
// own layout (shim/arch/<arch>/entries.hpp).
template <typename SI, size_t N>
int parse_pv(const void *raw, xshim_boot_info *out, const ServedSuffix (&served)[N]) {
    if (out == nullptr)
        return XSHIM_REASON_BAD_START_INFO;
    *out = xshim_boot_info{};
    if (raw == nullptr)
        return XSHIM_REASON_NO_HANDOFF;
    const SI &si = *static_cast<const SI *>(raw);

    StartMagic m{};
    const int rc = parse_start_magic(si.magic, sizeof si.magic, &m);
    if (rc != XSHIM_S_OK)
        return rc;
    if (!suffix_served(m, served))
        return XSHIM_REASON_BAD_START_INFO;

    if ((si.flags & XSHIM_SIF_INITDOMAIN) != 0) {
        // dom0: the union holds the console info's place in this page, not a ring.
        const uint64_t end =
            static_cast<uint64_t>(si.console.dom0.info_off) + si.console.dom0.info_size;
        if (si.console.dom0.info_size != 0 && end > start_info_page_size)
            return XSHIM_REASON_BAD_START_INFO;
    }

    // Valid: filled in place (out is zeroed above, so only the fields PV has are written).
    xshim_boot_info &bi = *out;
    bi.protocol = XSHIM_BOOT_PV;
    bi.version = 0;
    bi.generation = XSHIM_REL(m.major, m.minor); // the one parse of the magic; probe() keeps it
    bi.flags = si.flags;
    bi.nr_pages = si.nr_pages;
    bi.shared_info = si.shared_info;
    bi.store_mfn = si.store_mfn;
    bi.store_evtchn = si.store_evtchn;
    if (si.flags & XSHIM_SIF_INITDOMAIN) {
        bi.console_info_off = si.console.dom0.info_off;
        bi.console_info_size = si.console.dom0.info_size;
    } else {
        bi.console_mfn = si.console.domU.mfn;
        bi.console_evtchn = si.console.domU.evtchn;
    }
    bi.pt_base = si.pt_base;
    bi.nr_pt_frames = si.nr_pt_frames;
    bi.mfn_list = si.mfn_list;
    bi.mod_start = si.mod_start;
    bi.mod_len = si.mod_len;
    bi.first_p2m_pfn = si.first_p2m_pfn;
    bi.nr_p2m_frames = si.nr_p2m_frames;

    const char *cmd = reinterpret_cast<const char *>(si.cmd_line);
    constexpr uint32_t cmd_max = sizeof si.cmd_line;
    static_assert(cmd_max == XSHIM_MAX_GUEST_CMDLINE);
    uint32_t len = 0;
    while (len < cmd_max && cmd[len] != '\0')
        ++len;
    if (len < cmd_max) {
        bi.cmdline = cmd;
        bi.cmdline_len = len;
    } else {
        bi.cmdline = nullptr; // see cmdline_unterminated
        bi.cmdline_len = cmdline_unterminated;
    }

    return XSHIM_S_OK;
}

} // namespace xshim::pv
