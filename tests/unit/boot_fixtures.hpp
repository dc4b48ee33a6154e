// tests/unit/boot_fixtures.hpp: boot structures and policies for the probe/select/report tests.
#pragma once

#include <xshim.h>

#include "tests/policy.hpp"

#include <abi/hvm_start_info.h>
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

inline bool contains(const char *line, const char *part) {
    return std::strstr(line, part) != nullptr;
}
