// tests/unit/test_start_info.cpp: the start_info adapters (shim/start_info_*.cpp) and
// find_start_info_adapter(). Real-boot values: the PV magic "xen-3.0-x86_64" that Xen 4.17
// writes for a 64-bit PV guest, and the PVH magic 0x336ec578 with version 0 that Xen's own PVH
// dom0 builder writes. The other numbers are illustrative, shaped like a small domU's.
// Hostile inputs follow each adapter's happy path.
#include <doctest/doctest.h>

#include "abi/hvm_start_info.h"
#include "abi/start_info_x86.h"
#include "shim/select/tables.hpp"
#include "shim/handoff/start_info.hpp"
#include "shim/probe/probe.hpp"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <memory>

namespace {

const xshim_start_info_adapter *by_name(const char *name) {
    for (const auto &a : xshim::start_info_adapters)
        if (strcmp(a.name, name) == 0)
            return &a;
    return nullptr;
}

template <typename SI> void set_magic(SI &si, const char *magic) {
    memset(si.magic, 0, sizeof si.magic);
    memcpy(si.magic, magic, strlen(magic)); // the caller keeps it within 32 bytes
}

template <typename SI> void set_cmdline(SI &si, const char *cmd) {
    memset(si.cmd_line, 0, sizeof si.cmd_line);
    memcpy(si.cmd_line, cmd, strlen(cmd) + 1);
}

// A 64-bit PV domU's start_info, as Xen 4.17 fills it (magic from a real boot).
std::unique_ptr<xshim_start_info_x86_64> pv64_domU() {
    auto si = std::make_unique<xshim_start_info_x86_64>();
    *si = xshim_start_info_x86_64{};
    set_magic(*si, "xen-3.0-x86_64");
    si->nr_pages = 0x40000;           // 1 GiB
    si->shared_info = 0x1b3a5d000ull; // machine address
    si->flags = 0;
    si->store_mfn = 0x1b3a5c;
    si->store_evtchn = 1;
    si->console.domU.mfn = 0x1b3a5b;
    si->console.domU.evtchn = 2;
    si->pt_base = 0xffffffff82c06000ull;
    si->nr_pt_frames = 0x23;
    si->mfn_list = 0xffffffff82a00000ull;
    si->mod_start = 0xffffffff82c05000ull;
    si->mod_len = 0;
    set_cmdline(*si, "console=hvc0 root=/dev/xvda1 ro");
    si->first_p2m_pfn = 0;
    si->nr_p2m_frames = 0;
    return si;
}

std::unique_ptr<xshim_start_info_x86_32> pv32_domU(const char *magic) {
    auto si = std::make_unique<xshim_start_info_x86_32>();
    *si = xshim_start_info_x86_32{};
    set_magic(*si, magic);
    si->nr_pages = 0x20000;
    si->shared_info = 0x7f3a5000u;
    si->store_mfn = 0x7f3a4u;
    si->store_evtchn = 3;
    si->console.domU.mfn = 0x7f3a3u;
    si->console.domU.evtchn = 4;
    si->pt_base = 0xc1c06000u;
    si->nr_pt_frames = 9;
    si->mfn_list = 0xc1a00000u;
    set_cmdline(*si, "console=hvc0");
    return si;
}

// An hvm_start_info in a buffer of exactly `size` bytes on the heap, so ASan reports any read
// past it. Fields are written through the abi struct's offsets, never by hand.
struct HvmBuffer {
    std::unique_ptr<unsigned char[]> bytes;
    size_t size;
    explicit HvmBuffer(size_t n) : bytes(new unsigned char[n]()), size(n) {}
    template <typename T> void put(size_t offset, T value) {
        REQUIRE(offset + sizeof value <= size);
        memcpy(bytes.get() + offset, &value, sizeof value);
    }
    const void *raw() const { return bytes.get(); }
};

#define HVM_PUT(buf, field, value)                                                                 \
    (buf).put(offsetof(xshim_hvm_start_info, field),                                               \
              static_cast<decltype(xshim_hvm_start_info::field)>(value))

HvmBuffer hvm_v0() {
    HvmBuffer b(XSHIM_HVM_START_INFO_V0_SIZE); // exactly 40 bytes
    HVM_PUT(b, magic, XSHIM_HVM_START_MAGIC);
    HVM_PUT(b, version, 0);
    HVM_PUT(b, flags, XSHIM_SIF_PRIVILEGED | XSHIM_SIF_INITDOMAIN);
    HVM_PUT(b, nr_modules, 1);
    HVM_PUT(b, modlist_paddr, 0x1000d0);
    HVM_PUT(b, cmdline_paddr, 0x100100);
    HVM_PUT(b, rsdp_paddr, 0xfc009000);
    return b;
}

HvmBuffer hvm_v1(uint32_t version) {
    HvmBuffer b(sizeof(xshim_hvm_start_info)); // exactly 56 bytes, whatever the version says
    HVM_PUT(b, magic, XSHIM_HVM_START_MAGIC);
    HVM_PUT(b, version, version);
    HVM_PUT(b, flags, 0);
    HVM_PUT(b, nr_modules, 0);
    HVM_PUT(b, modlist_paddr, 0);
    HVM_PUT(b, cmdline_paddr, 0x1000e0);
    HVM_PUT(b, rsdp_paddr, 0xfc000000);
    HVM_PUT(b, memmap_paddr, 0x1000f0);
    HVM_PUT(b, memmap_entries, 4);
    HVM_PUT(b, reserved, 0);
    return b;
}

} // namespace

