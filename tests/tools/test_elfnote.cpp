// tests/tools/test_elfnote.cpp: the ELF note parser on the real guest-boot images (what an
// operator would check: the protocols offered, the entry points, the policy), on small built
// images, and on hostile ones, each of which must get its own specific error.
#include "elf_builder.hpp"
#include "guest_images.hpp"

#include <tools/elfnote.hpp>
#include <tools/image_report.hpp>

#include <doctest/doctest.h>

#include <abi/base.h>

#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <functional>

using namespace xshim::tools;
using elftest::Buffer;

namespace {

std::string fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *f, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, f);
    std::vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return buf;
}

struct Parsed {
    bool ok = false;
    std::string error;
    ElfImage elf;
    ImageNotes notes;
};

Parsed parse(const Buffer &b) {
    Parsed p;
    p.ok = parse_elf({b.data(), b.size()}, &p.elf, &p.error) &&
           decode_image(p.elf, &p.notes, &p.error);
    return p;
}

// Offsets inside elftest::pv_notes(): XEN_VERSION, LOADER, ENTRY (24 bytes each), xshim policy.
constexpr uint64_t kVersionNote = elftest::kNotesAt;
constexpr uint64_t kLoaderNote = kVersionNote + 24;
constexpr uint64_t kEntryNote = kLoaderNote + 24;
constexpr uint64_t kPolicyNote = kEntryNote + 24;
constexpr uint64_t kPolicyDesc = kPolicyNote + 12 + 8;

constexpr uint64_t kPhoff = offsetof(Elf64_Ehdr, e_phoff);
constexpr uint64_t kPhnum = offsetof(Elf64_Ehdr, e_phnum);
constexpr uint64_t kPhentsize = offsetof(Elf64_Ehdr, e_phentsize);
constexpr uint64_t kShoff = offsetof(Elf64_Ehdr, e_shoff);
constexpr uint64_t kShstrndx = offsetof(Elf64_Ehdr, e_shstrndx);

} // namespace

TEST_CASE("a built ELF64 PV image: notes, offers and policy as written") {
    elftest::Image img = elftest::build64();
    Parsed p = parse(img.bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.elf.elf_class == 64);
    CHECK(p.elf.machine == EM_X86_64);
    REQUIRE(p.elf.regions.size() == 2); // the segment, and the section over the same bytes
    CHECK(p.elf.regions[0].origin == NoteOrigin::segment);
    CHECK(p.elf.regions[1].origin == NoteOrigin::section);
    CHECK(p.elf.regions[1].name == ".note");
    CHECK(p.elf.regions[0].notes == 4);
    CHECK(p.elf.regions[1].notes == 4);
    CHECK(p.elf.notes.size() == 4); // read once, from the segment
    CHECK(p.notes.pv.offered);
    CHECK(p.notes.pv_entry == 0xffffffff80000000ull);
    CHECK(p.notes.pv_entry_from_note);
    CHECK_FALSE(p.notes.pvh.offered);
    REQUIRE(p.notes.policy.has_value());
    CHECK(p.notes.policy->min_release == XSHIM_RELEASE(4, 6));
    CHECK(p.notes.policy_offset == kPolicyNote);
}

TEST_CASE("a built ELF32 image reads the same notes") {
    Parsed p = parse(elftest::build32().bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.elf.elf_class == 32);
    CHECK(p.elf.machine == EM_386);
    CHECK(p.notes.pv.offered);
    CHECK(p.notes.pv_entry == 0xffffffff80000000ull); // an 8-byte ENTRY note is read whole
    REQUIRE(p.notes.policy.has_value());
}

