// tools/identity.cpp: the described Xen and the captured one (identity.hpp). These are the only
// places in tools/ that know xen_version's subops: they answer them, as Xen would; asking is
// the library's part (xshim_boot()).
#include "identity.hpp"

#include <abi/event_channel.h>
#include <abi/features.h>
#include <abi/grant_table.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <abi/version.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <libfdt.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace xshim::tools {
namespace {

void copy_text(void *dst, size_t size, const std::string &text) {
    char *out = static_cast<char *>(dst);
    std::memset(out, 0, size);
    std::memcpy(out, text.data(), std::min(text.size(), size - 1));
}

void put12(const std::string &s, uint32_t *a, uint32_t *b, uint32_t *c) {
    char buf[12] = {};
    std::memcpy(buf, s.data(), std::min(s.size(), sizeof buf));
    std::memcpy(a, buf, 4);
    std::memcpy(b, buf + 4, 4);
    std::memcpy(c, buf + 8, 4);
}

} // namespace

long DescribedXen::xen_version(uint32_t cmd, void *arg) {
    switch (cmd) {
    case XSHIM_XENVER_version:
        return static_cast<long>(release);
    case XSHIM_XENVER_extraversion:
        copy_text(arg, XSHIM_XEN_EXTRAVERSION_LEN, extraversion);
        return 0;
    case XSHIM_XENVER_get_features: {
        if (!features0.has_value())
            return -ENOSYS;
        auto *fi = static_cast<xshim_feature_info *>(arg);
        if (fi->submap_idx != 0)
            return -EINVAL;
        fi->submap = *features0;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}

std::optional<CapturedXen> CapturedXen::parse(const std::string &text, std::string *error) {
    CapturedXen x;
    std::istringstream in(text);
    size_t n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        const size_t space = line.find(' ');
        if (space == 0 || space == std::string::npos || space + 1 == line.size()) {
            *error = "line " + std::to_string(n) + " is not \"key value\": " + line;
            return std::nullopt;
        }
        std::string key = line.substr(0, space);
        if (x.find(key) != nullptr) {
            *error = "line " + std::to_string(n) + ": key " + key + " given twice";
            return std::nullopt;
        }
        x.entries_.push_back({std::move(key), line.substr(space + 1)});
    }
    return x;
}

// (XenSource's default, here with the other answers from XENVER_ subops.)
// The /hypervisor node Xen's builders write (xen/arch/arm/domain_build.c for dom0, libxl_arm.c
// for a domU): compatible "xen,xen-<major>.<minor>", "xen,xen", the release being Xen's own
// XENVER_version. Built with libfdt. A source that cannot say its release gets "xen,xen" alone.
std::vector<uint64_t> XenSource::device_tree() {
    std::string compatible;
    const long version = xen_version(XSHIM_XENVER_version, nullptr);
    if (version >= 0)
        compatible = "xen,xen-" + std::to_string(static_cast<unsigned long>(version) >> 16) + "." +
                     std::to_string(static_cast<unsigned long>(version) & 0xffff);
    compatible.push_back('\0');
    compatible += "xen,xen";
    compatible.push_back('\0');
    std::vector<uint64_t> blob(512);
    void *fdt = blob.data();
    const int size = static_cast<int>(blob.size() * sizeof blob[0]);
    int node = -1;
    if (fdt_create_empty_tree(fdt, size) != 0 ||
        (node = fdt_add_subnode(fdt, 0, "hypervisor")) < 0 ||
        fdt_setprop(fdt, node, "compatible", compatible.data(),
                    static_cast<int>(compatible.size())) != 0)
        blob.assign(blob.size(), 0); // cannot happen at this size; the guest then says bad-fdt
    return blob;
}

std::optional<CapturedXen> CapturedXen::read(const std::string &path, std::string *error) {
    std::ifstream in(path);
    if (!in) {
        *error = path + ": cannot open: " + std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::optional<CapturedXen> x = parse(text.str(), error);
    if (!x) {
        *error = path + ": " + *error;
        return x;
    }
    // "fdt FILE": the device tree the Arm guest was handed, a file named from the repository's
    // root (the capture is ROOT/tests/corpus/NAME.txt), or as given.
    if (const std::string *fdt = x->find("fdt")) {
        const std::string dir = path.find('/') == std::string::npos
                                    ? std::string(".")
                                    : path.substr(0, path.rfind('/'));
        std::string file = (*fdt)[0] == '/' ? *fdt : dir + "/../../" + *fdt;
        std::ifstream blob(file, std::ios::binary);
        if (!blob) {
            file = *fdt;
            blob.open(file, std::ios::binary);
        }
        std::ostringstream bytes;
        bytes << blob.rdbuf();
        const std::string b = bytes.str();
        constexpr size_t kMaxFdt = size_t{1} << 20;
        if (!blob || b.empty() || b.size() > kMaxFdt) {
            *error = path + ": fdt " + *fdt + ": cannot read it (or empty, or over 1 MiB)";
            return std::nullopt;
        }
        x->fdt_.assign((b.size() + 7) / 8, 0);
        std::memcpy(x->fdt_.data(), b.data(), b.size());
    }
    return x;
}

std::vector<uint64_t> CapturedXen::device_tree() {
    return fdt_.empty() ? XenSource::device_tree() : fdt_;
}

CapturedXen CapturedXen::from_entries(std::vector<std::pair<std::string, std::string>> entries) {
    CapturedXen x;
    x.entries_ = std::move(entries);
    return x;
}

void CapturedXen::set(const std::string &key, const std::string &value) {
    for (auto &e : entries_)
        if (e.first == key) {
            e.second = value;
            return;
        }
    entries_.emplace_back(key, value);
}

const std::string *CapturedXen::find(const std::string &key) const {
    for (const auto &e : entries_)
        if (e.first == key)
            return &e.second;
    return nullptr;
}

std::optional<long> CapturedXen::number(const std::string &key, size_t index) const {
    const std::string *v = find(key);
    if (v == nullptr)
        return std::nullopt;
    std::istringstream in(*v);
    std::string word;
    for (size_t i = 0; i <= index; ++i)
        if (!(in >> word))
            return std::nullopt;
    char *end = nullptr;
    const long value = std::strtol(word.c_str(), &end, 0);
    if (end == word.c_str() || *end != '\0')
        return std::nullopt;
    return value;
}

std::optional<uint32_t> CapturedXen::pvh_version() const {
    std::optional<long> v = number("hvm_start_info.version");
    if (!v)
        return std::nullopt;
    return static_cast<uint32_t>(*v);
}

long CapturedXen::xen_version(uint32_t cmd, void *arg) {
    switch (cmd) {
    case XSHIM_XENVER_version:
        return number("xenver.version").value_or(-ENOSYS);
    case XSHIM_XENVER_extraversion: {
        const std::string *t = find("xenver.extraversion");
        if (t == nullptr)
            return -ENOSYS;
        copy_text(arg, XSHIM_XEN_EXTRAVERSION_LEN, *t);
        return 0;
    }
    case XSHIM_XENVER_extraversion2: {
        const std::string *t = find("xenver.extraversion2");
        if (t == nullptr)
            return -ENOSYS;
        auto *vb = static_cast<xshim_varbuf *>(arg);
        if (t->size() > vb->len)
            return -ENOBUFS;
        std::memcpy(reinterpret_cast<char *>(vb) + offsetof(xshim_varbuf, buf), t->data(),
                    t->size());
        return static_cast<long>(t->size());
    }
    case XSHIM_XENVER_get_features: {
        auto *fi = static_cast<xshim_feature_info *>(arg);
        std::optional<long> submap = number("xenver.features." + std::to_string(fi->submap_idx));
        if (!submap)
            return fi->submap_idx == 0 ? -ENOSYS : -EINVAL; // Xen: no such submap
        fi->submap = static_cast<uint32_t>(*submap);
        return 0;
    }
    case XSHIM_XENVER_capabilities: {
        const std::string *t = find("xenver.capabilities");
        if (t == nullptr)
            return -ENOSYS;
        copy_text(arg, XSHIM_XEN_CAPABILITIES_INFO_LEN, *t);
        return 0;
    }
    default:
        return -ENOSYS;
    }
}

long CapturedXen::hypercall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3) {
    if (nr == XSHIM_HC_event_channel_op && a1 == XSHIM_EVTCHNOP_init_control)
        return number("evtchn.init_control").value_or(-ENOSYS);
    if (nr == XSHIM_HC_grant_table_op && a1 == XSHIM_GNTTABOP_query_size && a3 == 1) {
        std::optional<long> frames = number("gnttab.query_size", 0);
        std::optional<long> max = number("gnttab.query_size", 1);
        if (!frames || !max)
            return -ENOSYS;
        auto *q = reinterpret_cast<xshim_gnttab_query_size *>(a2);
        q->nr_frames = static_cast<uint32_t>(*frames);
        q->max_nr_frames = static_cast<uint32_t>(*max);
        q->status = XSHIM_GNTST_okay;
        return 0;
    }
    return -ENOSYS;
}

bool CapturedXen::cpuid(uint32_t leaf, uint32_t, uint32_t r[4]) {
    const std::string *vendor = find("cpuid.vendor");
    if (vendor == nullptr)
        return false;
    const uint32_t base = static_cast<uint32_t>(number("cpuid.base").value_or(0));
    const std::string *signature = find("cpuid.signature");
    r[0] = r[1] = r[2] = r[3] = 0;
    if (leaf == 0) {
        r[0] = 0xd;
        put12(*vendor, &r[1], &r[3], &r[2]); // ebx edx ecx
    } else if (base != 0 && leaf == base) {
        r[0] = static_cast<uint32_t>(number("cpuid.max_leaf").value_or(0));
        put12(signature != nullptr ? *signature : "", &r[1], &r[2], &r[3]);
    } else if (base != 0 && leaf == base + 1) {
        r[0] = static_cast<uint32_t>(number("cpuid.release").value_or(0));
    } else if (base != 0 && leaf == base + 2) {
        r[0] = static_cast<uint32_t>(number("cpuid.hypercall_pages").value_or(0));
        r[1] = static_cast<uint32_t>(number("cpuid.hypercall_msr").value_or(0));
    }
    return true;
}

std::optional<HostIdentity> read_identity_json(const std::string &path, std::string *error) {
    std::ifstream in(path);
    if (!in) {
        *error = path + ": cannot open: " + std::strerror(errno);
        return std::nullopt;
    }
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        *error = path + ": not a JSON object";
        return std::nullopt;
    }
    if (j.value("schema", "") != "xshim-identity/1") {
        *error = path + ": \"schema\" is not \"xshim-identity/1\" (not an identity file from "
                        "'xshim-check host --json')";
        return std::nullopt;
    }
    const auto entries = j.find("entries");
    const auto domain = j.find("domain");
    if (entries == j.end() || !entries->is_object() || domain == j.end() || !domain->is_object()) {
        *error = path + ": \"entries\" and \"domain\" must be objects";
        return std::nullopt;
    }
    std::vector<std::pair<std::string, std::string>> kv;
    for (const auto &[key, value] : entries->items()) {
        if (!value.is_string()) {
            *error = path + ": entry \"" + key + "\" is not a string";
            return std::nullopt;
        }
        kv.emplace_back(key, value.get<std::string>());
    }
    HostIdentity id{j.value("host", std::string("unnamed")), "unknown", true,
                    CapturedXen::from_entries(std::move(kv))};
    if (domain->contains("guest_type") && (*domain)["guest_type"].is_string())
        id.guest_type = (*domain)["guest_type"].get<std::string>();
    if (domain->contains("dom0") && (*domain)["dom0"].is_boolean())
        id.dom0 = (*domain)["dom0"].get<bool>();
    id.xen.set_unknown(XSHIM_UNKNOWN_GNTTAB); // a host identity holds no boot's probes
    return id;
}

