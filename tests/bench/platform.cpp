// tests/bench/platform.cpp: the injected platform the probe + select figure runs on. It answers
// what Xen 4.17 answered on the test bed (the defaults of tests/unit/fake_xen.hpp): AMD CPU,
// "XenVMMXenVMM" at 0x40000000 with release 0x00040011, extraversion ".7" through the legacy
// subop, features submap 0 = 0x000228e0, four capability tokens, FIFO event channels, grant
// table 1/64 frames. Constants and switches only (no allocation, no libc), compiled with the
// library's flags, so its share of the count is what a trapping CPUID or hypercall costs the
// guest's own instruction stream, not the hypervisor's work.
#include "ops.hpp"

#include "abi/cpuid.h"
#include "abi/event_channel.h"
#include "abi/grant_table.h"
#include "abi/hypercall.h"
#include "abi/version.h"

namespace {

constexpr uint32_t kRelease = 0x00040011;
constexpr uint32_t kFeatures0 = 0x000228e0;
constexpr char kExtraversion[] = ".7";
constexpr char kCapabilities[] = "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64";

uint32_t word(const char *s) // four characters as CPUID returns them
{
    return static_cast<uint32_t>(static_cast<uint8_t>(s[0])) |
           static_cast<uint32_t>(static_cast<uint8_t>(s[1])) << 8 |
           static_cast<uint32_t>(static_cast<uint8_t>(s[2])) << 16 |
           static_cast<uint32_t>(static_cast<uint8_t>(s[3])) << 24;
}

void put_text(void *dst, const char *s, uint32_t n)
{
    char *d = static_cast<char *>(dst);
    for (uint32_t i = 0; i < n; ++i)
        d[i] = s[i];
}

} // namespace

// extern "C" names, so callgrind's per-function counts can be matched to them (bench.sh).
extern "C" void bench_pf_cpuid(void *, uint32_t leaf, uint32_t, uint32_t r[4])
{
    r[0] = r[1] = r[2] = r[3] = 0;
    switch (leaf) {
    case 0: // vendor in ebx, edx, ecx
        r[0] = 0xd;
        r[1] = word("Auth");
        r[3] = word("enti");
        r[2] = word("cAMD");
        break;
    case 0x40000000:
        r[0] = 0x40000005;
        r[1] = word("XenV");
        r[2] = word("MMXe");
        r[3] = word("nVMM");
        break;
    case 0x40000001:
        r[0] = kRelease;
        break;
    case 0x40000002:
        r[0] = 1;
        r[1] = 0x40000000;
        break;
    default:
        break;
    }
}

static long xen_version(uint32_t cmd, void *arg)
{
    switch (cmd) {
    case XSHIM_XENVER_version:
        return kRelease;
    case XSHIM_XENVER_extraversion:
        put_text(arg, kExtraversion, sizeof kExtraversion);
        return 0;
    case XSHIM_XENVER_get_features: {
        auto *fi = static_cast<xshim_feature_info *>(arg);
        if (fi->submap_idx != 0)
            return XSHIM_S_EINVAL;
        fi->submap = kFeatures0;
        return 0;
    }
    case XSHIM_XENVER_capabilities:
        put_text(arg, kCapabilities, sizeof kCapabilities);
        return 0;
    default: // extraversion2 (4.20+) among them
        return XSHIM_S_ENOSYS;
    }
}

extern "C" long bench_pf_hypercall(void *, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t,
                                   uintptr_t, uintptr_t)
{
    switch (nr) {
    case XSHIM_HC_xen_version:
        return xen_version(static_cast<uint32_t>(a1), reinterpret_cast<void *>(a2));
    case XSHIM_HC_event_channel_op:
        return a1 == XSHIM_EVTCHNOP_init_control ? XSHIM_S_ENOENT : XSHIM_S_ENOSYS;
    case XSHIM_HC_grant_table_op: {
        if (a1 != XSHIM_GNTTABOP_query_size)
            return XSHIM_S_ENOSYS;
        auto *q = reinterpret_cast<xshim_gnttab_query_size *>(a2);
        q->nr_frames = 1;
        q->max_nr_frames = 64;
        q->status = XSHIM_GNTST_okay;
        return 0;
    }
    default:
        return XSHIM_S_ENOSYS;
    }
}

extern "C" xshim_transport_fn bench_pf_transport(void *, uint32_t kind)
{
    return kind == XSHIM_TRANSPORT_SYSCALL ? &bench_pf_hypercall : nullptr;
}

extern "C" void bench_platform(xshim_platform *p)
{
    *p = xshim_platform{};
    p->cpuid = &bench_pf_cpuid;
    p->transport = &bench_pf_transport;
    p->arch = XSHIM_ARCH_X86_64;
}
