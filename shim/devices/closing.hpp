// shim/devices/closing.hpp: what every frontend in shim/devices/ shares of its XenBus life: the
// device's handle from its directory, and the close it runs once its backend may have mapped its
// pages: Closing, the backend's Closing or Closed, Closed, the backend's Closed (or its directory
// gone), each wait bounded. The first failure is returned, but every step is tried. Each
// frontend then ends its own grants and drops the watch. Also a phase's read-and-negotiate, and
// the names of the statuses every frontend shares (grant table, XenBus), which each frontend's
// status_name falls back to.
#pragma once

#include <xshim_frontend.h>
#include <xshim_negotiate.h>
#include <xshim_xenbus.h>

#include <abi/xenbus.h>

#include "shim/lib/text.hpp"

namespace xshim {

// The device's number: the last part of its directory ("device/vbd/51712" -> 51712).
inline bool device_handle(const char *dir, uint32_t *handle) {
    const char *last = dir;
    for (const char *c = dir; *c != '\0'; ++c)
        if (*c == '/')
            last = c + 1;
    uint64_t n = 0;
    if (parse_decimal(last, bounded_len(last, 11), 0xffff, &n) != Decimal::ok)
        return false;
    *handle = static_cast<uint32_t>(n);
    return true;
}

inline int32_t xenbus_close_down(xshim_xenbus_dev &dev) {
    constexpr uint32_t kClosingOrClosed =
        (1u << XSHIM_XENBUS_Closing) | (1u << XSHIM_XENBUS_Closed);
    constexpr uint32_t kClosedOrGone = (1u << XSHIM_XENBUS_Closed) | (1u << XSHIM_XENBUS_Unknown);
    int32_t first = xshim_xenbus_set_state(&dev, 0, XSHIM_XENBUS_Closing);
    int32_t rc = xshim_xenbus_wait(&dev, kClosingOrClosed);
    if (rc != XSHIM_S_OK && first == XSHIM_S_OK)
        first = rc;
    rc = xshim_xenbus_set_state(&dev, 0, XSHIM_XENBUS_Closed);
    if (rc != XSHIM_S_OK && first == XSHIM_S_OK)
        first = rc;
    rc = xshim_xenbus_wait(&dev, kClosedOrGone);
    if (rc != XSHIM_S_OK && first == XSHIM_S_OK)
        first = rc;
    return first;
}

// Before anything was published the backend mapped nothing: Closed at once.
inline int32_t xenbus_abandon(xshim_xenbus_dev &dev) {
    return xshim_xenbus_set_state(&dev, 0, XSHIM_XENBUS_Closed);
}

// The backend's nodes of one phase read and negotiated against the frontend's limits; a refused
// device is XSHIM_S_XB_REFUSED (*out says why).
inline int32_t read_and_negotiate(xshim_xenbus_dev &dev, const xshim_neg_class &cls, uint32_t phase,
                                  xshim_xenbus_values &values, const xshim_neg_limit *own,
                                  xshim_neg_result *out) {
    int32_t rc = xshim_xenbus_read(&dev, &cls, phase, &values);
    if (rc == XSHIM_S_OK)
        rc = xshim_negotiate(&cls, phase, values.values, own, out);
    if (rc == XSHIM_S_OK && out->outcome != XSHIM_SELECTED)
        rc = XSHIM_S_XB_REFUSED;
    return rc;
}

// The grant-table and XenBus statuses by name, then XenStore's, the generic ones and Xen's errnos
// (xshim_xs_status_name), else "other". A frontend's own table names only its own statuses.
inline const char *frontend_status_name(int32_t status) {
    struct Name {
        int32_t status;
        const char *name;
    };
    static constexpr Name kNames[] = {
        {XSHIM_S_GNT_BUSY, "gnt-busy"},         {XSHIM_S_GNT_IN_USE, "gnt-in-use"},
        {XSHIM_S_GNT_STATUS, "gnt-status"},     {XSHIM_S_XB_CLOSED, "xb-closed"},
        {XSHIM_S_XB_BAD_STATE, "xb-bad-state"}, {XSHIM_S_XB_REFUSED, "xb-refused"},
    };
    for (const auto &n : kNames)
        if (n.status == status)
            return n.name;
    return xshim_xs_status_name(status);
}

} // namespace xshim
