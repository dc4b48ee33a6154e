// shim/arch/i386/tables.cpp: the adapter tables of an i386 library: its own entries and the
// x86 ones it shares with x86_64 (PVH).
// The scans over them are generic (shim/select/); the checks are the ones every table must pass
// (shim/select/entries.hpp).
#include "shim/arch/i386/entries.hpp"
#include "shim/arch/x86/entries.hpp"

namespace xshim {
namespace {

constexpr auto kHypercall = join(arch_i386::hypercall_entries);
constexpr auto kSharedInfo = join(arch_i386::shared_info_entries);
constexpr auto kStartInfo = join(arch_i386::start_info_entries, arch_x86::start_info_entries);
} // namespace
} // namespace xshim

XSHIM_ADAPTER_TABLES(kHypercall, kSharedInfo, kStartInfo)
