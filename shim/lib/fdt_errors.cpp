// shim/lib/fdt_errors.cpp: the FDT reader's error names, apart from the reader itself so that the
// verdict line of a library without the reader (x86: no fdt start_info entry) does not pull it in.
#include "shim/lib/fdt.hpp"

namespace xshim::fdt {
namespace {

#define XSHIM_FDT_ERROR_NAME_(name, value, text) text,
#define XSHIM_FDT_ERROR_VALUE_(name, value, text) value,
constexpr const char *kErrorNames[] = {XSHIM_FDT_ERRORS(XSHIM_FDT_ERROR_NAME_)};
constexpr int kErrorValues[] = {XSHIM_FDT_ERRORS(XSHIM_FDT_ERROR_VALUE_)};
#undef XSHIM_FDT_ERROR_NAME_
#undef XSHIM_FDT_ERROR_VALUE_
constexpr int kErrors = static_cast<int>(sizeof kErrorValues / sizeof kErrorValues[0]);

// The name of error e is kErrorNames[-e], so the list must run 0, -1, -2, ...
constexpr bool counts_down() {
    for (int i = 0; i < kErrors; ++i)
        if (kErrorValues[i] != -i)
            return false;
    return true;
}
static_assert(counts_down(), "XSHIM_FDT_ERRORS must count down from 0 without gaps");

} // namespace

const char *error_name(int error) {
    if (error > 0 || error <= -kErrors)
        return "unknown";
    return kErrorNames[-error];
}

} // namespace xshim::fdt
