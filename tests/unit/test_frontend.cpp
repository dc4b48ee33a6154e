// tests/unit/test_frontend.cpp: the frontend runtime (xshim_frontend.h) over a small hypervisor
// of its own: grant-table setup the PV way (GNTTABOP_setup_table) and the PVH/HVM/Arm way
// (XENMEM_add_to_physmap), granting and ending access while a "backend" holds the mapping,
// event-channel allocation, close and a bounded wait. The answers follow Xen's grant_table.h and
// event_channel.h; the frame counts are the 4.17 test bed's (1 of 64 frames in use).
#include <xshim_frontend.h>

#include "shim/select/tables.hpp"

#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <abi/shared_info_x86_64.h>

#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#if UINTPTR_MAX > 0xffffffffu // the mini hypervisor answers in the 64-bit layouts

namespace {

struct MiniXen {
    // Grant-table frames as the "machine" holds them: frame number -> page.
    alignas(4096) uint8_t pages[4][4096] = {};
    uint64_t first_mfn = 0x1234; // where PV setup_table says the table is
    int16_t setup_status = XSHIM_GNTST_okay;
    long setup_rc = 0, physmap_rc = 0, evtchn_rc = 0;
    std::vector<std::pair<uint64_t, uint64_t>> physmaps; // (idx, gpfn) Xen was asked for
    uint32_t next_port = 5;
    std::vector<uint32_t> closed;
    // A backend that keeps a grant mapped for this many relax() rounds, then unmaps.
    xshim_grant_entry_v1 *held = nullptr;
    uint32_t hold_rounds = 0;
    uint32_t relaxes = 0;
    alignas(64) xshim_shared_info_x86_64 shared{};

    static long call(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t,
                     uintptr_t) {
        auto *x = static_cast<MiniXen *>(cookie);
        if (nr == XSHIM_HC_grant_table_op && a1 == XSHIM_GNTTABOP_setup_table && a3 == 1) {
            auto *op = reinterpret_cast<xshim_gnttab_setup_table_x86_64 *>(a2);
            if (x->setup_rc != 0)
                return x->setup_rc;
            op->status = x->setup_status;
            auto *list = reinterpret_cast<uint64_t *>(static_cast<uintptr_t>(op->frame_list));
            for (uint32_t i = 0; i < op->nr_frames && x->setup_status == XSHIM_GNTST_okay; ++i)
                list[i] = x->first_mfn + i;
            return 0;
        }
        if (nr == XSHIM_HC_memory_op && a1 == XSHIM_XENMEM_add_to_physmap) {
            auto *op = reinterpret_cast<xshim_add_to_physmap_x86_64 *>(a2);
            CHECK(op->domid == XSHIM_DOMID_SELF);
            CHECK(op->space == XSHIM_XENMAPSPACE_grant_table);
            x->physmaps.emplace_back(op->idx, op->gpfn);
            return x->physmap_rc;
        }
        if (nr == XSHIM_HC_event_channel_op && a1 == XSHIM_EVTCHNOP_alloc_unbound) {
            auto *op = reinterpret_cast<struct xshim_evtchn_alloc_unbound *>(a2);
            CHECK(op->dom == XSHIM_DOMID_SELF);
            if (x->evtchn_rc == 0)
                op->port = x->next_port++;
            return x->evtchn_rc;
        }
        if (nr == XSHIM_HC_event_channel_op && a1 == XSHIM_EVTCHNOP_close) {
            x->closed.push_back(reinterpret_cast<struct xshim_evtchn_close *>(a2)->port);
            return x->evtchn_rc;
        }
        return XSHIM_S_ENOSYS;
    }
    static void *map(void *ctx, uint64_t frame) {
        auto *x = static_cast<MiniXen *>(ctx);
        // PV: machine frames from first_mfn; PVH: the guest frames the test chose (0x8000+).
        uint64_t base = frame >= 0x8000 ? 0x8000 : x->first_mfn;
        return frame - base < 4 ? x->pages[frame - base] : nullptr;
    }
    static void relax(void *ctx) {
        auto *x = static_cast<MiniXen *>(ctx);
        ++x->relaxes;
        if (x->held != nullptr && x->relaxes >= x->hold_rounds) // the backend unmaps
            __atomic_fetch_and(&x->held->flags,
                               static_cast<uint16_t>(~(XSHIM_GTF_reading | XSHIM_GTF_writing)),
                               __ATOMIC_RELEASE);
    }

