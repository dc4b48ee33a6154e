// tests/unit/test_shared_info.cpp: every shared_info adapter (shim/select/shared_info_table.cpp) on
// every layout. The x86_64, x86_32 and Arm layouts are plain memory, so all of them run on the
// host at -m64 and -m32; the test writes the pages as Xen would, through the abi/ structs.
#include <doctest/doctest.h>

#include "abi/shared_info_arm.h"
#include "abi/shared_info_x86_32.h"
#include "abi/shared_info_x86_64.h"
#include "shim/select/tables.hpp"
#include "shim/runtime/shared_info_ops.hpp"

#include <stdint.h>
#include <string.h>

#include <memory>
#include <vector>

namespace {

const xshim_shared_info_adapter *by_name(const char *name) {
    for (const auto &a : xshim::shared_info_adapters)
        if (strcmp(a.name, name) == 0)
            return &a;
    return nullptr;
}

// The table's match rule, as select() applies it: exactly one entry per (arch, release).
std::vector<const xshim_shared_info_adapter *> matching(uint32_t arch, uint32_t release) {
    std::vector<const xshim_shared_info_adapter *> out;
    for (const auto &a : xshim::shared_info_adapters)
        if (a.arch == arch && release >= a.min_release && release <= a.max_release)
            out.push_back(&a);
    return out;
}

template <typename T> std::unique_ptr<T> zeroed() {
    return std::unique_ptr<T>(new T{}); // value-initialised: all zero
}

// Stamp a vcpu_time_info as Xen leaves it after an update.
template <typename Time> void set_time(Time &t, uint32_t version) {
    t.version = version;
    t.tsc_timestamp = 0x0000123456789abcull;
    t.system_time = 0x00000004a817c800ull; // 20 s
    t.tsc_to_system_mul = 0xaaaaaaabu;
    t.tsc_shift = -1;
    t.flags = XSHIM_PVCLOCK_TSC_STABLE_BIT;
}

// The checks every adapter gets, over its own layout S.
template <typename S, typename Word>
void check_adapter(const xshim_shared_info_adapter &a, uint32_t slots, uint32_t ports) {
    const uint32_t word_bits = sizeof(Word) * 8;
    CAPTURE(a.name);
    auto page = zeroed<S>();
    S &s = *page;
    CHECK(a.size == sizeof(S));
    CHECK(a.vcpu_slots == slots);
    CHECK(a.evtchn_ports == ports);

    // vcpu_info: every slot, and NULL from the first one beyond.
    CHECK(a.vcpu_info(&s, 0) == &s.vcpu_info[0]);
    CHECK(a.vcpu_info(&s, slots - 1) == &s.vcpu_info[slots - 1]);
    CHECK(a.vcpu_info(&s, slots) == nullptr);
    CHECK(a.vcpu_info(&s, 0xffffffffu) == nullptr);

    // vcpu_time: even and stable -> the values; odd forever -> TORN after the bounded retries.
    void *v0 = a.vcpu_info(&s, slots - 1);
    set_time(s.vcpu_info[slots - 1].time, 8);
    xshim_time_snapshot snap{};
    REQUIRE(a.vcpu_time(v0, &snap) == XSHIM_S_OK);
    CHECK(snap.tsc_timestamp == 0x0000123456789abcull);
    CHECK(snap.system_time == 0x00000004a817c800ull);
    CHECK(snap.tsc_to_system_mul == 0xaaaaaaabu);
    CHECK(snap.tsc_shift == -1);
    CHECK(snap.flags == XSHIM_PVCLOCK_TSC_STABLE_BIT);
    s.vcpu_info[slots - 1].time.version = 9;
    xshim_time_snapshot untouched{};
    untouched.system_time = 77;
    CHECK(a.vcpu_time(v0, &untouched) == XSHIM_S_TORN);
    CHECK(untouched.system_time == 77); // nothing written on failure

    // wallclock: the same under wc_version.
    s.wc_version = 2;
    s.wc_sec = 0x6553f100u; // 2023-11-14
    s.wc_nsec = 123456789u;
    xshim_wallclock wc{};
    REQUIRE(a.wallclock(&s, &wc) == XSHIM_S_OK);
    CHECK(wc.sec == 0x6553f100u);
    CHECK(wc.nsec == 123456789u);
    CHECK(wc.version == 2);
    s.wc_version = 3;
    CHECK(a.wallclock(&s, &wc) == XSHIM_S_TORN);
    s.wc_version = 4;

    // Event channels: port 0, the last valid port, the first invalid one.
    const uint32_t last = ports - 1;
    const uint32_t last_word = ports / word_bits - 1;
    CHECK(a.evtchn_test(&s, 0) == 0);
    CHECK(a.evtchn_test(&s, last) == 0);
    s.evtchn_pending[last_word] = static_cast<Word>(Word{1} << (word_bits - 1));
    s.evtchn_pending[0] = 1;
    CHECK(a.evtchn_test(&s, last) == 1);
    CHECK(a.evtchn_test(&s, last - 1) == 0);
    CHECK(a.evtchn_test_and_clear(&s, last) == 1);
    CHECK(a.evtchn_test_and_clear(&s, last) == 0);
    CHECK(s.evtchn_pending[last_word] == 0);
    CHECK(a.evtchn_test_and_clear(&s, 0) == 1);
    CHECK(s.evtchn_pending[0] == 0);
    CHECK(a.evtchn_test(&s, ports) == XSHIM_S_RANGE);
    CHECK(a.evtchn_test_and_clear(&s, ports) == XSHIM_S_RANGE);
    CHECK(a.evtchn_mask(&s, ports) == XSHIM_S_RANGE);
    CHECK(a.evtchn_unmask(&s, ports) == XSHIM_S_RANGE);
    CHECK(a.evtchn_test(&s, 0xffffffffu) == XSHIM_S_RANGE);

    CHECK(a.evtchn_mask(&s, last) == 0);
    CHECK(a.evtchn_mask(&s, last) == 1);
    CHECK(s.evtchn_mask[last_word] != 0);
    CHECK(a.evtchn_mask(&s, word_bits) == 0); // first bit of the second word
    CHECK(s.evtchn_mask[1] == 1);
    CHECK(a.evtchn_unmask(&s, last) == 1);
    CHECK(a.evtchn_unmask(&s, last) == 0);
    CHECK(s.evtchn_mask[last_word] == 0);
    CHECK(a.evtchn_unmask(&s, word_bits) == 1);
    for (uint32_t w = 0; w < ports / word_bits; ++w) {
        CHECK(s.evtchn_mask[w] == 0);
        CHECK(s.evtchn_pending[w] == 0);
    }

    // upcall pending is Xen's byte; read as is.
    CHECK(a.upcall_pending(v0) == 0);
    s.vcpu_info[slots - 1].evtchn_upcall_pending = 1;
    CHECK(a.upcall_pending(v0) == 1);
}

template <typename Vcpu> void check_upcall_mask(const xshim_shared_info_adapter &a, Vcpu &v) {
    CAPTURE(a.name);
    REQUIRE((a.upcall_mask != nullptr));
    CHECK(a.upcall_mask(&v, 1) == 0);
    CHECK(v.evtchn_upcall_mask == 1);
    CHECK(a.upcall_mask(&v, 1) == 1);
    CHECK(a.upcall_mask(&v, 0) == 1);
    CHECK(v.evtchn_upcall_mask == 0);
}

} // namespace

