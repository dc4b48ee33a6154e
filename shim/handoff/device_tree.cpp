// shim/handoff/device_tree.cpp: the /hypervisor node as an identity source (see device_tree.hpp).
#include "shim/handoff/device_tree.hpp"

#include "shim/lib/text.hpp"

namespace xshim {
namespace {

constexpr const char *kHypervisorPath = "/hypervisor";
constexpr const char *kXenCompatible = "xen,xen";
constexpr const char *kXenVersionedPrefix = "xen,xen-";
constexpr uint32_t kMaxPart = 0xffff; // XENVER_version packs major and minor in 16 bits each

// Decimal digits at s[*pos..len) up to a non-digit: false if none or above kMaxPart.
bool parse_part(const char *s, uint32_t len, uint32_t *pos, uint32_t *out) {
    uint32_t v = 0;
    const uint32_t start = *pos;
    for (; *pos < len && s[*pos] >= '0' && s[*pos] <= '9'; ++*pos) {
        v = v * 10 + static_cast<uint32_t>(s[*pos] - '0');
        if (v > kMaxPart)
            return false;
    }
    *out = v;
    return *pos > start;
}

} // namespace

uint8_t parse_xen_compatible(const char *s, uint32_t len, uint32_t *release) {
    if (!starts_with(s, len, kXenVersionedPrefix))
        return XSHIM_FACT_UNASKED;
    uint32_t pos = bounded_len(kXenVersionedPrefix, 16);
    uint32_t major = 0, minor = 0;
    if (!parse_part(s, len, &pos, &major) || pos >= len || s[pos] != '.')
        return XSHIM_FACT_MALFORMED;
    ++pos;
    if (!parse_part(s, len, &pos, &minor) || pos != len)
        return XSHIM_FACT_MALFORMED;
    *release = XSHIM_RELEASE(major, minor);
    return XSHIM_FACT_OK;
}

void read_hypervisor_node(const fdt::Blob &blob, HypervisorNode *out) {
    *out = HypervisorNode{};
    out->release_status = XSHIM_FACT_ABSENT;
    fdt::Bytes compat{nullptr, 0};
    out->lookup = fdt::find_property(blob, kHypervisorPath, "compatible", &compat);
    if (out->lookup != fdt::kOk)
        return;
    out->first = compat;
    uint32_t pos = 0;
    const char *s = nullptr;
    uint32_t len = 0;
    bool malformed = false;
    bool first = true;
    while (fdt::next_string(compat, &pos, &s, &len, &malformed)) { // bounded by compat.len
        if (first)
            out->first = {reinterpret_cast<const uint8_t *>(s), len};
        first = false;
        if (same(s, len, kXenCompatible)) {
            out->is_xen = true;
            continue;
        }
        uint32_t release = 0;
        const uint8_t st = parse_xen_compatible(s, len, &release);
        if (st == XSHIM_FACT_OK && out->release_status != XSHIM_FACT_OK) {
            out->is_xen = true;
            out->release = release;
            out->release_status = XSHIM_FACT_OK;
        } else if (st == XSHIM_FACT_MALFORMED && out->release_status == XSHIM_FACT_ABSENT) {
            out->release_status = XSHIM_FACT_MALFORMED;
        }
    }
    if (malformed && out->release_status == XSHIM_FACT_ABSENT)
        out->release_status = XSHIM_FACT_MALFORMED; // a list cut off inside a string
}

Refusal read_fdt_handoff(const void *dtb, xshim_identity *id) {
    if (id->arch == XSHIM_ARCH_ARM64 || id->arch == XSHIM_ARCH_ARM32)
        id->cpu_vendor = XSHIM_VENDOR_ARM;
    fdt::Blob blob{};
    const int rc = fdt::open(dtb, fdt::kHandoffMax, &blob);
    if (rc != fdt::kOk) {
        id->fdt_error = rc;
        return refuse_fact(XSHIM_REASON_BAD_FDT,
                           {XSHIM_SRC_FDT, XSHIM_FACT_MALFORMED, static_cast<int16_t>(rc)});
    }
    HypervisorNode node;
    read_hypervisor_node(blob, &node);
    if (node.lookup != fdt::kOk && node.lookup != fdt::kNotFound &&
        node.lookup != fdt::kNoProperty) {
        id->fdt_error = node.lookup;
        return refuse_fact(XSHIM_REASON_BAD_FDT, {XSHIM_SRC_FDT, XSHIM_FACT_MALFORMED,
                                                  static_cast<int16_t>(node.lookup)});
    }
    id->fdt_error = node.lookup;
    if (node.lookup == fdt::kNotFound) {
        id->signature_fact = {XSHIM_SRC_FDT, XSHIM_FACT_ABSENT, 0};
        return refuse_fact(XSHIM_REASON_NO_XEN, id->signature_fact);
    }
    Writer sig(id->signature, sizeof id->signature);
    if (!node.is_xen) {
        // A /hypervisor of another kind (or without compatible): name what it says.
        sig.printable(reinterpret_cast<const char *>(node.first.data), node.first.len);
        id->signature_fact = {XSHIM_SRC_FDT, XSHIM_FACT_MALFORMED, 0};
        return refuse_fact(XSHIM_REASON_NO_XEN, id->signature_fact);
    }
    sig.str(kXenCompatible);
    id->signature_fact = {XSHIM_SRC_FDT, XSHIM_FACT_OK, 0};
    id->release_fdt = node.release_status == XSHIM_FACT_OK ? node.release : 0;
    id->release_fdt_fact = {XSHIM_SRC_FDT, node.release_status, 0};
    return kNoRefusal;
}

int parse_fdt(const void *raw, xshim_boot_info *out) {
    if (raw == nullptr)
        return XSHIM_REASON_NO_HANDOFF;
    fdt::Blob blob{};
    if (fdt::open(raw, fdt::kHandoffMax, &blob) != fdt::kOk)
        return XSHIM_REASON_BAD_FDT;
    zero_bytes(out, sizeof *out);
    out->protocol = XSHIM_BOOT_FDT;
    out->version = blob.version;
    return XSHIM_S_OK;
}

uint32_t identify_fdt(const void *dtb, xshim_identity *id, xshim_evidence *why) {
    const Refusal r = read_fdt_handoff(dtb, id);
    *why = r.why;
    return r.reason;
}

} // namespace xshim
