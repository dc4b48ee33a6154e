// shim/xenstore/names.cpp: the XenStore client's two name tables: the XS_ERROR names that
// xenstored sends (abi/xs_wire.h's XSHIM_XS_ERROR list, in Xen's xsd_errors[] order) with
// the errno Xen gives each (xen/errno.h), and a short name for every status the client
// returns, for console lines (its own statuses from XSHIM_XS_STATUSES, xshim_xenstore.h).
#include "shim/xenstore/xenstore.hpp"

#include "shim/lib/text.hpp"

namespace xshim::xs {
namespace {

struct ErrorName {
    const char *name;
    int32_t xen_errno; // xen/errno.h
};

// xsd_errors[] order, so a new Xen name lands at the end of both lists.
constexpr ErrorName kErrors[] = {
    {"EINVAL", 22},    {"EACCES", 13},   {"EEXIST", 17}, {"EISDIR", 21},
    {"ENOENT", 2},     {"ENOMEM", 12},   {"ENOSPC", 28}, {"EIO", 5},
    {"ENOTEMPTY", 39}, {"ENOSYS", 38},   {"EROFS", 30},  {"EBUSY", 16},
    {"EAGAIN", 11},    {"EISCONN", 106}, {"E2BIG", 7},   {"EPERM", 1},
};

// The table above must name exactly abi/xs_wire.h's errors, in its order.
#define XSHIM_XS_ERROR_NAME_(name, index, since) #name,
constexpr const char *kWireNames[] = {XSHIM_XS_ERROR(XSHIM_XS_ERROR_NAME_)};
#undef XSHIM_XS_ERROR_NAME_
constexpr bool same_names() {
    if (sizeof kWireNames / sizeof *kWireNames != sizeof kErrors / sizeof *kErrors)
        return false;
    for (size_t i = 0; i < sizeof kErrors / sizeof *kErrors; ++i)
        if (!same(kErrors[i].name, bounded_len(kErrors[i].name, 32), kWireNames[i]))
            return false;
    return true;
}
static_assert(same_names(), "kErrors must follow XSHIM_XS_ERROR (abi/xs_wire.h)");
static_assert(XSHIM_S_ENOENT == -2 && XSHIM_S_EINVAL == -22 && XSHIM_S_EPERM == -1,
              "xshim statuses share Xen's errno numbers");

struct StatusName {
    int32_t status;
    const char *name;
};

constexpr StatusName kStatuses[] = {
    {XSHIM_S_OK, "ok"},
    {XSHIM_S_EINVAL, "einval"},
    {XSHIM_S_ENOBUFS, "enobufs"},
    {XSHIM_S_RANGE, "range"},
    {XSHIM_S_TIMEOUT, "timeout"},
#define XSHIM_XS_STATUS_NAME_(name, value, text) {value, text},
    XSHIM_XS_STATUSES(XSHIM_XS_STATUS_NAME_)
#undef XSHIM_XS_STATUS_NAME_
    // XS_ERROR names, as negative Xen errnos (EINVAL is above).
    {-13, "eacces"},
    {-17, "eexist"},
    {-21, "eisdir"},
    {XSHIM_S_ENOENT, "enoent"},
    {-12, "enomem"},
    {-28, "enospc"},
    {-5, "eio"},
    {-39, "enotempty"},
    {XSHIM_S_ENOSYS, "enosys"},
    {-30, "erofs"},
    {-16, "ebusy"},
    {-11, "eagain"},
    {-106, "eisconn"},
    {-7, "e2big"},
    {XSHIM_S_EPERM, "eperm"},
};

} // namespace

int32_t error_errno(const char *name, size_t len) {
    for (const ErrorName &e : kErrors)
        if (same(name, len, e.name))
            return -e.xen_errno;
    return 0;
}

} // namespace xshim::xs

extern "C" const char *xshim_xs_status_name(int32_t status) {
    for (const auto &s : xshim::xs::kStatuses)
        if (s.status == status)
            return s.name;
    return "other";
}
