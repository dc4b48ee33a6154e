// shim/report/verdict_line.hpp: the one line a verdict prints. A refusal names both sides: what the
// hypervisor is (as probed) and what this kernel needs (from its policy).
#pragma once

#include <xshim.h>

namespace xshim {

void format_verdict_line(xshim_verdict *verdict);

// "pv64", "pvh64", "arm64", ...: guest type and width in one word.
const char *guest_name(uint32_t guest_type, uint32_t arch);

} // namespace xshim