TEST_CASE("start_info: the table") {
    struct Want {
        const char *name;
        uint32_t protocol, arch, min_version, max_version, size;
    } wants[] = {
        {"pv-x86_64", XSHIM_BOOT_PV, XSHIM_ARCH_X86_64, 0, 0, 1168},
        {"pv-x86_32", XSHIM_BOOT_PV, XSHIM_ARCH_X86_32, 0, 0, 1112},
        {"pvh-v0", XSHIM_BOOT_PVH, xshim::any_arch, 0, 0, 40},
        {"pvh-v1", XSHIM_BOOT_PVH, xshim::any_arch, 1, 0xffffffffu, 56},
        {"fdt", XSHIM_BOOT_FDT, xshim::any_arch, 0, 0, 40}, // Arm: the DTB header
    };
    CHECK(xshim::start_info_adapters.count == 5);
    for (const Want &w : wants) {
        CAPTURE(w.name);
        const auto *a = by_name(w.name);
        REQUIRE(a != nullptr);
        CHECK(a->protocol == w.protocol);
        CHECK(a->arch == w.arch);
        CHECK(a->min_version == w.min_version);
        CHECK(a->max_version == w.max_version);
        CHECK(a->size == w.size);
        CHECK((a->parse != nullptr));
        // Only the device tree is also what says whether this is Xen (no CPUID on Arm).
        CHECK((a->identify != nullptr) == (w.protocol == XSHIM_BOOT_FDT));
    }
}

TEST_CASE("start_info: find_start_info_adapter scans by protocol, arch and version") {
    auto pv64 = pv64_domU();
    auto pv32 = pv32_domU("xen-3.0-x86_32p");
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_PV, XSHIM_ARCH_X86_64, pv64.get()) ==
          by_name("pv-x86_64"));
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_PV, XSHIM_ARCH_X86_32, pv32.get()) ==
          by_name("pv-x86_32"));
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_PV, XSHIM_ARCH_ARM64, pv64.get()) == nullptr);
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_NONE, XSHIM_ARCH_X86_64, pv64.get()) ==
          nullptr);
    // The FDT lookup reads nothing; the adapter's parse rejects what is not a device tree.
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_FDT, XSHIM_ARCH_ARM64, pv64.get()) ==
          by_name("fdt"));
    xshim_boot_info not_fdt{};
    CHECK(by_name("fdt")->parse(pv64.get(), &not_fdt) == XSHIM_REASON_BAD_FDT);
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_PV, XSHIM_ARCH_X86_64, nullptr) == nullptr);

    HvmBuffer v0 = hvm_v0(); // 40 bytes: the lookup reads the version only
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_PVH, XSHIM_ARCH_X86_64, v0.raw()) ==
          by_name("pvh-v0"));
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_PVH, XSHIM_ARCH_X86_32, v0.raw()) ==
          by_name("pvh-v0"));
    HvmBuffer v1 = hvm_v1(1);
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_PVH, XSHIM_ARCH_X86_64, v1.raw()) ==
          by_name("pvh-v1"));
    HvmBuffer v7 = hvm_v1(7);
    CHECK(xshim::find_start_info_adapter(XSHIM_BOOT_PVH, XSHIM_ARCH_X86_64, v7.raw()) ==
          by_name("pvh-v1"));
}

