// shim/xenstore/watch.cpp: watches (XS_WATCH / XS_UNWATCH) and their events. Events share the
// reply ring with replies: ring.cpp queues those that arrive while a request waits, and
// xshim_xs_next_event hands out the queue first, then reads the ring, bounded.
#include "shim/xenstore/xenstore.hpp"

#include "shim/lib/text.hpp"

namespace xshim::xs {
namespace {

int32_t watch_op(xshim_xs *xs, uint32_t type, const char *path, const char *token) {
    const uint32_t plen = checked_path_len(path);
    const size_t tlen = token != nullptr ? bounded_len(token, XSHIM_XS_TOKEN_MAX) : 0;
    // Tokens come back in events: the same characters as paths keep them printable.
    if (xs == nullptr || plen == 0 || plen >= XSHIM_XS_EVENT_PATH_MAX || tlen == 0 ||
        tlen >= XSHIM_XS_TOKEN_MAX || !valid_path(token, tlen, XSHIM_XS_TOKEN_MAX - 1))
        return XSHIM_S_EINVAL;
    const Part parts[] = {{path, plen}, {"", 1}, {token, static_cast<uint32_t>(tlen)}, {"", 1}};
    return ok_request(*xs, type, 0, parts, 4);
}

} // namespace
} // namespace xshim::xs

using namespace xshim;
using namespace xshim::xs;

extern "C" {

int32_t xshim_xs_watch(xshim_xs *xs, const char *path, const char *token) {
    return watch_op(xs, XSHIM_XS_WATCH, path, token);
}

int32_t xshim_xs_unwatch(xshim_xs *xs, const char *path, const char *token) {
    return watch_op(xs, XSHIM_XS_UNWATCH, path, token);
}

int32_t xshim_xs_next_event(xshim_xs *xs, xshim_xs_event *event) {
    if (xs == nullptr || event == nullptr)
        return XSHIM_S_EINVAL;
    zero_bytes(event, sizeof *event);
    return next_event(*xs, event);
}

} // extern "C"
