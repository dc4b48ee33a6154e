// shim/arch/i386/entries.hpp: what a 32-bit x86 kernel can select: its hypercall transports,
// its shared_info layouts and its PV start_info layout. Joined into the tables by tables.cpp
// (and, for hosted builds, by shim/arch/fake/tables.cpp).
#pragma once

#include "shim/handoff/start_info_pv.hpp"
#include "shim/arch/x86/bitops.hpp"
#include "shim/runtime/shared_info_ops.hpp"
#include "shim/select/entries.hpp"

#include "abi/shared_info_x86_32.h"
#include "abi/start_info_x86.h"

namespace xshim::arch_i386 {

// Direct instructions first, the hypercall page last (shim/select/entries.hpp). The compat
// slots (6/16/19) answer PV guests only; HVM and PVH get -ENOSYS there.
inline constexpr xshim_hypercall_adapter hypercall_entries[] = {
    {"pv32-int82", XSHIM_TRANSPORT_INT82, kPv, XSHIM_ARCH_X86_32, kAnyVendor, 1},
    {"hvm32-vmcall", XSHIM_TRANSPORT_VMCALL, kHvmLike, XSHIM_ARCH_X86_32, kIntelLike, 0},
    {"hvm32-vmmcall", XSHIM_TRANSPORT_VMMCALL, kHvmLike, XSHIM_ARCH_X86_32, kAmdLike, 0},
    {"hvm32-page", XSHIM_TRANSPORT_PAGE, kHvmLike, XSHIM_ARCH_X86_32, kAnyVendor, 0},
};

// wc_sec_hi sits inside arch_shared_info on x86_32 from 4.6 (shim/select/shared_info_table.cpp).
using Old = SharedInfoOps<xshim_shared_info_x86_32, xshim_vcpu_info_x86_32, uint32_t,
                          WcSecHi::unmaintained, arch_x86::BitOps>;
using Hi = SharedInfoOps<xshim_shared_info_x86_32, xshim_vcpu_info_x86_32, uint32_t,
                         WcSecHi::in_arch, arch_x86::BitOps>;
inline constexpr xshim_shared_info_adapter shared_info_entries[] = {
    Old::adapter("x86_32 3.0-4.5", XSHIM_ARCH_X86_32, XSHIM_REL(3, 0), XSHIM_REL(4, 5)),
    Hi::adapter("x86_32 4.6+", XSHIM_ARCH_X86_32, XSHIM_REL(4, 6), open_ended),
};
// The facts DESIGN.md states, checked where the layout is used.
static_assert(Hi::vcpu_slots == 32 && Hi::evtchn_ports == 1024);
static_assert(sizeof(xshim_shared_info_x86_32) == 2344);

// "x86_32p" (PAE, every Xen since 3.3) and "x86_32" (non-PAE, 3.0-3.2): the start_info layout
// is the same.
inline constexpr ServedSuffix start_magic_suffixes[] = {
    served_suffix(XSHIM_START_INFO_ARCH_X86_32P), served_suffix(XSHIM_START_INFO_ARCH_X86_32)};
static_assert(suffixes_fit_word(start_magic_suffixes));
inline int parse_pv_x86_32(const void *raw, xshim_boot_info *out) {
    return pv::parse_pv<xshim_start_info_x86_32>(raw, out, start_magic_suffixes);
}
inline constexpr xshim_start_info_adapter start_info_entries[] = {
    {"pv-x86_32", XSHIM_BOOT_PV, XSHIM_ARCH_X86_32, 0, 0,
     static_cast<uint32_t>(sizeof(xshim_start_info_x86_32)), &parse_pv_x86_32, nullptr},
};
static_assert(sizeof(xshim_start_info_x86_32) == 1112, "DESIGN.md: PV start_info x86_32 is 1112 B");

} // namespace xshim::arch_i386
