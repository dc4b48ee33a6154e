// shim/probe/start_magic.cpp: the PV start_info magic as an identity fact: kept printable, and its
// interface generation ("xen-3.0-x86_64" -> 3.0) read by the start_info adapters' own parser. A
// boot parses the magic once: the adapter that accepted it reports the generation
// (take_start_magic); only a magic it refused is parsed again, for the refusal's evidence.
#include "shim/handoff/start_info.hpp"
#include "shim/probe/probe.hpp"
#include "shim/lib/text.hpp"

namespace xshim {

void record_start_magic(const char *magic, size_t cap, xshim_identity *id) {
    store_printable_z(id->start_magic, sizeof id->start_magic, magic, cap);
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

void take_start_magic(const char *magic, size_t cap, uint32_t generation, xshim_identity *id) {
    // The adapter accepted it: every byte before its NUL (inside cap) is "xen-", a digit, a
    // separator or a served suffix's, all printable, so it is copied as it is.
    static_assert(sizeof id->start_magic == XSHIM_START_MAGIC_LEN + 1);
    size_t n = 0;
    for (; n < cap && n < XSHIM_START_MAGIC_LEN && magic[n] != '\0'; ++n)
        id->start_magic[n] = magic[n];
    id->start_magic[n] = '\0';
    id->start_magic_fact = {XSHIM_SRC_START_INFO, XSHIM_FACT_OK, 0};
    id->interface_major = XSHIM_REL_MAJOR(generation);
    id->interface_minor = XSHIM_REL_MINOR(generation);
}

} // namespace xshim
