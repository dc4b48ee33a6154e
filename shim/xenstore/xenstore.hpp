// shim/xenstore/xenstore.hpp: internal interface of the XenStore client (client.cpp: open and the
// public calls; ring.cpp: one request/reply over the shared ring;
// backend.cpp: a frontend's backend features; names.cpp: status and error
// name tables). The public API is shim/include/xshim_xenstore.h.
#pragma once

#include <xshim_xenstore.h>

#include <abi/xs_wire.h>

#include <stddef.h>
#include <stdint.h>

namespace xshim::xs {

// Why at most this many unsolicited XS_WATCH_EVENT messages are skipped while waiting for one
// reply: xshim registers no watches, so such events can only be left over from an earlier
// client of the ring (a boot loader); a server that keeps sending them is hostile.
inline constexpr uint32_t max_skipped_events = 64;

// One reply's header as it arrived, and where its payload went.
struct Reply {
    uint32_t type; // XSHIM_XS_<request> (XS_ERROR replies are turned into a status)
    uint32_t len;  // payload bytes announced by the header (<= XENSTORE_PAYLOAD_MAX)
};

// Send `type` with payload path + NUL, wait for its reply (bounded by xs.spin_limit relax()
// rounds), check it, and copy its payload to out when len <= cap (else the payload is
// consumed and XSHIM_S_ENOBUFS returned, reply->len telling the size). An XS_ERROR reply
// becomes the negative errno of its name and sets xs.last_error. A fault that leaves the ring
// out of step (bad index, length, id, type, timeout) retires the handle: xs.fault = status.
[[nodiscard]] int32_t request(xshim_xs &xs, uint32_t type, const char *path, uint32_t path_len,
                              char *out, uint32_t cap, Reply *reply);

// The ring's own state: XSHIM_S_OK, XSHIM_S_XS_RECONNECTING (RECONNECTION feature advertised
// and connection != CONNECTED) or XSHIM_S_XS_RING_ERROR (ERROR feature and error != NONE).
[[nodiscard]] int32_t ring_state(const xshim_xenstore_domain_interface &ring);

// Negative errno of an XS_ERROR name (Xen's numbers, xen/errno.h), 0 if not a known name.
int32_t error_errno(const char *name, size_t len);

// XenStore path syntax (docs/misc/xenstore.txt): ASCII alphanumerics and - / _ @, no doubled
// or trailing slash, not empty, shorter than max. Absolute paths start with '/'.
bool valid_path(const char *path, size_t len, size_t max);
bool path_char(char c);

// A plain unsigned decimal of at most 32 bits: XSHIM_S_OK, XSHIM_S_XS_MALFORMED (empty, a
// sign, space or any other non-digit), XSHIM_S_RANGE (above 0xffffffff).
[[nodiscard]] int32_t parse_u32(const char *s, size_t len, uint32_t *out);

} // namespace xshim::xs
