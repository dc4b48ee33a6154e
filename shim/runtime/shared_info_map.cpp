// shim/runtime/shared_info_map.cpp: xshim_shared_info_map, shared_info placed at a page of the
// kernel's own, the way the selected guest type allows (a table, as in grant_table.cpp):
//   PV:            Xen already maps shared_info; start_info.shared_info is its machine address.
//                  The kernel points one of its own page-table entries at that frame with
//                  update_va_mapping (hypercall 14), as Mini-OS and Linux's PV setup do.
//   PVH, HVM, Arm: Xen places shared_info at a guest frame the kernel names
//                  (XENMEM_add_to_physmap, space shared_info, idx 0), as Linux's HVM and Arm
//                  setup do with a page of their own RAM.
// Every number is abi/'s (abi/pv_mmu.h, abi/memory.h); the calls go through the selected port.
#include <xshim.h>

#include "shim/lib/text.hpp"
#include "shim/runtime/hypercall.hpp"

#include <abi/base.h>
#include <abi/hvm.h> // XSHIM_DOMID_SELF
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <abi/pv_mmu.h>

namespace xshim {
namespace {

// update_va_mapping's new_val is one word on x86_64 and two (low, high) on x86_32 PAE; the
// add_to_physmap layout follows the word size too (abi/memory.h).
constexpr bool kWord32 = sizeof(void *) == 4;
using Physmap = xshim_add_to_physmap;

// Present, writable, and already accessed and dirty, so the CPU never has to set those bits
// in an entry Xen owns the validation of.
constexpr uint64_t kPteFlags = XSHIM_X86_PTE_BIT(present) | XSHIM_X86_PTE_BIT(rw) |
                               XSHIM_X86_PTE_BIT(accessed) | XSHIM_X86_PTE_BIT(dirty);
constexpr uintptr_t kFlushThisEntry = XSHIM_UVMF_INVLPG | XSHIM_UVMF_LOCAL;

long map_pv(const xshim_verdict &v, void *page, uint64_t /* Xen chose the frame */) {
    const uint64_t maddr = v.boot.shared_info;
    if (maddr == 0 || (maddr & (XSHIM_PAGE_SIZE - 1)) != 0)
        return XSHIM_S_EINVAL; // start_info names no page
    const uint64_t pte =
        (maddr >> XSHIM_X86_PTE_FRAME_SHIFT << XSHIM_X86_PTE_FRAME_SHIFT) | kPteFlags;
    const uintptr_t va = reinterpret_cast<uintptr_t>(page);
    const xshim_hypercall &hc = v.selection.hypercall;
    if constexpr (kWord32)
        return call(hc, XSHIM_HC_update_va_mapping, va, static_cast<uintptr_t>(pte),
                    static_cast<uintptr_t>(pte >> 16 >> 16), kFlushThisEntry);
    else
        return call(hc, XSHIM_HC_update_va_mapping, va, static_cast<uintptr_t>(pte),
                    kFlushThisEntry);
}

long map_physmap(const xshim_verdict &v, void *, uint64_t gfn) {
    Physmap op;
    zero_bytes(&op, sizeof op);
    op.domid = XSHIM_DOMID_SELF;
    op.space = XSHIM_XENMAPSPACE_shared_info;
    op.idx = 0;
    op.gpfn = static_cast<decltype(op.gpfn)>(gfn);
    if (op.gpfn != gfn)
        return XSHIM_S_RANGE; // a guest frame this ABI cannot name
    return call(v.selection.hypercall, XSHIM_HC_memory_op, XSHIM_XENMEM_add_to_physmap,
                reinterpret_cast<uintptr_t>(&op));
}

struct MapRule {
    uint32_t guest_types;
    long (*map)(const xshim_verdict &, void *page, uint64_t gfn);
};
constexpr MapRule kMapRules[] = {
    {XSHIM_GUEST_MASK(XSHIM_GUEST_PV), &map_pv},
    {XSHIM_GUEST_MASK(XSHIM_GUEST_PVH) | XSHIM_GUEST_MASK(XSHIM_GUEST_HVM) |
         XSHIM_GUEST_MASK(XSHIM_GUEST_ARM),
     &map_physmap},
};

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" int32_t xshim_shared_info_map(const xshim_verdict *v, const xshim_platform *p,
                                         void *page, uint64_t gfn) {
    if (v == nullptr || p == nullptr || v->outcome != XSHIM_SELECTED ||
        v->selection.hypercall.fn == nullptr || v->selection.shared_info == nullptr ||
        page == nullptr || (reinterpret_cast<uintptr_t>(page) & (XSHIM_PAGE_SIZE - 1)) != 0)
        return XSHIM_S_EINVAL;
    for (const auto &rule : kMapRules)
        if (rule.guest_types & XSHIM_GUEST_MASK(v->identity.guest_type))
            return static_cast<int32_t>(rule.map(*v, page, gfn));
    return XSHIM_S_EINVAL;
}
