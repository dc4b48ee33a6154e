// shim/probe/probe.hpp: Handoff -> Identity. Reads the boot structure, the CPUID hypervisor leaves
// and the xen_version subops, tagging each fact with its source and status. It stops at the
// first thing that makes further probing meaningless and returns that refusal, with what
// proves it.
#pragma once

#include "shim/lib/refusal.hpp"

#include <xshim.h>

namespace xshim {

// Fills verdict->identity, ->boot, ->selection.hypercall and ->selection.start_info.
// Returns kNoRefusal or why the probe could not finish.
Refusal probe(const xshim_handoff *handoff, const xshim_platform &platform, uint32_t policy_flags,
              xshim_verdict *verdict);

// The pieces of the probe, exposed for tests and host tools.
// XENVER_version's answer (rc) as the release, held against CPUID's and the device tree's:
// hypercall-failed, release-mismatch, or kNoRefusal.
Refusal take_release(long rc, xshim_identity *id);
void scan_cpuid(const xshim_platform &platform, xshim_identity *id);
void read_extraversion(const xshim_hypercall &hc, xshim_identity *id);
void read_features(const xshim_hypercall &hc, xshim_identity *id);
// After read_features: a guest that entered as PVH but whose features only an HVM domain gets
// (XENFEAT_hvm_pirqs) becomes HVM (shim/probe/guest_type.cpp).
void refine_guest_type(xshim_identity *id);
void read_capabilities(const xshim_hypercall &hc, xshim_identity *id);
// Splits at spaces up to the first NUL; returns where it stopped (the NUL's index, or len).
size_t parse_capabilities(const char *text, size_t len, xshim_identity *id);
void probe_evtchn_fifo(const xshim_hypercall &hc, xshim_identity *id);
void probe_gnttab(const xshim_hypercall &hc, xshim_identity *id);
// A hypercall's answer as a fact: >= 0 OK, -ENOSYS absent, -EPERM denied, else error.
xshim_fact fact_from_rc(uint8_t source, long rc);
// Copy the PV magic into the identity (printable) and note its interface generation.
void record_start_magic(const char *magic, size_t cap, xshim_identity *id);
// The same for the XSHIM_START_MAGIC_LEN bytes of a magic a start_info adapter accepted: its generation (boot_info.generation) is
// taken as parsed there, so the boot parses the magic once.
void take_start_magic(const char *magic, uint32_t generation, xshim_identity *id);

} // namespace xshim
