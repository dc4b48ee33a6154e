// tests/abi/cxx_layouts.cpp: compile-only proof (tests/abi/abi.mk runs it with -fsyntax-only for
// x86_64 and i386, freestanding) that abi/'s layout headers are valid C++20 too, assert blocks
// included. A C++ kernel sees the same sizes: the Arm headers omit the empty arch structs,
// which would be 1 byte in C++ and 0 in GNU C.
#include "abi/console_ring.h"
#include "abi/hvm_start_info.h"
#include "abi/shared_info_arm.h"
#include "abi/shared_info_x86_32.h"
#include "abi/shared_info_x86_64.h"
#include "abi/start_info_x86.h"
#include "abi/vcpu_time_info.h"
#include "abi/xen2.h"

#include <type_traits>

// The layout types must be usable where C++ code reads them from guest memory.
#define XSHIM_CXX_STANDARD_LAYOUT(T, field, offset, since)                                         \
    static_assert(std::is_standard_layout_v<struct xshim_##T> &&                                   \
                      std::is_trivially_copyable_v<struct xshim_##T>,                              \
                  "xshim ABI: " #T " must be standard-layout and trivially copyable");

XSHIM_LAYOUT_vcpu_time_info(XSHIM_CXX_STANDARD_LAYOUT, vcpu_time_info)
    XSHIM_LAYOUT_shared_info_x86_64(XSHIM_CXX_STANDARD_LAYOUT, shared_info_x86_64)
        XSHIM_LAYOUT_shared_info_x86_32(XSHIM_CXX_STANDARD_LAYOUT, shared_info_x86_32)
            XSHIM_LAYOUT_shared_info_arm(XSHIM_CXX_STANDARD_LAYOUT, shared_info_arm)
                XSHIM_LAYOUT_start_info_x86_64(XSHIM_CXX_STANDARD_LAYOUT, start_info_x86_64)
                    XSHIM_LAYOUT_start_info_x86_32(XSHIM_CXX_STANDARD_LAYOUT, start_info_x86_32)
                        XSHIM_LAYOUT_hvm_start_info(XSHIM_CXX_STANDARD_LAYOUT, hvm_start_info)
                            XSHIM_LAYOUT_xencons_interface(XSHIM_CXX_STANDARD_LAYOUT,
                                                           xencons_interface)
                                XSHIM_LAYOUT_xen2_start_info_x86_32(XSHIM_CXX_STANDARD_LAYOUT,
                                                                    xen2_start_info_x86_32)

    // Widths are pinned: the same alignment in C++ at either width.
    static_assert(alignof(struct xshim_vcpu_time_info) == 4, "vcpu_time_info is pinned at 4");
static_assert(alignof(struct xshim_shared_info_x86_64) == 8, "x86_64 shared_info: 8");
static_assert(alignof(struct xshim_shared_info_x86_32) == 4, "x86_32 shared_info: pack(4)");
static_assert(alignof(struct xshim_hvm_start_info) == 8, "hvm_start_info is pinned at 8");
