// tests/unit/test_fdt.cpp: the device-tree reader (shim/lib/fdt.cpp) and the /hypervisor handoff
// (shim/handoff/device_tree.cpp) on the real trees Xen 4.17 Arm64 and QEMU handed the guest, and on hostile
// blobs: every length and offset is checked, nothing is read past the buffer (ASan), and every
// rejection names its cause.
#include "test_fdt_blobs.hpp"

#include <doctest/doctest.h>

#include "shim/lib/fdt.hpp"
#include "shim/handoff/device_tree.hpp"

#include <cstring>
#include <string>

using namespace fdt_test;
namespace fdt = xshim::fdt;

namespace {

int open_vec(const std::vector<uint8_t> &v, fdt::Blob *b) {
    return fdt::open(v.data(), v.size(), b);
}

std::string as_string(const fdt::Bytes &b) {
    return std::string(reinterpret_cast<const char *>(b.data), b.len);
}

// What the probe's Arm handoff records from a blob.
struct Handoff {
    xshim_identity id{};
    uint32_t reason;
    explicit Handoff(const std::vector<uint8_t> &blob) {
        id.arch = XSHIM_ARCH_ARM64;
        reason = xshim::read_fdt_handoff(blob.data(), &id);
    }
};

} // namespace

TEST_CASE("fdt: the tree Xen 4.17 Arm64 handed dom0") {
    const auto dtb = load_fixture("xen-4.17-arm64-dom0.dtb");
    REQUIRE(dtb.size() > 1000);
    fdt::Blob b{};
    REQUIRE(open_vec(dtb, &b) == fdt::kOk);
    CHECK(b.version == 17);
    CHECK(b.size == dtb.size());
    CHECK(b.nodes > 10);

    fdt::Bytes v{};
    REQUIRE(fdt::find_property(b, "/hypervisor", "compatible", &v) == fdt::kOk);
    CHECK(as_string(v) == std::string("xen,xen-4.17\0xen,xen\0", 21));
    // The grant-table region comes first in reg: 2 address + 2 size cells per region.
    REQUIRE(fdt::find_property(b, "/hypervisor", "reg", &v) == fdt::kOk);
    CHECK(v.len % 16 == 0);
    CHECK(v.len >= 16);
    REQUIRE(fdt::find_property(b, "/hypervisor", "interrupts", &v) == fdt::kOk);
    CHECK(v.len == 12); // one PPI: <type number flags>

    CHECK(fdt::find_property(b, "/", "model", &v) == fdt::kOk);
    CHECK(as_string(v) == std::string("linux,dummy-virt\0", 17));
    // A component matches "name@unit" too.
    REQUIRE(fdt::find_property(b, "/memory", "device_type", &v) == fdt::kOk);
    CHECK(as_string(v) == std::string("memory\0", 7));
    CHECK(fdt::find_node(b, "/psci") == fdt::kOk);
    CHECK(fdt::find_node(b, "/chosen") == fdt::kOk);
    CHECK(fdt::find_node(b, "/hyper") == fdt::kNotFound); // a prefix is not a match
    CHECK(fdt::find_node(b, "/nowhere") == fdt::kNotFound);
    CHECK(fdt::find_property(b, "/hypervisor", "no-such-property", &v) == fdt::kNoProperty);
    CHECK(fdt::find_node(b, "hypervisor") == fdt::kBadPath);

    xshim::HypervisorNode node{};
    xshim::read_hypervisor_node(b, &node);
    CHECK(node.lookup == fdt::kOk);
    CHECK(node.is_xen);
    CHECK(node.release_status == XSHIM_FACT_OK);
    CHECK(node.release == XSHIM_RELEASE(4, 17));

    Handoff h(dtb);
    CHECK(h.reason == XSHIM_REASON_NONE);
    CHECK(std::string(h.id.signature) == "xen,xen");
    CHECK(h.id.signature_fact.source == XSHIM_SRC_FDT);
    CHECK(h.id.signature_fact.status == XSHIM_FACT_OK);
    CHECK(h.id.release_fdt == XSHIM_RELEASE(4, 17));
    CHECK(h.id.release_fdt_fact.status == XSHIM_FACT_OK);
    CHECK(h.id.cpu_vendor == XSHIM_VENDOR_ARM);
    CHECK(h.id.fdt_error == 0);
}

