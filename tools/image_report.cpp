// tools/image_report.cpp: printing an image's notes and policy (docs/tools.md shows the output).
#include "image_report.hpp"

#include "verdict.hpp"

#include <shim/report/verdict_line.hpp>

#include <abi/base.h>
#include <abi/elfnote.h>
#include <abi/features.h>
#include <abi/sched.h>

#include <elf.h>

#include <cinttypes>

namespace xshim::tools {
namespace {

std::string shutdown_name(uint32_t reason) {
#define XSHIM_TOOLS_SHUTDOWN_NAME_(name, value, since)                                             \
    if (reason == (value))                                                                         \
        return "SHUTDOWN_" #name;
    XSHIM_SHUTDOWN(XSHIM_TOOLS_SHUTDOWN_NAME_)
#undef XSHIM_TOOLS_SHUTDOWN_NAME_
    return "unknown SHUTDOWN reason";
}

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
    return buf;
}

std::string note_value(const XenNoteValue &v) {
    if (v.ignored)
        return "(unreadable string)";
    if (v.is_string)
        return "\"" + escaped(v.text) + "\"";
    if (v.is_number)
        return hex(v.number);
    const Note &n = *v.note;
    std::string bytes = "bytes";
    for (size_t i = 0; i < n.desc.size && i < 32; ++i) {
        char b[4];
        std::snprintf(b, sizeof b, " %02x", n.desc.data[i]);
        bytes += b;
    }
    if (n.desc.size > 32)
        bytes += " ...";
    return bytes;
}

std::string string_note(const ImageNotes &notes, uint32_t type) {
    const XenNoteValue *v = notes.find(type);
    return v ? "\"" + escaped(v->text) + "\"" : "none";
}

void print_regions(std::FILE *out, const ElfImage &elf) {
    if (elf.regions.empty()) {
        std::fprintf(out, "notes:      none (no PT_NOTE segment, no SHT_NOTE section)\n");
        return;
    }
    const char *lead = "notes:     ";
    for (const auto &r : elf.regions) {
        const bool read = (r.origin == NoteOrigin::section) == elf.notes_from_sections;
        if (r.origin == NoteOrigin::segment)
            std::fprintf(out, "%s segment %u (PT_NOTE)", lead, r.index);
        else
            std::fprintf(out, "%s section %u (%s, SHT_NOTE)", lead, r.index,
                         escaped(r.name).c_str());
        std::fprintf(out, " at 0x%" PRIx64 ", %" PRIu64 " bytes, %u notes%s\n", r.offset, r.size,
                     r.notes,
                     read                              ? ""
                     : r.origin == NoteOrigin::section ? " (not read: Xen reads the segments)"
                                                       : " (no Xen note: Xen reads the sections)");
        lead = "           ";
    }
    for (const auto &w : elf.warnings)
        std::fprintf(out, "warning:    %s\n", w.c_str());
}

void print_offers(std::FILE *out, const ElfImage &elf, const ImageNotes &notes) {
    const uint32_t arch = arch_of_machine(elf.machine);
    const std::string pv = guest_kind_name({XSHIM_GUEST_PV, arch});
    const std::string pvh = guest_kind_name({XSHIM_GUEST_PVH, arch});
    std::fprintf(out, "boot protocols:\n");
    if (notes.pv.offered) {
        const XenNoteValue *page = notes.find(XSHIM_ELFNOTE_HYPERCALL_PAGE);
        std::fprintf(out,
                     "  %-6s offered: entry %s (%s), hypercall page %s, features %s, "
                     "guest OS %s, loader %s\n",
                     pv.c_str(), hex(notes.pv_entry).c_str(),
                     notes.pv_entry_from_note ? "ENTRY note" : "e_entry",
                     page ? hex(page->number).c_str() : "none",
                     string_note(notes, XSHIM_ELFNOTE_FEATURES).c_str(),
                     string_note(notes, XSHIM_ELFNOTE_GUEST_OS).c_str(),
                     string_note(notes, XSHIM_ELFNOTE_LOADER).c_str());
    } else {
        std::fprintf(out, "  %-6s not offered: %s\n", pv.c_str(), notes.pv.why_not.c_str());
    }
    if (notes.pvh.offered)
        std::fprintf(out, "  %-6s offered: PHYS32_ENTRY 0x%08x\n", pvh.c_str(), notes.phys32_entry);
    else
        std::fprintf(out, "  %-6s not offered: %s\n", pvh.c_str(), notes.pvh.why_not.c_str());
}

void print_policy(std::FILE *out, const ImageNotes &notes, uint32_t arch) {
    if (!notes.policy.has_value()) {
        std::fprintf(out, "xshim policy: none (no \"xshim\" note: the kernel was not built with "
                          "XSHIM_POLICY)\n");
        return;
    }
    const xshim_policy &p = *notes.policy;
    std::fprintf(out, "xshim policy (note at 0x%" PRIx64 ", version %u):\n", notes.policy_offset,
                 p.version);
    std::fprintf(out, "  releases       %s to %s (newest tested)\n",
                 release_text(p.min_release).c_str(), release_text(p.max_tested_release).c_str());
    std::fprintf(out, "  newer release  %s\n",
                 p.newer == XSHIM_NEWER_ACCEPT   ? "accepted, noted \"newer than tested\""
                 : p.newer == XSHIM_NEWER_REFUSE ? "refused (too-new)"
                                                 : "invalid value (the guest refuses: bad-policy)");
    std::string types;
    for (uint32_t t = XSHIM_GUEST_PV; t <= XSHIM_GUEST_ARM; ++t)
        if (p.guest_types & XSHIM_GUEST_MASK(t))
            types += (types.empty() ? "" : " ") + std::string(guest_name(t, arch));
    std::fprintf(out, "  guest types    %s\n", types.empty() ? "none" : types.c_str());
    std::fprintf(out, "  required       %s\n", feature_names(p.required_features).c_str());
    std::fprintf(out, "  wanted         %s\n", feature_names(p.wanted_features).c_str());
    std::fprintf(out, "  on refusal     %s (%u)\n", shutdown_name(p.on_refusal).c_str(),
                 p.on_refusal);
    std::fprintf(out, "  flags          %s\n",
                 p.flags == 0                                      ? "none"
                 : p.flags == XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE ? "prefer-hypercall-page"
                                                                   : hex(p.flags).c_str());
}

} // namespace

