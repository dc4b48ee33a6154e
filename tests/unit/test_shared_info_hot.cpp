// tests/unit/test_shared_info_hot.cpp: the compile-time-bound hot path (SharedInfoOps::hot_*,
// shim/runtime/shared_info_ops.hpp) gives what the checked adapter functions give on the same page:
// the time in ns (vs vcpu_time + xshim_time_ns), the wallclock, test-and-clear of a pending bit
// with its neighbour kept, the upcall mask (exchange, and save/disable/restore), and false once the time record never settles.
#include <doctest/doctest.h>

#include "abi/shared_info_x86_32.h"
#include "abi/shared_info_x86_64.h"
#include "shim/arch/i386/entries.hpp"
#include "shim/arch/x86_64/entries.hpp"
#include "shim/runtime/shared_info_ops.hpp"

#include <stdint.h>

#include <memory>

namespace {

template <typename Ops, typename Shared> void check_layout() {
    auto s = std::unique_ptr<Shared>(new Shared{});
    auto &t = s->vcpu_info[1].time;
    const int8_t shifts[] = {-40, -3, -1, 0, 1, 5, 40, 127, -128};
    for (const int8_t shift : shifts) {
        t.version = 6;
        t.tsc_timestamp = 0x0123456789abcdefull;
        t.system_time = 987654321012345ull;
        t.tsc_to_system_mul = 0xa3d70a3du;
        t.tsc_shift = shift;
        const uint64_t tsc = 0x0123456789abcdefull + 0x98765432ull;
        xshim_time_snapshot snap{};
        REQUIRE(Ops::vcpu_time(&s->vcpu_info[1], &snap) == XSHIM_S_OK);
        uint64_t ns = 0;
        REQUIRE(Ops::hot_time_ns(&s->vcpu_info[1], tsc, ns));
        CHECK(ns == xshim_time_ns(&snap, tsc));
    }
    t.version = 7; // Xen mid-update for ever: bounded, false, ns untouched
    uint64_t ns = 42;
    CHECK_FALSE(Ops::hot_time_ns(&s->vcpu_info[1], 0, ns));
    CHECK(ns == 42);

    s->wc_version = 2;
    s->wc_sec = 1700000000u;
    s->wc_nsec = 123456789u;
    xshim_wallclock a{}, b{};
    REQUIRE(Ops::wallclock(s.get(), &a) == XSHIM_S_OK);
    REQUIRE(Ops::hot_wallclock(s.get(), b) == XSHIM_S_OK);
    CHECK(a.sec == b.sec);
    CHECK(a.nsec == b.nsec);
    CHECK(b.sec == 1700000000u);

    const uint32_t ports[] = {0, 1, Ops::word_bits - 1, Ops::word_bits, Ops::evtchn_ports - 1};
    for (const uint32_t port : ports) {
        REQUIRE(Ops::evtchn_mask(s.get(), port) == 0); // the mask bitmap is not touched
        s->evtchn_pending[port / Ops::word_bits] = ~decltype(+s->evtchn_pending[0]){0};
        CHECK(Ops::hot_test_and_clear(s.get(), port));
        CHECK_FALSE(Ops::hot_test_and_clear(s.get(), port));
        CHECK(Ops::evtchn_test(s.get(), port) == 0);
        // a neighbour in the same word, set before and still set after
        const uint32_t neighbour =
            port % Ops::word_bits == Ops::word_bits - 1 ? port - 1 : port + 1;
        CHECK(Ops::evtchn_test(s.get(), neighbour) == 1);
        s->evtchn_pending[port / Ops::word_bits] = 0;
        s->evtchn_pending[neighbour / Ops::word_bits] = 0;
        CHECK(Ops::evtchn_unmask(s.get(), port) == 1);
    }

    void *v = &s->vcpu_info[3];
    s->vcpu_info[3].evtchn_upcall_pending = 1;
    CHECK(Ops::hot_upcall_mask(v, 1) == 0);
    CHECK(Ops::upcall_mask(v, 0) == 1);
    CHECK(Ops::hot_upcall_pending(v) == 1);
    CHECK(Ops::hot_upcall_pending(&s->vcpu_info[2]) == 0);
    for (const uint8_t mask : {uint8_t{0}, uint8_t{1}}) {
        s->vcpu_info[3].evtchn_upcall_mask = mask;
        CHECK(Ops::hot_upcall_disable(v) == mask);
        CHECK(s->vcpu_info[3].evtchn_upcall_mask == 1);
        CHECK(s->vcpu_info[2].evtchn_upcall_mask == 0); // another vCPU's is not touched
        Ops::hot_upcall_restore(v, mask);
        CHECK(s->vcpu_info[3].evtchn_upcall_mask == mask);
    }
}

} // namespace

TEST_CASE("shared_info: hot path equals the checked adapter functions (x86_64, x86_32)") {
    check_layout<xshim::SharedInfoOps<xshim_shared_info_x86_64, xshim_vcpu_info_x86_64, uint64_t,
                                      xshim::WcSecHi::generic>,
                 xshim_shared_info_x86_64>();
    check_layout<xshim::SharedInfoOps<xshim_shared_info_x86_32, xshim_vcpu_info_x86_32, uint32_t,
                                      xshim::WcSecHi::in_arch>,
                 xshim_shared_info_x86_32>();
}

TEST_CASE("shared_info: the x86 layouts' own bit operation (lock btr/bts) gives the same") {
    // The instantiations the adapter tables hold (shim/arch/<arch>/entries.hpp), whose event
    // bits go through shim/arch/x86/bitops.hpp; on -m32 the 64-bit words take the 32-bit half.
    check_layout<xshim::arch_x86_64::Hi, xshim_shared_info_x86_64>();
    check_layout<xshim::arch_i386::Hi, xshim_shared_info_x86_32>();
}