namespace {

// What XENVER_get_features sets by the kind of domain, on x86 (xen/common/kernel.c, the same
// rule from 4.10 to 4.22): PV domains get the PV bits; HVM containers (PVH and HVM, both
// paging_mode_translate) the others. XENFEAT_hvm_pirqs (HVM with emulated PIRQs only) and
// pae_pgdir_above_4gb (PV with VM_ASSIST pae_extended_cr3) are decided apart, below.
struct KindBit {
    uint32_t bit;
    bool pv; // set for a PV domain; else for an HVM container
};
constexpr KindBit kKindBits[] = {
    {XSHIM_XENFEAT_writable_page_tables, false},     {XSHIM_XENFEAT_auto_translated_physmap, false},
    {XSHIM_XENFEAT_mmu_pt_update_preserve_ad, true}, {XSHIM_XENFEAT_highmem_assist, true},
    {XSHIM_XENFEAT_gnttab_map_avail_bits, true},     {XSHIM_XENFEAT_hvm_callback_vector, false},
    {XSHIM_XENFEAT_hvm_safe_pvclock, false},
};
// Written only by releases that know them (4.16+): one of the two, direct_mapped for a domain
// without paging_mode_translate (PV). Exchanged only when the gathering domain had one.
constexpr uint32_t kDirectPv = XSHIM_XENFEAT_direct_mapped;
constexpr uint32_t kDirectContainer = XSHIM_XENFEAT_not_direct_mapped;

bool has_bit(unsigned long f, uint32_t bit) { return (f & XSHIM_XENFEAT_MASK(bit)) != 0; }

// Sets or clears one bit, and names the change in the list for it.
void put_bit(unsigned long *f, uint32_t bit, bool on, std::vector<std::string> *set,
             std::vector<std::string> *cleared) {
    if (has_bit(*f, bit) == on)
        return;
    *f ^= XSHIM_XENFEAT_MASK(bit);
    (on ? set : cleared)->push_back(xshim_xenfeat_name(bit));
}

std::string joined(const std::vector<std::string> &words) {
    std::string s;
    for (const auto &w : words)
        s += (s.empty() ? "" : " ") + w;
    return s;
}

} // namespace