TEST_CASE("start_info: pv-x86_64, a real 4.17 magic") {
    auto si = pv64_domU();
    xshim_boot_info bi{};
    REQUIRE(by_name("pv-x86_64")->parse(si.get(), &bi) == XSHIM_S_OK);
    CHECK(bi.protocol == XSHIM_BOOT_PV);
    CHECK(bi.version == 0);
    CHECK(bi.generation == XSHIM_RELEASE(3, 0)); // the magic's "xen-3.0", parsed once here
    CHECK(bi.flags == 0);
    CHECK(bi.nr_pages == 0x40000);
    CHECK(bi.shared_info == 0x1b3a5d000ull);
    CHECK(bi.store_mfn == 0x1b3a5c);
    CHECK(bi.store_evtchn == 1);
    CHECK(bi.console_mfn == 0x1b3a5b);
    CHECK(bi.console_evtchn == 2);
    CHECK(bi.console_info_off == 0);
    CHECK(bi.pt_base == 0xffffffff82c06000ull);
    CHECK(bi.nr_pt_frames == 0x23);
    CHECK(bi.mfn_list == 0xffffffff82a00000ull);
    CHECK(bi.mod_start == 0xffffffff82c05000ull);
    REQUIRE(bi.cmdline != nullptr);
    CHECK(bi.cmdline == reinterpret_cast<const char *>(si->cmd_line)); // points into start_info
    CHECK(strcmp(bi.cmdline, "console=hvc0 root=/dev/xvda1 ro") == 0);
    CHECK(bi.cmdline_len == strlen("console=hvc0 root=/dev/xvda1 ro"));
    CHECK(bi.memmap_entries == 0);
}

TEST_CASE("start_info: pv-x86_64 dom0 console info") {
    auto si = pv64_domU();
    si->flags = XSHIM_SIF_PRIVILEGED | XSHIM_SIF_INITDOMAIN;
    si->console.dom0.info_off = sizeof(xshim_start_info_x86_64);
    si->console.dom0.info_size = 40;
    xshim_boot_info bi{};
    REQUIRE(by_name("pv-x86_64")->parse(si.get(), &bi) == XSHIM_S_OK);
    CHECK(bi.console_info_off == 1168);
    CHECK(bi.console_info_size == 40);
    CHECK(bi.console_mfn == 0); // the union is dom0's, not a ring
    CHECK(bi.console_evtchn == 0);

    si->console.dom0.info_off = 4090; // runs off the start_info page
    CHECK(by_name("pv-x86_64")->parse(si.get(), &bi) == XSHIM_REASON_BAD_START_INFO);
    si->console.dom0.info_off = 0xfffffff0u; // and wraps 32 bits
    si->console.dom0.info_size = 0x20;
    CHECK(by_name("pv-x86_64")->parse(si.get(), &bi) == XSHIM_REASON_BAD_START_INFO);
    CHECK(bi.protocol == XSHIM_BOOT_NONE); // zeroed on failure
}

TEST_CASE("start_info: pv-x86_32, PAE and non-PAE magics") {
    for (const char *magic : {"xen-3.0-x86_32p", "xen-3.0-x86_32"}) {
        CAPTURE(magic);
        auto si = pv32_domU(magic);
        xshim_boot_info bi{};
        REQUIRE(by_name("pv-x86_32")->parse(si.get(), &bi) == XSHIM_S_OK);
        CHECK(bi.protocol == XSHIM_BOOT_PV);
        CHECK(bi.nr_pages == 0x20000);
        CHECK(bi.shared_info == 0x7f3a5000u);
        CHECK(bi.store_mfn == 0x7f3a4u);
        CHECK(bi.store_evtchn == 3);
        CHECK(bi.console_mfn == 0x7f3a3u);
        CHECK(bi.console_evtchn == 4);
        CHECK(bi.pt_base == 0xc1c06000u);
        CHECK(bi.mfn_list == 0xc1a00000u);
        REQUIRE(bi.cmdline != nullptr);
        CHECK(strcmp(bi.cmdline, "console=hvc0") == 0);
        CHECK(bi.cmdline_len == 12);
    }
}

