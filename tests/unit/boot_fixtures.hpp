// tests/unit/boot_fixtures.hpp: boot structures and policies for the probe/select/report tests.
#pragma once

#include <xshim.h>

#include <abi/hvm_start_info.h>
#include <abi/sched.h>
#include <abi/start_info_x86.h>

#include <cstring>

struct PvStart {
    xshim_start_info_x86_64 si{};
    explicit PvStart(const char *magic = "xen-3.0-x86_64") {
        std::memset(&si, 0, sizeof si);
        std::strncpy(si.magic, magic, sizeof si.magic);
        si.nr_pages = 16384;
        si.shared_info = 0x12345000;
    }
    xshim_handoff handoff() const { return {XSHIM_BOOT_PV, 0, &si}; }
};

struct PvhStart {
    xshim_hvm_start_info hsi{};
    explicit PvhStart(uint32_t version = 0) {
        std::memset(&hsi, 0, sizeof hsi);
        hsi.magic = XSHIM_HVM_START_MAGIC;
        hsi.version = version;
        hsi.rsdp_paddr = 0xfc000;
    }
    xshim_handoff handoff() const { return {XSHIM_BOOT_PVH, 0, &hsi}; }
};

// A kernel that accepts Xen 4.0 .. 4.17 as PV or PVH, and refuses what is newer.
inline xshim_policy make_policy(uint32_t min = XSHIM_RELEASE(4, 0),
                                uint32_t max = XSHIM_RELEASE(4, 17),
                                uint32_t newer = XSHIM_NEWER_REFUSE) {
    xshim_policy p{};
    p.magic = XSHIM_POLICY_MAGIC;
    p.size = sizeof p;
    p.version = XSHIM_POLICY_VERSION;
    p.min_release = min;
    p.max_tested_release = max;
    p.newer = newer;
    p.guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_PV) | XSHIM_GUEST_MASK(XSHIM_GUEST_PVH);
    p.on_refusal = XSHIM_SHUTDOWN_crash;
    return p;
}

inline bool contains(const char *line, const char *part) { return std::strstr(line, part) != nullptr; }
