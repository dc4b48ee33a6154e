// shim/time.cpp: Xen's pvclock formula (xen/xen.h, struct vcpu_time_info):
//
//   ns = system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32
//
// with a negative tsc_shift meaning a right shift. The product is 64 x 32 -> 96 bits; it is
// composed from two 32 x 32 -> 64 multiplies so that the i386 build needs no libgcc helper
// (__muldi3, __udivdi3, ...) and no 128-bit type: with delta = hi * 2^32 + lo,
//   (delta * mul) >> 32 = hi * mul + ((lo * mul) >> 32)
// exactly, and the sum fits in 64 bits ((2^32 - 1)^2 + 2^32 - 1 < 2^64).
#include <xshim.h>

#include <stdint.h>

namespace {

uint64_t mul_u64_u32_shr32(uint64_t a, uint32_t mul)
{
    const uint32_t lo = static_cast<uint32_t>(a);
    const uint32_t hi = static_cast<uint32_t>(a >> 32);
    const uint64_t lo_product = static_cast<uint64_t>(lo) * mul;
    const uint64_t hi_product = static_cast<uint64_t>(hi) * mul;
    return hi_product + (lo_product >> 32);
}

// tsc_shift comes from the hypervisor as an int8_t; Xen keeps it within about +-32, but a shift
// by 64 or more is undefined in C++, so anything that would shift every bit out yields 0.
uint64_t scale_shift(uint64_t delta, int8_t shift)
{
    if (shift >= 0)
        return shift >= 64 ? 0 : delta << shift;
    const int right = -static_cast<int>(shift);
    return right >= 64 ? 0 : delta >> right;
}

} // namespace

extern "C" uint64_t xshim_time_ns(const xshim_time_snapshot *snap, uint64_t tsc)
{
    if (snap == nullptr)
        return 0;
    const uint64_t delta = scale_shift(tsc - snap->tsc_timestamp, snap->tsc_shift);
    return snap->system_time + mul_u64_u32_shr32(delta, snap->tsc_to_system_mul);
}