TEST_CASE("fdt: QEMU's own tree (no Xen) has no /hypervisor") {
    const auto dtb = load_fixture("qemu-virt-arm64.dtb");
    REQUIRE(dtb.size() > 1000);
    fdt::Blob b{};
    REQUIRE(open_vec(dtb, &b) == fdt::kOk);
    CHECK(fdt::find_node(b, "/hypervisor") == fdt::kNotFound);
    fdt::Bytes v{};
    REQUIRE(fdt::find_property(b, "/psci", "method", &v) == fdt::kOk);
    CHECK(as_string(v) == std::string("hvc\0", 4)); // EL1 without EL2: PSCI over HVC
    Handoff h(dtb);
    CHECK(h.reason == XSHIM_REASON_NO_XEN);
    CHECK(h.id.signature_fact.source == XSHIM_SRC_FDT);
    CHECK(h.id.signature_fact.status == XSHIM_FACT_ABSENT);
    CHECK(h.id.release_fdt_fact.status == XSHIM_FACT_UNASKED);
    CHECK(h.id.fdt_error == fdt::kNotFound);
}

TEST_CASE("fdt: every truncation of a real tree is refused without reading past it") {
    const auto dtb = load_fixture("xen-4.17-arm64-dom0.dtb");
    REQUIRE(!dtb.empty());
    fdt::Blob none{};
    CHECK(fdt::open(dtb.data(), 0, &none) == fdt::kTruncated);
    for (size_t len = 1; len < dtb.size(); ++len) {
        // An exact-size heap copy: ASan reports any read past `len`.
        std::vector<uint8_t> cut(dtb.begin(), dtb.begin() + static_cast<std::ptrdiff_t>(len));
        fdt::Blob b{};
        const int rc = fdt::open(cut.data(), cut.size(), &b);
        CAPTURE(len);
        CHECK((rc == (len < fdt::kHeaderSize ? fdt::kTruncated : fdt::kBadTotalSize)));
    }
}

TEST_CASE("fdt: hostile headers") {
    const auto good = xen_tree(strlist({"xen,xen-4.17", "xen,xen"}));
    fdt::Blob b{};
    REQUIRE(open_vec(good, &b) == fdt::kOk);
    CHECK(b.nodes == 2);

    SUBCASE("NULL") { CHECK(fdt::open(nullptr, 4096, &b) == fdt::kNullBlob); }
    SUBCASE("bad magic") {
        auto v = good;
        v[0] ^= 0xff;
        CHECK(open_vec(v, &b) == fdt::kBadMagic);
        CHECK(std::string(fdt::error_name(fdt::kBadMagic)) == "bad-magic");
    }
    SUBCASE("totalsize past the buffer") {
        auto v = good;
        put32(v, kTotalSize, static_cast<uint32_t>(v.size() + 1));
        CHECK(open_vec(v, &b) == fdt::kBadTotalSize);
        put32(v, kTotalSize, 0xffffffffu);
        CHECK(open_vec(v, &b) == fdt::kBadTotalSize);
    }
    SUBCASE("totalsize below the header") {
        auto v = good;
        put32(v, kTotalSize, 39);
        CHECK(open_vec(v, &b) == fdt::kBadTotalSize);
    }
    SUBCASE("a version this reader cannot read") {
        auto v = good;
        put32(v, kVersion, 15);
        CHECK(open_vec(v, &b) == fdt::kBadVersion);
        v = good;
        put32(v, kLastComp, 18);
        CHECK(open_vec(v, &b) == fdt::kBadVersion);
    }
    SUBCASE("off_dt_struct out of range") {
        auto v = good;
        put32(v, kOffStruct, static_cast<uint32_t>(v.size()));
        CHECK(open_vec(v, &b) == fdt::kStructRange);
        v = good;
        put32(v, kOffStruct, get32(good, kOffStruct) + 2); // misaligned
        CHECK(open_vec(v, &b) == fdt::kStructRange);
        v = good;
        put32(v, kOffStruct, 8); // inside the header
        CHECK(open_vec(v, &b) == fdt::kStructRange);
        v = good;
        put32(v, kSizeStruct, 0xfffffffcu); // offset + size wraps around
        CHECK(open_vec(v, &b) == fdt::kStructRange);
    }
    SUBCASE("strings block out of range") {
        auto v = good;
        put32(v, kSizeStrings, get32(good, kSizeStrings) + 1);
        CHECK(open_vec(v, &b) == fdt::kStringsRange);
        v = good;
        put32(v, kOffStrings, 0xfffffff0u);
        CHECK(open_vec(v, &b) == fdt::kStringsRange);
    }
}

