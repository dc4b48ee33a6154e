// tools/elfnote.cpp: reading an untrusted ELF image's notes (see elfnote.hpp).
//
// The ELF container (headers of either class, note regions, the note walk) is read through
// elfutils' libelf; this file keeps what the notes mean to Xen and the bounds that make each
// bad field one precise line. Every offset this file computes goes through
// in_bounds(offset, length, limit), written so that it cannot wrap: offset <= limit &&
// length <= limit - offset. Only little-endian images are accepted, which is what x86 and Arm
// Xen guests are.
#include "elfnote.hpp"

#include <abi/elfnote.h>

#include <elf.h>
#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "tools/elfnote.cpp reads little-endian note descriptors as host integers");

namespace xshim::tools {
namespace {

constexpr uint64_t kNoteHeader = 12; // namesz, descsz, type

std::string format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

using ull = unsigned long long;

constexpr bool in_bounds(uint64_t offset, uint64_t length, uint64_t limit) {
    return offset <= limit && length <= limit - offset;
}

constexpr uint64_t align_up(uint64_t v, uint64_t align) { // v < 2^33 here: cannot wrap
    return (v + align - 1) & ~(align - 1);
}

uint32_t le32(const uint8_t *p) {
    return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

// The ELF container is elfutils' libelf: gelf_getehdr, gelf_getphdr and gelf_getshdr for the
// headers (of either class, extended numbering included), elf_getdata_rawchunk for a note
// region, typed ELF_T_NHDR8 when it is aligned to 8 so that gelf_getnote walks it by the gABI
// rules, and gelf_getnote for each note. What stays here is what the notes mean to Xen, and
// the checks that turn a bad field into one precise line before libelf is asked about it.
class Parser {
  public:
    Parser(Bytes image, ElfImage *out, std::string *error) : img_(image), out_(out), err_(error) {}
    ~Parser() {
        if (elf_ != nullptr)
            elf_end(elf_);
    }
    Parser(const Parser &) = delete;
    Parser &operator=(const Parser &) = delete;

    bool run() {
        *out_ = ElfImage{};
        out_->file = img_;
        if (!identify() || !read_header() || !read_segments() || !read_sections())
            return false;
        return read_notes();
    }

  private:
    bool fail(std::string message) {
        *err_ = std::move(message);
        return false;
    }
    bool fail_libelf(const std::string &what) { return fail(what + ": libelf: " + elf_errmsg(-1)); }

    // libelf says whether it is an ELF at all (elf_kind); when it is not, the identification
    // bytes say why, in the order libelf checks them.
    bool identify() {
        if (img_.size < EI_NIDENT)
            return fail(format("file is %zu bytes: too short for the %d-byte ELF identification",
                               img_.size, EI_NIDENT));
        if (elf_version(EV_CURRENT) == EV_NONE)
            return fail_libelf("elf_version(EV_CURRENT)");
        // libelf reads the buffer in place and does not write it (little-endian image, host).
        elf_ = elf_memory(const_cast<char *>(reinterpret_cast<const char *>(img_.data)), img_.size);
        const uint8_t *id = img_.data;
        if (elf_ == nullptr) { // libelf refuses an ELF header cut short
            const size_t need =
                id[EI_CLASS] == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
            if (std::memcmp(id, ELFMAG, SELFMAG) == 0 && img_.size < need)
                return fail(format("truncated ELF%u header: file is %zu bytes, the header needs "
                                   "%zu",
                                   id[EI_CLASS] == ELFCLASS64 ? 64u : 32u, img_.size, need));
            return fail_libelf("elf_memory");
        }
        if (elf_kind(elf_) != ELF_K_ELF) {
            if (std::memcmp(id, ELFMAG, SELFMAG) != 0)
                return fail(format("not an ELF file: magic %02x %02x %02x %02x, expected 7f 45 "
                                   "4c 46",
                                   id[0], id[1], id[2], id[3]));
            if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
                return fail(format("EI_CLASS %u is neither ELFCLASS32 (1) nor ELFCLASS64 (2)",
                                   id[EI_CLASS]));
            if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB)
                return fail(format("EI_DATA %u is neither ELFDATA2LSB (1) nor ELFDATA2MSB (2)",
                                   id[EI_DATA]));
            if (id[EI_VERSION] != EV_CURRENT)
                return fail(format("EI_VERSION %u is not EV_CURRENT (1)", id[EI_VERSION]));
            return fail("libelf does not read it as an ELF file");
        }
        if (id[EI_DATA] != ELFDATA2LSB)
            return fail(format("EI_DATA %u: only little-endian images (ELFDATA2LSB, 1) are read",
                               id[EI_DATA]));
        out_->elf_class = gelf_getclass(elf_) == ELFCLASS64 ? 64 : 32;
        return true;
    }

    bool read_header() {
        const size_t need = gelf_fsize(elf_, ELF_T_EHDR, 1, EV_CURRENT);
        if (img_.size < need)
            return fail(format("truncated ELF%u header: file is %zu bytes, the header needs %zu",
                               out_->elf_class, img_.size, need));
        if (gelf_getehdr(elf_, &eh_) == nullptr)
            return fail_libelf("ELF header");
        out_->machine = eh_.e_machine;
        out_->entry = eh_.e_entry;
        return true;
    }

    // A table of count entries of entsize bytes at offset: entsize must be the class's, and the
    // whole table inside the file. libelf would quietly read fewer entries (or none).
    bool check_table(const char *what, uint64_t offset, uint64_t count, uint32_t entsize,
                     Elf_Type type) {
        if (count == 0)
            return true;
        const size_t want = gelf_fsize(elf_, type, 1, EV_CURRENT);
        if (entsize != want)
            return fail(format("%s entry size %u is not %zu for ELF%u", what, entsize, want,
                               out_->elf_class));
        const uint64_t bytes = count * entsize; // count < 2^32: no wrap
        if (!in_bounds(offset, bytes, img_.size))
            return fail(format("%s at offset 0x%llx (%llu x %u bytes) run past the end of the "
                               "file (0x%zx bytes)",
                               what, ull(offset), ull(count), entsize, img_.size));
        return true;
    }

    // A note region's placement: inside the file, 4-byte aligned, alignment 4 or 8.
    bool add_region(NoteRegion r, uint64_t declared_align, const std::string &label) {
        if (!in_bounds(r.offset, r.size, img_.size))
            return fail(format("%s at offset 0x%llx, 0x%llx bytes, runs past the end of the file "
                               "(0x%zx bytes)",
                               label.c_str(), ull(r.offset), ull(r.size), img_.size));
        if (declared_align > 4 && declared_align != 8) // 0..4 mean 4, as binutils reads them
            return fail(format("%s: alignment %llu; notes are aligned to 4 or 8", label.c_str(),
                               ull(declared_align)));
        r.align = declared_align == 8 ? 8 : 4;
        if (r.offset % 4 != 0)
            return fail(
                format("%s at offset 0x%llx is not 4-byte aligned", label.c_str(), ull(r.offset)));
        out_->regions.push_back(std::move(r));
        labels_.push_back(label);
        return true;
    }

    // Section 0, which holds the counts extended numbering does not fit in the ELF header.
    bool section_zero(GElf_Shdr *s, const char *why) {
        if (eh_.e_shoff == 0)
            return fail(format("%s, but there is no section header table (e_shoff 0)", why));
        if (!check_table("section headers", eh_.e_shoff, 1, eh_.e_shentsize, ELF_T_SHDR))
            return false;
        Elf_Scn *scn = elf_getscn(elf_, 0);
        if (scn == nullptr || gelf_getshdr(scn, s) == nullptr)
            return fail_libelf(why);
        return true;
    }

    bool read_segments() {
        uint64_t phnum = eh_.e_phnum;
        if (eh_.e_phnum == PN_XNUM) { // extended numbering: the count is section 0's sh_info
            GElf_Shdr zero;
            if (!section_zero(&zero, "e_phnum 0xffff (PN_XNUM) puts the count in section 0"))
                return false;
            phnum = zero.sh_info;
        }
        if (!check_table("program headers", eh_.e_phoff, phnum, eh_.e_phentsize, ELF_T_PHDR))
            return false;
        for (uint32_t i = 0; i < phnum; ++i) {
            GElf_Phdr p;
            if (gelf_getphdr(elf_, static_cast<int>(i), &p) == nullptr)
                return fail_libelf(format("program header %u", i));
            if (p.p_type != PT_NOTE)
                continue;
            NoteRegion r;
            r.origin = NoteOrigin::segment;
            r.index = i;
            r.offset = p.p_offset;
            r.size = p.p_filesz;
            if (!add_region(std::move(r), p.p_align, format("segment %u (PT_NOTE)", i)))
                return false;
        }
        return true;
    }

    bool section_name(uint32_t i, uint32_t name, std::string *out) {
        if (!names_.has_value())
            return true; // no section-name table
        if (name >= names_size_)
            return fail(format("section %u: name offset 0x%x is outside the section-name table "
                               "(0x%llx bytes)",
                               i, name, ull(names_size_)));
        const char *s = elf_strptr(elf_, *names_, name);
        if (s == nullptr)
            return fail(format("section %u: name at 0x%x in the section-name table is not "
                               "NUL-terminated",
                               i, name));
        out->assign(s);
        return true;
    }

    // Xen's loader finds "__xen_guest" by name, whatever its type (elf_shdr_by_name); a section
    // whose name or bytes are out of range is not it.
    void find_xen_guest(uint32_t i, const GElf_Shdr &s) {
        if (i == 0 || !names_.has_value() || out_->xen_guest.has_value() ||
            s.sh_name >= names_size_)
            return;
        const char *name = elf_strptr(elf_, *names_, s.sh_name);
        if (name == nullptr || std::strcmp(name, "__xen_guest") != 0)
            return;
        if (s.sh_type == SHT_NOBITS || !in_bounds(s.sh_offset, s.sh_size, img_.size))
            return;
        out_->xen_guest = NamedSection{i, s.sh_offset, s.sh_size};
    }

    bool read_sections() {
        if (eh_.e_shoff == 0)
            return true;
        uint64_t shnum = eh_.e_shnum;
        if (shnum == 0) { // extended numbering: the count is section 0's sh_size
            GElf_Shdr zero;
            if (!section_zero(&zero, "e_shnum 0 with e_shoff set puts the count in section 0"))
                return false;
            shnum = zero.sh_size;
            if (shnum >= uint64_t{1} << 32)
                return fail(format("section 0 gives %llu sections (extended numbering): more "
                                   "than an ELF file can index",
                                   ull(shnum)));
        }
        if (!check_table("section headers", eh_.e_shoff, shnum, eh_.e_shentsize, ELF_T_SHDR))
            return false;
        size_t strndx = 0;
        if (elf_getshdrstrndx(elf_, &strndx) != 0)
            return fail_libelf(format("e_shstrndx %u", eh_.e_shstrndx));
        if (strndx != SHN_UNDEF) {
            if (strndx >= shnum)
                return fail(format("e_shstrndx %zu is not below e_shnum %llu", strndx, ull(shnum)));
            GElf_Shdr tab;
            if (gelf_getshdr(elf_getscn(elf_, strndx), &tab) == nullptr)
                return fail_libelf(format("section %zu (e_shstrndx)", strndx));
            if (tab.sh_type != SHT_STRTAB)
                return fail(format("section %zu (e_shstrndx) has type %u, not SHT_STRTAB (3)",
                                   strndx, tab.sh_type));
            if (!in_bounds(tab.sh_offset, tab.sh_size, img_.size))
                return fail(format("section-name table (section %zu) at offset 0x%llx, 0x%llx "
                                   "bytes, runs past the end of the file (0x%zx bytes)",
                                   strndx, ull(tab.sh_offset), ull(tab.sh_size), img_.size));
            names_ = strndx;
            names_size_ = tab.sh_size;
        }
        for (uint32_t i = 0; i < shnum; ++i) {
            GElf_Shdr s;
            if (gelf_getshdr(elf_getscn(elf_, i), &s) == nullptr)
                return fail_libelf(format("section %u", i));
            find_xen_guest(i, s);
            if (s.sh_type != SHT_NOTE)
                continue;
            NoteRegion r;
            r.origin = NoteOrigin::section;
            r.index = i;
            if (!section_name(i, s.sh_name, &r.name))
                return false;
            r.offset = s.sh_offset;
            r.size = s.sh_size;
            std::string label = format("section %u (%s)", i, escaped(r.name).c_str());
            if (!add_region(std::move(r), s.sh_addralign, label))
                return false;
        }
        return true;
    }

    // A region's bytes as libelf hands them to gelf_getnote: typed ELF_T_NHDR8 (gABI layout
    // for a region aligned to 8) or ELF_T_NHDR (4-byte padding). libelf copies a chunk that is
    // not aligned for its type; those copies are bounded here.
    Elf_Data *chunk(const NoteRegion &r, const std::string &label, Elf_Type type) {
        const uint64_t align = type == ELF_T_NHDR8 ? 8 : 4;
        if ((reinterpret_cast<uintptr_t>(img_.data) + r.offset) % align != 0) {
            copied_ += r.size;
            if (copied_ > kMaxNoteCopies) {
                fail(format("%s at offset 0x%llx is aligned to %llu but not placed so: the "
                            "misplaced note regions add up to more than %llu MiB, this tool's "
                            "limit for copying them",
                            label.c_str(), ull(r.offset), ull(align), ull(kMaxNoteCopies >> 20)));
                return nullptr;
            }
        }
        Elf_Data *d = elf_getdata_rawchunk(elf_, static_cast<int64_t>(r.offset), r.size, type);
        if (d == nullptr)
            fail_libelf(label);
        return d;
    }

    // One note of a chunk, where gelf_getnote puts it; or, where gelf_getnote stops because
    // the note (or its padding) runs past the region, where Xen's loader, which reads on, puts
    // it (lenient is then set). Offsets are from the region's start.
    struct At {
        GElf_Nhdr h;
        uint64_t name, desc, next;
        bool lenient;
    };
    static At note_at(Elf_Data *d, uint64_t off, uint64_t align) {
        At a{};
        size_t name = 0, desc = 0;
        const size_t next = gelf_getnote(d, off, &a.h, &name, &desc);
        if (next != 0)
            return {a.h, name, desc, next, false};
        std::memcpy(&a.h, static_cast<const uint8_t *>(d->d_buf) + off, sizeof a.h);
        a.name = off + kNoteHeader;
        a.desc = align_up(a.name + a.h.n_namesz, align);
        a.next = align_up(a.desc + a.h.n_descsz, align);
        a.lenient = true;
        return a;
    }

    // The notes of one region, appended to *notes, laid out by the region's alignment as the
    // gABI says (gelf_getnote on a chunk of the region's type).
    bool read_region(uint32_t index, std::vector<Note> *notes) {
        NoteRegion &r = out_->regions[index];
        const std::string &label = labels_[index];
        const uint64_t end = r.offset + r.size; // in_bounds checked in add_region
        if (r.size == 0)
            return true;
        Elf_Data *d = chunk(r, label, r.align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR);
        if (d == nullptr)
            return false;
        for (uint64_t off = 0; off < r.size;) {
            const uint64_t pos = r.offset + off;
            if (r.size - off < kNoteHeader)
                return fail(format("note at offset 0x%llx: %llu bytes left in %s (ends 0x%llx), "
                                   "too few for a 12-byte note header",
                                   ull(pos), ull(r.size - off), label.c_str(), ull(end)));
            if (++total_notes_ > kMaxNotes)
                return fail(format("note at offset 0x%llx: more than %u notes in the image; Xen's "
                                   "loader reads no more (ELF_MAX_TOTAL_NOTE_COUNT) and marks such "
                                   "an image broken",
                                   ull(pos), kMaxNotes));
            const At a = note_at(d, off, r.align);
            const uint32_t namesz = a.h.n_namesz, descsz = a.h.n_descsz;
            if (namesz > r.size - a.name)
                return fail(format("note at offset 0x%llx: namesz %u runs past the end of %s "
                                   "(ends 0x%llx)",
                                   ull(pos), namesz, label.c_str(), ull(end)));
            const uint64_t desc_at = r.offset + a.desc;
            if (desc_at > end || descsz > end - desc_at) {
                // Xen's loader reads a note whose header starts in the region from the image,
                // wherever it ends (Debian's grub-i386-xen.bin has PAE_MODE "yes" with descsz
                // 12 at the end of its segment): read it, and say so; outside the file, refuse.
                if (desc_at > img_.size)
                    return fail(format("note at offset 0x%llx: descsz %u runs past the end of %s "
                                       "(ends 0x%llx) and of the file",
                                       ull(pos), descsz, label.c_str(), ull(end)));
                pending_.emplace_back(
                    index,
                    format("note at offset 0x%llx: descsz %u runs past the end of %s (ends "
                           "0x%llx)%s; Xen's loader reads on as far as the file goes, and so "
                           "does this tool",
                           ull(pos), descsz, label.c_str(), ull(end),
                           in_bounds(desc_at, descsz, img_.size) ? "" : " and of the file"));
            }
            const char *name = static_cast<const char *>(d->d_buf) + a.name;
            if (namesz != 0 && name[namesz - 1] != '\0')
                return fail(format("note at offset 0x%llx: name of %u bytes is not "
                                   "NUL-terminated",
                                   ull(pos), namesz));
            Note n;
            n.offset = pos;
            n.region = index;
            n.type = a.h.n_type;
            n.name.assign(name, namesz == 0 ? 0 : strnlen(name, namesz - 1));
            n.desc = {img_.data + desc_at,
                      static_cast<size_t>(std::min<uint64_t>(descsz, img_.size - desc_at))};
            n.desc_offset = desc_at;
            notes->push_back(std::move(n));
            ++r.notes;
            // The last note's padding may be missing; Xen's loader stops at the region's end.
            off = a.next;
        }
        if (r.align == 8)
            return compare_with_libelf(index, *notes);
        return true;
    }

    // Xen's libelf walks every note region with 4-byte padding (elf_note_desc, elf_note_next),
    // whatever its alignment: gelf_getnote over an ELF_T_NHDR chunk of the region walks it so.
    // Where that walk finds other Xen notes (type, descriptor offset, size) than the gABI walk
    // of an 8-aligned region, Xen reads something else than this tool shows: say so. The walk
    // is lenient, as libelf's is: it stops where a note would leave the region.
    bool compare_with_libelf(uint32_t index, const std::vector<Note> &notes) {
        const NoteRegion &r = out_->regions[index];
        struct Seen {
            uint32_t type;
            uint64_t desc_offset, size;
            bool operator==(const Seen &) const = default;
        };
        std::vector<Seen> gabi, xen;
        for (const Note &n : notes)
            if (n.region == index && n.name == "Xen")
                gabi.push_back({n.type, n.desc_offset, n.desc.size});
        Elf_Data *d = chunk(r, labels_[index], ELF_T_NHDR);
        if (d == nullptr)
            return false;
        for (uint64_t off = 0, count = 0; r.size - off >= kNoteHeader && count < kMaxNotes;
             ++count) {
            const At a = note_at(d, off, 4);
            const char *name = static_cast<const char *>(d->d_buf) + a.name;
            if (r.size - a.name >= 4 && std::memcmp(name, "Xen", 4) == 0)
                xen.push_back({a.h.n_type, r.offset + a.desc, a.h.n_descsz});
            if (a.lenient || a.next >= r.size)
                break;
            off = a.next;
        }
        if (gabi != xen)
            pending_.emplace_back(
                index,
                format(
                    "%s is aligned to 8: read as the gABI lays it out it holds %zu Xen notes, but "
                    "Xen's libelf walks notes with 4-byte padding and would read %zu Xen notes "
                    "there, "
                    "not all the same",
                    labels_[index].c_str(), gabi.size(), xen.size()));
        return true;
    }

    // As Xen's elf_xen_parse: the notes of the PT_NOTE segments; when they hold no Xen note,
    // those of the SHT_NOTE sections. Every region is parsed and counted either way.
    bool read_notes() {
        std::vector<Note> segments, sections;
        for (uint32_t i = 0; i < out_->regions.size(); ++i) {
            const bool segment = out_->regions[i].origin == NoteOrigin::segment;
            if (!read_region(i, segment ? &segments : &sections))
                return false;
        }
        auto has_xen = [](const std::vector<Note> &notes) {
            return std::any_of(notes.begin(), notes.end(),
                               [](const Note &n) { return n.name == "Xen"; });
        };
        const bool use_sections = !has_xen(segments) && (segments.empty() || has_xen(sections));
        out_->notes = std::move(use_sections ? sections : segments);
        out_->notes_from_sections = use_sections && !out_->notes.empty();
        const NoteOrigin read = use_sections ? NoteOrigin::section : NoteOrigin::segment;
        for (auto &[region, text] : pending_) // only about the notes Xen reads
            if (out_->regions[region].origin == read)
                out_->warnings.push_back(std::move(text));
        return true;
    }

    // libelf copies a note region placed off its alignment; at most this much in all.
    static constexpr uint64_t kMaxNoteCopies = uint64_t{64} << 20;

    Bytes img_;
    ElfImage *out_;
    std::string *err_;
    Elf *elf_ = nullptr;
    GElf_Ehdr eh_{};
    std::optional<size_t> names_; // the section-name table's index
    uint64_t names_size_ = 0;
    std::vector<std::string> labels_; // per region, for messages
    uint32_t total_notes_ = 0;
    uint64_t copied_ = 0;
    std::vector<std::pair<uint32_t, std::string>> pending_; // warnings, by region
};

// How Xen's loader reads each note type (xen/common/libelf/libelf-dominfo.c).
enum class Kind { string, number, raw };
struct NoteKind {
    uint32_t type;
    Kind kind;
};
constexpr NoteKind kNoteKinds[] = {
    {XSHIM_ELFNOTE_INFO, Kind::string},           {XSHIM_ELFNOTE_ENTRY, Kind::number},
    {XSHIM_ELFNOTE_HYPERCALL_PAGE, Kind::number}, {XSHIM_ELFNOTE_VIRT_BASE, Kind::number},
    {XSHIM_ELFNOTE_PADDR_OFFSET, Kind::number},   {XSHIM_ELFNOTE_XEN_VERSION, Kind::string},
    {XSHIM_ELFNOTE_GUEST_OS, Kind::string},       {XSHIM_ELFNOTE_GUEST_VERSION, Kind::string},
    {XSHIM_ELFNOTE_LOADER, Kind::string},         {XSHIM_ELFNOTE_PAE_MODE, Kind::string},
    {XSHIM_ELFNOTE_FEATURES, Kind::string},       {XSHIM_ELFNOTE_BSD_SYMTAB, Kind::string},
    {XSHIM_ELFNOTE_HV_START_LOW, Kind::number},   {XSHIM_ELFNOTE_L1_MFN_VALID, Kind::raw},
    {XSHIM_ELFNOTE_SUSPEND_CANCEL, Kind::number}, {XSHIM_ELFNOTE_INIT_P2M, Kind::number},
    {XSHIM_ELFNOTE_MOD_START_PFN, Kind::number},  {XSHIM_ELFNOTE_SUPPORTED_FEATURES, Kind::raw},
    {XSHIM_ELFNOTE_PHYS32_ENTRY, Kind::number},
};

Kind kind_of(uint32_t type) {
    for (const auto &k : kNoteKinds)
        if (k.type == type)
            return k.kind;
    return Kind::raw;
}

bool decode_xen(Bytes file, const Note &n, XenNoteValue *v, std::string *error) {
    v->note = &n;
    v->type = n.type;
    const std::string label =
        format("Xen note %s at offset 0x%llx",
               xen_note_name(n.type).empty() ? format("type %u", n.type).c_str()
                                             : xen_note_name(n.type).c_str(),
               ull(n.offset));
    switch (kind_of(n.type)) {
    case Kind::string: {
        // libelf's elf_strval: from the start of desc to the first NUL in the image, whatever
        // descsz says (Linux's FEATURES note ends its string in the padding), at most
        // ELF_MAX_STRING_LENGTH; without a NUL before the end of the image the note is skipped.
        const uint64_t left = file.size - n.desc_offset; // desc_offset <= file.size (parsed)
        const char *s = reinterpret_cast<const char *>(file.data + n.desc_offset);
        const size_t max = static_cast<size_t>(std::min<uint64_t>(left, kMaxXenString + 1));
        const size_t len = strnlen(s, max);
        if (len > kMaxXenString) {
            *error = format("%s: string longer than %zu bytes: Xen's libelf marks the image broken "
                            "(ELF_MAX_STRING_LENGTH)",
                            label.c_str(), kMaxXenString);
            return false;
        }
        v->is_string = true;
        if (len == left) {
            v->ignored = true; // elf_strval returns NULL: elf_xen_parse_note skips the note
            return true;
        }
        v->past_desc = len >= n.desc.size;
        v->text.assign(s, len);
        return true;
    }
    case Kind::number: {
        size_t sz = n.desc.size;
        if (sz != 1 && sz != 2 && sz != 4 && sz != 8) {
            *error =
                format("%s: numeric value of %zu bytes (1, 2, 4 or 8 expected)", label.c_str(), sz);
            return false;
        }
        uint64_t value = 0;
        for (size_t i = sz; i-- > 0;)
            value = value << 8 | n.desc.data[i];
        v->is_number = true;
        v->number = value;
        return true;
    }
    case Kind::raw:
        return true;
    }
    return true;
}

bool decode_policy(const Note &n, ImageNotes *out, std::string *error) {
    const std::string label = format("xshim policy note at offset 0x%llx", ull(n.offset));
    if (out->policy.has_value()) {
        *error = format("%s: a second policy note (the first is at 0x%llx); a kernel declares "
                        "one policy",
                        label.c_str(), ull(out->policy_offset));
        return false;
    }
    constexpr size_t kHead = 3 * sizeof(uint32_t); // magic, size, version
    if (n.desc.size < kHead) {
        *error = format("%s: descsz %zu is too small for a policy header (%zu bytes)",
                        label.c_str(), n.desc.size, kHead);
        return false;
    }
    const uint32_t magic = le32(n.desc.data), size = le32(n.desc.data + 4),
                   version = le32(n.desc.data + 8);
    if (magic != XSHIM_POLICY_MAGIC) {
        *error = format("%s: magic 0x%08x is not XSHIM_POLICY_MAGIC 0x%08x (\"xshp\")",
                        label.c_str(), magic, XSHIM_POLICY_MAGIC);
        return false;
    }
    if (version != XSHIM_POLICY_VERSION) {
        *error = format("%s: policy version %u; this tool reads version %u", label.c_str(), version,
                        XSHIM_POLICY_VERSION);
        return false;
    }
    if (size != sizeof(xshim_policy) || n.desc.size != sizeof(xshim_policy)) {
        *error =
            format("%s: policy size field %u and descsz %zu; version %u is %zu bytes",
                   label.c_str(), size, n.desc.size, XSHIM_POLICY_VERSION, sizeof(xshim_policy));
        return false;
    }
    xshim_policy p;
    std::memcpy(&p, n.desc.data, sizeof p);
    out->policy = p;
    out->policy_offset = n.offset;
    return true;
}

// Xen's legacy "__xen_guest" section: "NAME=VALUE,NAME=VALUE,...", read as Xen's
// elf_xen_parse_guest_info reads it: from the section's start to the first NUL (bytes beyond
// the image read as NUL), names cut at 31 bytes and values at 127 (the rest read as the next
// name), numbers with strtoull base 0, HYPERCALL_PAGE a page number above VIRT_BASE.
struct LegacyKey {
    const char *name;
    uint32_t type;
    Kind kind;
};
constexpr LegacyKey kLegacyKeys[] = {
    {"LOADER", XSHIM_ELFNOTE_LOADER, Kind::string},
    {"GUEST_OS", XSHIM_ELFNOTE_GUEST_OS, Kind::string},
    {"GUEST_VER", XSHIM_ELFNOTE_GUEST_VERSION, Kind::string},
    {"XEN_VER", XSHIM_ELFNOTE_XEN_VERSION, Kind::string},
    {"PAE", XSHIM_ELFNOTE_PAE_MODE, Kind::string},
    {"BSD_SYMTAB", XSHIM_ELFNOTE_BSD_SYMTAB, Kind::string},
    {"FEATURES", XSHIM_ELFNOTE_FEATURES, Kind::string},
    {"VIRT_BASE", XSHIM_ELFNOTE_VIRT_BASE, Kind::number},
    {"VIRT_ENTRY", XSHIM_ELFNOTE_ENTRY, Kind::number},
    {"ELF_PADDR_OFFSET", XSHIM_ELFNOTE_PADDR_OFFSET, Kind::number},
    {"HYPERCALL_PAGE", XSHIM_ELFNOTE_HYPERCALL_PAGE, Kind::number},
};

void read_xen_guest(const ElfImage &image, ImageNotes *out) {
    const NamedSection &sec = *image.xen_guest;
    uint64_t h = sec.offset;
    auto at = [&](uint64_t i) -> char {
        return i < image.file.size ? static_cast<char>(image.file.data[i]) : '\0';
    };
    constexpr size_t kName = 31, kValue = 127; // char name[32], value[128] in libelf
    while (at(h) != '\0') {
        std::string name, value;
        for (;; ++h) {
            if (name.size() >= kName || at(h) == '\0')
                break;
            if (at(h) == ',') {
                ++h;
                break;
            }
            if (at(h) == '=') {
                ++h;
                for (;; ++h) {
                    if (value.size() >= kValue || at(h) == '\0')
                        break;
                    if (at(h) == ',') {
                        ++h;
                        break;
                    }
                    value += at(h);
                }
                break;
            }
            name += at(h);
        }
        out->xen_guest.emplace_back(name, value);
    }
    out->from_xen_guest = true;
    std::optional<uint64_t> virt_base;
    std::optional<size_t> page;
    for (const auto &[name, value] : out->xen_guest)
        for (const LegacyKey &k : kLegacyKeys) {
            if (name != k.name)
                continue;
            XenNoteValue v;
            v.type = k.type;
            if (k.kind == Kind::string) {
                v.is_string = true;
                v.text = value;
            } else {
                v.is_number = true;
                v.number = std::strtoull(value.c_str(), nullptr, 0);
                if (k.type == XSHIM_ELFNOTE_HYPERCALL_PAGE)
                    v.number <<= 12;
                if (k.type == XSHIM_ELFNOTE_VIRT_BASE)
                    virt_base = v.number;
            }
            out->xen.push_back(std::move(v));
            if (k.type == XSHIM_ELFNOTE_HYPERCALL_PAGE)
                page = out->xen.size() - 1;
        }
    if (page.has_value() && virt_base.has_value())
        out->xen[*page].number += *virt_base;
}

// What an input is when it is not a Xen guest (no Xen note, no __xen_guest section), decided by
// the first row whose marker it holds. Markers are strings the program itself prints or the
// boot headers it carries.
bool holds(Bytes file, const char *marker) {
    const size_t n = std::strlen(marker);
    const uint8_t *end = file.data + file.size;
    return std::search(file.data, end, marker, marker + n) != end;
}

// A multiboot (0x1badb002, 4-aligned in the first 8 KiB) or multiboot2 (0xe85250d6, 8-aligned
// in the first 32 KiB) header with a valid checksum: a kernel a bootloader starts on bare metal.
bool has_multiboot(Bytes file) {
    for (uint64_t at = 0; at + 12 <= file.size && at < 8192; at += 4) {
        const uint32_t magic = le32(file.data + at);
        if (magic == 0x1badb002u &&
            magic + le32(file.data + at + 4) + le32(file.data + at + 8) == 0)
            return true;
    }
    for (uint64_t at = 0; at + 16 <= file.size && at < 32768; at += 8) {
        const uint32_t magic = le32(file.data + at);
        if (magic == 0xe85250d6u && magic + le32(file.data + at + 4) + le32(file.data + at + 8) +
                                            le32(file.data + at + 12) ==
                                        0)
            return true;
    }
    return false;
}

std::string what_it_is(const ElfImage &image) {
    const Bytes f = image.file;
    if (image.machine != EM_X86_64 && image.machine != EM_386 && image.machine != EM_AARCH64 &&
        image.machine != EM_ARM)
        return "an ELF for " + machine_name(image.machine) +
               ", a machine Xen does not run on (Xen runs on x86 and Arm)";
    // Xen on Arm boots no ELF. Its dom0 loader (xen/arch/arm/kernel.c, kernel_probe) takes an
    // arm64 Image, a uImage or a zImage32, each optionally gzip-compressed: ELF went in 4.12
    // ("xen/arm: Drop support for loading ELF Dom0 kernel", 2018). xl's builder on Arm makes
    // every domain an HVM container (libxl_arm.c: type PVH; libxl__build_hvm), where
    // libxenguest's ELF loader (xg_dom_elfloader.c, xc_dom_guest_type) refuses a kernel without
    // PHYS32_ENTRY ("image not capable of booting inside a HVM container") and calls one with it
    // hvm-3.0-x86_32, which an Arm Xen's capabilities lack; its Arm loader
    // (xg_dom_armzimageloader.c) takes an Image or a zImage32.
    if (image.machine == EM_AARCH64 || image.machine == EM_ARM)
        return std::string("an ") + (image.machine == EM_AARCH64 ? "aarch64" : "arm") +
               " ELF, which Xen on Arm does not boot: its dom0 loader takes an arm64 Image, a "
               "zImage32 or a uImage (gzip-compressed or not; its ELF support was dropped in "
               "4.12), xl's "
               "domain builder an Image or a zImage32 (its ELF loader cannot make an Arm domain). "
               "Use the Image (objcopy -O binary)";
    if (holds(f, "HVMLoader"))
        return "Xen's HVM firmware (hvmloader): the toolstack loads it into an HVM guest; it is "
               "not a kernel Xen's PV or PVH loader boots";
    if (has_multiboot(f) && holds(f, "Xen version "))
        return "the Xen hypervisor itself (a multiboot kernel that prints \"Xen version\"): a "
               "bootloader starts it on the machine; it is not a guest";
    if (has_multiboot(f))
        return "a multiboot kernel with no Xen notes: a bootloader starts it on bare metal; Xen's "
               "loader refuses it (\"Not a Xen-ELF image\")";
    return "an x86 ELF with no Xen notes and no __xen_guest section: not a Xen guest; Xen's "
           "loader refuses it (\"Not a Xen-ELF image\")";
}

bool starts_with(const std::string &s, const char *prefix) {
    return s.compare(0, std::strlen(prefix), prefix) == 0;
}

// The offers, by the rules of Xen's loader (libelf-dominfo.c, elf_xen_note_check): PVH needs
// only PHYS32_ENTRY; PV needs LOADER "generic" or GUEST_OS "linux", and XEN_VERSION "xen-3.0".
void decide_offers(const ElfImage &image, ImageNotes *out) {
    const XenNoteValue *phys = out->find(XSHIM_ELFNOTE_PHYS32_ENTRY);
    if (phys == nullptr) {
        out->pvh.why_not = "no PHYS32_ENTRY note";
    } else if (phys->number > 0xffffffffu) {
        out->pvh.why_not = format("PHYS32_ENTRY 0x%llx does not fit 32 bits", ull(phys->number));
    } else {
        out->pvh.offered = true;
        out->phys32_entry = static_cast<uint32_t>(phys->number);
    }

    const XenNoteValue *ver = out->find(XSHIM_ELFNOTE_XEN_VERSION);
    const XenNoteValue *loader = out->find(XSHIM_ELFNOTE_LOADER);
    const XenNoteValue *os = out->find(XSHIM_ELFNOTE_GUEST_OS);
    auto shown = [](const XenNoteValue *v) {
        return v ? "\"" + escaped(v->text) + "\"" : std::string("absent");
    };
    if (out->xen.empty()) {
        out->pv.why_not = "no Xen notes";
    } else if (!(loader && starts_with(loader->text, "generic")) &&
               !(os && starts_with(os->text, "linux"))) {
        out->pv.why_not = "LOADER " + shown(loader) + " and GUEST_OS " + shown(os) +
                          ": Xen's PV loader needs LOADER \"generic\" or GUEST_OS \"linux\"";
    } else if (ver == nullptr || !starts_with(ver->text, "xen-3.0")) {
        out->pv.why_not = "XEN_VERSION " + shown(ver) + ": Xen's PV loader needs \"xen-3.0\"";
    } else {
        out->pv.offered = true;
        const XenNoteValue *entry = out->find(XSHIM_ELFNOTE_ENTRY);
        out->pv_entry = entry ? entry->number : image.entry;
        out->pv_entry_from_note = entry != nullptr;
    }
}

} // namespace

bool parse_elf(Bytes image, ElfImage *out, std::string *error) {
    Parser p(image, out, error);
    return p.run();
}

std::string escaped(const std::string &text) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char b[5];
            std::snprintf(b, sizeof b, "\\x%02x", c);
            out += b;
        }
    }
    return out;
}

