// shim/arch/x86_64/bind.hpp: what a 64-bit x86 kernel's hot code can be bound to
// (shim/runtime/dispatch.hpp): this architecture's shared_info layouts, the same instantiations
// its adapter table holds (entries.hpp), and its hypercall transports (transport.hpp).
//
//   xshim::dispatch<xshim::arch_x86_64::Layouts, xshim::arch_x86_64::Transports>(sel, f)
//
// A kernel that names its hypercall page at link time lists PageAt<its page> instead of Page,
// and gets Linux's `call hypercall_page + nr * 32` (docs/dispatch.md).
#pragma once

#include "shim/arch/x86_64/entries.hpp"
#include "shim/arch/x86_64/transport.hpp"
#include "shim/runtime/dispatch.hpp"

namespace xshim::arch_x86_64 {

using Layouts = TypeList<Old, Hi>;
using Transports = TypeList<Syscall, Vmcall, Vmmcall, Page>;
template <const unsigned char *PageAddr>
using TransportsWithPageAt = TypeList<Syscall, Vmcall, Vmmcall, PageAt<PageAddr>>;

static_assert(binds_every_layout(Layouts{}, shared_info_entries),
              "Layouts lists every shared_info layout the x86_64 table can select");
static_assert(binds_every_transport(Transports{}, hypercall_entries),
              "Transports lists every transport the x86_64 table can select");

} // namespace xshim::arch_x86_64