    xshim_platform platform() {
        xshim_platform p{};
        p.ctx = this;
        p.map_frame = &map;
        p.relax = &relax;
        p.arch = XSHIM_ARCH_X86_64;
        p.wait_rounds = 100;
        return p;
    }
    xshim_verdict verdict(uint32_t guest_type) {
        xshim_verdict v{};
        v.outcome = XSHIM_SELECTED;
        v.identity.guest_type = guest_type;
        v.identity.arch = XSHIM_ARCH_X86_64;
        v.identity.gnttab_fact = {XSHIM_SRC_PROBE, XSHIM_FACT_OK, 0};
        v.identity.gnttab_frames = 1;
        v.identity.gnttab_max_frames = 64;
        v.selection.hypercall = {&*xshim::hypercall_adapters.begin(), &call, this};
        v.selection.shared_info =
            xshim::find_shared_info_adapter(XSHIM_ARCH_X86_64, XSHIM_REL(4, 17));
        return v;
    }
};

uint16_t flags_of(const MiniXen &x, uint32_t ref) {
    return reinterpret_cast<const xshim_grant_entry_v1 *>(x.pages[ref / 512])[ref % 512].flags;
}

} // namespace

TEST_CASE("frontend: a PV guest's table comes from GNTTABOP_setup_table") {
    MiniXen x;
    xshim_platform p = x.platform();
    xshim_verdict v = x.verdict(XSHIM_GUEST_PV);
    static xshim_gnttab gt;
    REQUIRE(xshim_gnttab_open(&gt, &v, &p, 2, 0) == XSHIM_S_OK);
    CHECK(gt.nr_frames == 2);
    CHECK(gt.nr_refs == 1024);
    CHECK(gt.frame_numbers[0] == 0x1234);
    CHECK(gt.frame_numbers[1] == 0x1235);
    CHECK(gt.frames[1] == x.pages[1]);
    CHECK(x.physmaps.empty());

    // Grant ref 600 (second frame) of frame 0x5678 to domain 0, read-only.
    REQUIRE(xshim_gnttab_grant(&gt, 600, 0, 0x5678, 1) == XSHIM_S_OK);
    const auto &e = reinterpret_cast<const xshim_grant_entry_v1 *>(x.pages[1])[600 - 512];
    CHECK(e.domid == 0);
    CHECK(e.frame == 0x5678);
    CHECK(e.flags == (XSHIM_GTF_permit_access | XSHIM_GTF_readonly));
    CHECK(xshim_gnttab_grant(&gt, 600, 0, 0x9999, 0) == XSHIM_S_GNT_IN_USE);
    CHECK(e.frame == 0x5678);
    REQUIRE(xshim_gnttab_end(&gt, 600) == XSHIM_S_OK);
    CHECK(flags_of(x, 600) == 0);
    CHECK(xshim_gnttab_grant(&gt, 600, 0, 0x9999, 0) == XSHIM_S_OK);
}

TEST_CASE("frontend: PVH, HVM and Arm place the table at guest frames the kernel names") {
    for (uint32_t type : {XSHIM_GUEST_PVH, XSHIM_GUEST_HVM, XSHIM_GUEST_ARM}) {
        CAPTURE(type);
        MiniXen x;
        xshim_platform p = x.platform();
        xshim_verdict v = x.verdict(type);
        static xshim_gnttab gt;
        REQUIRE(xshim_gnttab_open(&gt, &v, &p, 3, 0x8000) == XSHIM_S_OK);
        REQUIRE(x.physmaps.size() == 3);
        for (uint64_t i = 0; i < 3; ++i)
            CHECK(x.physmaps[i] == std::make_pair(i, 0x8000 + i));
        CHECK(gt.frames[2] == x.pages[2]);
    }
}

TEST_CASE("frontend: the table refuses what Xen or the probe rule out") {
    MiniXen x;
    xshim_platform p = x.platform();
    static xshim_gnttab gt;
    xshim_verdict v = x.verdict(XSHIM_GUEST_PV);
    CHECK(xshim_gnttab_open(&gt, &v, &p, 0, 0) == XSHIM_S_EINVAL);
    CHECK(xshim_gnttab_open(&gt, &v, &p, XSHIM_GNTTAB_FRAMES_MAX + 1, 0) == XSHIM_S_EINVAL);
    v.identity.gnttab_max_frames = 1; // gnttab_max_frames=1 on Xen's command line
    CHECK(xshim_gnttab_open(&gt, &v, &p, 2, 0) == XSHIM_S_RANGE);
    v = x.verdict(XSHIM_GUEST_PV);
    x.setup_status = XSHIM_GNTST_general_error;
    CHECK(xshim_gnttab_open(&gt, &v, &p, 1, 0) == XSHIM_S_GNT_STATUS);
    CHECK(gt.last_status == XSHIM_GNTST_general_error);
    x.setup_status = XSHIM_GNTST_okay;
    x.setup_rc = XSHIM_S_EPERM;
    CHECK(xshim_gnttab_open(&gt, &v, &p, 1, 0) == XSHIM_S_EPERM);
    xshim_verdict pvh = x.verdict(XSHIM_GUEST_PVH);
    x.physmap_rc = XSHIM_S_EINVAL;
    CHECK(xshim_gnttab_open(&gt, &pvh, &p, 1, 0x8000) == XSHIM_S_EINVAL);
    v.outcome = XSHIM_REFUSED;
    CHECK(xshim_gnttab_open(&gt, &v, &p, 1, 0) == XSHIM_S_EINVAL);
    p.map_frame = nullptr;
    v.outcome = XSHIM_SELECTED;
    CHECK(xshim_gnttab_open(&gt, &v, &p, 1, 0) == XSHIM_S_ENOSYS);
}

