// tests/fuzz/fuzz_probe.cpp: a whole xshim_boot() (probe, then select, then the verdict line)
// on a platform that answers everything from fuzz bytes: the boot protocol and structure, the
// platform's arch and transports, every CPUID leaf, every hypercall result incl. negative
// errors, the console ring's indexes; then the report channels (xshim_say, and xshim_report
// for a SELECTED verdict, the only one it returns from).
//
// Input: a stream_xen.hpp stream: header, u16 n + n bytes of boot structure, answers.
// The boot structure lies in a heap buffer exactly as large as the protocol promises the kernel
// (PV: the arch's start_info; PVH: 40 bytes for version 0, 56 otherwise; Arm: the DTB's
// totalsize, at least its 40-byte header), so ASan flags reads beyond it. Checked: the verdict is consistent (outcome vs reason, a SELECTED verdict has every
// adapter it promises and the release the policy accepts) and its line is one printable,
// terminated line that starts with the outcome.
#include "stream_xen.hpp"
#include "tests/policy.hpp"

#include "abi/hvm_start_info.h"
#include "abi/start_info_x86.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memory>

namespace {

constexpr size_t kFdtHeader = 40;     // struct fdt_header
constexpr size_t kFdtMax = 64 * 1024; // enough for any DTB a fuzz input can describe

size_t boot_size(const fuzz::Header &h, const uint8_t *bytes, size_t n) {
    switch (h.protocol) {
    case XSHIM_BOOT_PV:
        return h.arch == XSHIM_ARCH_X86_32 ? sizeof(xshim_start_info_x86_32)
                                           : sizeof(xshim_start_info_x86_64);
    case XSHIM_BOOT_PVH: {
        // The version as the structure will hold it: input bytes 4..7, zero-padded.
        uint8_t head[8] = {};
        memcpy(head, bytes, n < sizeof head ? n : sizeof head);
        uint32_t version;
        memcpy(&version, head + 4, sizeof version);
        return version == 0 ? XSHIM_HVM_START_INFO_V0_SIZE : XSHIM_HVM_START_INFO_V1_SIZE;
    }
    case XSHIM_BOOT_FDT: {
        // A DTB is as long as its header's totalsize says (the handoff has no length); the
        // header itself is 40 bytes. Larger blobs than kFdtMax are clipped by the caller.
        uint32_t total = 0;
        if (n >= 8)
            total = static_cast<uint32_t>(bytes[4]) << 24 | static_cast<uint32_t>(bytes[5]) << 16 |
                    static_cast<uint32_t>(bytes[6]) << 8 | bytes[7];
        size_t want = total > n ? total : n;
        want = want > kFdtMax ? kFdtMax : want;
        return want < kFdtHeader ? kFdtHeader : want;
    }
    default:
        return n;
    }
}

// A DTB whose totalsize exceeds this is given a totalsize of the buffer it really got.
void clip_fdt_total(uint8_t *boot, size_t size) {
    uint32_t total = static_cast<uint32_t>(boot[4]) << 24 | static_cast<uint32_t>(boot[5]) << 16 |
                     static_cast<uint32_t>(boot[6]) << 8 | boot[7];
    if (total <= size)
        return;
    for (int i = 0; i < 4; ++i)
        boot[4 + i] = static_cast<uint8_t>(size >> (24 - 8 * i));
}

// A kernel that accepts Xen 3.0 and later as PV or PVH and says so when newer than tested.
xshim_policy lenient_policy(uint32_t flags) {
    return make_policy(XSHIM_RELEASE(3, 0), XSHIM_RELEASE(4, 17), XSHIM_NEWER_ACCEPT, flags);
}

void check_verdict(const xshim_verdict &v, const xshim_policy &policy) {
    FUZZ_CHECK(v.outcome == XSHIM_SELECTED || v.outcome == XSHIM_REFUSED);
    FUZZ_CHECK((v.outcome == XSHIM_SELECTED) == (v.reason == XSHIM_REASON_NONE));
    FUZZ_CHECK(v.reason < XSHIM_REASON_COUNT);
    const size_t n = strnlen(v.line, sizeof v.line);
    FUZZ_CHECK(n < sizeof v.line);
    for (size_t i = 0; i < n; ++i)
        FUZZ_CHECK(v.line[i] >= 0x20 && v.line[i] < 0x7f);
    const char *want = v.outcome == XSHIM_SELECTED ? "xshim: SELECTED " : "xshim: REFUSED ";
    FUZZ_CHECK(strncmp(v.line, want, strlen(want)) == 0);
    FUZZ_CHECK(strnlen(v.identity.signature, sizeof v.identity.signature) <
               sizeof v.identity.signature);
    FUZZ_CHECK(strnlen(v.identity.extraversion, sizeof v.identity.extraversion) <
               sizeof v.identity.extraversion);
    FUZZ_CHECK(strnlen(v.identity.start_magic, sizeof v.identity.start_magic) <
               sizeof v.identity.start_magic);
    if (v.outcome == XSHIM_SELECTED) {
        FUZZ_CHECK(v.selection.hypercall.fn != nullptr && v.selection.hypercall.adapter != nullptr);
        FUZZ_CHECK(v.selection.shared_info != nullptr && v.selection.start_info != nullptr);
        FUZZ_CHECK(v.selection.shared_info->arch == v.identity.arch);
        FUZZ_CHECK(v.identity.release >= policy.min_release);
        FUZZ_CHECK(v.identity.release >= v.selection.shared_info->min_release &&
                   v.identity.release <= v.selection.shared_info->max_release);
        FUZZ_CHECK(policy.guest_types & XSHIM_GUEST_MASK(v.identity.guest_type));
        // An inconsistency is noted exactly when a rule found one (the policy requires nothing).
        FUZZ_CHECK(((v.selection.notes & XSHIM_NOTE_INCONSISTENT) != 0) ==
                   (v.inconsistency.rule != XSHIM_RULE_NONE));
        FUZZ_CHECK((v.inconsistency.rules != 0) == (v.inconsistency.rule != XSHIM_RULE_NONE));
        FUZZ_CHECK(v.inconsistency.rule < XSHIM_RULE_COUNT);
        FUZZ_CHECK((v.inconsistency.rules & (1u << v.inconsistency.rule)) != 0 ||
                   v.inconsistency.rule == XSHIM_RULE_NONE);
    }
    if (v.reason == XSHIM_REASON_INCONSISTENT) {
        FUZZ_CHECK(v.evidence.kind == XSHIM_EVIDENCE_INCONSISTENT);
        FUZZ_CHECK(v.evidence.seen == v.inconsistency.rule && v.inconsistency.rule != 0);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz::Input in(data, size);
    fuzz::Decode d{in};
    fuzz::Header h;
    fuzz::exchange_header(d, h);
    const size_t given = in.take<uint16_t>();
    std::unique_ptr<uint8_t[]> bytes(new uint8_t[given + 1]);
    in.take_into(bytes.get(), given);
    const size_t need = boot_size(h, bytes.get(), given);
    std::unique_ptr<uint8_t[]> boot(new uint8_t[need == 0 ? 1 : need]);
    memset(boot.get(), 0, need);
    memcpy(boot.get(), bytes.get(), given < need ? given : need);
    if (h.protocol == XSHIM_BOOT_FDT)
        clip_fdt_total(boot.get(), need);

    fuzz::Replay answers(in);
    fuzz::StreamXen x(&answers, h);
    const xshim_platform p = x.platform();
    const xshim_handoff handoff{h.protocol, 0, given == 0 ? nullptr : boot.get()};
    const xshim_policy policy = lenient_policy(
        (h.flags & fuzz::Header::kPreferPage) ? XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE : 0);

    auto v = std::make_unique<xshim_verdict>();
    const uint32_t outcome = xshim_boot(&handoff, &policy, &p, v.get());
    FUZZ_CHECK(outcome == v->outcome);
    check_verdict(*v, policy);

    if (v->outcome == XSHIM_SELECTED)
        xshim_report(v.get(), &p); // says the line on every channel and returns
    else
        (void)xshim_say(v.get(), &p, v->line, strnlen(v->line, sizeof v->line));
    return 0;
}
