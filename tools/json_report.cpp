// tools/json_report.cpp: see json_report.hpp. Numbers that are addresses or bitmaps are hex
// strings ("0xffffffff80000000"): JSON numbers lose precision above 2^53 in most readers.
#include "json_report.hpp"

#include "image_report.hpp"

#include <abi/elfnote.h>

#include <cinttypes>
#include <cstdio>

namespace xshim::tools {
namespace {

std::string hex(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%" PRIx64, v);
    return b;
}

nlohmann::json note_json(const XenNoteValue &v) {
    nlohmann::json n;
    const std::string name = xen_note_name(v.type);
    n["type"] = v.type;
    n["name"] = name.empty() ? nlohmann::json(nullptr) : nlohmann::json(name);
    if (v.ignored) {
        n["skipped"] = "no NUL before the end of the file: Xen skips this note";
    } else if (v.is_string) {
        n["string"] = v.text;
        if (v.past_desc)
            n["past_descsz"] = true;
    } else if (v.is_number) {
        n["number"] = hex(v.number);
    } else if (v.note != nullptr) {
        std::string bytes;
        for (size_t i = 0; i < v.note->desc.size; ++i) {
            char b[3];
            std::snprintf(b, sizeof b, "%02x", v.note->desc.data[i]);
            bytes += b;
        }
        n["bytes"] = bytes;
    }
    if (v.note != nullptr)
        n["offset"] = hex(v.note->offset);
    return n;
}

nlohmann::json policy_json(const xshim_policy &p, uint64_t offset) {
    nlohmann::json j;
    j["offset"] = hex(offset);
    j["version"] = p.version;
    j["min_release"] = release_text(p.min_release);
    j["max_tested_release"] = release_text(p.max_tested_release);
    j["newer"] = p.newer == XSHIM_NEWER_ACCEPT   ? "accept"
                 : p.newer == XSHIM_NEWER_REFUSE ? "refuse"
                                                 : "invalid";
    nlohmann::json types = nlohmann::json::array();
    for (uint32_t t = XSHIM_GUEST_PV; t <= XSHIM_GUEST_ARM; ++t)
        if (p.guest_types & XSHIM_GUEST_MASK(t))
            types.push_back(t == XSHIM_GUEST_PV    ? "pv"
                            : t == XSHIM_GUEST_PVH ? "pvh"
                            : t == XSHIM_GUEST_ARM ? "arm"
                                                   : "hvm");
    j["guest_types"] = types;
    j["required_features"] = hex(p.required_features[0]);
    j["wanted_features"] = hex(p.wanted_features[0]);
    j["on_refusal"] = p.on_refusal;
    j["flags"] = hex(p.flags);
    return j;
}

} // namespace

nlohmann::json image_json(const std::string &path, const std::vector<std::string> &steps,
                          bool arm64_image, const ElfImage &elf, const ImageNotes &notes) {
    nlohmann::json j;
    j["schema"] = "xshim-image/1";
    j["path"] = path;
    j["file"] = steps;
    j["format"] = arm64_image ? "arm64-image" : "elf";
    if (!arm64_image) {
        j["elf"] = {{"class", elf.elf_class},
                    {"machine", machine_name(elf.machine)},
                    {"entry", hex(elf.entry)},
                    {"notes_from", elf.notes_from_sections ? "sections" : "segments"}};
    }
    j["warnings"] = elf.warnings;
    nlohmann::json xen = nlohmann::json::array();
    for (const auto &v : notes.xen)
        xen.push_back(note_json(v));
    j["xen_notes"] = xen;
    if (notes.from_xen_guest) {
        nlohmann::json legacy = nlohmann::json::array();
        for (const auto &[name, value] : notes.xen_guest)
            legacy.push_back({{"name", name}, {"value", value}});
        j["xen_guest"] = legacy;
    }
    j["not_a_guest"] =
        notes.not_a_guest.empty() ? nlohmann::json(nullptr) : nlohmann::json(notes.not_a_guest);
    nlohmann::json offers = nlohmann::json::object();
    if (!arm64_image && notes.not_a_guest.empty()) {
        const uint32_t arch = arch_of_machine(elf.machine);
        nlohmann::json pv = {{"offered", notes.pv.offered}};
        if (notes.pv.offered) {
            pv["entry"] = hex(notes.pv_entry);
            pv["entry_from"] = notes.pv_entry_from_note ? "ENTRY note" : "e_entry";
        } else {
            pv["why_not"] = notes.pv.why_not;
        }
        nlohmann::json pvh = {{"offered", notes.pvh.offered}};
        if (notes.pvh.offered)
            pvh["phys32_entry"] = hex(notes.phys32_entry);
        else
            pvh["why_not"] = notes.pvh.why_not;
        offers[guest_kind_name({XSHIM_GUEST_PV, arch})] = pv;
        offers[guest_kind_name({XSHIM_GUEST_PVH, arch})] = pvh;
    } else if (arm64_image) {
        offers["arm64"] = {{"offered", true}};
    }
    j["offers"] = offers;
    j["policy"] = notes.policy.has_value() ? policy_json(*notes.policy, notes.policy_offset)
                                           : nlohmann::json(nullptr);
    return j;
}

nlohmann::json identity_json(const std::string &host, const std::string &guest_type, bool dom0,
                             const std::vector<std::pair<std::string, std::string>> &entries) {
    nlohmann::json e = nlohmann::json::object();
    for (const auto &[k, v] : entries)
        e[k] = v;
    return {{"schema", "xshim-identity/1"},
            {"host", host},
            {"gathered_by", "xshim-check host (libxenctrl)"},
            {"domain", {{"guest_type", guest_type}, {"dom0", dom0}}},
            {"entries", e}};
}

nlohmann::json verdict_json(const std::string &guest, const Evaluation &e,
                            const std::string &modelled) {
    nlohmann::json j = {{"guest", guest},
                        {"outcome", e.verdict.outcome == XSHIM_SELECTED ? "SELECTED" : "REFUSED"},
                        {"line", std::string(e.verdict.line)}};
    j["never_runs"] =
        e.xen_refuses.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.xen_refuses);
    if (!modelled.empty())
        j["modelled"] = modelled;
    return j;
}

} // namespace xshim::tools
