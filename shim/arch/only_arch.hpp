// shim/arch/only_arch.hpp: which architectures' adapters a build carries.
//
// XSHIM_ONLY_ARCH (a number: enum xshim_arch's value) is set by the freestanding library builds
// (mk/flags.mk ARCH_x86_64 / ARCH_i386, mk/aarch64.mk): a kernel of one architecture can only
// ever select its own layouts and boot protocols, so the other architectures' code is left out
// of its archive. Hosted builds (unit tests, tools, fuzzers) leave it undefined and keep every
// entry. Use in #if: XSHIM_KEEP_ARCH(1) for x86_64, 2 x86_32, 3 arm64, 4 arm32
// (static_asserts in the users tie the numbers to the enum).
#pragma once

#ifdef XSHIM_ONLY_ARCH
#define XSHIM_KEEP_ARCH(a) (XSHIM_ONLY_ARCH == (a))
#else
#define XSHIM_KEEP_ARCH(a) 1
#endif

// The device-tree handoff (Arm only): the FDT reader and its start_info adapter.
#define XSHIM_KEEP_FDT (XSHIM_KEEP_ARCH(3) || XSHIM_KEEP_ARCH(4))

// The PV start_info layouts (x86 only).
#define XSHIM_KEEP_PV (XSHIM_KEEP_ARCH(1) || XSHIM_KEEP_ARCH(2))
