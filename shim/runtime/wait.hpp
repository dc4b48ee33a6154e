// shim/runtime/wait.hpp: the bound on one wait for the other side (a console daemon, a backend,
// Xen): the platform's wait_rounds relax() rounds, or XSHIM_WAIT_ROUNDS_DEFAULT when it is 0.
#pragma once

#include <xshim.h>

namespace xshim {

inline uint32_t wait_rounds(const xshim_platform &p) {
    return p.wait_rounds != 0 ? p.wait_rounds : XSHIM_WAIT_ROUNDS_DEFAULT;
}

} // namespace xshim