TEST_CASE("frontend: ending access waits, bounded, while the backend still maps the frame") {
    MiniXen x;
    xshim_platform p = x.platform();
    xshim_verdict v = x.verdict(XSHIM_GUEST_PV);
    static xshim_gnttab gt;
    REQUIRE(xshim_gnttab_open(&gt, &v, &p, 1, 0) == XSHIM_S_OK);
    CHECK(xshim_gnttab_grant(&gt, 0, 0, 1, 0) == XSHIM_S_RANGE); // reserved for the toolstack
    CHECK(xshim_gnttab_grant(&gt, 7, 0, 1, 0) == XSHIM_S_RANGE);
    CHECK(xshim_gnttab_grant(&gt, 512, 0, 1, 0) == XSHIM_S_RANGE);            // past one frame
    CHECK(xshim_gnttab_grant(&gt, 8, 0, 0x100000000ull, 0) == XSHIM_S_RANGE); // v1: 32-bit frame

    REQUIRE(xshim_gnttab_grant(&gt, 8, 0, 0x42, 0) == XSHIM_S_OK);
    auto *e = reinterpret_cast<xshim_grant_entry_v1 *>(x.pages[0]) + 8;
    // The backend maps it for writing; Xen sets GTF_writing. It unmaps after 10 rounds.
    e->flags |= XSHIM_GTF_writing;
    x.held = e;
    x.hold_rounds = 10;
    CHECK(xshim_gnttab_end(&gt, 8) == XSHIM_S_OK);
    CHECK(x.relaxes == 10);
    CHECK(e->flags == 0);

    // A backend that never unmaps: the frame is not reused, and the wait ends by its bound.
    REQUIRE(xshim_gnttab_grant(&gt, 9, 0, 0x43, 0) == XSHIM_S_OK);
    e = reinterpret_cast<xshim_grant_entry_v1 *>(x.pages[0]) + 9;
    e->flags |= XSHIM_GTF_reading;
    x.held = nullptr;
    x.relaxes = 0;
    gt.wait_rounds = 50;
    CHECK(xshim_gnttab_end(&gt, 9) == XSHIM_S_GNT_BUSY);
    CHECK(x.relaxes == 50);
    CHECK(e->flags == (XSHIM_GTF_permit_access | XSHIM_GTF_reading));
    CHECK(xshim_gnttab_grant(&gt, 9, 0, 0x44, 0) == XSHIM_S_GNT_IN_USE);
}

TEST_CASE("frontend: event channels: allocate, wait for the pending bit, close") {
    MiniXen x;
    xshim_platform p = x.platform();
    xshim_verdict v = x.verdict(XSHIM_GUEST_PV);
    uint32_t port = 0;
    REQUIRE(xshim_evtchn_alloc_unbound(&v.selection.hypercall, 0, &port) == 0);
    CHECK(port == 5);
    // Nothing pending: a bounded wait, then a named timeout.
    x.relaxes = 0;
    CHECK(xshim_evtchn_wait(&v, &x.shared, &p, port, 20) == XSHIM_S_TIMEOUT);
    CHECK(x.relaxes == 20);
    // The backend notifies: bit 5 of word 0 set; the wait sees it and clears it.
    x.shared.evtchn_pending[0] |= uint64_t{1} << port;
    CHECK(xshim_evtchn_wait(&v, &x.shared, &p, port, 20) == XSHIM_S_OK);
    CHECK((x.shared.evtchn_pending[0] & (uint64_t{1} << port)) == 0);
    CHECK(xshim_evtchn_wait(&v, &x.shared, &p, 4096, 20) == XSHIM_S_RANGE);
    CHECK(xshim_evtchn_wait(&v, nullptr, &p, port, 20) == XSHIM_S_EINVAL);
    REQUIRE(xshim_evtchn_close(&v.selection.hypercall, port) == 0);
    CHECK(x.closed == std::vector<uint32_t>{5});
    // Xen out of ports (-ENOSPC): the error is passed on and no port is claimed.
    x.evtchn_rc = -28;
    port = 77;
    CHECK(xshim_evtchn_alloc_unbound(&v.selection.hypercall, 0, &port) == -28);
    CHECK(port == 77);
}

#endif