TEST_CASE("shared_info: the table has each layout and release span once") {
    const char *names[] = {"x86_64 3.0-4.5", "x86_64 4.6+", "x86_32 3.0-4.5", "x86_32 4.6+",
                           "arm64 4.4-4.5",  "arm64 4.6+",  "arm32 4.4-4.5",  "arm32 4.6+"};
    CHECK(xshim::shared_info_adapters.count == sizeof names / sizeof names[0]);
    for (const char *n : names)
        CHECK_MESSAGE(by_name(n) != nullptr, n);

    struct Want {
        uint32_t arch, release;
        const char *name;
    } wants[] = {
        {XSHIM_ARCH_X86_64, XSHIM_RELEASE(3, 0), "x86_64 3.0-4.5"},
        {XSHIM_ARCH_X86_64, XSHIM_RELEASE(4, 5), "x86_64 3.0-4.5"},
        {XSHIM_ARCH_X86_64, XSHIM_RELEASE(4, 6), "x86_64 4.6+"},
        {XSHIM_ARCH_X86_64, XSHIM_RELEASE(4, 17), "x86_64 4.6+"},
        {XSHIM_ARCH_X86_32, XSHIM_RELEASE(4, 5), "x86_32 3.0-4.5"},
        {XSHIM_ARCH_X86_32, XSHIM_RELEASE(4, 19), "x86_32 4.6+"},
        {XSHIM_ARCH_ARM64, XSHIM_RELEASE(4, 4), "arm64 4.4-4.5"},
        {XSHIM_ARCH_ARM64, XSHIM_RELEASE(4, 20), "arm64 4.6+"},
        {XSHIM_ARCH_ARM32, XSHIM_RELEASE(4, 6), "arm32 4.6+"},
        {XSHIM_ARCH_ARM64, XSHIM_RELEASE(4, 3), nullptr}, // before Arm's stable ABI
        {XSHIM_ARCH_X86_64, XSHIM_RELEASE(2, 0), nullptr},
        {XSHIM_ARCH_UNKNOWN, XSHIM_RELEASE(4, 17), nullptr},
    };
    for (const Want &w : wants) {
        CAPTURE(w.arch);
        CAPTURE(w.release);
        const auto found = matching(w.arch, w.release);
        if (w.name == nullptr) {
            CHECK(found.empty());
        } else {
            REQUIRE(found.size() == 1);
            CHECK(strcmp(found[0]->name, w.name) == 0);
        }
    }
}

