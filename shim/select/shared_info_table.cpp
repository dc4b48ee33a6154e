// shim/select/shared_info_table.cpp: the shared_info adapters, one per layout and per span of releases
// that maintain the same fields. select() scans this table by (arch, min_release..max_release).
//
// Where wc_sec_hi comes from. Xen's public xen.h declares `uint32_t wc_sec_hi` in the generic
// part of struct shared_info for every architecture except i386, and inside
// struct arch_shared_info on i386 ("There's no room for this field in the generic structure",
// arch-x86/xen.h). The writer is common code, xen/common/time.c update_domain_wallclock_time():
// on x86 it writes native.wc_sec_hi or compat.arch.wc_sec_hi by the guest's width, elsewhere
// (Arm) shared_info(d, wc_sec_hi), all in the same version-counted update. So Arm gained the
// field together with x86, not on its own schedule. It first appears in the Xen 4.6 development
// tree (a 4.6-era xen.h in xen-project/xen, beside the 4.6 linear-p2m arch fields, has it);
// DESIGN.md's "wc_sec_hi generic on x86_64/Arm but inside arch on x86_32 (4.6+)" agrees. We
// found no earlier Arm variant. Before 4.6 the x86_64/Arm slot is alignment padding whose
// content Xen never promised, so the 3.0-4.5 / 4.4-4.5 entries ignore it.
//
// Arm: the guest ABI was declared stable in Xen 4.4 (4.4 release notes; 4.3 was a preview), so
// the Arm entries start there. arm64 and arm32 guests share one layout (uint64_t aligned to 8
// on both), hence one struct and an entry for each arch value.
#include "shim/select/tables.hpp"
#include "shim/arch/only_arch.hpp"
#include "shim/runtime/shared_info_ops.hpp"

#include <abi/shared_info_arm.h>
#include <abi/shared_info_x86_32.h>
#include <abi/shared_info_x86_64.h>

namespace xshim {
namespace {

using X86_64_old = SharedInfoOps<xshim_shared_info_x86_64, xshim_vcpu_info_x86_64, uint64_t,
                                 WcSecHi::unmaintained>;
using X86_64_hi = SharedInfoOps<xshim_shared_info_x86_64, xshim_vcpu_info_x86_64, uint64_t,
                                WcSecHi::generic>;
using X86_32_old = SharedInfoOps<xshim_shared_info_x86_32, xshim_vcpu_info_x86_32, uint32_t,
                                 WcSecHi::unmaintained>;
using X86_32_hi = SharedInfoOps<xshim_shared_info_x86_32, xshim_vcpu_info_x86_32, uint32_t,
                                WcSecHi::in_arch>;
using Arm_old =
    SharedInfoOps<xshim_shared_info_arm, xshim_vcpu_info_arm, uint64_t, WcSecHi::unmaintained>;
using Arm_hi =
    SharedInfoOps<xshim_shared_info_arm, xshim_vcpu_info_arm, uint64_t, WcSecHi::generic>;

constexpr uint32_t open_ended = 0xffffffffu;

// Only the build's own layouts in a freestanding library (shim/arch/only_arch.hpp).
#ifdef XSHIM_ONLY_ARCH
static_assert(XSHIM_ONLY_ARCH >= XSHIM_ARCH_X86_64 && XSHIM_ONLY_ARCH <= XSHIM_ARCH_ARM32,
              "XSHIM_ONLY_ARCH names an enum xshim_arch value");
#endif

constexpr xshim_shared_info_adapter entries[] = {
#if XSHIM_KEEP_ARCH(1) // XSHIM_ARCH_X86_64
    X86_64_old::adapter("x86_64 3.0-4.5", XSHIM_ARCH_X86_64, XSHIM_REL(3, 0), XSHIM_REL(4, 5)),
    X86_64_hi::adapter("x86_64 4.6+", XSHIM_ARCH_X86_64, XSHIM_REL(4, 6), open_ended),
#endif
#if XSHIM_KEEP_ARCH(2) // XSHIM_ARCH_X86_32
    X86_32_old::adapter("x86_32 3.0-4.5", XSHIM_ARCH_X86_32, XSHIM_REL(3, 0), XSHIM_REL(4, 5)),
    X86_32_hi::adapter("x86_32 4.6+", XSHIM_ARCH_X86_32, XSHIM_REL(4, 6), open_ended),
#endif
#if XSHIM_KEEP_ARCH(3) // XSHIM_ARCH_ARM64
    Arm_old::adapter("arm64 4.4-4.5", XSHIM_ARCH_ARM64, XSHIM_REL(4, 4), XSHIM_REL(4, 5)),
    Arm_hi::adapter("arm64 4.6+", XSHIM_ARCH_ARM64, XSHIM_REL(4, 6), open_ended),
#endif
#if XSHIM_KEEP_ARCH(4) // XSHIM_ARCH_ARM32
    Arm_old::adapter("arm32 4.4-4.5", XSHIM_ARCH_ARM32, XSHIM_REL(4, 4), XSHIM_REL(4, 5)),
    Arm_hi::adapter("arm32 4.6+", XSHIM_ARCH_ARM32, XSHIM_REL(4, 6), open_ended),
#endif
};
static_assert(XSHIM_ARCH_X86_64 == 1 && XSHIM_ARCH_X86_32 == 2 && XSHIM_ARCH_ARM64 == 3 &&
                  XSHIM_ARCH_ARM32 == 4,
              "the #if lines above spell enum xshim_arch's values");

// The facts DESIGN.md states, checked where the layouts are used.
static_assert(X86_64_hi::vcpu_slots == 32 && X86_32_hi::vcpu_slots == 32 &&
              Arm_hi::vcpu_slots == 1);
static_assert(X86_64_hi::evtchn_ports == 4096 && X86_32_hi::evtchn_ports == 1024 &&
              Arm_hi::evtchn_ports == 4096);
static_assert(sizeof(xshim_shared_info_x86_64) == 3136 && sizeof(xshim_shared_info_x86_32) == 2344 &&
              sizeof(xshim_shared_info_arm) == 1088);

// No two entries of one arch may claim the same release: the scan must have one answer.
constexpr bool ranges_disjoint()
{
    for (const auto &a : entries)
        for (const auto &b : entries)
            if (&a != &b && a.arch == b.arch && a.min_release <= b.max_release &&
                b.min_release <= a.max_release)
                return false;
    return true;
}
static_assert(ranges_disjoint(), "overlapping shared_info adapters");

} // namespace

const Table<xshim_shared_info_adapter> shared_info_adapters = {entries,
                                                                sizeof entries / sizeof entries[0]};

const xshim_shared_info_adapter *find_shared_info_adapter(uint32_t arch, uint32_t release) {
    for (const auto &a : shared_info_adapters)
        if (a.arch == arch && release >= a.min_release && release <= a.max_release)
            return &a;
    return nullptr;
}

} // namespace xshim
