// shim/arch/fake/tables.cpp: the tables of the hosted build (unit tests, tools, fuzzers):
// every architecture's entries, so a host can reason about any guest. An architecture joins its
// lists in the same order as its own tables.cpp; the order between architectures does not
// matter (the scans compare the arch).
// The scans over them are generic (shim/select/); the checks are the ones every table must pass
// (shim/select/entries.hpp).
#include "shim/arch/aarch64/entries.hpp"
#include "shim/arch/arm32/entries.hpp"
#include "shim/arch/i386/entries.hpp"
#include "shim/arch/x86/entries.hpp"
#include "shim/arch/x86_64/entries.hpp"

namespace xshim {
namespace {

constexpr auto kHypercall = join(arch_x86_64::hypercall_entries, arch_i386::hypercall_entries,
                                 arch_aarch64::hypercall_entries);
constexpr auto kSharedInfo =
    join(arch_x86_64::shared_info_entries, arch_i386::shared_info_entries,
         arch_aarch64::shared_info_entries, arch_arm32::shared_info_entries);
constexpr auto kStartInfo = join(arch_x86_64::start_info_entries, arch_i386::start_info_entries,
                                 arch_x86::start_info_entries, arch_arm::start_info_entries);
} // namespace
} // namespace xshim

XSHIM_ADAPTER_TABLES(kHypercall, kSharedInfo, kStartInfo)
