// shim/devices/closing.hpp: the XenBus close a frontend runs once its backend may have mapped
// its pages: Closing, the backend's Closing or Closed, Closed, the backend's Closed (or its
// directory gone), each wait bounded; then the watch is dropped. The first failure is returned,
// but every step is tried. (blkfront.cpp runs the same steps with its grants in between.)
#pragma once

#include <xshim_xenbus.h>

#include <abi/xenbus.h>

namespace xshim {

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

} // namespace xshim
