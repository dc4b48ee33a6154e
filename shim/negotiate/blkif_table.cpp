// shim/negotiate/blkif_table.cpp: the block device class (Xen's io/blkif.h, "Feature and
// Parameter Negotiation"), as one table. Facts from the header and from what Linux's blkback and
// QEMU's qdisk were seen to write (TESTBED.md); defaults are the old protocol's.
#include <xshim_negotiate.h>

#include "shim/negotiate/defaults.hpp"

#include <abi/blkif.h>

namespace xshim {
namespace {

constexpr uint32_t kBack = XSHIM_NEG_IN_BACKEND;
constexpr uint32_t kInit = XSHIM_NEG_AT_INITWAIT;
constexpr uint32_t kConn = XSHIM_NEG_AT_CONNECTED;

// The orders and counts a backend may sensibly advertise; a value beyond is clamped into the
// range before the frontend's own limit applies. A ring of 2^31 pages, or more than 2^16 queues
// or indirect segments, is not a backend limit but a broken or hostile value.
constexpr uint64_t kMaxRingOrder = 31;
constexpr uint64_t kMaxQueues = 65535;
constexpr uint64_t kMaxIndirect = 65536;
// sector-size: a power of two from 512 (blkif.h: "sector-size ... in bytes"; a logical block of
// less than 512 bytes cannot be addressed in the 512-byte units requests use) to 1 MiB.
constexpr uint64_t kMinSector = 512;
constexpr uint64_t kMaxSector = 1u << 20;
// sectors: in 512-byte units; 2^55 of them is 16 EiB, beyond any disk.
constexpr uint64_t kMaxSectors = uint64_t{1} << 55;

// name, backend node, where, phase, frontend node, kind, need, check, on_bad, absent, min, max,
// write_from. Order = enum xshim_blkif_rule.
constexpr xshim_neg_rule kRules[] = {
    {"protocol", "protocol", XSHIM_NEG_IN_FRONTEND, kInit, "protocol", XSHIM_NEG_MATCH,
     XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_REFUSE, 0, 0, 0, 0},
    {"ring-page-order", "max-ring-page-order", kBack, kInit, "ring-page-order", XSHIM_NEG_LIMIT,
     XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_CLAMP, 0, 0, kMaxRingOrder, 1},
    {"queues", "multi-queue-max-queues", kBack, kInit, "multi-queue-num-queues", XSHIM_NEG_LIMIT,
     XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_CLAMP, 1, 1, kMaxQueues, 2},
    {"persistent", "feature-persistent", kBack, kConn, nullptr, XSHIM_NEG_FLAG, XSHIM_NEG_WANTED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, XSHIM_NEG_NO_WRITE},
    {"indirect-segments", "feature-max-indirect-segments", kBack, kConn, nullptr, XSHIM_NEG_LIMIT,
     XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_CLAMP, 0, 0, kMaxIndirect,
     XSHIM_NEG_NO_WRITE},
    {"flush-cache", "feature-flush-cache", kBack, kConn, nullptr, XSHIM_NEG_FLAG, XSHIM_NEG_WANTED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, XSHIM_NEG_NO_WRITE},
    {"barrier", "feature-barrier", kBack, kConn, nullptr, XSHIM_NEG_FLAG, XSHIM_NEG_WANTED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, XSHIM_NEG_NO_WRITE},
    {"discard", "feature-discard", kBack, kConn, nullptr, XSHIM_NEG_FLAG, XSHIM_NEG_WANTED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, XSHIM_NEG_NO_WRITE},
    {"sector-size", "sector-size", kBack, kConn, nullptr, XSHIM_NEG_VALUE, XSHIM_NEG_REQUIRED,
     XSHIM_NEG_CHECK_POW2, XSHIM_NEG_BAD_REFUSE, 0, kMinSector, kMaxSector, XSHIM_NEG_NO_WRITE},
    {"sectors", "sectors", kBack, kConn, nullptr, XSHIM_NEG_VALUE, XSHIM_NEG_REQUIRED,
     XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_REFUSE, 0, 0, kMaxSectors, XSHIM_NEG_NO_WRITE},
    {"info", "info", kBack, kConn, nullptr, XSHIM_NEG_VALUE, XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE,
     XSHIM_NEG_BAD_DEFAULT, 0, 0, 0xffff, XSHIM_NEG_NO_WRITE},
    {"persistent-offer", nullptr, kBack, kInit, "feature-persistent", XSHIM_NEG_ANNOUNCE,
     XSHIM_NEG_WANTED, XSHIM_NEG_CHECK_NONE, XSHIM_NEG_BAD_DEFAULT, 0, 0, 1, 0},
};
static_assert(sizeof kRules / sizeof kRules[0] == XSHIM_BLKIF_RULES,
              "one rule per enum xshim_blkif_rule value, in its order");
static_assert(XSHIM_BLKIF_RULES <= XSHIM_NEG_RULES_MAX);

constexpr bool rules_sane() {
    for (const auto &r : kRules)
        if (r.min > r.max || (r.kind != XSHIM_NEG_MATCH && r.need != XSHIM_NEG_REQUIRED &&
                              (r.absent < r.min || r.absent > r.max)))
            return false;
    return true;
}
static_assert(rules_sane(), "every optional rule's default lies in its own range");

// The ring ABI a kernel of each architecture speaks (blkif.h's XEN_IO_PROTO_ABI_*): the
// request layout differs between x86_32 (108 B) and the others (112 B).
struct ArchProtocol {
    uint32_t arch;
    const char *protocol;
};
constexpr ArchProtocol kProtocols[] = {
    {XSHIM_ARCH_X86_64, XSHIM_IO_PROTO_ABI_X86_64},
    {XSHIM_ARCH_X86_32, XSHIM_IO_PROTO_ABI_X86_32},
    {XSHIM_ARCH_ARM64, XSHIM_IO_PROTO_ABI_ARM},
    {XSHIM_ARCH_ARM32, XSHIM_IO_PROTO_ABI_ARM},
};

// What xshim's block frontend can do by default: XENBUS_MAX_RING_GRANT_ORDER (4) ring pages,
// one queue, persistent grants, Linux blkfront's default of 32 indirect segments, and every
// flag it understands.
constexpr uint64_t kDefaultRingOrder = 4;
constexpr uint64_t kDefaultIndirect = 32;

} // namespace
} // namespace xshim

extern "C" {

const xshim_neg_class xshim_neg_blkif = {"vbd", xshim::kRules, XSHIM_BLKIF_RULES};

int32_t xshim_blkif_frontend_defaults(uint32_t arch, xshim_neg_limit *out) {
    using namespace xshim;
    if (out == nullptr)
        return XSHIM_S_EINVAL;
    const char *protocol = nullptr;
    for (const auto &p : kProtocols)
        if (p.arch == arch)
            protocol = p.protocol;
    if (protocol == nullptr)
        return XSHIM_S_EINVAL;
    xshim::want_every_flag(xshim::kRules, XSHIM_BLKIF_RULES, out);
    out[XSHIM_BLKIF_PROTOCOL].text = protocol;
    out[XSHIM_BLKIF_RING_PAGE_ORDER].value = kDefaultRingOrder;
    out[XSHIM_BLKIF_INDIRECT].value = kDefaultIndirect;
    return XSHIM_S_OK;
}

} // extern "C"
