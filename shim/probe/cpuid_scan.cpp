// shim/probe/cpuid_scan.cpp: find Xen's CPUID leaves. Xen's base is 0x40000000, or 0x40000100 when it
// also offers Viridian leaves at 0x40000000; scan every 0x100 step up to 0x40010000 (a bounded
// loop) and accept a base only if it has the signature and at least base+2 exists.
#include "shim/probe/probe.hpp"

#include "shim/lib/text.hpp"

#include <abi/cpuid.h>

namespace xshim {
namespace {

struct VendorName {
    const char *name;
    uint32_t vendor;
};
constexpr VendorName kVendors[] = {
    {"GenuineIntel", XSHIM_VENDOR_INTEL},
    {"AuthenticAMD", XSHIM_VENDOR_AMD},
    {"HygonGenuine", XSHIM_VENDOR_HYGON},
};

void signature_of(const uint32_t r[4], int first, int second, int third, char out[13]) {
    const uint32_t words[3] = {r[first], r[second], r[third]};
    for (int w = 0; w < 3; ++w)
        for (int b = 0; b < 4; ++b)
            out[w * 4 + b] = static_cast<char>((words[w] >> (8 * b)) & 0xff);
    out[12] = '\0';
}

} // namespace

void scan_cpuid(const xshim_platform &platform, xshim_identity *id) {
    if (platform.cpuid == nullptr)
        return; // Arm: no CPUID; the device tree says what the hypervisor is.
    uint32_t r[4] = {};
    char sig[13];

    // Leaf 0: vendor in ebx, edx, ecx. It picks vmcall or vmmcall.
    platform.cpuid(platform.ctx, 0, 0, r);
    signature_of(r, 1, 3, 2, sig);
    id->cpu_vendor = XSHIM_VENDOR_OTHER;
    for (const auto &v : kVendors)
        if (same(sig, 12, v.name))
            id->cpu_vendor = v.vendor;

    id->signature_fact = {XSHIM_SRC_CPUID, XSHIM_FACT_OK, 0};
    for (uint32_t base = XSHIM_CPUID_FIRST_LEAF; base < XSHIM_CPUID_LAST_BASE;
         base += XSHIM_CPUID_LEAF_STRIDE) {
        platform.cpuid(platform.ctx, base, 0, r);
        signature_of(r, 1, 2, 3, sig);
        if (base == XSHIM_CPUID_FIRST_LEAF)
            copy_bytes(id->signature, sig, sizeof id->signature); // what a refusal names
        if (!same(sig, 12, XSHIM_CPUID_SIGNATURE_XEN))
            continue;
        if (r[0] < base + XSHIM_CPUID_LEAF_HYPERCALL)
            continue; // a Xen base must offer base+1 (version) and base+2 (hypercall page)
        copy_bytes(id->signature, sig, sizeof id->signature);
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
