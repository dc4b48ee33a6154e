// shim/negotiate/vfb_table.cpp: the PV framebuffer class (Xen's io/fbif.h), as one table. Its
// update feature runs against the usual direction: the frontend writes feature-update (it can
// send update events) and the backend answers request-update (QEMU's hw/display/xenfb.c writes
// it when it connects, so it is read at Connected); the backend writes feature-resize before
// InitWait. videoram is a limit on the framebuffer (MiB) in the frontend's own directory, which
// QEMU's backend reads (libxl 4.17 was not seen writing it); absent means no limit.
#include <xshim_negotiate.h>

#include "shim/negotiate/defaults.hpp"

#include <abi/blkif.h>
#include <abi/fbif.h>

namespace xshim {
namespace {

constexpr uint32_t kBack = XSHIM_NEG_IN_BACKEND;
constexpr uint32_t kFront = XSHIM_NEG_IN_FRONTEND;
constexpr uint32_t kInit = XSHIM_NEG_AT_INITWAIT;
constexpr uint32_t kConn = XSHIM_NEG_AT_CONNECTED;
constexpr uint64_t kNo = XSHIM_NEG_NO_WRITE;
// 256 directory pages of 512 eight-byte frames of 4 KiB: 512 MiB, the most pd[] can describe
// (fbif.h); a larger videoram is clamped to it.
constexpr uint64_t kMaxVideoramMiB = 512;

// name, backend node, where, phase, frontend node, kind, need, check, on_bad, absent, min, max,
// write_from. Order = enum xshim_vfb_rule.
constexpr xshim_neg_rule kRules[] = {
    {"protocol", "protocol", kFront, kInit, "protocol", XSHIM_NEG_MATCH, XSHIM_NEG_WANTED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_REFUSE, 0, 0, 0, 0},
    {"update-offer", nullptr, kBack, kInit, XSHIM_FBIF_FEATURE_UPDATE, XSHIM_NEG_ANNOUNCE,
     XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, 0},
    {"resize", XSHIM_FBIF_FEATURE_RESIZE, kBack, kInit, nullptr, XSHIM_NEG_FLAG, XSHIM_NEG_WANTED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, kNo},
    {"videoram", XSHIM_FBIF_VIDEORAM, kFront, kInit, nullptr, XSHIM_NEG_VALUE, XSHIM_NEG_WANTED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_CLAMP, 0, 0, kMaxVideoramMiB, kNo},
    {"request-update", XSHIM_FBIF_REQUEST_UPDATE, kBack, kConn, nullptr, XSHIM_NEG_FLAG,
     XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, kNo},
};
static_assert(sizeof kRules / sizeof kRules[0] == XSHIM_VFB_RULES,
              "one rule per enum xshim_vfb_rule value, in its order");
static_assert(XSHIM_VFB_RULES <= XSHIM_NEG_RULES_MAX);

constexpr bool rules_sane() {
    for (const auto &r : kRules)
        if (r.min > r.max || (r.kind != XSHIM_NEG_MATCH && (r.absent < r.min || r.absent > r.max)))
            return false;
    return true;
}
static_assert(rules_sane(), "every default lies in its own range");

// The page layout a kernel of each architecture writes (fbif.h: pd[] holds unsigned longs).
struct ArchProtocol {
    uint32_t arch;
    const char *protocol;
};
constexpr ArchProtocol kProtocols[] = {
    {XSHIM_ARCH_X86_64, XSHIM_IO_PROTO_ABI_X86_64},
    {XSHIM_ARCH_X86_32, XSHIM_IO_PROTO_ABI_X86_32},
};

} // namespace
} // namespace xshim

extern "C" {

const xshim_neg_class xshim_neg_vfb = {"vfb", xshim::kRules, XSHIM_VFB_RULES};

int32_t xshim_vfb_frontend_defaults(uint32_t arch, xshim_neg_limit *out) {
    using namespace xshim;
    if (out == nullptr)
        return XSHIM_S_EINVAL;
    const char *protocol = nullptr;
    for (const auto &p : kProtocols)
        if (p.arch == arch)
            protocol = p.protocol;
    if (protocol == nullptr)
        return XSHIM_S_EINVAL;
    xshim::want_every_flag(xshim::kRules, XSHIM_VFB_RULES, out);
    out[XSHIM_VFB_PROTOCOL].text = protocol;
    return XSHIM_S_OK;
}

} // extern "C"
