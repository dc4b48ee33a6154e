// tests/fuzz/stream_xen.hpp: an injected platform whose every answer (CPUID registers,
// hypercall results and the bytes a hypercall writes into the guest's buffers, the console
// ring's indexes) is the next piece of a byte stream. The fuzz targets replay fuzz bytes through
// it; tests/fuzz/gen_seeds.cpp records the captured Xen 4.17 answers of tests/unit/fake_xen.hpp
// into the same encoding, so the seeds are real boots that libFuzzer then mutates.
//
// Encoding, one piece per question, in the order xshim asks:
//   header        u8 protocol, u8 platform arch, u8 transports (bit 1 << XSHIM_TRANSPORT_x),
//                 u8 flags (Header::k*), then (probe only) u16 n + n bytes of boot structure
//   cpuid         4 x u32: eax ebx ecx edx
//   hypercall     i64 result, then for a call that fills guest memory one "bytes" piece:
//                 u16 n + n bytes, clipped to the buffer the guest passed (see exchange())
//   map_frame     u8 present; if present: u32 out_cons, u32 out_prod, u8 stall rounds
// The guest's own arguments are read in full (console text, shutdown and event-channel
// structs) so ASan checks that xshim passes memory it owns.
#pragma once

#include "fuzz_input.hpp"

#include <xshim.h>

#include <abi/console_io.h>
#include <abi/console_ring.h>
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <abi/sched.h>
#include <abi/version.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

namespace fuzz {

struct Header {
    static constexpr uint8_t kHasCpuid = 1u << 0;   // platform.cpuid set (x86)
    static constexpr uint8_t kGivePage = 1u << 1;   // a hypercall page is offered
    static constexpr uint8_t kPreferPage = 1u << 2; // the policy prefers the page
    static constexpr uint8_t kMapFrame = 1u << 3;   // platform.map_frame set (console ring)
    uint8_t protocol = 0;
    uint8_t arch = 0;
    uint8_t transports = 0;
    uint8_t flags = 0;
};

// The two directions of one encoding.
struct Decode {
    Input &in;
    template <typename T> void value(T &v) { v = in.take<T>(); }
    void bytes(void *buf, size_t cap) {
        size_t n = in.take<uint16_t>();
        in.take_into(buf, n < cap ? n : cap);
    }
};

struct Encode {
    Output &out;
    template <typename T> void value(T &v) { out.put(v); }
    void bytes(void *buf, size_t cap) // trailing zeros are left out: the guest zeroed them
    {
        const auto *b = static_cast<const uint8_t *>(buf);
        size_t n = cap;
        while (n > 0 && b[n - 1] == 0)
            --n;
        out.put(static_cast<uint16_t>(n));
        out.put_bytes(b, n);
    }
};

template <typename Codec> void exchange_header(Codec &c, Header &h) {
    c.value(h.protocol);
    c.value(h.arch);
    c.value(h.transports);
    c.value(h.flags);
}

template <typename Codec> void exchange_cpuid(Codec &c, uint32_t r[4]) {
    for (int i = 0; i < 4; ++i)
        c.value(r[i]);
}

// The result of a hypercall and what it writes into the guest's buffers.
template <typename Codec>
void exchange_hypercall(Codec &c, int64_t &rc, uint32_t nr, uintptr_t a1, uintptr_t a2) {
    c.value(rc);
    void *arg = reinterpret_cast<void *>(a2);
    if (nr == XSHIM_HC_xen_version && arg != nullptr) {
        switch (a1) {
        case XSHIM_XENVER_extraversion:
            c.bytes(arg, XSHIM_XEN_EXTRAVERSION_LEN);
            break;
        case XSHIM_XENVER_capabilities:
            c.bytes(arg, XSHIM_XEN_CAPABILITIES_INFO_LEN);
            break;
        case XSHIM_XENVER_get_features:
            c.bytes(&static_cast<xshim_feature_info *>(arg)->submap, sizeof(uint32_t));
            break;
        case XSHIM_XENVER_extraversion2: {
            auto *vb = static_cast<xshim_varbuf *>(arg);
            c.bytes(vb->buf, vb->len); // Xen writes at most len bytes; its answer may lie
            break;
        }
        default:
            break;
        }
    } else if (nr == XSHIM_HC_hvm_op && a1 == XSHIM_HVMOP_get_param && arg != nullptr) {
        c.bytes(&static_cast<xshim_hvm_param *>(arg)->value, sizeof(uint64_t));
    } else if (nr == XSHIM_HC_grant_table_op && a1 == XSHIM_GNTTABOP_query_size && arg != nullptr) {
        // The OUT fields: nr_frames, max_nr_frames, status (offsets 4..13).
        auto *q = static_cast<xshim_gnttab_query_size *>(arg);
        c.bytes(&q->nr_frames, offsetof(xshim_gnttab_query_size, status) + sizeof q->status -
                                   offsetof(xshim_gnttab_query_size, nr_frames));
    }
}

struct RingState {
    uint8_t present = 0;
    uint32_t out_cons = 0, out_prod = 0;
    uint8_t stall = 0; // relax() rounds before the "console daemon" drains the ring
};

template <typename Codec> void exchange_ring(Codec &c, RingState &r) {
    c.value(r.present);
    if (r.present) {
        c.value(r.out_cons);
        c.value(r.out_prod);
        c.value(r.stall);
    }
}

// Where the answers come from: the fuzz input (Replay) or a recorder (gen_seeds.cpp).
struct Answers {
    virtual void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4]) = 0;
    virtual long hypercall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3) = 0;
    virtual RingState ring() = 0;
    virtual ~Answers() = default;
};

