// shim/runtime/hypercall_word.hpp: a hypercall argument as the register word a bound transport
// loads (shim/arch/<arch>/transport.hpp). Xen's hypercall arguments are register-wide
// (`unsigned long`, or a guest pointer): a pointer becomes its address, an integer is converted
// to the word (a 64-bit value on a 32-bit build keeps its low half, as a C call through
// Xen's prototypes would), nullptr becomes 0.
#pragma once

#include <stdint.h>

namespace xshim {

template <typename T> inline uintptr_t hypercall_word(T *v) {
    return reinterpret_cast<uintptr_t>(v);
}
template <typename T> inline uintptr_t hypercall_word(T v) { return static_cast<uintptr_t>(v); }
inline uintptr_t hypercall_word(decltype(nullptr)) { return 0; }

} // namespace xshim