TEST_CASE("shared_info: x86_64 adapters") {
    for (const char *n : {"x86_64 3.0-4.5", "x86_64 4.6+"}) {
        const auto *a = by_name(n);
        REQUIRE(a != nullptr);
        check_adapter<xshim_shared_info_x86_64, uint64_t>(*a, 32, 4096);
        auto s = zeroed<xshim_shared_info_x86_64>();
        check_upcall_mask(*a, s->vcpu_info[31]);
    }
    CHECK(by_name("x86_64 3.0-4.5")->has_wc_sec_hi == 0);
    CHECK(by_name("x86_64 4.6+")->has_wc_sec_hi == 1);
}

TEST_CASE("shared_info: x86_32 adapters") {
    for (const char *n : {"x86_32 3.0-4.5", "x86_32 4.6+"}) {
        const auto *a = by_name(n);
        REQUIRE(a != nullptr);
        check_adapter<xshim_shared_info_x86_32, uint32_t>(*a, 32, 1024);
        auto s = zeroed<xshim_shared_info_x86_32>();
        check_upcall_mask(*a, s->vcpu_info[0]);
    }
    CHECK(by_name("x86_32 3.0-4.5")->has_wc_sec_hi == 0);
    CHECK(by_name("x86_32 4.6+")->has_wc_sec_hi == 1);
}

TEST_CASE("shared_info: Arm adapters (arm64 and arm32 share the layout)") {
    for (const char *n : {"arm64 4.4-4.5", "arm64 4.6+", "arm32 4.4-4.5", "arm32 4.6+"}) {
        const auto *a = by_name(n);
        REQUIRE(a != nullptr);
        check_adapter<xshim_shared_info_arm, uint64_t>(*a, 1, 4096);
        // Arm has no PV upcall mask: the adapter says so with NULL, not with a no-op.
        CHECK((a->upcall_mask == nullptr));
    }
}

TEST_CASE("shared_info: wallclock with and without wc_sec_hi") {
    SUBCASE("x86_64: generic wc_sec_hi") {
        auto s = zeroed<xshim_shared_info_x86_64>();
        s->wc_version = 6;
        s->wc_sec = 0x00000010u;
        s->wc_nsec = 5;
        s->wc_sec_hi = 0x1u; // past 2106
        xshim_wallclock wc{};
        REQUIRE(by_name("x86_64 4.6+")->wallclock(s.get(), &wc) == XSHIM_S_OK);
        CHECK(wc.sec == 0x100000010ull);
        // Before 4.6 the slot is padding: ignored whatever it holds.
        REQUIRE(by_name("x86_64 3.0-4.5")->wallclock(s.get(), &wc) == XSHIM_S_OK);
        CHECK(wc.sec == 0x10ull);
    }
    SUBCASE("x86_32: wc_sec_hi inside arch") {
        auto s = zeroed<xshim_shared_info_x86_32>();
        s->wc_version = 2;
        s->wc_sec = 0xfffffff0u;
        s->arch.wc_sec_hi = 0x2u;
        xshim_wallclock wc{};
        REQUIRE(by_name("x86_32 4.6+")->wallclock(s.get(), &wc) == XSHIM_S_OK);
        CHECK(wc.sec == 0x2fffffff0ull);
        REQUIRE(by_name("x86_32 3.0-4.5")->wallclock(s.get(), &wc) == XSHIM_S_OK);
        CHECK(wc.sec == 0xfffffff0ull);
    }
    SUBCASE("Arm: generic wc_sec_hi") {
        auto s = zeroed<xshim_shared_info_arm>();
        s->wc_version = 10;
        s->wc_sec = 7;
        s->wc_sec_hi = 0xffffffffu;
        xshim_wallclock wc{};
        REQUIRE(by_name("arm64 4.6+")->wallclock(s.get(), &wc) == XSHIM_S_OK);
        CHECK(wc.sec == 0xffffffff00000007ull);
        REQUIRE(by_name("arm32 4.4-4.5")->wallclock(s.get(), &wc) == XSHIM_S_OK);
        CHECK(wc.sec == 7ull);
    }
}

