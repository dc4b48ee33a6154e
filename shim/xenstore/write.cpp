// shim/xenstore/write.cpp: the requests that change the store (XS_WRITE, XS_MKDIR, XS_RM) and
// transactions (XS_TRANSACTION_START / _END). Same bounds and checks as the reads: one request
// at a time, every reply checked, the transaction id of each reply must be the request's.
#include "shim/xenstore/xenstore.hpp"

#include "shim/lib/text.hpp"

namespace xshim::xs {
namespace {

// A request whose reply is "OK" (XS_WRITE, XS_MKDIR, XS_RM, XS_WATCH, ...).
int32_t expect_ok(xshim_xs &xs, uint32_t type, uint32_t tx, const Part *parts, uint32_t n) {
    char ok[4] = {};
    Reply reply{};
    const int32_t rc = request(xs, type, tx, parts, n, ok, sizeof ok - 1, &reply);
    if (rc == XSHIM_S_ENOBUFS)
        return XSHIM_S_XS_MALFORMED; // a longer answer than "OK"
    if (rc != XSHIM_S_OK)
        return rc;
    // xenstored answers "OK" with its NUL (3 bytes); accept the bare 2 as well.
    if (!same(ok, bounded_len(ok, reply.len), "OK"))
        return XSHIM_S_XS_MALFORMED;
    return XSHIM_S_OK;
}

int32_t path_op(xshim_xs *xs, uint32_t type, uint32_t tx, const char *path) {
    const uint32_t plen = checked_path_len(path);
    if (xs == nullptr || plen == 0)
        return XSHIM_S_EINVAL;
    const Part parts[] = {{path, plen}, {"", 1}};
    return expect_ok(*xs, type, tx, parts, 2);
}

} // namespace

int32_t ok_request(xshim_xs &xs, uint32_t type, uint32_t tx, const Part *parts, uint32_t n) {
    return expect_ok(xs, type, tx, parts, n);
}

} // namespace xshim::xs

using namespace xshim;
using namespace xshim::xs;

extern "C" {

int32_t xshim_xs_write(xshim_xs *xs, uint32_t tx, const char *path, const char *value,
                       uint32_t len) {
    const uint32_t plen = checked_path_len(path);
    if (xs == nullptr || plen == 0 || (value == nullptr && len != 0))
        return XSHIM_S_EINVAL;
    const Part parts[] = {{path, plen}, {"", 1}, {value, len}};
    return expect_ok(*xs, XSHIM_XS_WRITE, tx, parts, 3);
}

int32_t xshim_xs_mkdir(xshim_xs *xs, uint32_t tx, const char *path) {
    return path_op(xs, XSHIM_XS_MKDIR, tx, path);
}

int32_t xshim_xs_rm(xshim_xs *xs, uint32_t tx, const char *path) {
    return path_op(xs, XSHIM_XS_RM, tx, path);
}

int32_t xshim_xs_transaction_start(xshim_xs *xs, uint32_t *tx) {
    if (tx != nullptr)
        *tx = 0;
    if (xs == nullptr || tx == nullptr)
        return XSHIM_S_EINVAL;
    // The payload is an empty string; the reply is the id in decimal, with its NUL.
    char id[16] = {};
    Reply reply{};
    const Part parts[] = {{"", 1}};
    int32_t rc = request(*xs, XSHIM_XS_TRANSACTION_START, 0, parts, 1, id, sizeof id - 1, &reply);
    if (rc == XSHIM_S_ENOBUFS)
        return XSHIM_S_XS_MALFORMED;
    if (rc != XSHIM_S_OK)
        return rc;
    uint32_t value = 0;
    rc = parse_u32(id, bounded_len(id, reply.len), &value);
    if (rc != XSHIM_S_OK || value == 0)
        return XSHIM_S_XS_MALFORMED; // 0 is "no transaction": a server cannot hand it out
    *tx = value;
    return XSHIM_S_OK;
}

int32_t xshim_xs_transaction_end(xshim_xs *xs, uint32_t tx, uint32_t commit) {
    if (xs == nullptr || tx == 0)
        return XSHIM_S_EINVAL;
    const Part parts[] = {{commit != 0 ? "T" : "F", 1}, {"", 1}};
    return expect_ok(*xs, XSHIM_XS_TRANSACTION_END, tx, parts, 2);
}

} // extern "C"
