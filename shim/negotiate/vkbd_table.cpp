// shim/negotiate/vkbd_table.cpp: the PV keyboard and pointer class (Xen's io/kbdif.h, "Backend
// XenBus Nodes" and "Frontend XenBus Nodes"), as one table. QEMU's backend (hw/display/xenfb.c)
// was seen writing feature-abs-pointer=1 and feature-raw-pointer=1 before InitWait, nothing
// else; the other nodes are kbdif.h's. Every node is read at InitWait: the backend reads the
// frontend's request-* when it connects.
#include <xshim_negotiate.h>

#include "shim/negotiate/defaults.hpp"

#include <abi/kbdif.h>

namespace xshim {
namespace {

constexpr uint32_t kBack = XSHIM_NEG_IN_BACKEND;
constexpr uint32_t kInit = XSHIM_NEG_AT_INITWAIT;
constexpr uint64_t kNo = XSHIM_NEG_NO_WRITE;
// kbdif.h: width and height are "pixels, [0; UINT32_MAX]"; a pointer range beyond 2^31 cannot
// be reported in the events' int32_t coordinates, so a larger value is clamped to it.
constexpr uint64_t kMaxRange = 0x7fffffff;

// name, backend node, where, phase, frontend node, kind, need, check, on_bad, absent, min, max,
// write_from. Order = enum xshim_vkbd_rule.
constexpr xshim_neg_rule kRules[] = {
    {"abs-pointer", XSHIM_KBDIF_FEATURE_ABS_POINTER, kBack, kInit, XSHIM_KBDIF_REQUEST_ABS_POINTER,
     XSHIM_NEG_FLAG, XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, 1},
    {"raw-pointer", XSHIM_KBDIF_FEATURE_RAW_POINTER, kBack, kInit, XSHIM_KBDIF_REQUEST_RAW_POINTER,
     XSHIM_NEG_FLAG, XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, 1},
    {"multi-touch", XSHIM_KBDIF_FEATURE_MTOUCH, kBack, kInit, XSHIM_KBDIF_REQUEST_MTOUCH,
     XSHIM_NEG_FLAG, XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, 1},
    {"disable-keyboard", XSHIM_KBDIF_FEATURE_DISABLE_KEYBOARD, kBack, kInit, nullptr,
     XSHIM_NEG_FLAG, XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, kNo},
    {"disable-pointer", XSHIM_KBDIF_FEATURE_DISABLE_POINTER, kBack, kInit, nullptr, XSHIM_NEG_FLAG,
     XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, kNo},
    {"width", XSHIM_KBDIF_WIDTH, kBack, kInit, nullptr, XSHIM_NEG_VALUE, XSHIM_NEG_WANTED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_CLAMP, 0, 0, kMaxRange, kNo},
    {"height", XSHIM_KBDIF_HEIGHT, kBack, kInit, nullptr, XSHIM_NEG_VALUE, XSHIM_NEG_WANTED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_CLAMP, 0, 0, kMaxRange, kNo},
};
static_assert(sizeof kRules / sizeof kRules[0] == XSHIM_VKBD_RULES,
              "one rule per enum xshim_vkbd_rule value, in its order");
static_assert(XSHIM_VKBD_RULES <= XSHIM_NEG_RULES_MAX);

constexpr bool rules_sane() {
    for (const auto &r : kRules)
        if (r.min > r.max || r.absent < r.min || r.absent > r.max || r.phase != kInit)
            return false;
    return true;
}
static_assert(rules_sane(), "every default lies in its own range; all read at InitWait");

} // namespace
} // namespace xshim

extern "C" {

const xshim_neg_class xshim_neg_vkbd = {"vkbd", xshim::kRules, XSHIM_VKBD_RULES};

int32_t xshim_vkbd_frontend_defaults(xshim_neg_limit *out) {
    if (out == nullptr)
        return XSHIM_S_EINVAL;
    xshim::want_every_flag(xshim::kRules, XSHIM_VKBD_RULES, out);
    out[XSHIM_VKBD_MTOUCH].value = 0; // no multi-touch events are consumed
    return XSHIM_S_OK;
}

} // extern "C"