TEST_CASE("start_info: PV magics, hostile and odd") {
    struct Case {
        const char *magic;
        int want64, want32;
    } cases[] = {
        {"xen-3.0-x86_64", XSHIM_S_OK, XSHIM_REASON_BAD_START_INFO},
        {"xen-3.0-x86_32p", XSHIM_REASON_BAD_START_INFO, XSHIM_S_OK},
        {"xen-4.1-x86_64", XSHIM_S_OK, XSHIM_REASON_BAD_START_INFO}, // a later generation
        {"xen-2.0-x86_32", XSHIM_REASON_OLD_GENERATION, XSHIM_REASON_OLD_GENERATION},
        {"xen-1.2-x86_64", XSHIM_REASON_OLD_GENERATION, XSHIM_REASON_OLD_GENERATION},
        {"", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"hello, world", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"XEN-3.0-x86_64", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-3.0-", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-3.0", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-3-x86_64", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-.0-x86_64", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-a.b-x86_64", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-3.0-x86_64 ", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-3.0-x86_6", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-3.0-x86_32pp", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-3.0-aarch64", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-999999.0-x86_64", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        // Four digits at most, so a generation fits a release (boot_info.generation).
        {"xen-10000.0-x86_64", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-3.10000-x86_64", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
        {"xen-2.0-", XSHIM_REASON_BAD_START_INFO, XSHIM_REASON_BAD_START_INFO},
    };
    for (const Case &c : cases) {
        CAPTURE(c.magic);
        auto si64 = pv64_domU();
        set_magic(*si64, c.magic);
        auto si32 = pv32_domU(c.magic);
        xshim_boot_info bi{};
        CHECK(by_name("pv-x86_64")->parse(si64.get(), &bi) == c.want64);
        CHECK(by_name("pv-x86_32")->parse(si32.get(), &bi) == c.want32);
    }
}

TEST_CASE("start_info: unterminated magic") {
    auto si = pv64_domU();
    memset(si->magic, 'x', sizeof si->magic); // 32 bytes, no NUL
    memcpy(si->magic, "xen-3.0-x86_64", 14);
    xshim_boot_info bi{};
    CHECK(by_name("pv-x86_64")->parse(si.get(), &bi) == XSHIM_REASON_BAD_START_INFO);

    // The magic parser alone, on exactly 32 heap bytes: ASan would catch a read past them.
    std::unique_ptr<char[]> m(new char[32]);
    memset(m.get(), 'a', 32);
    xshim::StartMagic sm{};
    CHECK(xshim::parse_start_magic(m.get(), 32, &sm) == XSHIM_REASON_BAD_START_INFO);
    memcpy(m.get(), "xen-3.0-x86_64", 15);
    REQUIRE(xshim::parse_start_magic(m.get(), 32, &sm) == XSHIM_S_OK);
    CHECK(sm.major == 3);
    CHECK(sm.minor == 0);
    CHECK(sm.suffix_len == 6);
    CHECK(strncmp(sm.suffix, "x86_64", 6) == 0);
    CHECK(sm.suffix_word == xshim::served_suffix("x86_64").word);

    // A caller's array that ends soon after the NUL: the suffix is read byte by byte, never as a
    // word past the end (15 heap bytes, ASan watching).
    std::unique_ptr<char[]> shorter(new char[15]);
    memcpy(shorter.get(), "xen-3.0-x86_64", 15);
    REQUIRE(xshim::parse_start_magic(shorter.get(), 15, &sm) == XSHIM_S_OK);
    CHECK(sm.suffix_len == 6);
    CHECK(sm.suffix_word == xshim::served_suffix("x86_64").word);
    CHECK(sm.suffix_word != xshim::served_suffix("x86_32").word);
}

TEST_CASE(
    "start_info: an accepted magic reaches the identity without what Xen left after its NUL") {
    auto si = pv64_domU();
    memset(si->magic, 0xff, sizeof si->magic);
    memcpy(si->magic, "xen-3.0-x86_64", 15); // NUL at 14, 0xff after it
    xshim_boot_info bi{};
    REQUIRE(by_name("pv-x86_64")->parse(si.get(), &bi) == XSHIM_S_OK);
    xshim_identity id;
    memset(&id, 0xaa, sizeof id);
    xshim::take_start_magic(si->magic, bi.generation, &id);
    CHECK(strcmp(id.start_magic, "xen-3.0-x86_64") == 0);
    for (size_t i = 14; i < sizeof id.start_magic; ++i) {
        CAPTURE(i);
        CHECK(id.start_magic[i] == '\0');
    }
    CHECK(id.interface_major == 3);
    CHECK(id.interface_minor == 0);
    CHECK(id.start_magic_fact.status == XSHIM_FACT_OK);

    // Served suffixes are compared whole: a longer or shorter one is not served.
    for (const char *m : {"xen-3.0-x86_64x", "xen-3.0-x86_6", "xen-3.0-x86_64\x01"}) {
        CAPTURE(m);
        set_magic(*si, m);
        CHECK(by_name("pv-x86_64")->parse(si.get(), &bi) == XSHIM_REASON_BAD_START_INFO);
    }
}

TEST_CASE("start_info: PV cmd_line, full and unterminated") {
    for (const char *adapter : {"pv-x86_64", "pv-x86_32"}) {
        CAPTURE(adapter);
        auto si64 = pv64_domU();
        auto si32 = pv32_domU("xen-3.0-x86_32p");
        int8_t *cmd = strcmp(adapter, "pv-x86_64") == 0 ? si64->cmd_line : si32->cmd_line;
        const void *raw = strcmp(adapter, "pv-x86_64") == 0 ? static_cast<const void *>(si64.get())
                                                            : static_cast<const void *>(si32.get());
        xshim_boot_info bi{};

        memset(cmd, 'a', XSHIM_MAX_GUEST_CMDLINE - 1); // 1023 bytes and the NUL: the longest
        cmd[XSHIM_MAX_GUEST_CMDLINE - 1] = 0;
        REQUIRE(by_name(adapter)->parse(raw, &bi) == XSHIM_S_OK);
        CHECK(bi.cmdline_len == XSHIM_MAX_GUEST_CMDLINE - 1);
        CHECK(bi.cmdline != nullptr);

        cmd[XSHIM_MAX_GUEST_CMDLINE - 1] = 'a'; // no NUL in 1024 bytes: not fatal, flagged
        REQUIRE(by_name(adapter)->parse(raw, &bi) == XSHIM_S_OK);
        CHECK(bi.cmdline == nullptr);
        CHECK(bi.cmdline_len == xshim::cmdline_unterminated);
        CHECK(bi.protocol == XSHIM_BOOT_PV); // the rest of the boot info is intact

        memset(cmd, 0, XSHIM_MAX_GUEST_CMDLINE); // empty
        REQUIRE(by_name(adapter)->parse(raw, &bi) == XSHIM_S_OK);
        CHECK(bi.cmdline_len == 0);
        REQUIRE(bi.cmdline != nullptr);
        CHECK(bi.cmdline[0] == '\0');
    }
}

TEST_CASE("start_info: pvh-v0 on exactly 40 bytes (Xen's PVH dom0 builder)") {
    HvmBuffer b = hvm_v0();
    const auto *a = xshim::find_start_info_adapter(XSHIM_BOOT_PVH, XSHIM_ARCH_X86_64, b.raw());
    REQUIRE(a == by_name("pvh-v0"));
    xshim_boot_info bi{};
    REQUIRE(a->parse(b.raw(), &bi) == XSHIM_S_OK); // any read of bytes 40.. would trip ASan
    CHECK(bi.protocol == XSHIM_BOOT_PVH);
    CHECK(bi.version == 0);
    CHECK(bi.flags == (XSHIM_SIF_PRIVILEGED | XSHIM_SIF_INITDOMAIN));
    CHECK(bi.nr_modules == 1);
    CHECK(bi.modlist_paddr == 0x1000d0);
    CHECK(bi.cmdline_paddr == 0x100100);
    CHECK(bi.rsdp_paddr == 0xfc009000);
    CHECK(bi.memmap_paddr == 0);
    CHECK(bi.memmap_entries == 0);
    CHECK(bi.cmdline == nullptr);
}

TEST_CASE("start_info: pvh-v1 with a memory map, and a newer version 7") {
    for (uint32_t version : {1u, 7u}) {
        CAPTURE(version);
        HvmBuffer b = hvm_v1(version); // 56 bytes even for version 7: only v1 fields are read
        const auto *a = xshim::find_start_info_adapter(XSHIM_BOOT_PVH, XSHIM_ARCH_X86_64, b.raw());
        REQUIRE(a == by_name("pvh-v1"));
        xshim_boot_info bi{};
        REQUIRE(a->parse(b.raw(), &bi) == XSHIM_S_OK);
        CHECK(bi.version == version);
        CHECK(bi.memmap_paddr == 0x1000f0);
        CHECK(bi.memmap_entries == 4);
        CHECK(bi.cmdline_paddr == 0x1000e0);
        CHECK(bi.rsdp_paddr == 0xfc000000);
        CHECK(bi.nr_modules == 0);
    }
}

TEST_CASE("start_info: PVH hostile inputs are refused, never clamped") {
    xshim_boot_info bi{};
    SUBCASE("bad magic") {
        HvmBuffer v0 = hvm_v0();
        HVM_PUT(v0, magic, 0x336ec579u);
        CHECK(by_name("pvh-v0")->parse(v0.raw(), &bi) == XSHIM_REASON_BAD_HVM_START_INFO);
        HvmBuffer v1 = hvm_v1(1);
        HVM_PUT(v1, magic, 0);
        CHECK(by_name("pvh-v1")->parse(v1.raw(), &bi) == XSHIM_REASON_BAD_HVM_START_INFO);
        CHECK(bi.protocol == XSHIM_BOOT_NONE);
    }
    SUBCASE("memmap entries without an address") {
        HvmBuffer v1 = hvm_v1(1);
        HVM_PUT(v1, memmap_paddr, 0);
        CHECK(by_name("pvh-v1")->parse(v1.raw(), &bi) == XSHIM_REASON_BAD_HVM_START_INFO);
        HVM_PUT(v1, memmap_entries, 0); // no map at all is fine
        CHECK(by_name("pvh-v1")->parse(v1.raw(), &bi) == XSHIM_S_OK);
    }
    SUBCASE("modules without a list") {
        HvmBuffer v0 = hvm_v0();
        HVM_PUT(v0, modlist_paddr, 0);
        CHECK(by_name("pvh-v0")->parse(v0.raw(), &bi) == XSHIM_REASON_BAD_HVM_START_INFO);
    }
    SUBCASE("tables that wrap the address space") {
        HvmBuffer v1 = hvm_v1(1);
        HVM_PUT(v1, memmap_paddr, 0xffffffffffffff00ull);
        HVM_PUT(v1, memmap_entries, 100); // 2400 bytes from 2^64 - 256
        CHECK(by_name("pvh-v1")->parse(v1.raw(), &bi) == XSHIM_REASON_BAD_HVM_START_INFO);
        HVM_PUT(v1, memmap_entries, 10); // 240 bytes: ends inside
        CHECK(by_name("pvh-v1")->parse(v1.raw(), &bi) == XSHIM_S_OK);
        HvmBuffer v0 = hvm_v0();
        HVM_PUT(v0, modlist_paddr, 0xfffffffffffff000ull);
        HVM_PUT(v0, nr_modules, 0xffffffffu);
        CHECK(by_name("pvh-v0")->parse(v0.raw(), &bi) == XSHIM_REASON_BAD_HVM_START_INFO);
    }
    SUBCASE("an adapter handed a version outside its span") {
        HvmBuffer v1 = hvm_v1(1);
        CHECK(by_name("pvh-v0")->parse(v1.raw(), &bi) == XSHIM_REASON_BAD_HVM_START_INFO);
        HvmBuffer v0 = hvm_v0();
        // pvh-v1 on a v0 structure: refused on the version before any v1 field is read.
        CHECK(by_name("pvh-v1")->parse(v0.raw(), &bi) == XSHIM_REASON_BAD_HVM_START_INFO);
    }
    SUBCASE("NULL") {
        for (const auto &a : xshim::start_info_adapters) {
            CAPTURE(a.name);
            CHECK(a.parse(nullptr, &bi) == XSHIM_REASON_NO_HANDOFF);
        }
    }
}
