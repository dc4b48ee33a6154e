// tests/unit/frontend_bed.hpp: what the frontend tests stand on (test_blkfront.cpp,
// test_netfront.cpp, test_pvfb.cpp): the fake xenstored (XsBed), the guest's platform and
// XenStore client attached to it, a SELECTED PVH verdict whose hypercall port is a small
// hypervisor, and the grant table opened on it. The hypervisor places the grant table
// (XENMEM_add_to_physmap of the grant-table space at kBedGnttabGfn, in a page this bed owns; the
// argument in the host's own word size, as the grant-table code asks in the guest's) and records
// the event-channel calls (alloc_unbound, send, close). A test's Bed derives from it, writes its
// device's nodes and adds its backend.
#pragma once

#include "test_xenstore_fake.hpp"

#include <doctest/doctest.h>

#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/hypercall.h>
#include <abi/memory.h>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

struct alignas(4096) BedPage {
    unsigned char b[4096];
};

inline constexpr uint64_t kBedGnttabGfn = 0x9000; // where the table is placed (the kernel's choice)

struct FrontendBed : XsBed {
    xshim_platform p{};
    xshim_hypercall xs_port{};
    xshim_xs xs{};
    xshim_verdict v{};
    xshim_gnttab gt{};
    BedPage gnttab{};

    // The hypervisor's side of the verdict's port.
    std::vector<std::pair<uint64_t, uint64_t>> physmaps; // (idx, gpfn) of each add_to_physmap
    uint32_t next_port = 9;
    std::vector<uint16_t> unbound_for; // remote domain of each alloc_unbound
    std::vector<uint32_t> sends, closed;

    FrontendBed() {
        p = platform();
        p.wait_rounds = 200;
        p.map_frame = [](void *c, uint64_t frame) -> void * {
            FrontendBed &b = static_cast<FrontendBed &>(XsBed::of(c));
            return frame == kBedGnttabGfn ? static_cast<void *>(b.gnttab.b)
                                          : static_cast<void *>(b.store.page); // the XenStore ring
        };
        xs_port = port();
        xs.spin_limit = 200;
        REQUIRE(xshim_xs_attach(&xs, store.page, 3, &xs_port, &p) == XSHIM_S_OK);

        v.outcome = XSHIM_SELECTED;
        v.identity.guest_type = XSHIM_GUEST_PVH;
        v.identity.arch = XSHIM_ARCH_X86_64;
        v.identity.gnttab_fact = {XSHIM_SRC_PROBE, XSHIM_FACT_OK, 0};
        v.identity.gnttab_frames = 1;
        v.identity.gnttab_max_frames = 64;
        v.selection.hypercall = {nullptr, &FrontendBed::hypercall_fn, this};
        REQUIRE(xshim_gnttab_open(&gt, &v, &p, 1, kBedGnttabGfn) == XSHIM_S_OK);
    }
    FrontendBed(const FrontendBed &) = delete;
    FrontendBed &operator=(const FrontendBed &) = delete;

    // A node's value, "<absent>" when the store has none.
    std::string node(const std::string &path) const {
        auto it = store.nodes.find(path);
        return it == store.nodes.end() ? "<absent>" : it->second;
    }

    // The grant entries as Xen keeps them (v1: the frontend's table).
    xshim_grant_entry_v1 &entry(uint32_t ref) {
        return reinterpret_cast<xshim_grant_entry_v1 *>(gnttab.b)[ref];
    }
    uint16_t flags(uint32_t ref) { return __atomic_load_n(&entry(ref).flags, __ATOMIC_ACQUIRE); }

    static long hypercall_fn(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t,
                             uintptr_t, uintptr_t) {
        FrontendBed &b = *static_cast<FrontendBed *>(cookie);
        if (nr == XSHIM_HC_memory_op && a1 == XSHIM_XENMEM_add_to_physmap) {
            using Physmap = std::conditional_t<sizeof(void *) == 4, xshim_add_to_physmap_x86_32,
                                               xshim_add_to_physmap_x86_64>;
            auto *op = reinterpret_cast<Physmap *>(a2);
            b.physmaps.emplace_back(op->idx, op->gpfn);
            return op->space == XSHIM_XENMAPSPACE_grant_table && op->gpfn == kBedGnttabGfn
                       ? 0
                       : XSHIM_S_EINVAL;
        }
        if (nr == XSHIM_HC_event_channel_op && a1 == XSHIM_EVTCHNOP_alloc_unbound) {
            auto *op = reinterpret_cast<struct xshim_evtchn_alloc_unbound *>(a2);
            b.unbound_for.push_back(op->remote_dom);
            op->port = b.next_port++;
            return 0;
        }
        if (nr == XSHIM_HC_event_channel_op && a1 == XSHIM_EVTCHNOP_send) {
            b.sends.push_back(reinterpret_cast<struct xshim_evtchn_send *>(a2)->port);
            return 0;
        }
        if (nr == XSHIM_HC_event_channel_op && a1 == XSHIM_EVTCHNOP_close) {
            b.closed.push_back(reinterpret_cast<struct xshim_evtchn_close *>(a2)->port);
            return 0;
        }
        return XSHIM_S_ENOSYS;
    }
};
