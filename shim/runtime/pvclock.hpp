// shim/runtime/pvclock.hpp: Xen's pvclock formula (xen/xen.h, struct vcpu_time_info), inline so the
// compile-time-bound hot path (SharedInfoOps::hot_time_ns) and xshim_time_ns share one copy:
//
//   ns = system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32
//
// with a negative tsc_shift meaning a right shift. The product is 64 x 32 -> 96 bits. Where the
// compiler has a 128-bit integer type (x86_64, aarch64) the widening multiply is one `mul` /
// `umulh` pair, inline, with no libgcc helper (both operands are 64-bit: no __multi3). Elsewhere
// (the i386 build) it is composed from two 32 x 32 -> 64 multiplies: with
// delta = hi * 2^32 + lo,
//   (delta * mul) >> 32 = hi * mul + ((lo * mul) >> 32)
// exactly, and the sum fits in 64 bits ((2^32 - 1)^2 + 2^32 - 1 < 2^64). Both give the same
// answer for every input (tests/unit/test_time.cpp runs both builds).
#pragma once

#include <stdint.h>

namespace xshim {

inline uint64_t mul_u64_u32_shr32(uint64_t a, uint32_t mul) {
#ifdef __SIZEOF_INT128__ // a compiler capability, not an architecture
    return static_cast<uint64_t>((static_cast<unsigned __int128>(a) * mul) >> 32);
#else
    const uint32_t lo = static_cast<uint32_t>(a);
    const uint32_t hi = static_cast<uint32_t>(a >> 32);
    const uint64_t lo_product = static_cast<uint64_t>(lo) * mul;
    const uint64_t hi_product = static_cast<uint64_t>(hi) * mul;
    return hi_product + (lo_product >> 32);
#endif
}

// tsc_shift comes from the hypervisor as an int8_t; Xen keeps it within about +-32, but a shift
// by 64 or more is undefined in C++, so anything that would shift every bit out yields 0.
inline uint64_t pvclock_shift(uint64_t delta, int8_t shift) {
    const uint32_t count = shift < 0 ? static_cast<uint32_t>(-shift) : static_cast<uint32_t>(shift);
    const uint64_t kept = count >= 64 ? 0 : delta; // select, no branch
    const uint32_t bits = count & 63u;
    return shift < 0 ? kept >> bits : kept << bits;
}

inline uint64_t pvclock_ns(uint64_t system_time, uint64_t tsc_timestamp, uint32_t mul, int8_t shift,
                           uint64_t tsc) {
    return system_time + mul_u64_u32_shr32(pvclock_shift(tsc - tsc_timestamp, shift), mul);
}

} // namespace xshim
