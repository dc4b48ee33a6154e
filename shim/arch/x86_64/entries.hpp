// shim/arch/x86_64/entries.hpp: what a 64-bit x86 kernel can select: its hypercall transports,
// its shared_info layouts and its PV start_info layout. Joined into the tables by tables.cpp
// (and, for hosted builds, by shim/arch/fake/tables.cpp).
#pragma once

#include "shim/handoff/start_info_pv.hpp"
#include "shim/arch/x86/bitops.hpp"
#include "shim/runtime/shared_info_ops.hpp"
#include "shim/select/entries.hpp"

#include "abi/shared_info_x86_64.h"
#include "abi/start_info_x86.h"

namespace xshim::arch_x86_64 {

// Direct instructions first, the hypercall page last (shim/select/entries.hpp). The compat
// slots (6/16/19) answer PV guests only; HVM and PVH get -ENOSYS there.
inline constexpr xshim_hypercall_adapter hypercall_entries[] = {
    {"pv64-syscall", XSHIM_TRANSPORT_SYSCALL, kPv, XSHIM_ARCH_X86_64, kAnyVendor, 1},
    {"hvm64-vmcall", XSHIM_TRANSPORT_VMCALL, kHvmLike, XSHIM_ARCH_X86_64, kIntelLike, 0},
    {"hvm64-vmmcall", XSHIM_TRANSPORT_VMMCALL, kHvmLike, XSHIM_ARCH_X86_64, kAmdLike, 0},
    {"hvm64-page", XSHIM_TRANSPORT_PAGE, kHvmLike, XSHIM_ARCH_X86_64, kAnyVendor, 0},
};

// wc_sec_hi is generic on x86_64 from 4.6 (shim/select/shared_info_table.cpp says why).
using Old = SharedInfoOps<xshim_shared_info_x86_64, xshim_vcpu_info_x86_64, uint64_t,
                          WcSecHi::unmaintained, arch_x86::BitOps>;
using Hi = SharedInfoOps<xshim_shared_info_x86_64, xshim_vcpu_info_x86_64, uint64_t,
                         WcSecHi::generic, arch_x86::BitOps>;
inline constexpr xshim_shared_info_adapter shared_info_entries[] = {
    Old::adapter("x86_64 3.0-4.5", XSHIM_ARCH_X86_64, XSHIM_REL(3, 0), XSHIM_REL(4, 5)),
    Hi::adapter("x86_64 4.6+", XSHIM_ARCH_X86_64, XSHIM_REL(4, 6), open_ended),
};
// The facts DESIGN.md states, checked where the layout is used.
static_assert(Hi::vcpu_slots == 32 && Hi::evtchn_ports == 4096);
static_assert(sizeof(xshim_shared_info_x86_64) == 3136);

inline constexpr ServedSuffix start_magic_suffixes[] = {
    served_suffix(XSHIM_START_INFO_ARCH_X86_64)};
static_assert(suffixes_fit_word(start_magic_suffixes));
inline int parse_pv_x86_64(const void *raw, xshim_boot_info *out) {
    return pv::parse_pv<xshim_start_info_x86_64>(raw, out, start_magic_suffixes);
}
inline constexpr xshim_start_info_adapter start_info_entries[] = {
    {"pv-x86_64", XSHIM_BOOT_PV, XSHIM_ARCH_X86_64, 0, 0,
     static_cast<uint32_t>(sizeof(xshim_start_info_x86_64)), &parse_pv_x86_64, nullptr},
};
static_assert(sizeof(xshim_start_info_x86_64) == 1168, "DESIGN.md: PV start_info x86_64 is 1168 B");

} // namespace xshim::arch_x86_64
