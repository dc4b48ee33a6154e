// shim/xenstore/xenstore.hpp: internal interface of the XenStore client (client.cpp: open and the
// reads; write.cpp: writes and transactions; watch.cpp: watches and their events; ring.cpp: one
// request/reply over the shared ring;
// backend.cpp: a frontend's backend features; names.cpp: status and error
// name tables). The public API is shim/include/xshim_xenstore.h.
#pragma once

#include <xshim_xenstore.h>

#include <abi/xs_wire.h>

#include <stddef.h>
#include <stdint.h>

namespace xshim::xs {

// At most this many XS_WATCH_EVENT messages are taken while waiting for one reply: more than a
// handful of watches can fire between two replies only if the server is hostile.
inline constexpr uint32_t max_skipped_events = 64;

// One reply's header as it arrived, and where its payload went.
struct Reply {
    uint32_t type; // XSHIM_XS_<request> (XS_ERROR replies are turned into a status)
    uint32_t len;  // payload bytes announced by the header (<= XENSTORE_PAYLOAD_MAX)
};

// One piece of a request's payload (a path with its NUL, a value without one, a token).
struct Part {
    const char *data;
    uint32_t len;
};

// Send `type` in transaction tx_id (0: none) with the parts as payload (at most
// XENSTORE_PAYLOAD_MAX bytes together), wait for its reply, check it as below (its tx_id must
// be tx_id), and copy its payload to out. Watch events that arrive first are queued in the
// handle (xs.events), at most max_skipped_events of them per request.
[[nodiscard]] int32_t request(xshim_xs &xs, uint32_t type, uint32_t tx_id, const Part *parts,
                              uint32_t nparts, char *out, uint32_t cap, Reply *reply);

// The next watch event (xshim_xs_next_event): queued, or read from the ring when one arrives
// within xs.spin_limit relax() rounds (XSHIM_S_TIMEOUT otherwise, the handle still usable).
[[nodiscard]] int32_t next_event(xshim_xs &xs, xshim_xs_event *event);

// A request whose reply must be "OK" (write, mkdir, rm, watch, unwatch, transaction end).
[[nodiscard]] int32_t ok_request(xshim_xs &xs, uint32_t type, uint32_t tx, const Part *parts,
                                 uint32_t n);

// The length of a caller's path when it is a valid absolute or relative XenStore path, else 0.
uint32_t checked_path_len(const char *path);

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
