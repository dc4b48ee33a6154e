// shim/arch/string.hpp: the architecture's bulk zeroing, arch::zero_words(p, words), for
// shim/lib/text.cpp's zero_bytes (the verdict, the 1 KiB capabilities answer).
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include "shim/arch/x86/string.hpp"
#elif defined(__aarch64__)
#include "shim/arch/aarch64/string.hpp"
#else
#error "xshim: no shim/arch/<arch>/string.hpp for this architecture"
#endif
