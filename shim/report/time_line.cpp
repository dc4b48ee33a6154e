// shim/report/time_line.cpp: xshim_time_line, the one line a reading of the time prints (the
// forms are listed in docs/architecture.md, "The time line"). Prints what xshim_time_read found;
// decides nothing. Every part is one space-free token, so a test can take it apart with a regex:
//
//   xshim: time system=<ns> wallclock=<sec>.<nsec, 9 digits> wc_version=<n>
//
// or, per part, the named fact instead of the number:
//   system=torn-after-<N>-reads       the version stayed odd or kept moving for all N reads
//   system=unmaintained(tsc_to_system_mul=0)  a consistent record without a scale: the
//                                     hypervisor does not keep it (Xen on Arm)
//   system=unread(status=<rc>) / wallclock=unread(status=<rc>)
//   wallclock=torn-after-<N>-reads
//   wallclock=unwritten(wc_version=0)  the hypervisor never wrote this domain's wallclock
// and when shared_info could not be placed at all:
//   xshim: time unread: shared_info not mapped (<guest>, status=<rc>)
#include <xshim.h>

#include "shim/lib/text.hpp"
#include "shim/report/verdict_line.hpp"

namespace xshim {
namespace {

void status(Writer &w, int32_t rc) {
    w.str("status=");
    if (rc < 0)
        w.ch('-').dec(static_cast<uint64_t>(-static_cast<int64_t>(rc)));
    else
        w.dec(static_cast<uint64_t>(rc));
}

void unread(Writer &w, int32_t rc, uint32_t reads) {
    if (rc == XSHIM_S_TORN) {
        w.str("torn-after-").dec(reads).str("-reads");
    } else {
        w.str("unread(");
        status(w, rc);
        w.ch(')');
    }
}

// nsec as nine digits, so "5.000000042" cannot be read as 5.42 s.
void nine_digits(Writer &w, uint32_t nsec) {
    char digits[24];
    const size_t n = format_dec(nsec, digits);
    for (size_t pad = n; pad < 9; ++pad)
        w.ch('0');
    w.chars(digits, n);
}

} // namespace
} // namespace xshim

using namespace xshim;

extern "C" size_t xshim_time_line(const xshim_verdict *v, int32_t map_status,
                                  const xshim_time_reading *r, char *buf, size_t cap) {
    if (buf == nullptr || cap == 0)
        return 0;
    Writer w(buf, cap);
    w.str("xshim: time ");
    if (map_status != XSHIM_S_OK || r == nullptr) {
        w.str("unread: shared_info not mapped (");
        if (v != nullptr)
            w.str(guest_name(v->identity.guest_type, v->identity.arch)).str(", ");
        status(w, map_status);
        w.ch(')');
        return w.len();
    }
    w.str("system=");
    if (r->time_status != XSHIM_S_OK)
        unread(w, r->time_status, r->reads_bound);
    else if (r->snapshot.tsc_to_system_mul == 0)
        w.str("unmaintained(tsc_to_system_mul=0)");
    else
        w.dec(r->system_ns);
    w.str(" wallclock=");
    if (r->wallclock_status != XSHIM_S_OK) {
        unread(w, r->wallclock_status, r->reads_bound);
    } else if (r->wallclock.version == 0) {
        // Xen bumps wc_version twice per update: 0 means it never wrote one (Xen 4.17 leaves a
        // toolstack-built PVH domU's so), and the zero seconds would read as 1970.
        w.str("unwritten(wc_version=0)");
    } else {
        w.dec(r->wallclock.sec).ch('.');
        nine_digits(w, r->wallclock.nsec);
        w.str(" wc_version=").dec(r->wallclock.version);
    }
    return w.len();
}