CapturedXen model_for(const HostIdentity &id, uint32_t guest_type, bool dom0, bool extended_cr3,
                      std::string *modelled, std::vector<std::string> *assumed) {
    CapturedXen x = id.xen;
    const char *target = guest_type == XSHIM_GUEST_PVH   ? "pvh"
                         : guest_type == XSHIM_GUEST_HVM ? "hvm"
                         : guest_type == XSHIM_GUEST_ARM ? "arm"
                                                         : "pv";
    const std::string gathered = id.guest_type + (id.dom0 ? " dom0" : " domU");
    *modelled = std::string(guest_type == XSHIM_GUEST_HVM ? "an " : "a ") + target +
                (dom0 ? " dom0" : " domU") + ", from what the " + gathered + " was told";
    std::vector<std::string> notes;
    auto parse = [](const std::string *v) -> std::optional<unsigned long> {
        if (v == nullptr)
            return std::nullopt;
        char *end = nullptr;
        const unsigned long n = std::strtoul(v->c_str(), &end, 0);
        return end != v->c_str() && *end == '\0' ? std::optional<unsigned long>(n) : std::nullopt;
    };
    std::optional<unsigned long> f = parse(x.find("xenver.features.0"));
    const std::optional<unsigned long> release = parse(x.find("xenver.version"));
    // The x86 domain kinds whose bits Xen's rule gives; an Arm domain, or a gathering domain of
    // unknown kind, keeps the gathering domain's bits.
    const bool from_x86 = id.guest_type == "pv" || id.guest_type == "pvh" || id.guest_type == "hvm";
    const bool to_x86 = guest_type == XSHIM_GUEST_PV || guest_type == XSHIM_GUEST_PVH ||
                        guest_type == XSHIM_GUEST_HVM;
    const bool by_rule = from_x86 && to_x86;
    if (f.has_value()) {
        std::vector<std::string> changes;
        const uint32_t dom0_bit = XSHIM_XENFEAT_MASK(XSHIM_XENFEAT_dom0);
        if (id.dom0 && !dom0 && (*f & dom0_bit) != 0) {
            *f &= ~dom0_bit;
            changes.push_back("XENFEAT_dom0 cleared (Xen sets it for the hardware domain only)");
        } else if (!id.dom0 && dom0 && (*f & dom0_bit) == 0) {
            *f |= dom0_bit;
            changes.push_back("XENFEAT_dom0 set");
        }
        // Xen sets pae_pgdir_above_4gb for a PV domain with VMASST pae_extended_cr3, which its
        // builder turns on for a kernel whose PAE_MODE note asks for extended CR3 ("yes",
        // "bimodal"): the gathering domain's kernel (Debian's Linux has PAE_MODE "yes") is not
        // the image's. Seen on Xen 4.17: Linux dom0 0x000228f0, xshim's pv64 (no PAE_MODE note)
        // 0x000228e0 as dom0 and 0x000220e0 as a domU. An HVM container never has it (PVH domU
        // 0x00012305).
        const uint32_t pae = XSHIM_XENFEAT_pae_pgdir_above_4gb;
        if (by_rule && guest_type == XSHIM_GUEST_PV && has_bit(*f, pae) != extended_cr3) {
            *f ^= XSHIM_XENFEAT_MASK(pae);
            changes.push_back(std::string("XENFEAT_pae_pgdir_above_4gb ") +
                              (extended_cr3 ? "set" : "cleared") +
                              " (Xen sets it for a PV kernel whose PAE_MODE note asks for extended "
                              "CR3; the image's " +
                              (extended_cr3 ? "does" : "does not") + ")");
        }
        const bool to_pv = guest_type == XSHIM_GUEST_PV;
        if (by_rule && (id.guest_type == "pv") != to_pv) {
            std::vector<std::string> set, cleared;
            if (!to_pv)
                put_bit(&*f, pae, false, &set, &cleared);
            for (const KindBit &k : kKindBits)
                put_bit(&*f, k.bit, k.pv == to_pv, &set, &cleared);
            if (has_bit(*f, kDirectPv) || has_bit(*f, kDirectContainer)) {
                put_bit(&*f, kDirectPv, to_pv, &set, &cleared);
                put_bit(&*f, kDirectContainer, !to_pv, &set, &cleared);
            }
            if (to_pv)
                put_bit(&*f, XSHIM_XENFEAT_hvm_pirqs, false, &set, &cleared);
            changes.push_back(std::string("the ") + (to_pv ? "PV" : "HVM-container") +
                              " bits of xen/common/kernel.c (set: " + joined(set) +
                              "; cleared: " + joined(cleared) + ")");
        }
        // Emulated PIRQs: an HVM domU of a Xen before 4.19 always has them; from 4.19 only with
        // hvm_pirq=1 in xl.cfg (libxl's default is 0), and a PVH domain never (abi/hvm.h).
        if (by_rule && guest_type != XSHIM_GUEST_PV) {
            const bool always = guest_type == XSHIM_GUEST_HVM && release.has_value() &&
                                *release < XSHIM_HVM_PIRQS_OPTIONAL_SINCE;
            std::vector<std::string> set, cleared;
            put_bit(&*f, XSHIM_XENFEAT_hvm_pirqs, always, &set, &cleared);
            if (!set.empty() || !cleared.empty())
                changes.push_back(std::string("XENFEAT_hvm_pirqs ") + (always ? "set" : "cleared"));
            if (guest_type == XSHIM_GUEST_HVM && !release.has_value())
                notes.push_back("XENFEAT_hvm_pirqs clear: the identity has no XENVER_version "
                                "to tell whether emulated PIRQs are optional (4.19+)");
            else if (guest_type == XSHIM_GUEST_HVM)
                notes.push_back(
                    always ? "XENFEAT_hvm_pirqs set: every HVM domU of a Xen before 4.19 has "
                             "emulated PIRQs (xen/common/kernel.c: has_pirq), and the guest "
                             "names itself hvm by it"
                           : "XENFEAT_hvm_pirqs clear: from Xen 4.19 emulated PIRQs are optional "
                             "and xl's hvm_pirq defaults to 0, so the guest cannot tell HVM from "
                             "PVH and reports pvh with the NOTE 'pvh or hvm' (with hvm_pirq=1 in "
                             "xl.cfg it reports hvm)");
        }
        char buf[24];
        std::snprintf(buf, sizeof buf, "0x%08lx", *f);
        x.set("xenver.features.0", buf);
        for (size_t i = 0; i < changes.size(); ++i)
            *modelled += (i == 0 ? " with " : " and ") + changes[i];
    }
    if (guest_type == XSHIM_GUEST_HVM)
        notes.insert(notes.begin(), "the device model (QEMU) starts the kernel through its PVH "
                                    "entry and hands it hvm_start_info version 1, as a toolstack "
                                    "does a PVH domU");
    if (id.guest_type != target && !by_rule)
        *modelled += std::string("; other feature bits are the ") + id.guest_type +
                     " domain's: PV and PVH domains see different ones, not modelled";
    if (assumed != nullptr)
        *assumed = notes;
    return x;
}

} // namespace xshim::tools
