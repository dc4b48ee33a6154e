// guest-boot/support.cpp: the four memory functions a freestanding C++ compiler may emit calls
// to, as any kernel provides them. Simple byte loops: the guests copy a few hundred bytes.
#include <stddef.h>

extern "C" {

void *memset(void *d, int c, size_t n) {
    unsigned char *p = static_cast<unsigned char *>(d);
    while (n-- != 0)
        *p++ = static_cast<unsigned char>(c);
    return d;
}

void *memcpy(void *d, const void *s, size_t n) {
    unsigned char *p = static_cast<unsigned char *>(d);
    const unsigned char *q = static_cast<const unsigned char *>(s);
    while (n-- != 0)
        *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *s, size_t n) {
    unsigned char *p = static_cast<unsigned char *>(d);
    const unsigned char *q = static_cast<const unsigned char *>(s);
    if (p < q) {
        while (n-- != 0)
            *p++ = *q++;
    } else {
        while (n-- != 0)
            p[n] = q[n];
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *p = static_cast<const unsigned char *>(a);
    const unsigned char *q = static_cast<const unsigned char *>(b);
    for (; n != 0; --n, ++p, ++q)
        if (*p != *q)
            return *p - *q;
    return 0;
}

} // extern "C"