TEST_CASE("fdt: hostile structure blocks") {
    fdt::Blob b{};
    SUBCASE("a node name without NUL inside the block") {
        Builder t;
        t.token(1);
        t.st.insert(t.st.end(), {'r', 'o', 'o', 't'}); // and nothing after it
        auto v = t.finish(false);
        CHECK(open_vec(v, &b) == fdt::kUnterminatedName);
    }
    SUBCASE("property length past the end") {
        Builder t;
        t.begin("").prop("compatible", "xen,xen");
        auto v = t.end().finish();
        // The property's len word: after the root token and its padded empty name.
        const size_t len_at = get32(v, kOffStruct) + 8 + 4;
        REQUIRE(get32(v, len_at) == 7);
        put32(v, len_at, 0x7ffffff0u);
        CHECK(open_vec(v, &b) == fdt::kPropRange);
        put32(v, len_at, static_cast<uint32_t>(get32(v, kSizeStruct)));
        CHECK(open_vec(v, &b) == fdt::kPropRange);
    }
    SUBCASE("a property header cut off by the block's end") {
        Builder t;
        t.begin("").token(3).word(4);
        auto v = t.finish(false);
        CHECK(open_vec(v, &b) == fdt::kPropRange);
    }
    SUBCASE("property name offset outside the strings block") {
        Builder t;
        t.begin("").prop("compatible", "x");
        auto v = t.end().finish();
        const size_t nameoff_at = get32(v, kOffStruct) + 8 + 8;
        put32(v, nameoff_at, get32(v, kSizeStrings));
        CHECK(open_vec(v, &b) == fdt::kBadNameOffset);
    }
    SUBCASE("property name without NUL in the strings block") {
        Builder t;
        t.begin("").prop("compatible", "x");
        auto v = t.end().finish();
        v.back() = 'X'; // the strings block ends the blob: its last NUL is gone
        CHECK(open_vec(v, &b) == fdt::kBadNameOffset);
    }
    SUBCASE("nesting too deep") {
        Builder ok, deep;
        for (uint32_t i = 0; i < fdt::kMaxDepth; ++i)
            ok.begin(i == 0 ? "" : "n");
        for (uint32_t i = 0; i < fdt::kMaxDepth; ++i)
            ok.end();
        auto v = ok.finish();
        CHECK(open_vec(v, &b) == fdt::kOk);
        for (uint32_t i = 0; i <= fdt::kMaxDepth; ++i)
            deep.begin(i == 0 ? "" : "n");
        for (uint32_t i = 0; i <= fdt::kMaxDepth; ++i)
            deep.end();
        v = deep.finish();
        CHECK(open_vec(v, &b) == fdt::kTooDeep);
    }
    SUBCASE("unbalanced nodes, a second root, a property outside any node") {
        Builder t1;
        t1.begin("").end().end();
        auto v = t1.finish();
        CHECK(open_vec(v, &b) == fdt::kBadNesting);
        Builder t2;
        t2.begin("").end().begin("again").end();
        v = t2.finish();
        CHECK(open_vec(v, &b) == fdt::kBadNesting);
        Builder t3;
        t3.prop("compatible", "x");
        v = t3.finish();
        CHECK(open_vec(v, &b) == fdt::kBadNesting);
        Builder t4;
        t4.begin("");
        v = t4.finish(); // FDT_END with the root still open
        CHECK(open_vec(v, &b) == fdt::kBadNesting);
    }
    SUBCASE("no FDT_END, an unknown token") {
        Builder t1;
        t1.begin("").end();
        auto v = t1.finish(false);
        CHECK(open_vec(v, &b) == fdt::kNoEnd);
        Builder t2;
        t2.begin("").token(7).end();
        v = t2.finish();
        CHECK(open_vec(v, &b) == fdt::kBadToken);
    }
    SUBCASE("NOPs are skipped") {
        Builder t;
        t.token(4).begin("").token(4).begin("hypervisor").prop("compatible", "xen,xen");
        t.token(4).end().end();
        auto v = t.finish();
        REQUIRE(open_vec(v, &b) == fdt::kOk);
        CHECK(fdt::find_node(b, "/hypervisor") == fdt::kOk);
    }
}