TEST_CASE("shared_info: NULL pointers are refused, not dereferenced") {
    for (const auto &a : xshim::shared_info_adapters) {
        CAPTURE(a.name);
        xshim_time_snapshot snap{};
        xshim_wallclock wc{};
        CHECK(a.vcpu_info(nullptr, 0) == nullptr);
        CHECK(a.vcpu_time(nullptr, &snap) == XSHIM_S_EINVAL);
        CHECK(a.wallclock(nullptr, &wc) == XSHIM_S_EINVAL);
        CHECK(a.evtchn_test(nullptr, 0) == XSHIM_S_RANGE);
    }
}

// The retry logic, through the read_versioned seam: a source whose version moves as Xen's would.
namespace {

struct ScriptedSource {
    // versions[i]: what the i-th version read returns (first and again reads interleave).
    const uint32_t *versions;
    uint32_t n;
    uint32_t reads = 0;
    uint32_t copies = 0;
    uint32_t value = 0;  // what the record holds "now"
    uint32_t copied = 0; // what copy() took
    uint32_t next() {
        const uint32_t v = versions[reads < n ? reads : n - 1];
        ++reads;
        value = v * 100; // the record's content follows its version
        return v;
    }
    uint32_t version_first() { return next(); }
    void copy() {
        ++copies;
        copied = value;
    }
    uint32_t version_again() { return next(); }
};

} // namespace

TEST_CASE("shared_info: versioned read settles after one change") {
    // first=2, copy, again=4 (Xen updated meanwhile) -> retry: first=4, copy, again=4 -> OK.
    const uint32_t seq[] = {2, 4, 4, 4};
    ScriptedSource src{seq, 4};
    REQUIRE(xshim::read_versioned(src) == XSHIM_S_OK);
    CHECK(src.copies == 2);
    CHECK(src.copied == 400); // the settled values, not the torn first copy
}

TEST_CASE("shared_info: versioned read skips an odd version without copying") {
    const uint32_t seq[] = {5, 6, 6};
    ScriptedSource src{seq, 3};
    REQUIRE(xshim::read_versioned(src) == XSHIM_S_OK);
    CHECK(src.copies == 1);
    CHECK(src.copied == 600);
}

TEST_CASE("shared_info: versioned read that never settles stops at the bound") {
    SUBCASE("odd forever") {
        const uint32_t seq[] = {7};
        ScriptedSource src{seq, 1};
        CHECK(xshim::read_versioned(src) == XSHIM_S_TORN);
        CHECK(src.reads == XSHIM_TIME_RETRIES + 1);
        CHECK(src.copies == 0);
    }
    SUBCASE("changing on every read") {
        static uint32_t seq[2 * (XSHIM_TIME_RETRIES + 1) + 1];
        for (uint32_t i = 0; i < sizeof seq / sizeof seq[0]; ++i)
            seq[i] = 2 * (i + 1);
        ScriptedSource src{seq, sizeof seq / sizeof seq[0]};
        CHECK(xshim::read_versioned(src) == XSHIM_S_TORN);
        CHECK(src.copies == XSHIM_TIME_RETRIES + 1);
        CHECK(src.reads == 2 * (XSHIM_TIME_RETRIES + 1));
    }
}

TEST_CASE("shared_info: both word-atomics paths (the __sync one is the i386 library's)") {
    using Atomic64 = xshim::detail::WordAtomics<uint64_t, false>;
    using Sync64 = xshim::detail::WordAtomics<uint64_t, true>;
    using Sync32 = xshim::detail::WordAtomics<uint32_t, true>;
    alignas(8) uint64_t w = 0x8000000000000001ull;
    CHECK(Sync64::fetch_and(&w, ~0x8000000000000000ull) == 0x8000000000000001ull);
    CHECK(w == 1);
    CHECK(Sync64::fetch_or(&w, 0x100000000ull) == 1);
    CHECK(Sync64::load(&w) == 0x100000001ull);
    CHECK(Atomic64::fetch_and(&w, 1) == 0x100000001ull);
    CHECK(Atomic64::load(&w) == 1);
    uint32_t h = 0;
    CHECK(Sync32::fetch_or(&h, 0x80000000u) == 0);
    CHECK(Sync32::load(&h) == 0x80000000u);
}