TEST_CASE("without a PT_NOTE segment the SHT_NOTE section is read") {
    elftest::Image img = elftest::build64();
    elftest::poke<uint16_t>(&img.bytes, kPhnum, 0);
    Parsed p = parse(img.bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    REQUIRE(p.elf.regions.size() == 1);
    CHECK(p.elf.notes.size() == 4);
    CHECK(p.notes.pv.offered);
}

TEST_CASE("PV offer follows Xen's loader rules; PVH needs only PHYS32_ENTRY") {
    using elftest::note;
    SUBCASE("LOADER other than generic and no linux GUEST_OS: no PV") {
        Buffer n = note("Xen", XSHIM_ELFNOTE_XEN_VERSION, elftest::str("xen-3.0"));
        Buffer l = note("Xen", XSHIM_ELFNOTE_LOADER, elftest::str("custom"));
        n.insert(n.end(), l.begin(), l.end());
        Parsed p = parse(elftest::build64(n).bytes);
        REQUIRE_MESSAGE(p.ok, p.error);
        CHECK_FALSE(p.notes.pv.offered);
        CHECK(p.notes.pv.why_not.find("LOADER \"custom\"") != std::string::npos);
    }
    SUBCASE("GUEST_OS linux with XEN_VERSION xen-3.0: PV, entry from e_entry") {
        Buffer n = note("Xen", XSHIM_ELFNOTE_XEN_VERSION, elftest::str("xen-3.0"));
        Buffer o = note("Xen", XSHIM_ELFNOTE_GUEST_OS, elftest::str("linux"));
        n.insert(n.end(), o.begin(), o.end());
        Parsed p = parse(elftest::build64(n).bytes);
        REQUIRE_MESSAGE(p.ok, p.error);
        CHECK(p.notes.pv.offered);
        CHECK_FALSE(p.notes.pv_entry_from_note);
        CHECK(p.notes.pv_entry == p.elf.entry);
    }
    SUBCASE("XEN_VERSION xen-2.0: no PV") {
        Buffer n = note("Xen", XSHIM_ELFNOTE_XEN_VERSION, elftest::str("xen-2.0"));
        Buffer l = note("Xen", XSHIM_ELFNOTE_LOADER, elftest::str("generic"));
        n.insert(n.end(), l.begin(), l.end());
        Parsed p = parse(elftest::build64(n).bytes);
        REQUIRE_MESSAGE(p.ok, p.error);
        CHECK_FALSE(p.notes.pv.offered);
        CHECK(p.notes.pv.why_not == "XEN_VERSION \"xen-2.0\": Xen's PV loader needs \"xen-3.0\"");
    }
    SUBCASE("PHYS32_ENTRY alone: PVH only") {
        Buffer n = note("Xen", XSHIM_ELFNOTE_PHYS32_ENTRY, {0x00, 0x10, 0x20, 0x00});
        Parsed p = parse(elftest::build64(n).bytes);
        REQUIRE_MESSAGE(p.ok, p.error);
        CHECK(p.notes.pvh.offered);
        CHECK(p.notes.phys32_entry == 0x201000);
        CHECK_FALSE(p.notes.pv.offered);
        CHECK_FALSE(p.notes.policy.has_value());
    }
    SUBCASE("a note named Xen-like but not Xen is not a Xen note") {
        Buffer n = note("XenX", XSHIM_ELFNOTE_PHYS32_ENTRY, {0x00, 0x10, 0x20, 0x00});
        Parsed p = parse(elftest::build64(n).bytes);
        REQUIRE_MESSAGE(p.ok, p.error);
        CHECK(p.notes.xen.empty());
        CHECK_FALSE(p.notes.pvh.offered);
    }
}

// Hostile images: one broken field each, and the exact error it must produce.
struct Hostile {
    const char *what;
    std::function<void(elftest::Image *)> mutate;
    std::function<std::string(const elftest::Image &)> expected;
};

TEST_CASE("hostile images each get their specific error") {
    const size_t full = elftest::build64().bytes.size();
    const uint64_t ends = elftest::build64().notes_end;
    const std::vector<Hostile> cases = {
        {"empty file", [](elftest::Image *i) { i->bytes.clear(); },
         [](const elftest::Image &) {
             return std::string("file is 0 bytes: too short for the 16-byte ELF identification");
         }},
        {"truncated ELF64 header", [](elftest::Image *i) { i->bytes.resize(40); },
         [](const elftest::Image &) {
             return std::string("truncated ELF64 header: file is 40 bytes, the header needs 64");
         }},
        {"not ELF", [](elftest::Image *i) { i->bytes[1] = 'X'; },
         [](const elftest::Image &) {
             return std::string("not an ELF file: magic 7f 58 4c 46, expected 7f 45 4c 46");
         }},
        {"unknown class", [](elftest::Image *i) { i->bytes[EI_CLASS] = 3; },
         [](const elftest::Image &) {
             return std::string("EI_CLASS 3 is neither ELFCLASS32 (1) nor ELFCLASS64 (2)");
         }},
        {"big-endian", [](elftest::Image *i) { i->bytes[EI_DATA] = ELFDATA2MSB; },
         [](const elftest::Image &) {
             return std::string("EI_DATA 2: only little-endian images (ELFDATA2LSB, 1) are read");
         }},
        {"phoff past the end",
         [full](elftest::Image *i) { elftest::poke<uint64_t>(&i->bytes, kPhoff, full); },
         [full](const elftest::Image &) {
             return fmt("program headers at offset 0x%zx (1 x 56 bytes) run past the end of the "
                        "file (0x%zx bytes)",
                        full, full);
         }},
        {"phoff that would wrap",
         [](elftest::Image *i) { elftest::poke<uint64_t>(&i->bytes, kPhoff, ~uint64_t{0} - 8); },
         [full](const elftest::Image &) {
             return fmt("program headers at offset 0xfffffffffffffff7 (1 x 56 bytes) run past "
                        "the end of the file (0x%zx bytes)",
                        full);
         }},
        {"wrong phentsize",
         [](elftest::Image *i) { elftest::poke<uint16_t>(&i->bytes, kPhentsize, 32); },
         [](const elftest::Image &) {
             return std::string("program headers entry size 32 is not 56 for ELF64");
         }},
        {"PN_XNUM without section headers",
         [](elftest::Image *i) {
             elftest::poke<uint16_t>(&i->bytes, kPhnum, PN_XNUM);
             elftest::poke<uint64_t>(&i->bytes, kShoff, 0);
         },
         [](const elftest::Image &) {
             return std::string("e_phnum 0xffff (PN_XNUM) puts the count in section 0, but there "
                                "is no section header table (e_shoff 0)");
         }},
        {"note segment past the end",
         [full](elftest::Image *i) {
             elftest::poke<uint64_t>(&i->bytes, i->phdr_at + offsetof(Elf64_Phdr, p_filesz), full);
         },
         [full](const elftest::Image &) {
             return fmt("segment 0 (PT_NOTE) at offset 0x100, 0x%zx bytes, runs past the end of "
                        "the file (0x%zx bytes)",
                        full, full);
         }},
        {"note segment whose end wraps",
         [](elftest::Image *i) {
             elftest::poke<uint64_t>(&i->bytes, i->phdr_at + offsetof(Elf64_Phdr, p_offset),
                                     ~uint64_t{0} - 0x7f);
         },
         [full](const elftest::Image &) {
             return fmt("segment 0 (PT_NOTE) at offset 0xffffffffffffff80, 0x90 bytes, runs past "
                        "the end of the file (0x%zx bytes)",
                        full);
         }},
        {"misaligned note segment",
         [](elftest::Image *i) {
             elftest::poke<uint64_t>(&i->bytes, i->phdr_at + offsetof(Elf64_Phdr, p_offset), 0x102);
         },
         [](const elftest::Image &) {
             return std::string("segment 0 (PT_NOTE) at offset 0x102 is not 4-byte aligned");
         }},
        {"note alignment 16",
         [](elftest::Image *i) {
             elftest::poke<uint64_t>(&i->bytes, i->phdr_at + offsetof(Elf64_Phdr, p_align), 16);
         },
         [](const elftest::Image &) {
             return std::string("segment 0 (PT_NOTE): alignment 16; notes are aligned to 4 or 8");
         }},
        {"namesz that overflows",
         [](elftest::Image *i) { elftest::poke<uint32_t>(&i->bytes, kVersionNote, 0xffffffffu); },
         [ends](const elftest::Image &) {
             return fmt("note at offset 0x100: namesz 4294967295 runs past the end of segment 0 "
                        "(PT_NOTE) (ends 0x%llx)",
                        static_cast<unsigned long long>(ends));
         }},
        {"unterminated name", [](elftest::Image *i) { i->bytes[kLoaderNote + 12 + 3] = 'x'; },
         [](const elftest::Image &) {
             return fmt("note at offset 0x%llx: name of 4 bytes is not NUL-terminated",
                        static_cast<unsigned long long>(kLoaderNote));
         }},
        {"a partial note header at the end",
         [](elftest::Image *i) {
             elftest::poke<uint64_t>(&i->bytes, i->phdr_at + offsetof(Elf64_Phdr, p_filesz),
                                     i->notes_end - elftest::kNotesAt + 4);
         },
         [ends](const elftest::Image &) {
             return fmt("note at offset 0x%llx: 4 bytes left in segment 0 (PT_NOTE) (ends "
                        "0x%llx), too few for a 12-byte note header",
                        static_cast<unsigned long long>(ends),
                        static_cast<unsigned long long>(ends + 4));
         }},
        {"wrong policy magic",
         [](elftest::Image *i) { elftest::poke<uint32_t>(&i->bytes, kPolicyDesc, 0x12345678u); },
         [](const elftest::Image &) {
             return fmt("xshim policy note at offset 0x%llx: magic 0x12345678 is not "
                        "XSHIM_POLICY_MAGIC 0x70687378 (\"xshp\")",
                        static_cast<unsigned long long>(kPolicyNote));
         }},
        {"future policy version",
         [](elftest::Image *i) { elftest::poke<uint32_t>(&i->bytes, kPolicyDesc + 8, 2); },
         [](const elftest::Image &) {
             return fmt("xshim policy note at offset 0x%llx: policy version 2; this tool reads "
                        "version 1",
                        static_cast<unsigned long long>(kPolicyNote));
         }},
        {"policy size field disagrees",
         [](elftest::Image *i) { elftest::poke<uint32_t>(&i->bytes, kPolicyDesc + 4, 48); },
         [](const elftest::Image &) {
             return fmt("xshim policy note at offset 0x%llx: policy size field 48 and descsz %zu; "
                        "version 1 is %zu bytes",
                        static_cast<unsigned long long>(kPolicyNote), sizeof(xshim_policy),
                        sizeof(xshim_policy));
         }},
        {"e_shstrndx out of range",
         [](elftest::Image *i) { elftest::poke<uint16_t>(&i->bytes, kShstrndx, 7); },
         [](const elftest::Image &) { return std::string("e_shstrndx 7 is not below e_shnum 3"); }},
        {"section name outside the name table",
         [](elftest::Image *i) {
             elftest::poke<uint32_t>(&i->bytes, i->shdr_at + sizeof(Elf64_Shdr), 0x4000);
         },
         [](const elftest::Image &) {
             return std::string("section 1: name offset 0x4000 is outside the section-name table "
                                "(0x12 bytes)");
         }},
        {"section headers past the end",
         [full](elftest::Image *i) { elftest::poke<uint64_t>(&i->bytes, kShoff, full - 64); },
         [full](const elftest::Image &) {
             return fmt("section headers at offset 0x%zx (3 x 64 bytes) run past the end of the "
                        "file (0x%zx bytes)",
                        full - 64, full);
         }},
        {"note section past the end",
         [full](elftest::Image *i) {
             elftest::poke<uint64_t>(
                 &i->bytes, i->shdr_at + sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, sh_size), full);
         },
         [full](const elftest::Image &) {
             return fmt("section 1 (.note) at offset 0x100, 0x%zx bytes, runs past the end of the "
                        "file (0x%zx bytes)",
                        full, full);
         }},
    };
    for (const Hostile &h : cases) {
        CAPTURE(h.what);
        elftest::Image img = elftest::build64();
        h.mutate(&img);
        Parsed p = parse(img.bytes);
        CHECK_FALSE(p.ok);
        CHECK(p.error == h.expected(img));
    }
}

