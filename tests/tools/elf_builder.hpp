// tests/tools/elf_builder.hpp: small ELF images for the parser tests, with every offset known so
// a test can break one field and expect the exact error. Layout (ELF64; ELF32 the same order):
//   0x000 ELF header | phdrs (one PT_NOTE) | notes at kNotesAt | .shstrtab | section headers
//   (null, .note SHT_NOTE, .shstrtab)
#pragma once

#include <xshim.h>

#include "tests/policy.hpp"

#include <abi/elfnote.h>

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace elftest {

using Buffer = std::vector<uint8_t>;

inline void put32(Buffer *b, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        b->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// One note: namesz, descsz, type, name (NUL-terminated, padded to 4), desc (padded to 4).
inline Buffer note(const std::string &name, uint32_t type, const Buffer &desc) {
    Buffer b;
    put32(&b, static_cast<uint32_t>(name.size() + 1));
    put32(&b, static_cast<uint32_t>(desc.size()));
    put32(&b, type);
    b.insert(b.end(), name.begin(), name.end());
    b.push_back(0);
    while (b.size() % 4)
        b.push_back(0);
    b.insert(b.end(), desc.begin(), desc.end());
    while (b.size() % 4)
        b.push_back(0);
    return b;
}

inline Buffer str(const std::string &s) {
    Buffer b(s.begin(), s.end());
    b.push_back(0);
    return b;
}

inline Buffer u64(uint64_t v) {
    Buffer b;
    for (int i = 0; i < 8; ++i)
        b.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return b;
}

inline xshim_policy policy(uint32_t min, uint32_t max) { return make_policy(min, max); }

inline Buffer policy_desc(const xshim_policy &p) {
    Buffer b(sizeof p);
    std::memcpy(b.data(), &p, sizeof p);
    return b;
}

// A PV kernel's notes (as guest-boot's xen-notes.inc writes them) and an xshim policy.
inline Buffer pv_notes(uint64_t entry = 0xffffffff80000000ull) {
    Buffer b;
    for (const Buffer &n : {note("Xen", XSHIM_ELFNOTE_XEN_VERSION, str("xen-3.0")),
                            note("Xen", XSHIM_ELFNOTE_LOADER, str("generic")),
                            note("Xen", XSHIM_ELFNOTE_ENTRY, u64(entry)),
                            note("xshim", XSHIM_NOTE_POLICY,
                                 policy_desc(policy(XSHIM_RELEASE(4, 6), XSHIM_RELEASE(4, 17))))})
        b.insert(b.end(), n.begin(), n.end());
    return b;
}

constexpr uint64_t kNotesAt = 0x100;

struct Image {
    Buffer bytes;
    uint64_t phdr_at = 0, shdr_at = 0, names_at = 0;
    uint64_t notes_end = 0;
    uint32_t note_name_off = 0; // ".note" in .shstrtab
};

template <typename Ehdr, typename Phdr, typename Shdr>
Image build_class(const Buffer &notes, unsigned char elf_class, uint16_t machine) {
    Image img;
    Buffer &b = img.bytes;
    b.assign(kNotesAt, 0);
    b.insert(b.end(), notes.begin(), notes.end());
    img.notes_end = b.size();
    const char names[] = "\0.note\0.shstrtab\0";
    img.names_at = b.size();
    img.note_name_off = 1;
    b.insert(b.end(), names, names + sizeof names);
    while (b.size() % 8)
        b.push_back(0);
    img.shdr_at = b.size();
    b.resize(b.size() + 3 * sizeof(Shdr));
    img.phdr_at = sizeof(Ehdr);

    Ehdr e{};
    std::memcpy(e.e_ident, ELFMAG, SELFMAG);
    e.e_ident[EI_CLASS] = elf_class;
    e.e_ident[EI_DATA] = ELFDATA2LSB;
    e.e_ident[EI_VERSION] = EV_CURRENT;
    e.e_type = ET_EXEC;
    e.e_machine = machine;
    e.e_version = EV_CURRENT;
    e.e_entry = 0x100000;
    e.e_phoff = img.phdr_at;
    e.e_shoff = img.shdr_at;
    e.e_ehsize = sizeof(Ehdr);
    e.e_phentsize = sizeof(Phdr);
    e.e_phnum = 1;
    e.e_shentsize = sizeof(Shdr);
    e.e_shnum = 3;
    e.e_shstrndx = 2;
    std::memcpy(b.data(), &e, sizeof e);

    Phdr p{};
    p.p_type = PT_NOTE;
    p.p_offset = kNotesAt;
    p.p_filesz = notes.size();
    p.p_memsz = notes.size();
    p.p_align = 4;
    std::memcpy(b.data() + img.phdr_at, &p, sizeof p);

    Shdr s[3]{};
    s[1].sh_name = 1;
    s[1].sh_type = SHT_NOTE;
    s[1].sh_offset = kNotesAt;
    s[1].sh_size = notes.size();
    s[1].sh_addralign = 4;
    s[2].sh_name = 7;
    s[2].sh_type = SHT_STRTAB;
    s[2].sh_offset = img.names_at;
    s[2].sh_size = sizeof names;
    s[2].sh_addralign = 1;
    std::memcpy(b.data() + img.shdr_at, s, sizeof s);
    return img;
}

inline Image build64(const Buffer &notes = pv_notes()) {
    return build_class<Elf64_Ehdr, Elf64_Phdr, Elf64_Shdr>(notes, ELFCLASS64, EM_X86_64);
}
inline Image build32(const Buffer &notes = pv_notes()) {
    return build_class<Elf32_Ehdr, Elf32_Phdr, Elf32_Shdr>(notes, ELFCLASS32, EM_386);
}

// Overwrite a field of the image in place.
template <typename T> void poke(Buffer *b, uint64_t offset, T value) {
    std::memcpy(b->data() + offset, &value, sizeof value);
}

} // namespace elftest
