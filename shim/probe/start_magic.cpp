// shim/probe/start_magic.cpp: the PV start_info magic as an identity fact: kept printable, and its
// interface generation ("xen-3.0-x86_64" -> 3.0) read by the start_info adapters' own parser. A
// boot parses the magic once: the adapter that accepted it reports the generation
// (take_start_magic); only a magic it refused is parsed again, for the refusal's evidence.
#include "shim/handoff/start_info.hpp"
#include "shim/probe/probe.hpp"
#include "shim/lib/text.hpp"
#include "shim/lib/words.hpp"

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

void take_start_magic(const char *magic, uint32_t generation, xshim_identity *id) {
    // The adapter accepted it: a NUL lies inside its 32 bytes and every byte before it is "xen-",
    // a digit, a separator or a served suffix's, all printable. Copied as four words; every byte
    // from the NUL on is cleared, so nothing Xen left after it reaches the identity.
    static_assert(XSHIM_START_MAGIC_LEN == 4 * 8 && sizeof id->start_magic == 4 * 8 + 1);
    uint64_t marks = 0;
    for (size_t k = 0; k < XSHIM_START_MAGIC_LEN; k += 8) {
        uint64_t w = 0;
        if (marks == 0) {
            w = words::load8(magic + k);
            marks = words::zero_byte_marks(w);
            if (marks != 0)
                w = words::keep_before_zero(w, marks);
        }
        words::store8(id->start_magic + k, w);
    }
    id->start_magic[XSHIM_START_MAGIC_LEN] = '\0';
    id->start_magic_fact = {XSHIM_SRC_START_INFO, XSHIM_FACT_OK, 0};
    id->interface_major = XSHIM_REL_MAJOR(generation);
    id->interface_minor = XSHIM_REL_MINOR(generation);
}

} // namespace xshim
