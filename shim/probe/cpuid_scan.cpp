// shim/probe/cpuid_scan.cpp: find Xen's CPUID leaves. Xen's base is 0x40000000, or 0x40000100 when it
// also offers Viridian leaves at 0x40000000; scan every 0x100 step up to 0x40010000 (a bounded
// loop) and accept a base only if it has the signature and at least base+2 exists.
#include "shim/probe/probe.hpp"

#include "shim/lib/text.hpp"

#include <abi/cpuid.h>

namespace xshim {
namespace {

// CPUID returns a signature as three little-endian register words; compare words, not bytes.
constexpr uint32_t word_of(const char *s) {
    return static_cast<uint32_t>(static_cast<uint8_t>(s[0])) |
           static_cast<uint32_t>(static_cast<uint8_t>(s[1])) << 8 |
           static_cast<uint32_t>(static_cast<uint8_t>(s[2])) << 16 |
           static_cast<uint32_t>(static_cast<uint8_t>(s[3])) << 24;
}

struct Signature {
    uint32_t w[3];
};
constexpr Signature signature(const char *s) {
    return {{word_of(s), word_of(s + 4), word_of(s + 8)}};
}

struct VendorName {
    Signature sig; // leaf 0: ebx, edx, ecx
    uint32_t vendor;
};
constexpr VendorName kVendors[] = {
    {signature("GenuineIntel"), XSHIM_VENDOR_INTEL},
    {signature("AuthenticAMD"), XSHIM_VENDOR_AMD},
    {signature("HygonGenuine"), XSHIM_VENDOR_HYGON},
};
constexpr Signature kXen = signature(XSHIM_CPUID_SIGNATURE_XEN); // base + 0: ebx, ecx, edx

// The 12 signature bytes as text, for what a refusal names.
void store_word(char *out, uint32_t v) { // little-endian, as CPUID's bytes read
    out[0] = static_cast<char>(v & 0xff);
    out[1] = static_cast<char>((v >> 8) & 0xff);
    out[2] = static_cast<char>((v >> 16) & 0xff);
    out[3] = static_cast<char>(v >> 24);
}
void store_signature(const uint32_t r[4], char out[13]) {
    store_word(out, r[1]);
    store_word(out + 4, r[2]);
    store_word(out + 8, r[3]);
    out[12] = '\0';
}

} // namespace

void scan_cpuid(const xshim_platform &platform, xshim_identity *id) {
    if (platform.cpuid == nullptr)
        return; // Arm: no CPUID; the device tree says what the hypervisor is.
    uint32_t r[4] = {};

    // Leaf 0: vendor in ebx, edx, ecx. It picks vmcall or vmmcall.
    platform.cpuid(platform.ctx, 0, 0, r);
    id->cpu_vendor = XSHIM_VENDOR_OTHER;
    for (const auto &v : kVendors)
        if (r[1] == v.sig.w[0] && r[3] == v.sig.w[1] && r[2] == v.sig.w[2])
            id->cpu_vendor = v.vendor;

    id->signature_fact = {XSHIM_SRC_CPUID, XSHIM_FACT_OK, 0};
    for (uint32_t base = XSHIM_CPUID_FIRST_LEAF; base < XSHIM_CPUID_LAST_BASE;
         base += XSHIM_CPUID_LEAF_STRIDE) {
        platform.cpuid(platform.ctx, base, 0, r);
        const bool xen = r[1] == kXen.w[0] && r[2] == kXen.w[1] && r[3] == kXen.w[2];
        if (base == XSHIM_CPUID_FIRST_LEAF)
            store_signature(r, id->signature); // what a refusal names
        if (!xen)
            continue;
        if (r[0] < base + XSHIM_CPUID_LEAF_HYPERCALL)
            continue; // a Xen base must offer base+1 (version) and base+2 (hypercall page)
        if (base != XSHIM_CPUID_FIRST_LEAF)
            store_signature(r, id->signature);
        id->cpuid_base = base;
        id->cpuid_leaves = r[0];
        if (platform.unknown & XSHIM_UNKNOWN_CPUID_RELEASE)
            return;
        platform.cpuid(platform.ctx, base + XSHIM_CPUID_LEAF_VERSION, 0, r);
        id->release_cpuid = r[0];
        id->release_cpuid_fact = {XSHIM_SRC_CPUID, XSHIM_FACT_OK, 0};
        return;
    }
}

} // namespace xshim
