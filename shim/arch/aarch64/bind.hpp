// shim/arch/aarch64/bind.hpp: what a 64-bit Arm kernel's hot code can be bound to
// (shim/runtime/dispatch.hpp): the Arm shared_info layouts, the same instantiations its adapter
// table holds (entries.hpp, shim/arch/arm/entries.hpp), and its one hypercall transport
// (transport.hpp: `hvc #0xEA1`).
//
//   xshim::dispatch<xshim::arch_aarch64::Layouts, xshim::arch_aarch64::Transports>(sel, f)
//
// Event-channel bits are changed by detail::WordBitOps (__atomic on the 64-bit word: an LL/SC
// loop, or one LDCLRAL/LDSETAL with LSE), as Linux's arm64 sync_test_and_clear_bit does; Arm has
// no bit-string instruction that would do better. Xen on Arm keeps no vcpu_time_info
// (tsc_to_system_mul stays 0: xen/arch/arm/time.c), so a bound time_ns() there reads the record
// as it is; an Arm kernel's clock is the generic timer.
#pragma once

#include "shim/arch/aarch64/entries.hpp"
#include "shim/arch/aarch64/transport.hpp"
#include "shim/runtime/dispatch.hpp"

namespace xshim::arch_aarch64 {

using Layouts = TypeList<arch_arm::Old, arch_arm::Hi>;
using Transports = TypeList<Hvc>;

static_assert(binds_every_layout(Layouts{}, shared_info_entries),
              "Layouts lists every shared_info layout the aarch64 table can select");
static_assert(binds_every_transport(Transports{}, hypercall_entries),
              "Transports lists every transport the aarch64 table can select");

} // namespace xshim::arch_aarch64