TEST_CASE("extended numbering (PN_XNUM) is read through libelf: the count from section 0") {
    elftest::Image img = elftest::build64();
    elftest::poke<uint16_t>(&img.bytes, kPhnum, PN_XNUM);
    elftest::poke<uint32_t>(&img.bytes, img.shdr_at + offsetof(Elf64_Shdr, sh_info), 1);
    Parsed p = parse(img.bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    REQUIRE(p.elf.regions.size() == 2);
    CHECK(p.elf.regions[0].origin == NoteOrigin::segment);
    CHECK(p.elf.regions[0].notes == 4);
    CHECK_FALSE(p.elf.notes_from_sections);
    CHECK(p.notes.pv.offered);
}

TEST_CASE("a Xen number of 3 bytes is refused, as Xen's loader reads 1, 2, 4 or 8") {
    Buffer n = elftest::note("Xen", XSHIM_ELFNOTE_ENTRY, {1, 2, 3});
    Parsed p = parse(elftest::build64(n).bytes);
    CHECK_FALSE(p.ok);
    CHECK(p.error == "Xen note ENTRY at offset 0x100: numeric value of 3 bytes (1, 2, 4 or 8 "
                     "expected)");
}

TEST_CASE("two policy notes are refused: a kernel declares one") {
    Buffer n = elftest::pv_notes();
    Buffer second = elftest::note(
        "xshim", XSHIM_NOTE_POLICY,
        elftest::policy_desc(elftest::policy(XSHIM_RELEASE(4, 0), XSHIM_RELEASE(4, 1))));
    n.insert(n.end(), second.begin(), second.end());
    Parsed p = parse(elftest::build64(n).bytes);
    CHECK_FALSE(p.ok);
    CHECK(p.error == fmt("xshim policy note at offset 0x%llx: a second policy note (the first is "
                         "at 0x%llx); a kernel declares one policy",
                         static_cast<unsigned long long>(kPolicyNote + 72),
                         static_cast<unsigned long long>(kPolicyNote)));
}

TEST_CASE("every truncation of a valid image fails cleanly or parses") {
    // ASan makes any read beyond the (exactly sized) copy fatal.
    const Buffer whole = elftest::build64().bytes;
    for (size_t n = 0; n < whole.size(); ++n) {
        Buffer cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
        Parsed p = parse(cut);
        if (!p.ok)
            CHECK_FALSE(p.error.empty());
    }
}

// ---- the real guest images (make guests) ----

TEST_CASE("pv64.elf offers PV at the ELF entry point, with a hypercall page and a policy") {
    GuestImage g("pv64.elf");
    Parsed p = parse(g.bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.elf.elf_class == 64);
    CHECK(p.elf.machine == EM_X86_64);
    CHECK(p.notes.pv.offered);
    CHECK(p.notes.pv_entry_from_note);
    CHECK(p.notes.pv_entry == p.elf.entry); // the ENTRY note and the linker's ENTRY(_start)
    const XenNoteValue *page = p.notes.find(XSHIM_ELFNOTE_HYPERCALL_PAGE);
    REQUIRE(page != nullptr);
    CHECK(page->number % 4096 == 0);
    CHECK_FALSE(p.notes.pvh.offered);
    REQUIRE(p.notes.policy.has_value());
    CHECK(p.notes.policy->min_release <= p.notes.policy->max_tested_release);
    CHECK((p.notes.policy->guest_types & XSHIM_GUEST_MASK(XSHIM_GUEST_PV)) != 0);
}

TEST_CASE("pvh.elf offers PVH through PHYS32_ENTRY and not PV") {
    GuestImage g("pvh.elf");
    Parsed p = parse(g.bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.notes.pvh.offered);
    CHECK(p.notes.phys32_entry != 0);
    CHECK_FALSE(p.notes.pv.offered);
    REQUIRE(p.notes.policy.has_value());
    CHECK((p.notes.policy->guest_types & XSHIM_GUEST_MASK(XSHIM_GUEST_PVH)) != 0);
}

TEST_CASE("pv64-needs99.elf declares min release 99.0") {
    GuestImage g("pv64-needs99.elf");
    Parsed p = parse(g.bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    REQUIRE(p.notes.policy.has_value());
    CHECK(p.notes.policy->min_release == XSHIM_RELEASE(99, 0));
    CHECK(p.notes.pv.offered);
}

TEST_CASE("every byte of a real image's note segment, corrupted, fails cleanly or parses") {
    GuestImage g("pv64.elf");
    Parsed clean = parse(g.bytes);
    REQUIRE_MESSAGE(clean.ok, clean.error);
    const NoteRegion &r = clean.elf.regions[0];
    for (uint64_t off = r.offset; off < r.offset + r.size; ++off) {
        Buffer b = g.bytes;
        b[off] ^= 0xff;
        Parsed p = parse(b);
        if (!p.ok)
            CHECK_FALSE(p.error.empty());
    }
}

TEST_CASE("strings from an image are escaped: a note cannot forge a verdict line") {
    using elftest::note;
    // A LOADER that starts "generic" (so Xen offers PV) and carries a newline, a forged verdict
    // and a terminal escape sequence.
    const std::string evil = "generic\nxshim: SELECTED Xen 9.9 (pv64)\x1b[2J\\\"";
    Buffer n = note("Xen", XSHIM_ELFNOTE_XEN_VERSION, elftest::str("xen-3.0"));
    Buffer l = note("Xen", XSHIM_ELFNOTE_LOADER, elftest::str(evil.c_str()));
    n.insert(n.end(), l.begin(), l.end());
    Parsed p = parse(elftest::build64(n).bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.notes.pv.offered); // the value itself is kept as Xen reads it

    std::FILE *f = std::tmpfile();
    REQUIRE(f != nullptr);
    xshim::tools::print_image(f, "evil\n.elf", {}, p.elf, p.notes);
    std::rewind(f);
    std::string text;
    for (int c; (c = std::fgetc(f)) != EOF;)
        text += static_cast<char>(c);
    std::fclose(f);
    CHECK(text.find("\nxshim:") == std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("\"generic\\x0axshim: SELECTED Xen 9.9 (pv64)\\x1b[2J\\\\\\\"\"") !=
          std::string::npos);
    CHECK(text.find("image:      evil\\x0a.elf:") != std::string::npos);
    CHECK(xshim::tools::escaped(std::string("a\0b\x7f\xff", 5)) == "a\\x00b\\x7f\\xff");
}

// Layouts and readings of Xen's loader (libelf-dominfo.c, libelf-tools.c) on built images.
namespace {

// A note laid out for an 8-aligned region (gABI): desc at align_up(12 + namesz, 8), padded to 8.
Buffer note8(const std::string &name, uint32_t type, const Buffer &desc) {
    Buffer b;
    elftest::put32(&b, static_cast<uint32_t>(name.size() + 1));
    elftest::put32(&b, static_cast<uint32_t>(desc.size()));
    elftest::put32(&b, type);
    b.insert(b.end(), name.begin(), name.end());
    b.push_back(0);
    while (b.size() % 8)
        b.push_back(0);
    b.insert(b.end(), desc.begin(), desc.end());
    while (b.size() % 8)
        b.push_back(0);
    return b;
}

elftest::Image align8(const Buffer &notes) {
    elftest::Image img = elftest::build64(notes);
    elftest::poke<uint64_t>(&img.bytes, img.phdr_at + offsetof(Elf64_Phdr, p_align), 8);
    elftest::poke<uint64_t>(
        &img.bytes, img.shdr_at + sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, sh_addralign), 8);
    return img;
}

} // namespace

TEST_CASE("a segment aligned to 8 is read as the gABI lays it out (GRUB, /bin/ls)") {
    // "GNU" then "xshim": with namesz 6 the 8-byte layout puts desc at 24, not at 12 + 8.
    Buffer n = note8("GNU", 5, Buffer(16, 0xaa));
    for (const Buffer &m :
         {note8("Xen", XSHIM_ELFNOTE_XEN_VERSION, elftest::str("xen-3.0")),
          note8("Xen", XSHIM_ELFNOTE_LOADER, elftest::str("generic")),
          note8("xshim", XSHIM_NOTE_POLICY,
                elftest::policy_desc(elftest::policy(XSHIM_RELEASE(4, 6), XSHIM_RELEASE(4, 17))))})
        n.insert(n.end(), m.begin(), m.end());
    Parsed p = parse(align8(n).bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.elf.notes.size() == 4);
    CHECK(p.notes.pv.offered);
    REQUIRE(p.notes.policy.has_value());
    CHECK(p.notes.policy->max_tested_release == XSHIM_RELEASE(4, 17));
    // Xen's notes here start at 8-aligned offsets with 16-byte headers: libelf's 4-byte walk
    // finds the same ones, so there is nothing to warn about.
    CHECK(p.elf.warnings.empty());
}

TEST_CASE("where Xen's 4-byte walk would read other Xen notes than the gABI layout, it is said") {
    // A 3-byte name makes the layouts differ: the Xen note after it is elsewhere for libelf.
    Buffer n = note8("ab", 1, Buffer(4, 0x11));
    Buffer m = note8("Xen", XSHIM_ELFNOTE_XEN_VERSION, elftest::str("xen-3.0"));
    n.insert(n.end(), m.begin(), m.end());
    Parsed p = parse(align8(n).bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    REQUIRE(p.elf.warnings.size() == 1);
    CHECK(p.elf.warnings[0].find("Xen's libelf walks notes with 4-byte padding") !=
          std::string::npos);
}

TEST_CASE("a Xen string is read up to its NUL, past descsz, as libelf reads Linux's FEATURES") {
    using elftest::note;
    // descsz 7 "generic": the NUL is the first byte of the padding.
    Buffer l = note("Xen", XSHIM_ELFNOTE_LOADER, Buffer{'g', 'e', 'n', 'e', 'r', 'i', 'c'});
    Buffer n = note("Xen", XSHIM_ELFNOTE_XEN_VERSION, elftest::str("xen-3.0"));
    n.insert(n.end(), l.begin(), l.end());
    Parsed p = parse(elftest::build64(n).bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    const XenNoteValue *v = p.notes.find(XSHIM_ELFNOTE_LOADER);
    REQUIRE(v != nullptr);
    CHECK(v->text == "generic");
    CHECK(v->past_desc);
    CHECK(p.notes.pv.offered);
}

TEST_CASE("a descriptor past its segment is read on from the file, as Xen does, and said") {
    elftest::Image img = elftest::build64();
    // LOADER's descsz made huge: Xen reads "generic" and its walk ends there.
    elftest::poke<uint32_t>(&img.bytes, kLoaderNote + 4, 0xfffffffcu);
    Parsed p = parse(img.bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    REQUIRE(p.elf.warnings.size() == 1);
    CHECK(p.elf.warnings[0].find("descsz 4294967292 runs past the end of segment 0") !=
          std::string::npos);
    CHECK(p.elf.notes.size() == 2); // XEN_VERSION, LOADER; no ENTRY, no policy after it
    CHECK(p.notes.find(XSHIM_ELFNOTE_LOADER)->text == "generic");
    CHECK_FALSE(p.notes.policy.has_value());
}

TEST_CASE("more notes than Xen's loader reads are refused, naming the limit") {
    Buffer n;
    const Buffer one = elftest::note("a", 1, {});
    for (uint32_t i = 0; i <= kMaxNotes; ++i)
        n.insert(n.end(), one.begin(), one.end());
    Parsed p = parse(elftest::build64(n).bytes);
    CHECK_FALSE(p.ok);
    CHECK(p.error.find(fmt("more than %u notes in the image", kMaxNotes)) != std::string::npos);
    CHECK(p.error.find("ELF_MAX_TOTAL_NOTE_COUNT") != std::string::npos);
}

TEST_CASE("an image with no Xen note is read through its __xen_guest section, as Xen does") {
    // Notes: only a GNU one; a section named __xen_guest holds the legacy string.
    elftest::Image img = elftest::build64(elftest::note("GNU", 3, Buffer(4, 0)));
    const std::string legacy = "GUEST_OS=Mach,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,"
                               "ELF_PADDR_OFFSET=0xC0000000,HYPERCALL_PAGE=0x2,LOADER=generic";
    // Reuse the .note section's header for __xen_guest: rename it in .shstrtab ("\0.note\0"
    // becomes a new name at the end) and point it at the string.
    const uint64_t str_at = img.bytes.size();
    img.bytes.insert(img.bytes.end(), legacy.begin(), legacy.end());
    img.bytes.push_back(0);
    const uint64_t name_at = img.bytes.size();
    const char name[] = "__xen_guest";
    img.bytes.insert(img.bytes.end(), name, name + sizeof name);
    const uint64_t strtab = img.shdr_at + 2 * sizeof(Elf64_Shdr);
    const uint64_t sec = img.shdr_at + sizeof(Elf64_Shdr);
    // The string table moves to cover the new name (it starts at names_at, as before).
    elftest::poke<uint64_t>(&img.bytes, strtab + offsetof(Elf64_Shdr, sh_size),
                            name_at + sizeof name - img.names_at);
    elftest::poke<uint32_t>(&img.bytes, sec + offsetof(Elf64_Shdr, sh_name),
                            static_cast<uint32_t>(name_at - img.names_at));
    elftest::poke<uint32_t>(&img.bytes, sec + offsetof(Elf64_Shdr, sh_type), SHT_PROGBITS);
    elftest::poke<uint64_t>(&img.bytes, sec + offsetof(Elf64_Shdr, sh_offset), str_at);
    elftest::poke<uint64_t>(&img.bytes, sec + offsetof(Elf64_Shdr, sh_size), legacy.size() + 1);
    Parsed p = parse(img.bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.notes.from_xen_guest);
    CHECK(p.notes.xen_guest.size() == 6);
    CHECK(p.notes.pv.offered);
    REQUIRE(p.notes.find(XSHIM_ELFNOTE_HYPERCALL_PAGE) != nullptr);
    CHECK(p.notes.find(XSHIM_ELFNOTE_HYPERCALL_PAGE)->number == 0xC0000000u + 0x2000);
    CHECK(p.notes.not_a_guest.empty());
}

TEST_CASE("an ELF that is not a Xen guest is named as what it is") {
    Parsed p = parse(elftest::build64(elftest::note("GNU", 3, Buffer(4, 0))).bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.notes.not_a_guest.find("no Xen notes and no __xen_guest section") != std::string::npos);
    elftest::Image other = elftest::build64(elftest::note("GNU", 3, Buffer(4, 0)));
    elftest::poke<uint16_t>(&other.bytes, offsetof(Elf64_Ehdr, e_machine), EM_RISCV);
    p = parse(other.bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.notes.not_a_guest.find("a machine Xen does not run on") != std::string::npos);
}

TEST_CASE("a Xen string longer than libelf reads (4096 bytes) is refused, naming the limit") {
    using elftest::note;
    Buffer n = note("Xen", XSHIM_ELFNOTE_XEN_VERSION, elftest::str("xen-3.0"));
    Buffer l = note("Xen", XSHIM_ELFNOTE_LOADER, elftest::str(std::string(kMaxXenString + 1, 'g')));
    n.insert(n.end(), l.begin(), l.end());
    Parsed p = parse(elftest::build64(n).bytes);
    CHECK_FALSE(p.ok);
    CHECK(p.error == fmt("Xen note LOADER at offset 0x%llx: string longer than 4096 bytes: Xen's "
                         "libelf marks the image broken (ELF_MAX_STRING_LENGTH)",
                         static_cast<unsigned long long>(kLoaderNote)));
    // 4096 bytes exactly is what libelf still reads.
    n = note("Xen", XSHIM_ELFNOTE_XEN_VERSION, elftest::str("xen-3.0"));
    l = note("Xen", XSHIM_ELFNOTE_LOADER,
             elftest::str("generic" + std::string(kMaxXenString - 7, 'g')));
    n.insert(n.end(), l.begin(), l.end());
    p = parse(elftest::build64(n).bytes);
    REQUIRE_MESSAGE(p.ok, p.error);
    CHECK(p.notes.find(XSHIM_ELFNOTE_LOADER)->text.size() == kMaxXenString);
}
