// shim/arch/i386/bind.hpp: what a 32-bit x86 kernel's hot code can be bound to
// (shim/runtime/dispatch.hpp): this architecture's shared_info layouts, the same instantiations
// its adapter table holds (entries.hpp: 32-bit event-channel words, wc_sec_hi inside arch from
// 4.6), and its hypercall transports (transport.hpp).
//
//   xshim::dispatch<xshim::arch_i386::Layouts, xshim::arch_i386::Transports>(sel, f)
//
// A kernel that names its hypercall page at link time lists PageAt<its page> instead of Page.
// The time read is the same pvclock formula as on x86_64 (shim/runtime/pvclock.hpp), composed
// from 32 x 32 -> 64 multiplies: no 64-bit division, so no __udivdi3 from libgcc.
#pragma once

#include "shim/arch/i386/entries.hpp"
#include "shim/arch/i386/transport.hpp"
#include "shim/runtime/dispatch.hpp"

namespace xshim::arch_i386 {

using Layouts = TypeList<Old, Hi>;
using Transports = TypeList<Int82, Vmcall, Vmmcall, Page>;
template <const unsigned char *PageAddr>
using TransportsWithPageAt = TypeList<Int82, Vmcall, Vmmcall, PageAt<PageAddr>>;

static_assert(binds_every_layout(Layouts{}, shared_info_entries),
              "Layouts lists every shared_info layout the i386 table can select");
static_assert(binds_every_transport(Transports{}, hypercall_entries),
              "Transports lists every transport the i386 table can select");

} // namespace xshim::arch_i386
