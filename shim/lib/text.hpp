// shim/lib/text.hpp: bounded text for a freestanding library: no libc, no heap, no 64-bit division
// (the i386 build must not pull __udivdi3 from libgcc). Every write is clipped to the buffer.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace xshim {

// Length of s, reading at most max bytes (strnlen).
constexpr size_t bounded_len(const char *s, size_t max) {
    size_t n = 0;
    while (n < max && s[n] != '\0')
        ++n;
    return n;
}

constexpr bool starts_with(const char *s, size_t len, const char *prefix) {
    size_t i = 0;
    for (; prefix[i] != '\0'; ++i)
        if (i >= len || s[i] != prefix[i])
            return false;
    return true;
}

constexpr bool same(const char *a, size_t alen, const char *b) {
    return bounded_len(b, alen + 1) == alen && starts_with(a, alen, b);
}

// A name table made from an X-macro list is indexed by value, so the list's values must run
// 0, 1, 2, ... in list order: static_assert(runs_from_zero(values)) where the table is made.
template <size_t N> constexpr bool runs_from_zero(const uint32_t (&values)[N]) {
    for (size_t i = 0; i < N; ++i)
        if (values[i] != i)
            return false;
    return true;
}

// Zero or copy bytes without calling memset/memcpy (the library must need nothing outside).
void zero_bytes(void *p, size_t n);
void copy_bytes(void *dst, const void *src, size_t n);

// A plain unsigned decimal: digits only (no sign, space or NUL), at least one, at most max.
// range as soon as the digits read so far exceed max (or 64 bits), even if a non-digit follows.
// No division, so the i386 build needs no libgcc helper.
enum class Decimal { ok, malformed, range };
Decimal parse_decimal(const char *s, size_t len, uint64_t max, uint64_t *out);

// Decimal digits of v into out (at least 21 bytes); returns the count. Subtraction of powers of
// ten, so no division helper is needed on 32-bit targets.
size_t format_dec(uint64_t v, char *out);

// Builds one NUL-terminated line in a caller's buffer; writes past the end are dropped and
// remembered (truncated()), never overflow.
class Writer {
  public:
    Writer(char *buf, size_t cap) : buf_(buf), cap_(cap) { terminate(); }

    Writer &str(const char *s);
    Writer &chars(const char *s, size_t n);
    // Bytes outside printable ASCII are written as '?', so hostile text cannot steer a console.
    Writer &printable(const char *s, size_t n);
    Writer &ch(char c) { return chars(&c, 1); }
    Writer &dec(uint64_t v);
    Writer &hex(uint64_t v, unsigned digits); // "0x" then exactly `digits` digits
    Writer &release(uint32_t rel);            // "4.17"

    size_t len() const { return len_; }
    bool truncated() const { return truncated_; }
    const char *c_str() const { return buf_; }

  private:
    void terminate() {
        if (cap_ != 0)
            buf_[len_ < cap_ ? len_ : cap_ - 1] = '\0';
    }
    char *buf_;
    size_t cap_;
    size_t len_ = 0;
    bool truncated_ = false;
};

// Copy n bytes of untrusted text into a NUL-terminated field of cap bytes, printable only (what
// Writer::printable writes into an empty line, without the Writer).
void store_printable(char *field, size_t cap, const char *text, size_t n);

// The same for untrusted text up to its NUL, reading at most max bytes:
// store_printable(field, cap, text, bounded_len(text, max)) in one pass.
void store_printable_z(char *field, size_t cap, const char *text, size_t max);

} // namespace xshim