std::string machine_name(uint16_t machine) {
    switch (machine) {
    case EM_X86_64:
        return "x86_64";
    case EM_386:
        return "i386";
    case EM_AARCH64:
        return "aarch64";
    case EM_ARM:
        return "arm";
    default:
        return format("machine %u", machine);
    }
}

std::string xen_note_name(uint32_t type) {
#define XSHIM_TOOLS_NOTE_NAME_(name, value, since)                                                 \
    if (type == (value))                                                                           \
        return #name;
    XSHIM_ELFNOTE(XSHIM_TOOLS_NOTE_NAME_)
#undef XSHIM_TOOLS_NOTE_NAME_
    return "";
}

const XenNoteValue *ImageNotes::find(uint32_t type) const {
    const XenNoteValue *last = nullptr;
    for (const auto &v : xen)
        if (v.type == type && !v.ignored)
            last = &v;
    return last;
}

bool decode_image(const ElfImage &image, ImageNotes *out, std::string *error) {
    *out = ImageNotes{};
    out->xen.reserve(image.notes.size()); // find() hands out pointers into it
    for (const auto &n : image.notes) {
        if (n.name == XSHIM_ELFNOTE_NAME) {
            XenNoteValue v;
            if (!decode_xen(image.file, n, &v, error))
                return false;
            out->xen.push_back(std::move(v));
        } else if (n.name == XSHIM_NOTE_NAME && n.type == XSHIM_NOTE_POLICY) {
            if (!decode_policy(n, out, error))
                return false;
        }
    }
    // Xen counts every note named "Xen" (an unknown type or a skipped string too): only an
    // image without any has its __xen_guest section read.
    if (out->xen.empty() && image.xen_guest.has_value())
        read_xen_guest(image, out);
    decide_offers(image, out);
    // Xen on Arm reads no notes from an Image, and boots no Arm ELF, notes or not.
    const bool arm_elf = image.machine == EM_AARCH64 || image.machine == EM_ARM;
    if ((out->xen.empty() || arm_elf) && !image.flat_image)
        out->not_a_guest = what_it_is(image);
    return true;
}

} // namespace xshim::tools
