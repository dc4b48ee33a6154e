// tests/unit/test_fdt_blobs.hpp: device trees for the FDT tests. Two captures (read from
// tests/unit/fixtures/, relative to the top of the tree, where `make test-unit` runs):
//   xen-4.17-arm64-dom0.dtb  the tree Debian's Xen 4.17.7 Arm64 handed the guest as dom0 under
//                            qemu-system-aarch64 (virt, GICv3): has /hypervisor
//                            compatible = "xen,xen-4.17", "xen,xen"; captured by dumping x0's
//                            blob over console_io from the guest
//   qemu-virt-arm64.dtb      QEMU 7.2's own virt tree (-machine dumpdtb, compacted with dtc):
//                            what the guest sees without Xen; no /hypervisor
// and a small builder for hand-made (and hostile) blobs.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace fdt_test {

inline std::vector<uint8_t> load_fixture(const char *name) {
    std::string path = std::string("tests/unit/fixtures/") + name;
    std::vector<uint8_t> out;
    if (FILE *f = std::fopen(path.c_str(), "rb")) {
        unsigned char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
            out.insert(out.end(), buf, buf + n);
        std::fclose(f);
    }
    return out;
}

inline void put32(std::vector<uint8_t> &v, size_t off, uint32_t x) {
    v[off] = static_cast<uint8_t>(x >> 24);
    v[off + 1] = static_cast<uint8_t>(x >> 16);
    v[off + 2] = static_cast<uint8_t>(x >> 8);
    v[off + 3] = static_cast<uint8_t>(x);
}

inline uint32_t get32(const std::vector<uint8_t> &v, size_t off) {
    return (uint32_t(v[off]) << 24) | (uint32_t(v[off + 1]) << 16) | (uint32_t(v[off + 2]) << 8) |
           v[off + 3];
}

// Header field offsets (devicetree specification 5.2).
enum : size_t {
    kMagic = 0,
    kTotalSize = 4,
    kOffStruct = 8,
    kOffStrings = 12,
    kOffRsvmap = 16,
    kVersion = 20,
    kLastComp = 24,
    kBootCpu = 28,
    kSizeStrings = 32,
    kSizeStruct = 36,
};

// Builds a version-17 blob: header, an empty memory reservation map, structure, strings.
struct Builder {
    std::vector<uint8_t> st, strings;

    void word(uint32_t x) {
        st.resize(st.size() + 4);
        put32(st, st.size() - 4, x);
    }
    void pad() {
        while (st.size() % 4 != 0)
            st.push_back(0);
    }
    Builder &begin(const std::string &name) {
        word(1);
        st.insert(st.end(), name.begin(), name.end());
        st.push_back(0);
        pad();
        return *this;
    }
    Builder &end() {
        word(2);
        return *this;
    }
    uint32_t name_offset(const std::string &name) {
        std::string all(strings.begin(), strings.end());
        size_t at = all.find(name + '\0');
        if (at != std::string::npos && (at == 0 || all[at - 1] == '\0'))
            return static_cast<uint32_t>(at);
        at = strings.size();
        strings.insert(strings.end(), name.begin(), name.end());
        strings.push_back(0);
        return static_cast<uint32_t>(at);
    }
    Builder &prop(const std::string &name, const std::string &value) {
        word(3);
        word(static_cast<uint32_t>(value.size()));
        word(name_offset(name));
        st.insert(st.end(), value.begin(), value.end());
        pad();
        return *this;
    }
    Builder &token(uint32_t t) {
        word(t);
        return *this;
    }
    // The blob with FDT_END appended (unless told not to).
    std::vector<uint8_t> finish(bool with_end = true) {
        if (with_end)
            word(9);
        const size_t hdr = 40, rsv = 16;
        std::vector<uint8_t> b(hdr + rsv + st.size() + strings.size(), 0);
        put32(b, kMagic, 0xd00dfeed);
        put32(b, kTotalSize, static_cast<uint32_t>(b.size()));
        put32(b, kOffStruct, static_cast<uint32_t>(hdr + rsv));
        put32(b, kOffStrings, static_cast<uint32_t>(hdr + rsv + st.size()));
        put32(b, kOffRsvmap, static_cast<uint32_t>(hdr));
        put32(b, kVersion, 17);
        put32(b, kLastComp, 16);
        put32(b, kSizeStrings, static_cast<uint32_t>(strings.size()));
        put32(b, kSizeStruct, static_cast<uint32_t>(st.size()));
        std::copy(st.begin(), st.end(), b.begin() + hdr + rsv);
        std::copy(strings.begin(), strings.end(), b.begin() + hdr + rsv + st.size());
        return b;
    }
};

// A string-list property value: each string with its NUL.
inline std::string strlist(std::initializer_list<const char *> items) {
    std::string v;
    for (const char *s : items) {
        v += s;
        v.push_back('\0');
    }
    return v;
}

// The smallest tree Xen on Arm would hand over: a root and /hypervisor with `compat`.
inline std::vector<uint8_t> xen_tree(const std::string &compat) {
    Builder b;
    b.begin("").prop("compatible", strlist({"linux,dummy-virt"}));
    b.begin("hypervisor").prop("compatible", compat).end();
    b.end();
    return b.finish();
}

} // namespace fdt_test
