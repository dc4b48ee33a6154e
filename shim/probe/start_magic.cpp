// shim/probe/start_magic.cpp: the PV start_info magic as an identity fact: kept printable, and its
// interface generation ("xen-3.0-x86_64" -> 3.0) read by the start_info adapters' own parser.
#include "shim/handoff/start_info.hpp"
#include "shim/probe/probe.hpp"
#include "shim/lib/text.hpp"

namespace xshim {

void record_start_magic(const char *magic, size_t cap, xshim_identity *id) {
    size_t n = bounded_len(magic, cap);
    store_printable(id->start_magic, sizeof id->start_magic, magic, n);
    // The same validation the start_info adapters apply: "xen-<major>.<minor>-<arch>".
    StartMagic m{};
    int rc = parse_start_magic(magic, static_cast<uint32_t>(cap), &m);
    bool generation_known = rc == XSHIM_S_OK || rc == XSHIM_REASON_OLD_GENERATION;
    id->start_magic_fact = {
        XSHIM_SRC_START_INFO,
        generation_known ? uint8_t{XSHIM_FACT_OK} : uint8_t{XSHIM_FACT_MALFORMED}, 0};
    if (generation_known) {
        id->interface_major = m.major;
        id->interface_minor = m.minor;
    }
}

} // namespace xshim