struct Replay final : Answers {
    Decode d;
    explicit Replay(Input &in) : d{in} {}
    void cpuid(uint32_t, uint32_t, uint32_t r[4]) override { exchange_cpuid(d, r); }
    long hypercall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t) override {
        int64_t rc = 0;
        exchange_hypercall(d, rc, nr, a1, a2);
        return static_cast<long>(rc);
    }
    RingState ring() override {
        RingState r;
        exchange_ring(d, r);
        return r;
    }
};

// The platform xshim sees; every operation asks `answers`.
struct StreamXen {
    Answers *answers;
    Header h;
    xshim_xencons_interface *ring = nullptr; // exactly one ring page, so ASan sees overruns
    uint32_t stall = 0;
    unsigned long reads = 0; // bytes of guest arguments read (keeps the reads observable)

    StreamXen(Answers *a, const Header &header) : answers(a), h(header) {}
    ~StreamXen() { delete ring; }
    StreamXen(const StreamXen &) = delete;
    StreamXen &operator=(const StreamXen &) = delete;

    xshim_platform platform() {
        xshim_platform p{};
        p.ctx = this;
        p.cpuid = (h.flags & Header::kHasCpuid) ? &cpuid_fn : nullptr;
        p.transport = &transport_fn;
        p.wrmsr = [](void *, uint32_t, uint64_t) {};
        p.outb = [](void *, uint16_t, uint8_t) {};
        p.rdtsc = [](void *) -> uint64_t { return 1000; };
        p.relax = &relax_fn;
        p.map_frame = (h.flags & Header::kMapFrame) ? &map_frame_fn : nullptr;
        p.hypercall_page = (h.flags & Header::kGivePage) ? this : nullptr;
        p.hypercall_page_gpa = 0x123000;
        p.arch = h.arch;
        p.stop = [](void *, uint32_t) {};
        return p;
    }

    void touch(uintptr_t addr, size_t n) {
        const auto *b = reinterpret_cast<const volatile uint8_t *>(addr);
        for (size_t i = 0; i < n; ++i)
            reads += b[i];
    }

    static void cpuid_fn(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t r[4]) {
        static_cast<StreamXen *>(ctx)->answers->cpuid(leaf, subleaf, r);
    }

    static long call_fn(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3,
                        uintptr_t, uintptr_t) {
        auto *x = static_cast<StreamXen *>(cookie);
        // The guest's inputs must be readable in full.
        if (nr == XSHIM_HC_console_io && a1 == XSHIM_CONSOLEIO_write)
            x->touch(a3, a2);
        else if (nr == XSHIM_HC_sched_op && a1 == XSHIM_SCHEDOP_shutdown)
            x->touch(a2, sizeof(xshim_sched_shutdown));
        else if (nr == XSHIM_HC_event_channel_op && a1 == XSHIM_EVTCHNOP_send)
            x->touch(a2, sizeof(struct xshim_evtchn_send));
        else if (nr == XSHIM_HC_event_channel_op_compat)
            x->touch(a1, sizeof(xshim_evtchn_op_compat));
        return x->answers->hypercall(nr, a1, a2, a3);
    }

    static xshim_transport_fn transport_fn(void *ctx, uint32_t kind) {
        auto *x = static_cast<StreamXen *>(ctx);
        return kind < 8 && (x->h.transports & (1u << kind)) ? &call_fn : nullptr;
    }

    static void relax_fn(void *ctx) {
        auto *x = static_cast<StreamXen *>(ctx);
        if (x->ring == nullptr)
            return;
        if (x->stall > 0) {
            --x->stall;
            return;
        }
        // The console daemon drains whatever the guest produced.
        __atomic_store_n(&x->ring->out_cons, __atomic_load_n(&x->ring->out_prod, __ATOMIC_ACQUIRE),
                         __ATOMIC_RELEASE);
    }

    static void *map_frame_fn(void *ctx, uint64_t) {
        auto *x = static_cast<StreamXen *>(ctx);
        const RingState r = x->answers->ring();
        if (!r.present)
            return nullptr;
        if (x->ring == nullptr)
            x->ring = new xshim_xencons_interface{};
        x->ring->out_cons = r.out_cons;
        x->ring->out_prod = r.out_prod;
        x->stall = r.stall;
        return x->ring;
    }
};

} // namespace fuzz
