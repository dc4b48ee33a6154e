// shim/arch/aarch64/tables.cpp: the adapter tables of an aarch64 library: its own entries and the
// Arm ones it shares with arm32 (the device-tree handoff).
// The scans over them are generic (shim/select/); the checks are the ones every table must pass
// (shim/select/entries.hpp).
#include "shim/arch/aarch64/entries.hpp"

namespace xshim {
namespace {

constexpr auto kHypercall = join(arch_aarch64::hypercall_entries);
constexpr auto kSharedInfo = join(arch_aarch64::shared_info_entries);
constexpr auto kStartInfo = join(arch_arm::start_info_entries);
} // namespace
} // namespace xshim

XSHIM_ADAPTER_TABLES(kHypercall, kSharedInfo, kStartInfo)
