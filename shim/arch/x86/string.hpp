// shim/arch/x86/string.hpp: bulk zeroing for both x86 widths. `rep stos` stores a whole run of
// words in one instruction (the fast-strings microcode of every x86 since the P6 does it in
// cache-line steps), what a kernel's own memset does; the generic loop in shim/lib/text.cpp
// does it word by word elsewhere. `cld` first: nothing here relies on the caller's DF.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace xshim::arch {

// Zero `words` machine words (uintptr_t) at p, which is word-aligned.
inline void zero_words(void *p, size_t words) {
#if defined(__x86_64__)
    asm volatile("cld; rep stosq" : "+D"(p), "+c"(words) : "a"(uintptr_t{0}) : "memory", "cc");
#else
    asm volatile("cld; rep stosl" : "+D"(p), "+c"(words) : "a"(uintptr_t{0}) : "memory", "cc");
#endif
}

} // namespace xshim::arch
