// tools/identity.hpp: hypervisors the host platform can answer for without a running Xen: one an
// operator describes on the command line, and a capture of what a real Xen answered a booted
// guest (tests/corpus/*.txt, format in tests/corpus/README.md). They answer as Xen does, and
// only what they know: an absent fact is -ENOSYS.
#pragma once

#include "verdict.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xshim::tools {

// A hypothetical Xen: a release, an extra version, and optionally feature submap 0. It answers
// nothing else (capabilities: -ENOSYS), so nothing else is assumed.
class DescribedXen final : public XenSource {
  public:
    uint32_t release = 0;
    std::string extraversion;          // at most 15 bytes (XENVER_extraversion's 16 with NUL)
    std::optional<uint32_t> features0; // unset: XENVER_get_features answers -ENOSYS
    long xen_version(uint32_t cmd, void *arg) override;
};

// A capture: "key value" lines. It answers xen_version, the FIFO and grant-table probes and
// CPUID from its keys, and leaves nothing unasked: the capture says what the guest was told.
class CapturedXen final : public XenSource {
  public:
    // Parses a capture's text; nullopt with *error set to the line that is not "key value".
    static std::optional<CapturedXen> parse(const std::string &text, std::string *error);
    // Reads and parses a file; nullopt with *error naming the file and the problem.
    static std::optional<CapturedXen> read(const std::string &path, std::string *error);

    // From "key value" pairs already split (an identity file's "entries").
    static CapturedXen from_entries(std::vector<std::pair<std::string, std::string>> entries);

    const std::string *find(const std::string &key) const;
    const std::vector<std::pair<std::string, std::string>> &entries() const { return entries_; }
    // Set or replace one key (an identity modelled for another kind of domain).
    void set(const std::string &key, const std::string &value);
    // Facts the source did not learn (XSHIM_UNKNOWN_*): a host identity has no grant-table or
    // FIFO answers, unlike a capture of a boot.
    void set_unknown(uint32_t facts) { unknown_ = facts; }
    // The hvm_start_info.version the capture's PVH guest was handed, if it says.
    std::optional<uint32_t> pvh_version() const;

    long xen_version(uint32_t cmd, void *arg) override;
    long hypercall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3) override;
    bool cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]) override;
    uint32_t unknown_facts() const override { return unknown_; }
    // The blob of the capture's "fdt" key (read with the file), else Xen's /hypervisor node.
    std::vector<uint64_t> device_tree() override;

  private:
    std::vector<uint64_t> fdt_;
    std::optional<long> number(const std::string &key, size_t index = 0) const;
    std::vector<std::pair<std::string, std::string>> entries_;
    uint32_t unknown_ = 0;
};

// An identity file (`xshim-check host --json`, docs/xshim-check.schema.json): what a host's Xen
// told the domain that gathered it (usually dom0), as capture keys, and which domain that was.
struct HostIdentity {
    std::string host;       // the host's name, as it gave it
    std::string guest_type; // the gathering domain: "pv", "pvh", "hvm" or "unknown"
    bool dom0 = true;       // gathered in the hardware domain
    CapturedXen xen;        // its answers
};

// Reads an identity file (JSON); nullopt with *error naming the file and the problem.
std::optional<HostIdentity> read_identity_json(const std::string &path, std::string *error);

// The identity as the domain a prediction is for would see it, and in *modelled which domain
// that is and what was changed: a domU does not see XENFEAT_dom0, which Xen sets for the
// hardware domain only (xen/common/kernel.c). PV and HVM containers (PVH, HVM) see different
// bits by Xen's rule there (PV: mmu_pt_update_preserve_ad, highmem_assist,
// gnttab_map_avail_bits, direct_mapped; PVH and HVM: writable_page_tables,
// auto_translated_physmap, hvm_callback_vector, hvm_safe_pvclock, not_direct_mapped): an x86
// identity gathered in a PV, PVH or HVM domain is modelled for the other kinds by that rule;
// one of unknown kind or for Arm is not, and *modelled says so.
// For a PV guest, XENFEAT_pae_pgdir_above_4gb follows the image (extended_cr3: its PAE_MODE note
// asks for extended CR3), not the gathering domain's kernel. For an HVM domU,
// XENFEAT_hvm_pirqs follows the release (every HVM domU has it before 4.19, abi/hvm.h; from
// 4.19 xl leaves it off by default); *assumed (may be null) lists what the model takes for
// granted that the identity does not say.
CapturedXen model_for(const HostIdentity &id, uint32_t guest_type, bool dom0, bool extended_cr3,
                      std::string *modelled, std::vector<std::string> *assumed = nullptr);

} // namespace xshim::tools
