// shim/probe/xen_version.cpp: facts from the xen_version hypercall. Every
// string from the hypervisor is treated as untrusted: bounded, terminator checked, non-printable
// bytes replaced, "<denied>" (what XSM answers) recognised.
#include "shim/runtime/hypercall.hpp"
#include "shim/probe/probe.hpp"
#include "shim/lib/text.hpp"
#include "shim/lib/words.hpp"

#include <abi/hypercall.h>
#include <abi/version.h>

namespace xshim {

xshim_fact fact_from_rc(uint8_t source, long rc) {
    if (rc >= 0)
        return {source, XSHIM_FACT_OK, 0};
    uint8_t status = rc == XSHIM_S_ENOSYS  ? XSHIM_FACT_ABSENT
                     : rc == XSHIM_S_EPERM ? XSHIM_FACT_DENIED
                                           : XSHIM_FACT_ERROR;
    return {source, status, static_cast<int16_t>(rc < -32768 ? -32768 : rc)};
}

namespace {

bool is_denied(const char *text, size_t n) { return same(text, n, XSHIM_XENVER_DENIED); }

} // namespace

void read_extraversion(const xshim_hypercall &hc, xshim_identity *id) {
    // 4.20+: XENVER_extraversion2 with a length-prefixed buffer, no terminator, no truncation.
    constexpr size_t kCap = XSHIM_EXTRAVERSION_MAX - 1;
    // Whole aligned words, zeroed in place (a few word stores, no call).
    alignas(8) unsigned char vb[(offsetof(xshim_varbuf, buf) + kCap + 7) / 8 * 8] = {};
    reinterpret_cast<xshim_varbuf *>(vb)->len = kCap;
    const char *text = reinterpret_cast<const char *>(vb + offsetof(xshim_varbuf, buf));
    long rc = xshim_xen_version(&hc, XSHIM_XENVER_extraversion2, vb);
    if (rc >= 0) {
        size_t n = static_cast<size_t>(rc);
        id->extraversion_fact = {XSHIM_SRC_XENVER2, XSHIM_FACT_OK, 0};
        if (n > kCap) { // Xen promised at most len bytes
            n = kCap;
            id->extraversion_fact.status = XSHIM_FACT_MALFORMED;
        }
        store_printable(id->extraversion, sizeof id->extraversion, text, n);
        return;
    }
    if (rc == XSHIM_S_EPERM) {
        id->extraversion_fact = fact_from_rc(XSHIM_SRC_XENVER2, rc);
        return;
    }
    // -ENOSYS (before 4.20) or -ENOBUFS (longer than we hold): the fixed 16-byte subop.
    alignas(8) char legacy[XSHIM_XEN_EXTRAVERSION_LEN] = {};
    rc = xshim_xen_version(&hc, XSHIM_XENVER_extraversion, legacy);
    id->extraversion_fact = fact_from_rc(XSHIM_SRC_XENVER, rc);
    if (rc < 0)
        return;
    size_t n = bounded_len(legacy, sizeof legacy);
    if (n == sizeof legacy)
        id->extraversion_fact.status = XSHIM_FACT_MALFORMED; // no terminator: keep 16 bytes
    if (is_denied(legacy, n)) {
        id->extraversion_fact.status = XSHIM_FACT_DENIED;
        return;
    }
    store_printable(id->extraversion, sizeof id->extraversion, legacy, n);
}

void read_features(const xshim_hypercall &hc, xshim_identity *id) {
    for (uint32_t i = 0; i < XSHIM_FEATURE_SUBMAPS; ++i) {
        xshim_feature_info fi = {i, 0};
        long rc = xshim_xen_version(&hc, XSHIM_XENVER_get_features, &fi);
        if (i == 0) {
            id->features_fact = fact_from_rc(XSHIM_SRC_XENVER, rc);
            if (rc < 0)
                return;
        } else if (rc < 0) {
            return; // Xen has fewer submaps (-EINVAL): those bits are clear
        }
        id->features[i] = fi.submap;
    }
}

namespace {

using words::load8;

// A capability token compared as two (overlapping) words: its first and its last eight bytes,
// after its length. Every token is 8..16 bytes ("xen-3.0-x86_64"), checked below.
struct Token {
    const char *name;
    uint32_t bit;
    size_t len = bounded_len(name, 32);
    uint64_t head = load8(name);
    uint64_t tail = load8(name + len - 8);
};
constexpr Token kTokens[] = {
    {"xen-3.0-x86_64", XSHIM_CAP_XEN_X86_64},   {"xen-3.0-x86_32p", XSHIM_CAP_XEN_X86_32P},
    {"xen-3.0-x86_32", XSHIM_CAP_XEN_X86_32},   {"hvm-3.0-x86_32", XSHIM_CAP_HVM_X86_32},
    {"hvm-3.0-x86_32p", XSHIM_CAP_HVM_X86_32P}, {"hvm-3.0-x86_64", XSHIM_CAP_HVM_X86_64},
    {"xen-3.0-aarch64", XSHIM_CAP_XEN_AARCH64}, {"xen-3.0-armv7l", XSHIM_CAP_XEN_ARMV7L},
};
constexpr uint32_t kTokenCount = sizeof kTokens / sizeof *kTokens;

// A word read from the answer names at most one table entry: a perfect hash of its two words
// into 16 slots, with a multiplier found when compiling. The entry is then compared whole, so a
// token that is not in the table is counted unknown whatever slot it hashes to.
constexpr uint32_t kSlotBits = 4, kNoToken = 0xff;
constexpr uint32_t token_slot(uint64_t head, uint64_t tail, uint64_t mul) {
    return static_cast<uint32_t>(((head ^ (tail >> 1)) * mul) >> (64 - kSlotBits));
}
constexpr bool slots_distinct(uint64_t mul) {
    for (uint32_t a = 0; a < kTokenCount; ++a)
        for (uint32_t b = a + 1; b < kTokenCount; ++b)
            if (token_slot(kTokens[a].head, kTokens[a].tail, mul) ==
                token_slot(kTokens[b].head, kTokens[b].tail, mul))
                return false;
    return true;
}
constexpr uint64_t find_multiplier() {
    for (uint64_t k = 0, mul = 0x9e3779b97f4a7c15ull; k < 4096; ++k, mul += 2) // odd, from phi
        if (slots_distinct(mul))
            return mul;
    return 0;
}
constexpr uint64_t kTokenMul = find_multiplier();
static_assert(kTokenMul != 0, "no multiplier gives every token its own slot: widen kSlotBits");
struct TokenSlots {
    uint8_t index[1u << kSlotBits];
};
constexpr TokenSlots make_slots() {
    TokenSlots s{};
    for (auto &i : s.index)
        i = kNoToken;
    for (uint32_t t = 0; t < kTokenCount; ++t)
        s.index[token_slot(kTokens[t].head, kTokens[t].tail, kTokenMul)] = static_cast<uint8_t>(t);
    return s;
}
constexpr TokenSlots kTokenSlots = make_slots();

// The first space or NUL at or after i (len if none).
size_t token_end(const char *text, size_t i, size_t len) {
    return words::first_zero_under(text, i, len, 0xdf);
}

constexpr bool tokens_fit_two_words() {
    for (const auto &t : kTokens)
        if (t.len < 8 || t.len > 16)
            return false;
    return true;
}
static_assert(tokens_fit_two_words(), "the word compare needs tokens of 8..16 bytes");

} // namespace

size_t parse_capabilities(const char *text, size_t len, xshim_identity *id) {
    size_t i = 0;
    while (i < len) {
        while (i < len && text[i] == ' ')
            ++i;
        size_t start = i;
        i = token_end(text, i, len);
        if (i == start)
            break;
        const size_t n = i - start;
        const Token *known = nullptr;
        if (n >= 8 && n <= 16) { // no token is shorter or longer; reads stay inside the token
            const uint64_t head = load8(text + start), tail = load8(text + i - 8);
            const uint32_t t = kTokenSlots.index[token_slot(head, tail, kTokenMul)];
            if (t != kNoToken && kTokens[t].head == head && kTokens[t].tail == tail &&
                kTokens[t].len == n)
                known = &kTokens[t];
        }
        if (known != nullptr)
            id->capabilities |= known->bit;
        else
            ++id->capabilities_unknown;
        if (i < len && text[i] == '\0')
            break;
    }
    return i;
}

void read_capabilities(const xshim_hypercall &hc, xshim_identity *id) {
    alignas(8) char caps[XSHIM_XEN_CAPABILITIES_INFO_LEN];
    static_assert(sizeof caps % 8 == 0, "whole words");
    zero_bytes(caps, sizeof caps); // a short answer leaves no stale bytes to parse
    long rc = xshim_xen_version(&hc, XSHIM_XENVER_capabilities, caps);
    id->capabilities_fact = fact_from_rc(XSHIM_SRC_XENVER, rc);
    if (rc < 0)
        return;
    // "<denied>" and its NUL: one word and a byte looked at, not the whole answer.
    static_assert(sizeof XSHIM_XENVER_DENIED == 8 + 1, "one word, then the NUL");
    if (load8(caps) == load8(XSHIM_XENVER_DENIED) && caps[8] == '\0') {
        id->capabilities_fact.status = XSHIM_FACT_DENIED;
        return;
    }
    // One pass over the answer: the split stops at its NUL; no NUL within the 1024 bytes is a
    // malformed answer, parsed within them.
    if (parse_capabilities(caps, sizeof caps, id) == sizeof caps)
        id->capabilities_fact.status = XSHIM_FACT_MALFORMED;
}

} // namespace xshim
