// tests/bench/platform.cpp: the injected platform the probe + select figure runs on. It answers
// what Xen 4.17.7 answered the 64-bit PV dom0 on the test bed, from the capture
// tests/corpus/xen-4.17-x86_64-pv-dom0.txt (compiled in as corpus.mk's generated header; a fact
// the capture lacks is answered -ENOSYS, as Xen answers for one it does not have). Constants and
// switches only (no allocation, no libc), compiled with the library's flags, so its share of the
// count is what a trapping CPUID or hypercall costs the guest's own instruction stream, not the
// hypervisor's work.
#include "ops.hpp"

#include "abi/cpuid.h"
#include "abi/event_channel.h"
#include "abi/grant_table.h"
#include "abi/hypercall.h"
#include "abi/version.h"

#include "xen-4.17-x86_64-pv-dom0.h"

namespace {

constexpr uint32_t kBase = CORPUS_CPUID_BASE;

uint32_t word(const char *s) // four characters as CPUID returns them
{
    return static_cast<uint32_t>(static_cast<uint8_t>(s[0])) |
           static_cast<uint32_t>(static_cast<uint8_t>(s[1])) << 8 |
           static_cast<uint32_t>(static_cast<uint8_t>(s[2])) << 16 |
           static_cast<uint32_t>(static_cast<uint8_t>(s[3])) << 24;
}

// Xen's copy_to_guest() of the answer is the hypervisor's work, not the guest's; the fake does it
// as a block copy of a size known when compiled (a few word moves, not a loop per byte), so its
// share of the figure stays what the trap itself costs the guest's instruction stream.
template <uint32_t N> void put_text(void *dst, const char (&s)[N]) { __builtin_memcpy(dst, s, N); }

} // namespace

// extern "C" names, so callgrind's per-function counts can be matched to them (bench.sh).
extern "C" void bench_pf_cpuid(void *, uint32_t leaf, uint32_t, uint32_t r[4]) {
    r[0] = r[1] = r[2] = r[3] = 0;
    if (leaf == 0) { // vendor in ebx, edx, ecx
        const char *v = CORPUS_CPUID_VENDOR_STR;
        r[0] = 0xd;
        r[1] = word(v);
        r[3] = word(v + 4);
        r[2] = word(v + 8);
    } else if (leaf == kBase) {
        const char *s = CORPUS_CPUID_SIGNATURE_STR;
        r[0] = CORPUS_CPUID_MAX_LEAF;
        r[1] = word(s);
        r[2] = word(s + 4);
        r[3] = word(s + 8);
    } else if (leaf == kBase + 1) {
        r[0] = CORPUS_CPUID_RELEASE;
    } else if (leaf == kBase + 2) {
        r[0] = CORPUS_CPUID_HYPERCALL_PAGES;
        r[1] = CORPUS_CPUID_HYPERCALL_MSR;
    }
}

static long xen_version(uint32_t cmd, void *arg) {
    switch (cmd) {
    case XSHIM_XENVER_version:
        return CORPUS_XENVER_VERSION;
    case XSHIM_XENVER_extraversion:
        put_text(arg, CORPUS_XENVER_EXTRAVERSION_STR);
        return 0;
    case XSHIM_XENVER_get_features: {
        auto *fi = static_cast<xshim_feature_info *>(arg);
        if (fi->submap_idx != 0)
            return XSHIM_S_EINVAL; // one submap in 4.17
        fi->submap = CORPUS_XENVER_FEATURES_0;
        return 0;
    }
#ifdef CORPUS_HAS_XENVER_CAPABILITIES
    case XSHIM_XENVER_capabilities:
        put_text(arg, CORPUS_XENVER_CAPABILITIES_STR);
        return 0;
#endif
    default: // extraversion2 (4.20+) among them
        return XSHIM_S_ENOSYS;
    }
}

extern "C" long bench_pf_hypercall(void *, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t,
                                   uintptr_t, uintptr_t) {
    switch (nr) {
    case XSHIM_HC_xen_version:
        return xen_version(static_cast<uint32_t>(a1), reinterpret_cast<void *>(a2));
    case XSHIM_HC_event_channel_op:
        return a1 == XSHIM_EVTCHNOP_init_control ? CORPUS_EVTCHN_INIT_CONTROL : XSHIM_S_ENOSYS;
    case XSHIM_HC_grant_table_op: {
        if (a1 != XSHIM_GNTTABOP_query_size)
            return XSHIM_S_ENOSYS;
        auto *q = reinterpret_cast<xshim_gnttab_query_size *>(a2);
        q->nr_frames = CORPUS_GNTTAB_QUERY_SIZE_0;
        q->max_nr_frames = CORPUS_GNTTAB_QUERY_SIZE_1;
        q->status = XSHIM_GNTST_okay;
        return 0;
    }
    default:
        return XSHIM_S_ENOSYS;
    }
}

extern "C" xshim_transport_fn bench_pf_transport(void *, uint32_t kind) {
    return kind == XSHIM_TRANSPORT_SYSCALL ? &bench_pf_hypercall : nullptr;
}

extern "C" void bench_platform(xshim_platform *p) {
    *p = xshim_platform{};
    p->cpuid = &bench_pf_cpuid;
    p->transport = &bench_pf_transport;
    p->arch = XSHIM_ARCH_X86_64;
}