std::string release_text(uint32_t release) {
    return std::to_string(XSHIM_REL_MAJOR(release)) + "." +
           std::to_string(XSHIM_REL_MINOR(release));
}

std::string feature_names(const uint32_t bits[XSHIM_FEATURE_SUBMAPS]) {
    std::string s;
    for (uint32_t i = 0; i < XSHIM_FEATURE_SUBMAPS; ++i)
        for (uint32_t b = 0; b < 32; ++b) {
            if ((bits[i] & (1u << b)) == 0)
                continue;
            const uint32_t bit = i * 32 + b;
            const char *name = xshim_xenfeat_name(bit);
            s += (s.empty() ? "" : " ") + (name ? std::string(name) : "bit " + std::to_string(bit));
        }
    return s.empty() ? "none" : s;
}

void print_image(std::FILE *out, const std::string &path, const std::vector<std::string> &steps,
                 const ElfImage &elf, const ImageNotes &notes) {
    for (const auto &step : steps)
        std::fprintf(out, "file:       %s\n", step.c_str());
    if (elf.regions.empty() && elf.machine == EM_AARCH64 && elf.elf_class == 64 && !steps.empty() &&
        steps.back().rfind("arm64 Image", 0) == 0) {
        std::fprintf(out, "image:      %s: arm64 Image, %zu bytes\n", escaped(path).c_str(),
                     elf.file.size);
        std::fprintf(out, "boot protocols:\n  arm64  offered: Xen on Arm boots an Image as a "
                          "domain with a device tree (it reads no notes)\n");
        print_policy(out, notes, XSHIM_ARCH_ARM64);
        return;
    }
    std::fprintf(out, "image:      %s: ELF%u %s, e_entry 0x%" PRIx64 "\n", escaped(path).c_str(),
                 elf.elf_class, machine_name(elf.machine).c_str(), elf.entry);
    print_regions(out, elf);
    if (notes.from_xen_guest) {
        std::fprintf(out,
                     "Xen notes:  none; Xen reads the legacy __xen_guest section (%zu "
                     "entries) instead:\n",
                     notes.xen_guest.size());
        for (const auto &[name, value] : notes.xen_guest)
            std::fprintf(out, "  %-18s \"%s\"\n", escaped(name).c_str(), escaped(value).c_str());
        std::fprintf(out, "  as Xen reads them:\n");
    } else {
        std::fprintf(out, "Xen notes:%s\n", notes.xen.empty() ? " none" : "");
    }
    for (const auto &v : notes.xen) {
        std::string name = xen_note_name(v.type);
        if (name.empty())
            name = "type " + std::to_string(v.type);
        std::fprintf(out, "  %-18s %s%s\n", name.c_str(), note_value(v).c_str(),
                     v.ignored     ? " (no NUL before the end of the file: Xen skips this note)"
                     : v.past_desc ? " (NUL past descsz: read on into the padding, as Xen does)"
                                   : "");
    }
    if (!notes.not_a_guest.empty()) {
        std::fprintf(out, "not a guest: %s\n", notes.not_a_guest.c_str());
        // An Arm ELF's policy note is the one its Image (objcopy -O binary) carries.
        if (elf.machine == EM_AARCH64 && notes.policy.has_value())
            print_policy(out, notes, XSHIM_ARCH_ARM64);
        return;
    }
    print_offers(out, elf, notes);
    print_policy(out, notes, arch_of_machine(elf.machine));
}

} // namespace xshim::tools
