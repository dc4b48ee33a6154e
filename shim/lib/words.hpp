// shim/lib/words.hpp: text handled eight bytes at a time, for the probe's few strings from the
// hypervisor (capability tokens, the start_info magic). Every architecture the library builds for
// is little-endian, so byte i of a word is bits 8i..8i+7. No libgcc helper is needed: no 64-bit
// count-trailing-zeros (__ctzdi2 on i386), no division.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace xshim::words {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "byte i of a word is bits 8i..8i+7");

constexpr uint64_t byte_at(const char *p, unsigned i) {
    return static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
}
// Eight bytes as one word; written out so it is constexpr and GCC merges it into one load.
constexpr uint64_t load8(const char *p) {
    return byte_at(p, 0) | byte_at(p, 1) | byte_at(p, 2) | byte_at(p, 3) | byte_at(p, 4) |
           byte_at(p, 5) | byte_at(p, 6) | byte_at(p, 7);
}
inline void store8(char *p, uint64_t w) { __builtin_memcpy(p, &w, sizeof w); }

constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
// Nonzero iff w has a zero byte; its lowest set bit is bit 7 of the first zero byte (bits above
// it may be false marks, so only the lowest is used).
constexpr uint64_t zero_byte_marks(uint64_t w) { return (w - kOnes) & ~w & kHighs; }
// The index of the byte whose bit 7 is the lowest set bit of marks (marks != 0), from 32-bit
// halves: a 64-bit ctz is a libgcc call on i386.
inline uint32_t first_marked_byte(uint64_t marks) {
    const uint32_t lo = static_cast<uint32_t>(marks);
    const uint32_t bit =
        lo != 0 ? static_cast<uint32_t>(__builtin_ctz(lo))
                : 32 + static_cast<uint32_t>(__builtin_ctz(static_cast<uint32_t>(marks >> 32)));
    return bit / 8;
}
// w with every byte from its first zero byte on cleared (marks = zero_byte_marks(w) != 0): the
// bits below the mark are the bytes before the zero byte and that byte's own low bits, all zero.
constexpr uint64_t keep_before_zero(uint64_t w, uint64_t marks) {
    return w & ((marks & (~marks + 1)) - 1);
}

// The first byte at or after i (below len) that is zero under keep (b & keep == 0), or len: a
// word a step while eight bytes remain, then byte by byte. keep 0xff finds a NUL; keep 0xdf a
// NUL or a space (0x20 is the only other byte with no bit outside 0x20).
inline size_t first_zero_under(const char *text, size_t i, size_t len, uint8_t keep) {
    const uint64_t keep8 = kOnes * keep;
    for (; i + 8 <= len; i += 8)
        if (const uint64_t marks = zero_byte_marks(load8(text + i) & keep8))
            return i + first_marked_byte(marks);
    while (i < len && (static_cast<uint8_t>(text[i]) & keep) != 0)
        ++i;
    return i;
}

} // namespace xshim::words
