// tests/unit/test_time.cpp: xshim_time_ns, the pvclock formula (shim/runtime/time.cpp).
// Expected values were computed with Python's unbounded integers (the formula, wrapped to 64
// bits); on -m64 a second reference with unsigned __int128 checks a sweep of inputs as well.
#include <doctest/doctest.h>

#include <xshim.h>

#include <stdint.h>

namespace {

struct Case {
    uint64_t tsc_timestamp, system_time;
    uint32_t mul;
    int8_t shift;
    uint64_t tsc, expected_ns;
};

// Precomputed: python3, ns = (st + ((shifted(tsc - ts) * mul) >> 32)) mod 2^64.
constexpr Case cases[] = {
    // mul 0.5, no shift: a 2 GHz TSC; 2,000,000 ticks = 1 ms.
    {0x3e8ull, 0x12a05f200ull, 0x80000000u, 0, 0x1e8868ull, 0x12a153440ull},
    // negative shift: a 3 GHz TSC as Xen scales it (shift -1, mul 2/3).
    {0x123456789aull, 0x11ed8ec200ull, 0xaaaaaaabu, -1, 0x12e726d69aull, 0x1229298c00ull},
    // positive shift: a slow TSC.
    {0x10ull, 0x1ull, 0xd1b71759u, 2, 0x10000000full, 0x346dc5d61ull},
    // largest delta and largest mul: the 96-bit product's top bits matter.
    {0x0ull, 0x0ull, 0xffffffffu, 0, 0xffffffffffffffffull, 0xfffffffeffffffffull},
    // tsc behind tsc_timestamp: the delta wraps, as the unsigned formula says.
    {0x5ull, 0x75bcd15ull, 0xffffffffu, -3, 0x4ull, 0x1fffffffe75bcd14ull},
    // large everything, shift 1 (the shift drops the delta's top bit).
    {0x123456789abcdefull, 0x7000000000000000ull, 0x9abcdef1u, 1, 0xfedcba9876543210ull,
     0x7fca45d5b05b05cull},
    // shifts that move every bit out are defined as delta 0 (no undefined shift).
    {0x64ull, 0x2aull, 0x12345678u, 64, 0xc8ull, 0x2aull},
    {0x64ull, 0x2aull, 0x12345678u, -64, 0xc8ull, 0x2aull},
    {0x64ull, 0x2aull, 0x12345678u, -128, 0xc8ull, 0x2aull},
    {0x64ull, 0x2aull, 0x12345678u, 127, 0xc8ull, 0x2aull},
};

xshim_time_snapshot snap_of(const Case &c) {
    xshim_time_snapshot s{};
    s.tsc_timestamp = c.tsc_timestamp;
    s.system_time = c.system_time;
    s.tsc_to_system_mul = c.mul;
    s.tsc_shift = c.shift;
    return s;
}

} // namespace

TEST_CASE("time: pvclock against precomputed constants (both widths)") {
    for (const Case &c : cases) {
        const xshim_time_snapshot s = snap_of(c);
        CAPTURE(c.shift);
        CAPTURE(c.tsc);
        CHECK(xshim_time_ns(&s, c.tsc) == c.expected_ns);
    }
}

TEST_CASE("time: delta 0 gives system_time; NULL snapshot gives 0") {
    xshim_time_snapshot s{};
    s.tsc_timestamp = 123456;
    s.system_time = 987654321;
    s.tsc_to_system_mul = 0xffffffffu;
    s.tsc_shift = 5;
    CHECK(xshim_time_ns(&s, 123456) == 987654321u);
    CHECK(xshim_time_ns(nullptr, 1) == 0);
}

#ifdef __SIZEOF_INT128__
TEST_CASE("time: pvclock against a 128-bit reference (-m64)") {
    uint64_t x = 0x9e3779b97f4a7c15ull; // xorshift64 state
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    for (int i = 0; i < 20000; ++i) {
        xshim_time_snapshot s{};
        s.tsc_timestamp = next();
        s.system_time = next();
        s.tsc_to_system_mul = static_cast<uint32_t>(next());
        s.tsc_shift = static_cast<int8_t>(static_cast<int>(next() % 80) - 40);
        const uint64_t tsc = (i & 1) ? next() : s.tsc_timestamp + (next() >> (next() % 64));
        uint64_t delta = tsc - s.tsc_timestamp;
        if (s.tsc_shift >= 0)
            delta = s.tsc_shift >= 64 ? 0 : delta << s.tsc_shift;
        else
            delta = -s.tsc_shift >= 64 ? 0 : delta >> -s.tsc_shift;
        const unsigned __int128 product =
            static_cast<unsigned __int128>(delta) * s.tsc_to_system_mul;
        const uint64_t expected = s.system_time + static_cast<uint64_t>(product >> 32);
        REQUIRE(xshim_time_ns(&s, tsc) == expected);
    }
}
#endif
