// shim/handoff/device_tree.hpp: what the device tree says about Xen on Arm. Xen adds a /hypervisor node to
// the device tree it gives a domain, compatible = "xen,xen-<major>.<minor>", "xen,xen" (Linux's
// Documentation/devicetree/bindings/arm/xen.txt); its `reg` lists the grant-table region and its
// `interrupts` the event-channel PPI. Arm has no start_info: this node is the handoff.
#pragma once

#include "shim/lib/fdt.hpp"
#include "shim/lib/refusal.hpp"

#include <xshim.h>

#include <stdint.h>

namespace xshim {

// The /hypervisor node, read.
struct HypervisorNode {
    int lookup;             // fdt::kOk, kNotFound (no node) or kNoProperty (no compatible)
    bool is_xen;            // "xen,xen" or a well-formed "xen,xen-<major>.<minor>" is listed
    uint8_t release_status; // XSHIM_FACT_OK, ABSENT (no versioned entry), MALFORMED
    uint32_t release;       // XSHIM_RELEASE(major, minor) when release_status is OK
    fdt::Bytes first;       // the first compatible string (for a refusal that names it)
};

// "xen,xen-4.17" -> XSHIM_FACT_OK and *release = XSHIM_RELEASE(4, 17). A string that starts
// "xen,xen-" but is not <digits>.<digits>, each at most 0xffff, is XSHIM_FACT_MALFORMED; any
// other string is not a versioned Xen entry (XSHIM_FACT_UNASKED).
uint8_t parse_xen_compatible(const char *s, uint32_t len, uint32_t *release);

// Read /hypervisor's compatible list from a blob that passed fdt::open().
void read_hypervisor_node(const fdt::Blob &blob, HypervisorNode *out);

// The probe's Arm handoff: open the device tree (at most fdt::kHandoffMax bytes are trusted),
// read /hypervisor and record it in the identity: signature/signature_fact, release_fdt and its
// fact, fdt_error. Returns bad-fdt (with the reader's error), no-xen (with the signature fact)
// or kNoRefusal.
Refusal read_fdt_handoff(const void *dtb, xshim_identity *id);
// The same as the fdt start_info entry's identify (a C function pointer: reason and evidence apart).
uint32_t identify_fdt(const void *dtb, xshim_identity *id, xshim_evidence *why);

// The start_info adapter for XSHIM_BOOT_FDT: validate the blob and fill boot_info (protocol,
// version = the blob's format version).
[[nodiscard]] int parse_fdt(const void *raw, xshim_boot_info *out);

} // namespace xshim
