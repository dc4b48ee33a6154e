// shim/probe/xen_version.cpp: facts from the xen_version hypercall. Every
// string from the hypervisor is treated as untrusted: bounded, terminator checked, non-printable
// bytes replaced, "<denied>" (what XSM answers) recognised.
#include "shim/runtime/hypercall.hpp"
#include "shim/probe/probe.hpp"
#include "shim/lib/text.hpp"

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

// Eight bytes as one little-endian word; GCC merges the byte loads into one load on x86.
constexpr uint64_t byte_at(const char *p, unsigned i) {
    return static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
}
constexpr uint64_t load8(const char *p) { // written out: the load-merging pass needs no loop
    return byte_at(p, 0) | byte_at(p, 1) | byte_at(p, 2) | byte_at(p, 3) | byte_at(p, 4) |
           byte_at(p, 5) | byte_at(p, 6) | byte_at(p, 7);
}

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
// The first space or NUL at or after i (len if none): eight bytes a step while eight remain. A
// byte is a space (0x20) or NUL exactly when its bits other than 0x20 are clear, so the test is
// the has-zero-byte one on v & 0xdf..df; the lowest flagged byte is the first such byte.
size_t token_end(const char *text, size_t i, size_t len) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
    for (; i + 8 <= len; i += 8) {
        const uint64_t m = load8(text + i) & 0xdfdfdfdfdfdfdfdfull;
        const uint64_t hit = (m - kOnes) & ~m & kHighs;
        if (hit != 0) { // 32-bit halves: a 64-bit ctz is a libgcc call (__ctzdi2) on i386
            const uint32_t lo = static_cast<uint32_t>(hit);
            const uint32_t at =
                lo != 0
                    ? static_cast<uint32_t>(__builtin_ctz(lo))
                    : 32 + static_cast<uint32_t>(__builtin_ctz(static_cast<uint32_t>(hit >> 32)));
            return i + at / 8;
        }
    }
    while (i < len && text[i] != ' ' && text[i] != '\0')
        ++i;
    return i;
}

constexpr bool tokens_fit_two_words() {
    for (const auto &t : kTokens)
        if (t.len < 8 || t.len > 16)
            return false;
    return true;
}
static_assert(tokens_fit_two_words(), "the word compare needs tokens of 8..16 bytes");
constexpr bool tokens_distinct() {
    for (const auto &a : kTokens)
        for (const auto &b : kTokens)
            if (&a != &b && a.len == b.len && a.head == b.head && a.tail == b.tail)
                return false;
    return true;
}
static_assert(tokens_distinct(), "a token matches one entry, so the compare stops at it");

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
        bool known = false;
        const size_t n = i - start;
        if (n >= 8 && n <= 16) { // no token is shorter or longer; reads stay inside the token
            const uint64_t head = load8(text + start), tail = load8(text + i - 8);
            for (const auto &t : kTokens) {
                if (t.tail == tail && t.head == head && t.len == n) {
                    id->capabilities |= t.bit;
                    known = true;
                    break; // the tokens are distinct (tokens_distinct)
                }
            }
        }
        if (!known)
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
