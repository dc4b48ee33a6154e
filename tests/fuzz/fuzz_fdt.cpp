// tests/fuzz/fuzz_fdt.cpp: the flattened device tree reader (shim/lib/fdt.cpp) and the Arm handoff
// built on it (shim/handoff/device_tree.cpp): the input is the blob.
//
// The blob sits in a heap buffer of exactly the input's size, so ASan flags any read beyond it.
// Checked: open() accepts only a blob whose header, blocks and totalsize lie inside the buffer;
// every lookup answers kOk with a value inside the blob, or a named error; a string-list walk
// stays inside its value and ends; the handoff (which trusts totalsize, as a kernel must) runs
// only on blobs open() accepted, and its verdict agrees with what the lookups found.
#include "fuzz_input.hpp"

#include "shim/lib/fdt.hpp"
#include "shim/handoff/device_tree.hpp"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memory>

namespace fdt = xshim::fdt;

namespace {

constexpr const char *kPaths[] = {"/",     "/hypervisor", "/chosen",       "/memory",
                                  "/psci", "/a/b/c/d",    "//hypervisor/", "/cpus/cpu"};

bool inside(const fdt::Blob &b, const fdt::Bytes &v) {
    const uint8_t *end = b.base + b.size;
    return v.data >= b.base && v.data <= end && v.len <= static_cast<size_t>(end - v.data);
}

void walk_strings(const fdt::Bytes &v) {
    uint32_t pos = 0, len = 0, count = 0;
    const char *s = nullptr;
    bool malformed = false;
    while (fdt::next_string(v, &pos, &s, &len, &malformed)) {
        FUZZ_CHECK(reinterpret_cast<const uint8_t *>(s) >= v.data);
        FUZZ_CHECK(reinterpret_cast<const uint8_t *>(s) + len < v.data + v.len); // its NUL too
        FUZZ_CHECK(++count <= v.len);
    }
    FUZZ_CHECK(pos <= v.len);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::unique_ptr<uint8_t[]> buf(new uint8_t[size ? size : 1]);
    if (size != 0)
        memcpy(buf.get(), data, size);

    fdt::Blob b{};
    const int rc = fdt::open(buf.get(), size, &b);
    FUZZ_CHECK(rc <= 0 && rc >= fdt::kBadPath);
    FUZZ_CHECK(strcmp(fdt::error_name(rc), "unknown") != 0);
    if (rc != fdt::kOk)
        return 0;
    // The start_info adapter and the handoff trust totalsize (a kernel has no other length):
    // only blobs open() accepted within the buffer go to them.
    xshim_boot_info bi{};
    FUZZ_CHECK(xshim::parse_fdt(buf.get(), &bi) == XSHIM_S_OK);
    FUZZ_CHECK(bi.protocol == XSHIM_BOOT_FDT && bi.version == b.version);
    FUZZ_CHECK(b.base == buf.get() && b.size <= size && b.size >= fdt::kHeaderSize);
    FUZZ_CHECK(b.struct_off <= b.size && b.struct_size <= b.size - b.struct_off);
    FUZZ_CHECK(b.strings_off <= b.size && b.strings_size <= b.size - b.strings_off);
    FUZZ_CHECK(b.nodes >= 1 && b.nodes <= b.struct_size / 8);

    for (const char *path : kPaths) {
        const int node = fdt::find_node(b, path);
        FUZZ_CHECK(node == fdt::kOk || node == fdt::kNotFound);
        for (const char *prop : {"compatible", "reg", "model"}) {
            fdt::Bytes v{nullptr, 0};
            const int p = fdt::find_property(b, path, prop, &v);
            FUZZ_CHECK(p == fdt::kOk || p == fdt::kNotFound || p == fdt::kNoProperty);
            FUZZ_CHECK((p == fdt::kNotFound) == (node == fdt::kNotFound));
            if (p == fdt::kOk) {
                FUZZ_CHECK(inside(b, v));
                walk_strings(v);
            }
        }
    }

    xshim::HypervisorNode node{};
    xshim::read_hypervisor_node(b, &node);
    xshim_identity id{};
    id.arch = XSHIM_ARCH_ARM64;
    const uint32_t reason = xshim::read_fdt_handoff(buf.get(), &id);
    FUZZ_CHECK(reason == (node.is_xen ? XSHIM_REASON_NONE : XSHIM_REASON_NO_XEN));
    FUZZ_CHECK(id.signature[sizeof id.signature - 1] == '\0');
    if (reason == XSHIM_REASON_NONE) {
        FUZZ_CHECK(id.signature_fact.status == XSHIM_FACT_OK);
        FUZZ_CHECK(id.release_fdt_fact.status == node.release_status);
        FUZZ_CHECK(id.release_fdt_fact.status != XSHIM_FACT_OK || id.release_fdt == node.release);
    } else {
        FUZZ_CHECK(id.release_fdt_fact.status == XSHIM_FACT_UNASKED);
    }
    return 0;
}
