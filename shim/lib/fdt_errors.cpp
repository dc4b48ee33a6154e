// shim/lib/fdt_errors.cpp: the FDT reader's error names, apart from the reader itself so that the
// verdict line of a library without the reader (x86: no fdt start_info entry) does not pull it in.
#include "shim/lib/fdt.hpp"

namespace xshim::fdt {
namespace {

constexpr const char *kErrorNames[] = {
    "ok",           "null-blob",          "truncated",   "bad-magic",   "bad-totalsize",
    "bad-version",  "struct-range",       "strings-range", "bad-token", "unterminated-name",
    "prop-range",   "bad-name-offset",    "too-deep",    "bad-nesting", "no-end",
    "not-found",    "no-property",        "bad-path",
};
static_assert(sizeof kErrorNames / sizeof kErrorNames[0] == 1 - kBadPath);

} // namespace

const char *error_name(int error) {
    if (error > 0 || error < kBadPath)
        return "unknown";
    return kErrorNames[-error];
}

} // namespace xshim::fdt
