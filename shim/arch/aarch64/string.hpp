// shim/arch/aarch64/string.hpp: bulk zeroing as word stores, sixteen a loop step (one `stp xzr`
// pair per two words once GCC pairs them). The volatile word pointer keeps the compiler from
// turning the loop into a memset call: the library links against nothing.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace xshim::arch {

// Zero `words` machine words (uintptr_t) at p, which is word-aligned.
inline void zero_words(void *p, size_t words) {
    using Word = uintptr_t __attribute__((may_alias));
    auto *w = static_cast<volatile Word *>(p);
    constexpr size_t kStep = 16;
    size_t i = 0;
    for (; i + kStep <= words; i += kStep, w += kStep) {
#pragma GCC unroll 16
        for (size_t k = 0; k < kStep; ++k)
            w[k] = 0;
    }
    for (; i < words; ++i)
        *w++ = 0;
}

} // namespace xshim::arch
