// shim/runtime/grant_table.cpp: a version 1 grant table for a frontend (xshim_frontend.h).
//
// How the table's frames reach the guest depends on the guest type, and is a table: a PV guest
// asks GNTTABOP_setup_table for the machine frames Xen keeps the table in; a PVH, HVM or Arm
// guest names guest frames and has Xen place the table there (XENMEM_add_to_physmap, space
// grant_table). Entries are shared with Xen and the other domain: flags are read and written
// with atomics, and an entry is written before its flags make it valid (Xen's grant_table.h).
#include <xshim_frontend.h>

#include "shim/lib/text.hpp"
#include "shim/runtime/hypercall.hpp"
#include "shim/runtime/wait.hpp"

#include <abi/grant_table.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <abi/memory.h>

namespace xshim {
namespace {

// setup_table's frame_list and add_to_physmap's idx/gpfn are word-sized in this guest's ABI:
// the x86_32 layouts for a 4-byte pointer, the 8-byte layouts (x86_64, Arm) otherwise.
constexpr bool kWord32 = sizeof(void *) == 4;

template <bool W32> struct Native;
template <> struct Native<true> {
    using Setup = xshim_gnttab_setup_table_x86_32;
    using Physmap = xshim_add_to_physmap_x86_32;
    using Pfn = uint32_t;
};
template <> struct Native<false> {
    using Setup = xshim_gnttab_setup_table_x86_64;
    using Physmap = xshim_add_to_physmap_x86_64;
    using Pfn = uint64_t;
};
using Abi = Native<kWord32>;

// PV: Xen says where the table is.
long setup_table(xshim_gnttab *gt, uint32_t nr_frames, uint64_t /* Xen chooses */) {
    typename Abi::Pfn list[XSHIM_GNTTAB_FRAMES_MAX];
    zero_bytes(list, sizeof list);
    typename Abi::Setup op;
    zero_bytes(&op, sizeof op);
    op.dom = XSHIM_DOMID_SELF;
    op.nr_frames = nr_frames;
    op.frame_list = reinterpret_cast<uintptr_t>(list);
    long rc = call(gt->hypercall, XSHIM_HC_grant_table_op, XSHIM_GNTTABOP_setup_table,
                   reinterpret_cast<uintptr_t>(&op), 1);
    if (rc < 0)
        return rc;
    gt->last_status = op.status;
    if (op.status != XSHIM_GNTST_okay)
        return XSHIM_S_GNT_STATUS;
    for (uint32_t i = 0; i < nr_frames; ++i)
        gt->frame_numbers[i] = list[i];
    return XSHIM_S_OK;
}

// PVH, HVM, Arm: the kernel says where the table goes.
long add_to_physmap(xshim_gnttab *gt, uint32_t nr_frames, uint64_t first_gfn) {
    for (uint32_t i = 0; i < nr_frames; ++i) {
        typename Abi::Physmap op;
        zero_bytes(&op, sizeof op);
        op.domid = XSHIM_DOMID_SELF;
        op.space = XSHIM_XENMAPSPACE_grant_table;
        op.idx = i;
        op.gpfn = static_cast<typename Abi::Pfn>(first_gfn + i);
        if (op.gpfn != first_gfn + i)
            return XSHIM_S_RANGE; // a guest frame this ABI cannot name
        long rc = call(gt->hypercall, XSHIM_HC_memory_op, XSHIM_XENMEM_add_to_physmap,
                       reinterpret_cast<uintptr_t>(&op));
        if (rc < 0)
            return rc;
        gt->frame_numbers[i] = first_gfn + i;
    }
    return XSHIM_S_OK;
}

struct SetupRule {
    uint32_t guest_types;
    long (*setup)(xshim_gnttab *, uint32_t, uint64_t);
};
constexpr SetupRule kSetupRules[] = {
    {XSHIM_GUEST_MASK(XSHIM_GUEST_PV), &setup_table},
    {XSHIM_GUEST_MASK(XSHIM_GUEST_PVH) | XSHIM_GUEST_MASK(XSHIM_GUEST_HVM) |
         XSHIM_GUEST_MASK(XSHIM_GUEST_ARM),
     &add_to_physmap},
};

xshim_grant_entry_v1 *entry(const xshim_gnttab &gt, uint32_t ref) {
    auto *frame = static_cast<xshim_grant_entry_v1 *>(gt.frames[ref / XSHIM_GRANT_V1_PER_FRAME]);
    return frame + ref % XSHIM_GRANT_V1_PER_FRAME;
}

bool ref_ok(const xshim_gnttab *gt, uint32_t ref) {
    return gt != nullptr && ref >= XSHIM_GNTTAB_NR_RESERVED_ENTRIES && ref < gt->nr_refs;
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" {

int32_t xshim_gnttab_open(xshim_gnttab *gt, const xshim_verdict *v, const xshim_platform *p,
                          uint32_t nr_frames, uint64_t first_gfn) {
    if (gt == nullptr || v == nullptr || p == nullptr || v->outcome != XSHIM_SELECTED ||
        v->selection.hypercall.fn == nullptr || nr_frames == 0 ||
        nr_frames > XSHIM_GNTTAB_FRAMES_MAX)
        return XSHIM_S_EINVAL;
    if (p->map_frame == nullptr)
        return XSHIM_S_ENOSYS;
    const xshim_identity &id = v->identity;
    if (id.gnttab_fact.status == XSHIM_FACT_OK && nr_frames > id.gnttab_max_frames)
        return XSHIM_S_RANGE; // Xen said this domain may not have that many
    zero_bytes(gt, sizeof *gt);
    gt->hypercall = v->selection.hypercall;
    gt->platform = p;
    const SetupRule *rule = nullptr;
    for (const auto &r : kSetupRules)
        if (r.guest_types & XSHIM_GUEST_MASK(id.guest_type))
            rule = &r;
    if (rule == nullptr)
        return XSHIM_S_EINVAL;
    long rc = rule->setup(gt, nr_frames, first_gfn);
    if (rc != XSHIM_S_OK)
        return static_cast<int32_t>(rc);
    for (uint32_t i = 0; i < nr_frames; ++i) {
        gt->frames[i] = p->map_frame(p->ctx, gt->frame_numbers[i]);
        if (gt->frames[i] == nullptr)
            return XSHIM_S_ENOSYS;
    }
    gt->nr_frames = nr_frames;
    gt->nr_refs = nr_frames * XSHIM_GRANT_V1_PER_FRAME;
    return XSHIM_S_OK;
}

int32_t xshim_gnttab_grant(xshim_gnttab *gt, uint32_t ref, uint16_t domid, uint64_t frame,
                           uint32_t readonly) {
    if (!ref_ok(gt, ref) || frame > 0xffffffffu)
        return XSHIM_S_RANGE;
    xshim_grant_entry_v1 *e = entry(*gt, ref);
    if ((__atomic_load_n(&e->flags, __ATOMIC_ACQUIRE) & XSHIM_GTF_type_mask) != 0)
        return XSHIM_S_GNT_IN_USE;
    e->domid = domid;
    e->frame = static_cast<uint32_t>(frame);
    // The entry must be complete before Xen can see it valid.
    const uint16_t flags =
        static_cast<uint16_t>(XSHIM_GTF_permit_access | (readonly != 0 ? XSHIM_GTF_readonly : 0u));
    __atomic_store_n(&e->flags, flags, __ATOMIC_RELEASE);
    return XSHIM_S_OK;
}

int32_t xshim_gnttab_end(xshim_gnttab *gt, uint32_t ref) {
    if (!ref_ok(gt, ref))
        return XSHIM_S_RANGE;
    xshim_grant_entry_v1 *e = entry(*gt, ref);
    uint32_t rounds = gt->wait_rounds != 0 ? gt->wait_rounds : wait_rounds(*gt->platform);
    uint16_t flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
    for (;;) {
        // Xen may set reading/writing between the load and the clear: only a clear of the flags
        // seen counts, as in Linux's gnttab_end_foreign_access_ref_v1. A failed exchange
        // leaves what Xen wrote in flags, and costs a round like a busy entry.
        if ((flags & (XSHIM_GTF_reading | XSHIM_GTF_writing)) == 0 &&
            __atomic_compare_exchange_n(&e->flags, &flags, uint16_t{0}, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            return XSHIM_S_OK;
        if (rounds-- == 0)
            return XSHIM_S_GNT_BUSY;
        if (gt->platform->relax != nullptr)
            gt->platform->relax(gt->platform->ctx);
        flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
    }
}

} // extern "C"
