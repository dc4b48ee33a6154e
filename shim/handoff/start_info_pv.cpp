// shim/handoff/start_info_pv.cpp: the PV start_info magic, which the probe reads on every PV boot.
// The adapters that parse the rest (start_info_pv.hpp) are instantiated by the x86 architectures'
// entry lists, so a library carries only its own layout.
//
// start_info is UNTRUSTED input: start_info_pv.hpp says what each field is trusted with.
#include "shim/handoff/start_info.hpp"

#include "abi/start_info_x86.h"
#include "shim/lib/words.hpp"

namespace xshim {

int parse_start_magic(const char *magic, uint32_t len, StartMagic *out) {
    if (magic == nullptr || out == nullptr)
        return XSHIM_REASON_BAD_START_INFO;
    // One pass, left to right. Every byte before the suffix must be a prefix character, a digit
    // or a separator, none of them NUL, so nothing past the terminator is read; i < len bounds
    // every read to the array.
    // "xen-" as one little-endian word (GCC merges the byte loads into one load).
    constexpr auto word4 = [](const char *p) {
        return static_cast<uint32_t>(static_cast<uint8_t>(p[0])) |
               static_cast<uint32_t>(static_cast<uint8_t>(p[1])) << 8 |
               static_cast<uint32_t>(static_cast<uint8_t>(p[2])) << 16 |
               static_cast<uint32_t>(static_cast<uint8_t>(p[3])) << 24;
    };
    uint32_t i = 4;
    if (len <= i || word4(magic) != word4("xen-"))
        return XSHIM_REASON_BAD_START_INFO;

    // <digits> '.' <digits> '-': at most start_magic_digits each, so a generation is a release
    // (XSHIM_REL's 16-bit halves) and nothing overflows.
    uint32_t numbers[2] = {0, 0};
    static constexpr char separators[2] = {'.', '-'};
    for (uint32_t k = 0; k < 2; ++k) {
        uint32_t digits = 0;
        while (i < len && magic[i] >= '0' && magic[i] <= '9' && digits < start_magic_digits) {
            numbers[k] = numbers[k] * 10 + static_cast<uint32_t>(magic[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || i >= len || magic[i] != separators[k])
            return XSHIM_REASON_BAD_START_INFO;
        ++i;
    }
    const uint32_t suffix = i;
    i = static_cast<uint32_t>(words::first_zero_under(magic, i, len, 0xff));
    if (i == len)
        return XSHIM_REASON_BAD_START_INFO; // no terminator inside the array
    if (i == suffix)
        return XSHIM_REASON_BAD_START_INFO; // no arch suffix

    out->major = numbers[0];
    out->minor = numbers[1];
    out->suffix = magic + suffix;
    out->suffix_len = i - suffix;
    out->suffix_word = 0;
    if (out->suffix_len < 8) {
        if (suffix + 8 <= len) // one load, the bytes from the NUL on cleared
            out->suffix_word = words::load8(magic + suffix) & (~0ull >> (64 - 8 * out->suffix_len));
        else
            for (uint32_t k = 0; k < out->suffix_len; ++k)
                out->suffix_word |= words::byte_at(magic + suffix, k);
    }
    // Checked after the syntax so that only a real "xen-2.0-..." is called old, not garbage.
    if (out->major < 3)
        return XSHIM_REASON_OLD_GENERATION;
    return XSHIM_S_OK;
}

} // namespace xshim
