// tools/elfnote.hpp: the ELF notes of a guest kernel image, read on a host before boot.
//
//   parse_elf(bytes)        -> ElfImage (through elfutils' libelf): class, machine, entry, every
//                              PT_NOTE segment and SHT_NOTE section, and the notes they hold
//   decode_image(ElfImage)  -> ImageNotes: Xen's notes (name "Xen", abi/elfnote.h) by type,
//                              the boot protocols they offer, and the xshim policy note
//
// The image must stay writable memory the caller owns while parse_elf runs (libelf's
// elf_memory takes it as char *; it does not write a little-endian image on this host).
// The image is untrusted: every offset, size, count and alignment is checked before it is used,
// arithmetic cannot wrap, and nothing outside the buffer is read. Each failure is one specific
// line naming the offset and the rule it broke, e.g.
//   "note at offset 0x1f4: descsz 4096 runs past the end of segment 1 (ends 0x220)".
// Notes are read from the PT_NOTE segments, as Xen's loader does; only an image without any is
// read through its SHT_NOTE sections. A region aligned to 8 is laid out as the ELF gABI says
// (descriptor at align_up(12 + namesz, 8), next note at align_up(end of desc, 8)); Xen's libelf
// walks every region with 4-byte padding, and where the two would read different Xen notes
// the image says so (ElfImage::warnings). At most kMaxNotes notes are read, Xen's own limit.
#pragma once

#include <xshim.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xshim::tools {

struct Bytes {
    const uint8_t *data = nullptr;
    size_t size = 0;
};

enum class NoteOrigin { segment, section };

// Where notes live: a PT_NOTE segment (index into the program headers) or an SHT_NOTE section.
struct NoteRegion {
    NoteOrigin origin = NoteOrigin::segment;
    uint32_t index = 0;  // program header or section header index
    std::string name;    // section name; empty for a segment
    uint64_t offset = 0; // in the file
    uint64_t size = 0;
    uint64_t align = 4; // 4, or 8 for a region aligned to 8 (gABI 64-bit note layout)
    uint32_t notes = 0; // how many notes it holds (sections are counted even when not read)
};

struct Note {
    uint64_t offset = 0; // file offset of the note header
    uint32_t region = 0; // index into ElfImage::regions
    uint32_t type = 0;
    std::string name; // without its terminator
    Bytes desc;       // inside the caller's buffer
    uint64_t desc_offset = 0;
};

// Xen's libelf reads at most this many notes in an image (ELF_MAX_TOTAL_NOTE_COUNT) and marks
// one with more broken; so does this parser, which also bounds its memory that way.
constexpr uint32_t kMaxNotes = 65536;
// The longest string Xen's libelf reads (ELF_MAX_STRING_LENGTH): a longer one breaks the image.
constexpr size_t kMaxXenString = 4096;

// A section found by name (Xen's legacy "__xen_guest").
struct NamedSection {
    uint32_t index = 0;
    uint64_t offset = 0, size = 0;
};

struct ElfImage {
    Bytes file;             // the whole image (strings are read as far as libelf reads them)
    unsigned elf_class = 0; // 32 or 64
    uint16_t machine = 0;   // EM_*
    uint64_t entry = 0;     // e_entry
    std::vector<NoteRegion> regions;
    std::vector<Note> notes; // from the segments, or from the sections when they hold no Xen note
    bool notes_from_sections = false; // the segments hold no Xen note: Xen reads these
    bool flat_image = false; // an arm64 Image (no ELF headers): its policy note found by header
    std::optional<NamedSection> xen_guest; // the "__xen_guest" section, if any
    std::vector<std::string> warnings;     // where Xen's libelf would read differently
};

// Parse the headers and notes of an image held in memory. On failure returns false and sets
// *error to one line (no trailing newline); *out is then unspecified.
[[nodiscard]] bool parse_elf(Bytes image, ElfImage *out, std::string *error);

// The name of an EM_* machine ("x86_64", "i386", "aarch64", "arm"), or "machine <n>".
std::string machine_name(uint16_t machine);

// Text from an image (or a path) as an operator's terminal may show it: printable ASCII as it
// is, a backslash or double quote escaped, any other byte as \xNN. A note can then neither end
// a line nor forge one ("xshim: SELECTED ..."), nor send escape sequences.
std::string escaped(const std::string &text);

// A Xen note's value, as Xen's libelf reads it: a string from the start of desc up to its first
// NUL (which may lie past descsz, in the padding: libelf reads on, up to 4096 bytes), or a number
// (1, 2, 4 or 8 little-endian bytes). Values from the legacy __xen_guest section have no note.
struct XenNoteValue {
    const Note *note = nullptr; // null for a __xen_guest value
    uint32_t type = 0;          // XEN_ELFNOTE_*
    bool is_string = false;
    bool past_desc = false; // the string's NUL lies past descsz (libelf reads it so)
    bool ignored = false;   // libelf skips it (no NUL before the end of the file)
    bool is_number = false; // else raw bytes (arrays such as SUPPORTED_FEATURES, unknown types)
    std::string text;
    uint64_t number = 0;
};

struct BootOffer {
    bool offered = false;
    std::string why_not; // when not offered: the rule Xen's loader would apply
};

struct ImageNotes {
    // The last value of each known type, as Xen's loader keeps it (a later duplicate wins).
    std::vector<XenNoteValue> xen; // in file order, every Xen note decoded
    const XenNoteValue *find(uint32_t type) const;

    BootOffer pv;  // XEN_VERSION "xen-3.0*" and LOADER "generic*" or GUEST_OS "linux*"
    BootOffer pvh; // PHYS32_ENTRY
    uint64_t pv_entry = 0;
    bool pv_entry_from_note = false; // else e_entry
    uint32_t phys32_entry = 0;

    std::optional<xshim_policy> policy;
    uint64_t policy_offset = 0; // the xshim note's header offset

    // Xen's legacy __xen_guest section, read (as Xen does) only when there is no Xen note:
    // "NAME=VALUE,..." pairs; their values are also in xen, by the note type they stand for.
    bool from_xen_guest = false;
    std::vector<std::pair<std::string, std::string>> xen_guest;

    // When the image is not a Xen guest at all, what it is, plainly (the Xen hypervisor, Xen's
    // HVM firmware, a multiboot kernel, an ELF with no Xen notes, one for a machine Xen does not
    // run); empty for a guest.
    std::string not_a_guest;
};

// Decode the notes of a parsed image. False with *error for a malformed Xen or xshim note
// (unterminated string, numeric size, policy magic/size/version, two policy notes).
[[nodiscard]] bool decode_image(const ElfImage &image, ImageNotes *out, std::string *error);

// "ENTRY", "PHYS32_ENTRY", ... or empty for a type abi/elfnote.h does not name.
std::string xen_note_name(uint32_t type);

} // namespace xshim::tools
