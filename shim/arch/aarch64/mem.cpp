// shim/arch/aarch64/mem.cpp: memset and memcpy, weak. clang emits calls to them for aggregate
// initialisation and copies even under -ffreestanding -fno-builtin (GCC, which builds the x86
// archives, inlines the same code), so without these the aarch64 archive would need symbols from
// outside itself. Weak: a kernel's own (strong) definitions take precedence at link time.
// Byte loops: the shim copies a few hundred bytes at most, and a byte access is never unaligned
// (the MMU may be off, where every access is to Device memory).
#include <stddef.h>

extern "C" {

__attribute__((weak)) void *memset(void *d, int c, size_t n) {
    unsigned char *p = static_cast<unsigned char *>(d);
    for (size_t i = 0; i < n; ++i)
        p[i] = static_cast<unsigned char>(c);
    return d;
}

__attribute__((weak)) void *memcpy(void *d, const void *s, size_t n) {
    unsigned char *p = static_cast<unsigned char *>(d);
    const unsigned char *q = static_cast<const unsigned char *>(s);
    for (size_t i = 0; i < n; ++i)
        p[i] = q[i];
    return d;
}

} // extern "C"
