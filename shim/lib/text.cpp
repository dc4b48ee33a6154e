// shim/lib/text.cpp: bounded text building (see text.hpp).
#include "shim/lib/text.hpp"

#include "shim/arch/string.hpp"

#include <abi/base.h>

namespace xshim {

namespace {
constexpr char printable_or_mark(char c) { return c >= 0x20 && c < 0x7f ? c : '?'; }
} // namespace

// Word stores once aligned: zeroing the verdict (~1 KiB) and the capabilities buffer is most of
// the boot's instruction count otherwise. The aligned words go to the architecture's bulk zeroing
// (shim/arch/string.hpp: one `rep stos` on x86, what a kernel's memset does).
void zero_bytes(void *p, size_t n) {
    auto *b = static_cast<volatile unsigned char *>(p);
    size_t i = 0;
    for (; i < n && (reinterpret_cast<uintptr_t>(b + i) & (sizeof(uintptr_t) - 1)) != 0; ++i)
        b[i] = 0;
    const size_t words = (n - i) / sizeof(uintptr_t);
    arch::zero_words(const_cast<unsigned char *>(b + i), words);
    i += words * sizeof(uintptr_t);
    for (; i < n; ++i)
        b[i] = 0;
}

void copy_bytes(void *dst, const void *src, size_t n) {
    auto *d = static_cast<volatile unsigned char *>(dst);
    auto *s = static_cast<const unsigned char *>(src);
    for (size_t i = 0; i < n; ++i)
        d[i] = s[i];
}

Decimal parse_decimal(const char *s, size_t len, uint64_t max, uint64_t *out) {
    *out = 0;
    if (len == 0)
        return Decimal::malformed;
    constexpr uint64_t kTenth = ~uint64_t{0} / 10, kLast = ~uint64_t{0} % 10; // compile time
    uint64_t v = 0;
    for (size_t i = 0; i < len; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return Decimal::malformed;
        const uint64_t digit = static_cast<uint64_t>(s[i] - '0');
        if (v > kTenth || (v == kTenth && digit > kLast))
            return Decimal::range; // v * 10 + digit would not fit 64 bits
        v = (v << 3) + (v << 1) + digit;
        if (v > max)
            return Decimal::range;
    }
    *out = v;
    return Decimal::ok;
}

size_t format_dec(uint64_t v, char *out) {
    static constexpr uint64_t kPow10[] = {10000000000000000000ull,
                                          1000000000000000000ull,
                                          100000000000000000ull,
                                          10000000000000000ull,
                                          1000000000000000ull,
                                          100000000000000ull,
                                          10000000000000ull,
                                          1000000000000ull,
                                          100000000000ull,
                                          10000000000ull,
                                          1000000000ull,
                                          100000000ull,
                                          10000000ull,
                                          1000000ull,
                                          100000ull,
                                          10000ull,
                                          1000ull,
                                          100ull,
                                          10ull,
                                          1ull};
    size_t n = 0;
    for (uint64_t p : kPow10) {
        char digit = '0';
        while (v >= p) {
            v -= p;
            ++digit;
        }
        if (n != 0 || digit != '0' || p == 1)
            out[n++] = digit;
    }
    return n;
}

// The room left is worked out once, then one plain loop copies (the line and every fact string
// go through here: a call and a bounds test per byte were most of the boot's text cost).
Writer &Writer::chars(const char *s, size_t n) {
    const size_t room = cap_ == 0 || len_ + 1 >= cap_ ? 0 : cap_ - 1 - len_;
    const size_t take = n < room ? n : room;
    // Through a local: a char store may alias *this, which would reload buf_ and len_ per byte.
    char *const out = buf_ + len_;
    for (size_t i = 0; i < take; ++i)
        out[i] = s[i];
    len_ += take;
    if (take < n)
        truncated_ = true;
    terminate();
    return *this;
}

Writer &Writer::str(const char *s) { return chars(s, bounded_len(s, cap_)); }

Writer &Writer::printable(const char *s, size_t n) {
    const size_t room = cap_ == 0 || len_ + 1 >= cap_ ? 0 : cap_ - 1 - len_;
    const size_t take = n < room ? n : room;
    char *const out = buf_ + len_; // a local, as in chars()
    for (size_t i = 0; i < take; ++i) {
        out[i] = printable_or_mark(s[i]);
    }
    len_ += take;
    if (take < n)
        truncated_ = true;
    terminate();
    return *this;
}

void store_printable(char *field, size_t cap, const char *text, size_t n) {
    if (cap == 0)
        return;
    const size_t take = n < cap - 1 ? n : cap - 1;
    for (size_t i = 0; i < take; ++i)
        field[i] = printable_or_mark(text[i]);
    field[take] = '\0';
}

void store_printable_z(char *field, size_t cap, const char *text, size_t max) {
    if (cap == 0)
        return;
    const size_t room = cap - 1 < max ? cap - 1 : max;
    size_t i = 0;
    for (; i < room && text[i] != '\0'; ++i)
        field[i] = printable_or_mark(text[i]);
    field[i] = '\0';
}

Writer &Writer::dec(uint64_t v) {
    char digits[24];
    return chars(digits, format_dec(v, digits));
}

Writer &Writer::hex(uint64_t v, unsigned digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    str("0x");
    for (unsigned i = digits; i-- > 0;)
        ch(i < 16 ? kHex[(v >> (4 * i)) & 0xf] : '0');
    return *this;
}

Writer &Writer::release(uint32_t rel) {
    return dec(XSHIM_REL_MAJOR(rel)).ch('.').dec(XSHIM_REL_MINOR(rel));
}

} // namespace xshim
