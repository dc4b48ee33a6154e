// shim/negotiate/netif_table.cpp: the network device class (Xen's io/netif.h) as one table.
// Facts from the header and from Linux 6.1's netback (drivers/net/xen-netback/xenbus.c:
// netback_probe writes feature-sg, -gso-tcpv4, -gso-tcpv6, -ipv6-csum-offload, -rx-copy,
// -rx-flip=0, -multicast-control, -dynamic-multicast-control, -split-event-channels,
// multi-queue-max-queues and feature-ctrl-ring before InitWait; read_xenbus_vif_flags refuses a
// frontend without request-rx-copy; connect() reads multi-queue-num-queues and the mac) and its
// frontend, drivers/net/xen-netfront.c (which refuses a backend without feature-rx-copy).
// Defaults are the old protocol's: absent flags are not offered, one queue.
#include <xshim_negotiate.h>

#include "shim/negotiate/defaults.hpp"

namespace xshim {
namespace {

constexpr uint32_t kBack = XSHIM_NEG_IN_BACKEND;
constexpr uint32_t kInit = XSHIM_NEG_AT_INITWAIT;
constexpr uint32_t kFlag = XSHIM_NEG_FLAG;
constexpr uint32_t kWanted = XSHIM_NEG_WANTED;
constexpr uint32_t kNone = XSHIM_NEG_CHECK_NONE;
constexpr uint32_t kDefault = XSHIM_NEG_BAD_DEFAULT;
constexpr uint64_t kNoWrite = XSHIM_NEG_NO_WRITE;

// More than 2^16 queues is not a backend limit but a broken or hostile value (netback's own
// limit is its max_queues parameter, by default the dom0's vCPUs).
constexpr uint64_t kMaxQueues = 65535;
constexpr uint64_t kMac48 = (uint64_t{1} << 48) - 1;

// name, backend node, where, phase, frontend node, kind, need, check, on_bad, absent, min, max,
// write_from. Order = enum xshim_netif_rule.
constexpr xshim_neg_rule kRules[] = {
    {"rx-copy", "feature-rx-copy", kBack, kInit, "request-rx-copy", kFlag, XSHIM_NEG_REQUIRED,
     kNone, kDefault, 0, 0, 1, 1},
    {"rx-notify", nullptr, kBack, kInit, "feature-rx-notify", XSHIM_NEG_ANNOUNCE, kWanted, kNone,
     kDefault, 0, 0, 1, 1},
    {"sg", "feature-sg", kBack, kInit, nullptr, kFlag, kWanted, kNone, kDefault, 0, 0, 1, kNoWrite},
    {"gso-tcpv4", "feature-gso-tcpv4", kBack, kInit, nullptr, kFlag, kWanted, kNone, kDefault, 0, 0,
     1, kNoWrite},
    {"gso-tcpv6", "feature-gso-tcpv6", kBack, kInit, nullptr, kFlag, kWanted, kNone, kDefault, 0, 0,
     1, kNoWrite},
    // netif.h: "If it is missing then the feature is assumed to be on": absent = 0 = offload on.
    {"no-csum-offload", "feature-no-csum-offload", kBack, kInit, nullptr, kFlag, kWanted, kNone,
     kDefault, 0, 0, 1, kNoWrite},
    // ... and for IPv6 "If it is missing then the feature is assumed to be off".
    {"ipv6-csum-offload", "feature-ipv6-csum-offload", kBack, kInit, nullptr, kFlag, kWanted, kNone,
     kDefault, 0, 0, 1, kNoWrite},
    // The frontend answers with event-channel-tx/-rx instead of event-channel (device nodes).
    {"split-event-channels", "feature-split-event-channels", kBack, kInit, nullptr, kFlag, kWanted,
     kNone, kDefault, 0, 0, 1, kNoWrite},
    {"queues", "multi-queue-max-queues", kBack, kInit, "multi-queue-num-queues", XSHIM_NEG_LIMIT,
     kWanted, kNone, XSHIM_NEG_BAD_CLAMP, 1, 1, kMaxQueues, 2},
    {"multicast-control", "feature-multicast-control", kBack, kInit, "request-multicast-control",
     kFlag, kWanted, kNone, kDefault, 0, 0, 1, 1},
    {"ctrl-ring", "feature-ctrl-ring", kBack, kInit, nullptr, kFlag, kWanted, kNone, kDefault, 0, 0,
     1, kNoWrite},
    // The toolstack writes the frontend's address beside the backend's (libxl: both "mac").
    {"mac", "mac", XSHIM_NEG_IN_FRONTEND, kInit, nullptr, XSHIM_NEG_MAC, XSHIM_NEG_REQUIRED,
     XSHIM_NEG_CHECK_UNICAST, XSHIM_NEG_BAD_REFUSE, 0, 0, kMac48, kNoWrite},
    {"no-csum-offload-own", nullptr, kBack, kInit, "feature-no-csum-offload", XSHIM_NEG_ANNOUNCE,
     kWanted, kNone, kDefault, 0, 0, 1, 1},
};
static_assert(sizeof kRules / sizeof kRules[0] == XSHIM_NETIF_RULES,
              "one rule per enum xshim_netif_rule value, in its order");
static_assert(XSHIM_NETIF_RULES <= XSHIM_NEG_RULES_MAX);

constexpr bool rules_sane() {
    for (const auto &r : kRules)
        if (r.min > r.max || r.phase != kInit ||
            (r.need != XSHIM_NEG_REQUIRED && (r.absent < r.min || r.absent > r.max)))
            return false;
    return true;
}
static_assert(rules_sane(), "every rule at InitWait, every optional default in its own range");

} // namespace
} // namespace xshim

extern "C" {

const xshim_neg_class xshim_neg_netif = {"vif", xshim::kRules, XSHIM_NETIF_RULES};

int32_t xshim_netif_frontend_defaults(xshim_neg_limit *out) {
    using namespace xshim;
    if (out == nullptr)
        return XSHIM_S_EINVAL;
    xshim::want_every_flag(xshim::kRules, XSHIM_NETIF_RULES, out);
    out[XSHIM_NETIF_QUEUES].value = 1;    // one queue: the frontend's data path serves one
    out[XSHIM_NETIF_CTRL_RING].value = 0; // no control ring (hash and gref mapping unused)
    out[XSHIM_NETIF_MAC].value = kMac48;
    return XSHIM_S_OK;
}

} // extern "C"
