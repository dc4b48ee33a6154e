// shim/handoff/start_info_pv.cpp: the PV start_info magic, which the probe reads on every PV boot.
// The adapters that parse the rest (start_info_pv.hpp) are instantiated by the x86 architectures'
// entry lists, so a library carries only its own layout.
//
// start_info is UNTRUSTED input: start_info_pv.hpp says what each field is trusted with.
#include "shim/handoff/start_info.hpp"

#include "abi/start_info_x86.h"

namespace xshim {

int parse_start_magic(const char *magic, uint32_t len, StartMagic *out) {
    if (magic == nullptr || out == nullptr)
        return XSHIM_REASON_BAD_START_INFO;
    uint32_t n = 0;
    while (n < len && magic[n] != '\0')
        ++n;
    if (n == len)
        return XSHIM_REASON_BAD_START_INFO; // no terminator inside the array

    static constexpr char prefix[] = "xen-";
    uint32_t i = 0;
    for (; prefix[i] != '\0'; ++i)
        if (i >= n || magic[i] != prefix[i])
            return XSHIM_REASON_BAD_START_INFO;

    // <digits> '.' <digits> '-': at most 5 digits each, so no overflow and no absurd values.
    uint32_t numbers[2] = {0, 0};
    static constexpr char separators[2] = {'.', '-'};
    for (uint32_t k = 0; k < 2; ++k) {
        uint32_t digits = 0;
        while (i < n && magic[i] >= '0' && magic[i] <= '9' && digits < 5) {
            numbers[k] = numbers[k] * 10 + static_cast<uint32_t>(magic[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || i >= n || magic[i] != separators[k])
            return XSHIM_REASON_BAD_START_INFO;
        ++i;
    }
    if (i >= n)
        return XSHIM_REASON_BAD_START_INFO; // no arch suffix

    out->major = numbers[0];
    out->minor = numbers[1];
    out->suffix = magic + i;
    out->suffix_len = n - i;
    // Checked after the syntax so that only a real "xen-2.0-..." is called old, not garbage.
    if (out->major < 3)
        return XSHIM_REASON_OLD_GENERATION;
    return XSHIM_S_OK;
}

} // namespace xshim
