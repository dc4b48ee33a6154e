// tests/unit/test_capabilities.cpp: parse_capabilities (shim/probe/xen_version.cpp), which splits
// and compares a word at a time, gives what a plain byte-at-a-time split and string compare give,
// for tokens placed at every offset against the 8-byte steps, of every length around the word
// sizes, with spaces and a NUL anywhere.
#include <doctest/doctest.h>

#include "shim/probe/probe.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace {

// The reference: split at spaces, stop at NUL or len, compare whole tokens as strings.
void reference(const std::string &text, xshim_identity *id) {
    static const std::pair<const char *, uint32_t> kKnown[] = {
        {"xen-3.0-x86_64", XSHIM_CAP_XEN_X86_64},   {"xen-3.0-x86_32p", XSHIM_CAP_XEN_X86_32P},
        {"xen-3.0-x86_32", XSHIM_CAP_XEN_X86_32},   {"hvm-3.0-x86_32", XSHIM_CAP_HVM_X86_32},
        {"hvm-3.0-x86_32p", XSHIM_CAP_HVM_X86_32P}, {"hvm-3.0-x86_64", XSHIM_CAP_HVM_X86_64},
        {"xen-3.0-aarch64", XSHIM_CAP_XEN_AARCH64}, {"xen-3.0-armv7l", XSHIM_CAP_XEN_ARMV7L},
    };
    const std::string upto = text.substr(0, text.find('\0'));
    size_t i = 0;
    while (i < upto.size()) {
        while (i < upto.size() && upto[i] == ' ')
            ++i;
        const size_t start = i;
        while (i < upto.size() && upto[i] != ' ')
            ++i;
        if (i == start)
            break;
        const std::string tok = upto.substr(start, i - start);
        bool known = false;
        for (const auto &k : kKnown)
            if (tok == k.first) {
                id->capabilities |= k.second;
                known = true;
            }
        if (!known)
            ++id->capabilities_unknown;
    }
}

} // namespace

TEST_CASE("capabilities: the word-at-a-time split equals the byte-at-a-time one") {
    const std::vector<std::string> tokens = {
        "xen-3.0-x86_64", "hvm-3.0-x86_32p",   "xen-3.0-armv7l",
        "xen-3.0-x86_6",  "xen-3.0-x86_644",   "x",
        "xen-3.0",        "xen-3.0-",          "hvm-3.0-x86_32pX",
        "abcdefgh",       "abcdefghijklmnopq", "xen-3.0-aarch64"};
    const std::vector<std::string> seps = {" ", "  ", std::string("\0", 1), std::string(" \0 ", 3)};
    int cases = 0;
    for (size_t lead = 0; lead < 9; ++lead) {
        for (size_t a = 0; a < tokens.size(); ++a) {
            for (size_t b = 0; b < tokens.size(); ++b) {
                for (const std::string &sep : seps) {
                    std::string text(lead, ' ');
                    text += tokens[a];
                    text += sep;
                    text += tokens[b];
                    for (size_t cut : {text.size(), text.size() - 1, text.size() / 2}) {
                        const std::string t = text.substr(0, cut);
                        xshim_identity got{}, want{};
                        xshim::parse_capabilities(t.data(), t.size(), &got);
                        reference(t, &want);
                        CHECK(got.capabilities == want.capabilities);
                        CHECK(got.capabilities_unknown == want.capabilities_unknown);
                        ++cases;
                    }
                }
            }
        }
    }
    CHECK(cases > 1000);
}

// The table is reached through a perfect hash of a token's two words: every known token finds
// its own entry, and a token one byte away from a known one (which may hash to a used slot) is
// unknown, whatever slot it lands in.
TEST_CASE("capabilities: every known token, and every one-byte change of one") {
    const char *known[] = {"xen-3.0-x86_64",  "xen-3.0-x86_32p", "xen-3.0-x86_32",
                           "hvm-3.0-x86_32",  "hvm-3.0-x86_32p", "hvm-3.0-x86_64",
                           "xen-3.0-aarch64", "xen-3.0-armv7l"};
    int changed = 0;
    for (const char *k : known) {
        CAPTURE(k);
        xshim_identity got{}, want{};
        xshim::parse_capabilities(k, strlen(k) + 1, &got);
        reference(std::string(k, strlen(k) + 1), &want);
        CHECK(got.capabilities == want.capabilities);
        CHECK(got.capabilities != 0);
        CHECK(got.capabilities_unknown == 0);
        for (size_t at = 0; at < strlen(k); ++at) {
            for (char c : {'-', '0', '4', 'x', 'A', '\x7f', '\x80'}) {
                std::string t(k, strlen(k) + 1);
                if (t[at] == c)
                    continue;
                t[at] = c;
                xshim_identity g{}, w{};
                xshim::parse_capabilities(t.data(), t.size(), &g);
                reference(t, &w);
                CAPTURE(t);
                CHECK(g.capabilities == w.capabilities);
                CHECK(g.capabilities_unknown == w.capabilities_unknown);
                ++changed;
            }
        }
    }
    CHECK(changed > 500);
}
