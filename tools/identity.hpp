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

    const std::string *find(const std::string &key) const;
    // The hvm_start_info.version the capture's PVH guest was handed, if it says.
    std::optional<uint32_t> pvh_version() const;

    long xen_version(uint32_t cmd, void *arg) override;
    long hypercall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3) override;
    bool cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]) override;
    uint32_t unknown_facts() const override { return 0; }

  private:
    std::optional<long> number(const std::string &key, size_t index = 0) const;
    std::vector<std::pair<std::string, std::string>> entries_;
};

} // namespace xshim::tools
