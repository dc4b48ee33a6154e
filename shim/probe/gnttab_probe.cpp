// shim/probe/gnttab_probe.cpp: what the grant table offers this domain, asked without changing it.
// GNTTABOP_query_size answers the frames in use and the most this domain may have; the latter is
// what Xen's gnttab_max_frames= (and a toolstack's max_grant_frames) sets, so a kernel sizing its
// grant table reads it here instead of assuming a release's default.
#include "shim/runtime/hypercall.hpp"
#include "shim/probe/probe.hpp"

#include <abi/grant_table.h>
#include <abi/hvm.h>

namespace xshim {

void probe_gnttab(const xshim_hypercall &hc, xshim_identity *id) {
    xshim_gnttab_query_size q{};
    q.dom = XSHIM_DOMID_SELF;
    long rc = call(hc, XSHIM_HC_grant_table_op, XSHIM_GNTTABOP_query_size,
                   reinterpret_cast<uintptr_t>(&q), 1);
    id->gnttab_fact = fact_from_rc(XSHIM_SRC_PROBE, rc);
    if (rc < 0)
        return;
    if (q.status != XSHIM_GNTST_okay) {
        // The call went through but the operation failed: GNTST_* is the error.
        id->gnttab_fact = {XSHIM_SRC_PROBE,
                           q.status == XSHIM_GNTST_permission_denied ? uint8_t{XSHIM_FACT_DENIED}
                                                                     : uint8_t{XSHIM_FACT_ERROR},
                           q.status};
        return;
    }
    if (q.max_nr_frames == 0 || q.nr_frames > q.max_nr_frames) {
        id->gnttab_fact.status = XSHIM_FACT_MALFORMED; // sizes that cannot be
        return;
    }
    id->gnttab_frames = q.nr_frames;
    id->gnttab_max_frames = q.max_nr_frames;
}

} // namespace xshim