TEST_CASE("fdt: the compatible string of /hypervisor") {
    uint32_t rel = 0;
    struct Case {
        const char *s;
        uint8_t status;
        uint32_t release;
    } cases[] = {
        {"xen,xen-4.17", XSHIM_FACT_OK, XSHIM_RELEASE(4, 17)},
        {"xen,xen-4.4", XSHIM_FACT_OK, XSHIM_RELEASE(4, 4)},
        {"xen,xen-65535.65535", XSHIM_FACT_OK, XSHIM_RELEASE(65535, 65535)},
        {"xen,xen-65536.0", XSHIM_FACT_MALFORMED, 0},
        {"xen,xen-4.", XSHIM_FACT_MALFORMED, 0},
        {"xen,xen-.17", XSHIM_FACT_MALFORMED, 0},
        {"xen,xen-4.17.1", XSHIM_FACT_MALFORMED, 0},
        {"xen,xen-4.17x", XSHIM_FACT_MALFORMED, 0},
        {"xen,xen-garbage", XSHIM_FACT_MALFORMED, 0},
        {"xen,xen-", XSHIM_FACT_MALFORMED, 0},
        {"xen,xen", XSHIM_FACT_UNASKED, 0},
        {"arm,psci", XSHIM_FACT_UNASKED, 0},
        {"", XSHIM_FACT_UNASKED, 0},
    };
    for (const Case &c : cases) {
        CAPTURE(c.s);
        rel = 0;
        CHECK(xshim::parse_xen_compatible(c.s, static_cast<uint32_t>(std::strlen(c.s)), &rel) ==
              c.status);
        if (c.status == XSHIM_FACT_OK)
            CHECK(rel == c.release);
    }

    SUBCASE("\"xen,xen-garbage\" alone is not a Xen node; it is named in the refusal") {
        Handoff h(xen_tree(strlist({"xen,xen-garbage"})));
        CHECK(h.reason == XSHIM_REASON_NO_XEN);
        CHECK(h.id.signature_fact.status == XSHIM_FACT_MALFORMED);
        CHECK(std::string(h.id.signature) == "xen,xen-garb"); // the first 12 bytes
    }
    SUBCASE("\"xen,xen-garbage\" beside \"xen,xen\": Xen, release from XENVER only") {
        Handoff h(xen_tree(strlist({"xen,xen-garbage", "xen,xen"})));
        CHECK(h.reason == XSHIM_REASON_NONE);
        CHECK(h.id.signature_fact.status == XSHIM_FACT_OK);
        CHECK(h.id.release_fdt_fact.status == XSHIM_FACT_MALFORMED);
        CHECK(h.id.release_fdt == 0);
    }
    SUBCASE("only \"xen,xen\": Xen, no device-tree release") {
        Handoff h(xen_tree(strlist({"xen,xen"})));
        CHECK(h.reason == XSHIM_REASON_NONE);
        CHECK(h.id.release_fdt_fact.status == XSHIM_FACT_ABSENT);
    }
    SUBCASE("a list whose last string has no NUL") {
        Handoff h(xen_tree(std::string("xen,xen", 7)));
        CHECK(h.reason == XSHIM_REASON_NO_XEN); // the unterminated tail is not believed
        Handoff h2(xen_tree(std::string("xen,xen\0xen,xen-4.1", 19)));
        CHECK(h2.reason == XSHIM_REASON_NONE);
        CHECK(h2.id.release_fdt_fact.status == XSHIM_FACT_MALFORMED);
    }
    SUBCASE("another hypervisor's node") {
        Handoff h(xen_tree(strlist({"acme,hv\x01"})));
        CHECK(h.reason == XSHIM_REASON_NO_XEN);
        CHECK(std::string(h.id.signature) == "acme,hv?"); // printable only
    }
    SUBCASE("/hypervisor without compatible") {
        Builder t;
        t.begin("").begin("hypervisor").prop("reg", std::string(16, '\0')).end().end();
        Handoff h(t.finish());
        CHECK(h.reason == XSHIM_REASON_NO_XEN);
        CHECK(h.id.fdt_error == fdt::kNoProperty);
    }
    SUBCASE("a malformed blob: bad-fdt, with the reader's cause") {
        auto v = xen_tree(strlist({"xen,xen-4.17", "xen,xen"}));
        v[3] = 0;
        Handoff h(v);
        CHECK(h.reason == XSHIM_REASON_BAD_FDT);
        CHECK(h.id.fdt_error == fdt::kBadMagic);
    }
}
