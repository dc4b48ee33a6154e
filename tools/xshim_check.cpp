// tools/xshim-check: ask, before boot, what a guest kernel built with xshim will do.
//
//   xshim-check image IMAGE.elf        boot protocols the image offers, its Xen notes, its policy
//   xshim-check host [IMAGE.elf]       the running Xen's facts (libxenctrl, dom0) and, with an
//                                      image, the verdict the guest would print on it
//   xshim-check predict --release X.Y [--extra .N] [--features 0xHEX] [--guest KIND]
//                       [--cpu VENDOR] [--dom0] IMAGE.elf
//                                      the same verdict against a Xen the operator describes
//   xshim-check predict --identity CAPTURE [--guest KIND] IMAGE.elf
//                                      ... against what a real Xen answered a booted guest
//                                      (a capture, tests/corpus/*.txt)
//   xshim-check predict --identity HOST.json [--guest KIND] [--dom0] IMAGE.elf
//   xshim-check predict --identities DIR [--guest KIND] [--dom0] IMAGE.elf
//                                      ... against the identity of one host or of a fleet
//                                      (`host --json` files), modelled for a domU or dom0
//   --json on image, host and predict: one JSON document (docs/xshim-check.schema.json)
//
// Exit status: 0 selected (or image read), 1 refused, 2 usage or bad image, 3 no Xen to ask.
// docs/tools.md describes the output.
#include "elfnote.hpp"
#include "identity.hpp"
#include "image_file.hpp"
#include "image_report.hpp"
#include "json_report.hpp"
#include "unpack.hpp"
#include "verdict.hpp"
#include "xenctrl_source.hpp"

#include <abi/elfnote.h>
#include <abi/version.h>

#include <elf.h>

#include <cctype>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <dirent.h>
#include <fstream>
#include <memory>
#include <optional>
#include <unistd.h>
#include <string>
#include <vector>

namespace {

using namespace xshim::tools;

enum Exit { kSelected = 0, kRefused = 1, kUsage = 2, kNoXen = 3 };

constexpr const char kUsageText[] =
    "usage: xshim-check image IMAGE.elf\n"
    "       xshim-check host [--guest KIND] [IMAGE.elf]\n"
    "       xshim-check predict --release X.Y [--extra .N] [--features 0xHEX] [--guest KIND]\n"
    "                           [--cpu intel|amd|hygon|other] [--dom0] IMAGE.elf\n"
    "       xshim-check predict --identity CAPTURE [--guest KIND] IMAGE.elf\n"
    "       xshim-check predict --identity HOST.json | --identities DIR [--guest KIND] [--dom0]\n"
    "                           IMAGE.elf\n"
    "--json: one JSON document on stdout (image, host, predict; docs/xshim-check.schema.json)\n"
    "KIND: pv64 pvh64 pv32 pvh32 hvm64 hvm32 arm64 (default: every protocol the image offers;\n"
    "      hvm only when asked: an HVM domain's device model enters the kernel as PVH)\n"
    "--dom0: the guest boots as dom0 (Xen's own builder: PVH hvm_start_info version 0)\n"
    "exit: 0 selected, 1 refused, 2 usage or bad image, 3 no Xen to ask\n";

// hvm_start_info.version a PVH guest is handed: 1 from the toolstack (a domU), 0 from Xen's own
// dom0 builder.
constexpr uint32_t kToolstackPvhVersion = 1;
constexpr uint32_t kDom0PvhVersion = 0;

int usage(const std::string &why) {
    std::fprintf(stderr, "xshim-check: %s\n%s", why.c_str(), kUsageText);
    return kUsage;
}

struct Image {
    std::unique_ptr<ImageFile> file;
    Unpacked unpacked; // the ELF or arm64 Image inside the file
    ElfImage elf;
    ImageNotes notes;
};

// Read, unpack and decode an image; prints the error and returns false.
bool load(const std::string &path, Image *img) {
    std::string error;
    img->file = ImageFile::open(path, &error);
    bool ok = img->file != nullptr && unpack(img->file->bytes(), &img->unpacked, &error);
    if (ok && img->unpacked.contents == Contents::arm64_image)
        ok = arm64_image_notes(img->unpacked.bytes, &img->elf, &error);
    else if (ok)
        ok = parse_elf(img->unpacked.bytes, &img->elf, &error);
    if (!ok || !decode_image(img->elf, &img->notes, &error)) {
        std::fprintf(stderr, "xshim-check: %s: %s\n", escaped(path).c_str(), error.c_str());
        return false;
    }
    return true;
}

struct Options {
    std::vector<std::string> positional;
    std::optional<std::string> release, extra, features, guest, cpu, identity, identities;
    bool dom0 = false;
    bool json = false;
};

// --name VALUE options and positionals; false on an unknown option or a missing value.
bool parse_options(int argc, char **argv, int first, Options *o, std::string *error) {
    struct Named {
        const char *flag;
        std::optional<std::string> Options::*field;
    };
    const Named kFlags[] = {{"--release", &Options::release},
                            {"--extra", &Options::extra},
                            {"--features", &Options::features},
                            {"--guest", &Options::guest},
                            {"--cpu", &Options::cpu},
                            {"--identity", &Options::identity},
                            {"--identities", &Options::identities}};
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
            o->positional.push_back(arg);
            continue;
        }
        if (arg == "--dom0") {
            o->dom0 = true;
            continue;
        }
        if (arg == "--json") {
            o->json = true;
            continue;
        }
        const Named *named = nullptr;
        for (const auto &n : kFlags)
            if (arg == n.flag)
                named = &n;
        if (named == nullptr) {
            *error = "unknown option " + arg;
            return false;
        }
        if (i + 1 >= argc) {
            *error = arg + " needs a value";
            return false;
        }
        o->*(named->field) = argv[++i];
    }
    return true;
}

// "4.19" -> XSHIM_RELEASE(4, 19); each part 0..65535, digits only.
std::optional<uint32_t> parse_release(const std::string &s) {
    uint32_t part[2] = {0, 0};
    size_t digits[2] = {0, 0};
    int which = 0;
    for (char c : s) {
        if (c == '.' && which == 0) {
            which = 1;
        } else if (c >= '0' && c <= '9' && digits[which] < 5) {
            part[which] = part[which] * 10 + static_cast<uint32_t>(c - '0');
            ++digits[which];
        } else {
            return std::nullopt;
        }
    }
    if (which != 1 || digits[0] == 0 || digits[1] == 0 || part[0] > 0xffff || part[1] > 0xffff)
        return std::nullopt;
    return XSHIM_RELEASE(part[0], part[1]);
}

std::optional<uint32_t> parse_hex32(const std::string &s) {
    if (s.size() < 3 || s.size() > 10 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return std::nullopt;
    uint32_t v = 0;
    for (size_t i = 2; i < s.size(); ++i) {
        char c = s[i];
        uint32_t d = c >= '0' && c <= '9'   ? uint32_t(c - '0')
                     : c >= 'a' && c <= 'f' ? uint32_t(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? uint32_t(c - 'A' + 10)
                                            : 16;
        if (d == 16)
            return std::nullopt;
        v = v << 4 | d;
    }
    return v;
}

// The boot kinds to evaluate: --guest (which the image must offer) or every one it offers.
bool kinds_for(const Image &img, const std::optional<std::string> &guest,
               std::vector<GuestKind> *kinds, std::string *error) {
    const uint32_t arch = arch_of_machine(img.elf.machine);
    if (img.unpacked.contents == Contents::arm64_image) {
        // Xen on Arm boots an arm64 Image as it is (no notes): one kind, handed a device tree.
        const GuestKind arm{XSHIM_GUEST_ARM, XSHIM_ARCH_ARM64};
        if (guest.has_value() &&
            guest_kind_named(*guest).value_or(GuestKind{}).guest_type != XSHIM_GUEST_ARM) {
            *error = "--guest " + *guest + ": the image is an arm64 Image, an arm64 kernel";
            return false;
        }
        kinds->push_back(arm);
        return true;
    }
    if (img.elf.machine == EM_AARCH64 || img.elf.machine == EM_ARM) {
        *error = img.notes.not_a_guest; // what Xen on Arm boots instead
        return false;
    }
    if (arch == XSHIM_ARCH_UNKNOWN || arch == XSHIM_ARCH_ARM64) {
        *error = "ELF machine " + machine_name(img.elf.machine) +
                 " is not one this tool evaluates (x86_64 and i386 ELFs; arm64 Image files)";
        return false;
    }
    const GuestKind pv{XSHIM_GUEST_PV, arch}, pvh{XSHIM_GUEST_PVH, arch};
    if (guest.has_value()) {
        std::optional<GuestKind> k = guest_kind_named(*guest);
        if (!k.has_value()) {
            *error =
                "--guest " + *guest + ": expected pv64, pvh64, pv32, pvh32, hvm64, hvm32 or arm64";
            return false;
        }
        if (k->guest_type == XSHIM_GUEST_HVM) {
            // The device model loads the kernel and enters it through its PVH entry. Debian's
            // (qemu-system-i386) loads an ELF32 only, so a 64-bit kernel goes as its ELF32 copy
            // (objcopy -O elf32-i386, guest-boot's *.elf32): hvm64 takes an i386 ELF32 too.
            const bool elf32_copy = k->arch == XSHIM_ARCH_X86_64 && arch == XSHIM_ARCH_X86_32;
            if (k->arch != arch && !elf32_copy) {
                *error = "--guest " + *guest + ": the image is ELF" +
                         std::to_string(img.elf.elf_class) + " " + machine_name(img.elf.machine) +
                         ", not a kernel for " + *guest;
                return false;
            }
            if (!img.notes.pvh.offered) {
                *error = "the image does not offer " + *guest +
                         ": an HVM domain's device model enters the kernel through its PVH entry "
                         "(XEN_ELFNOTE_PHYS32_ENTRY): " +
                         img.notes.pvh.why_not;
                return false;
            }
            kinds->push_back(*k);
            return true;
        }
        if (k->arch != arch) {
            *error = "--guest " + *guest + ": the image is ELF" +
                     std::to_string(img.elf.elf_class) + " " + machine_name(img.elf.machine) +
                     ", a " + guest_kind_name({k->guest_type, arch}) + " kernel";
            return false;
        }
        const BootOffer &offer = k->guest_type == XSHIM_GUEST_PV ? img.notes.pv : img.notes.pvh;
        if (!offer.offered) {
            *error = "the image does not offer " + *guest + ": " + offer.why_not;
            return false;
        }
        kinds->push_back(*k);
        return true;
    }
    if (img.notes.pv.offered)
        kinds->push_back(pv);
    if (img.notes.pvh.offered)
        kinds->push_back(pvh);
    if (kinds->empty()) {
        *error = "the image offers no Xen boot protocol (PV: " + img.notes.pv.why_not +
                 "; PVH: " + img.notes.pvh.why_not + ")";
        return false;
    }
    return true;
}

// What a prediction for an HVM kind takes for granted about the image itself.
std::vector<std::string> image_assumptions(const Image &img, GuestKind k) {
    if (k.guest_type != XSHIM_GUEST_HVM)
        return {};
    if (img.elf.elf_class == 64)
        return {"the device model loads this ELF64 kernel; Debian's, qemu-system-i386, refuses "
                "one ('Error while loading elf kernel'): boot its ELF32 copy (objcopy -O "
                "elf32-i386)"};
    if (k.arch == XSHIM_ARCH_X86_64)
        return {"this ELF32 image is the ELF32 copy of a 64-bit kernel, as --guest hvm64 says "
                "(its ELF header cannot tell)"};
    return {};
}

// An Arm guest has no CPUID to learn before boot (its device tree is built from the release).
bool any_x86(const std::vector<GuestKind> &kinds) {
    return std::any_of(kinds.begin(), kinds.end(),
                       [](const GuestKind &k) { return k.arch != XSHIM_ARCH_ARM64; });
}

// Evaluate every kind, print the guest's verdict line for each (or add it to *json); the exit
// status. modelled: which domain a host identity was modelled as, per guest type (may be null).
// assumed: what the model of a host identity took for granted (may be null); the image's own
// assumptions for the kind are added.
int verdicts(XenSource &xen, const Image &img, const std::vector<GuestKind> &kinds,
             const xshim_identity &cpu, uint32_t pvh_version, nlohmann::json *json = nullptr,
             const std::string *modelled = nullptr,
             const std::vector<std::string> *assumed = nullptr) {
    int status = kSelected;
    for (const GuestKind &k : kinds) {
        Evaluation e;
        evaluate(xen, *img.notes.policy, k, cpu, pvh_version, &e);
        std::vector<std::string> all = assumed ? *assumed : std::vector<std::string>{};
        for (const auto &a : image_assumptions(img, k))
            all.push_back(a);
        if (json != nullptr) {
            json->push_back(verdict_json(guest_kind_name(k), e, modelled ? *modelled : ""));
            if (!all.empty())
                json->back()["assumed"] = all;
        } else {
            std::printf("%s\n", e.verdict.line);
            for (const auto &a : all)
                std::printf("xshim-check: %s assumed: %s\n", guest_kind_name(k).c_str(), a.c_str());
        }
        if (!e.xen_refuses.empty()) {
            if (json == nullptr)
                std::printf("xshim-check: %s never runs: %s\n", guest_kind_name(k).c_str(),
                            e.xen_refuses.c_str());
            status = kRefused;
        }
        if (e.verdict.outcome != XSHIM_SELECTED)
            status = kRefused;
    }
    if (xen.unknown_facts() != 0 && json == nullptr) // a capture answers all the guest asks
        std::printf("xshim-check: not known before boot: the event-channel ABI (the guest probes "
                    "FIFO; shown as 2l), the grant-table size%s\n",
                    cpu.release_cpuid_fact.status == XSHIM_FACT_OK || !any_x86(kinds)
                        ? ""
                        : ", the CPUID leaves");
    return status;
}

std::vector<std::string> unknown_list(const XenSource &xen, const xshim_identity &cpu,
                                      const std::vector<GuestKind> &kinds) {
    if (xen.unknown_facts() == 0)
        return {};
    std::vector<std::string> u = {"event-channel ABI (the guest probes FIFO; shown as 2l)",
                                  "grant-table size"};
    if (cpu.release_cpuid_fact.status != XSHIM_FACT_OK && any_x86(kinds))
        u.push_back("CPUID leaves");
    return u;
}

void print_json(const nlohmann::json &j) { std::printf("%s\n", j.dump(2).c_str()); }

bool need_policy(const std::string &path, const Image &img) {
    if (img.notes.policy.has_value())
        return true;
    if (!img.notes.not_a_guest.empty()) {
        std::fprintf(stderr, "xshim-check: %s: not a guest: %s\n", escaped(path).c_str(),
                     img.notes.not_a_guest.c_str());
        return false;
    }
    std::fprintf(stderr,
                 "xshim-check: %s: no xshim policy note (name \"xshim\", type 0x%08x): "
                 "the kernel was not built with XSHIM_POLICY\n",
                 escaped(path).c_str(), XSHIM_NOTE_POLICY);
    return false;
}

int cmd_image(const Options &o) {
    if (o.positional.size() != 1 || o.release || o.extra || o.features || o.guest || o.cpu ||
        o.dom0 || o.identity || o.identities)
        return usage("image takes exactly one IMAGE.elf and no option but --json");
    Image img;
    if (!load(o.positional[0], &img))
        return kUsage;
    if (o.json)
        print_json(image_json(o.positional[0], img.unpacked.steps,
                              img.unpacked.contents == Contents::arm64_image, img.elf, img.notes));
    else
        print_image(stdout, o.positional[0], img.unpacked.steps, img.elf, img.notes);
    return kSelected;
}

// Image, policy and the kinds to evaluate; false after printing why (exit 2).
bool image_and_kinds(const Options &o, Image *img, std::vector<GuestKind> *kinds) {
    std::string error;
    if (!load(o.positional[0], img) || !need_policy(o.positional[0], *img))
        return false;
    if (o.dom0 && o.guest.has_value() &&
        guest_kind_named(*o.guest).value_or(GuestKind{}).guest_type == XSHIM_GUEST_HVM) {
        std::fprintf(stderr,
                     "xshim-check: --dom0 --guest %s: Xen builds no HVM dom0 (a dom0 is "
                     "PV or PVH)\n",
                     o.guest->c_str());
        return false;
    }
    if (!kinds_for(*img, o.guest, kinds, &error)) {
        std::fprintf(stderr, "xshim-check: %s: %s\n", escaped(o.positional[0]).c_str(),
                     error.c_str());
        return false;
    }
    return true;
}

bool is_json_file(const std::string &path) {
    return path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

// This machine's CPU vendor only: a capture or identity answers the rest.
xshim_identity vendor_only() {
    xshim_identity here{};
    scan_host_cpu(&here);
    xshim_identity cpu{};
    cpu.cpu_vendor = here.cpu_vendor;
    return cpu;
}

// The image's PAE_MODE note asks for extended CR3, as Xen's libelf reads it (elf_xen_parse_note:
// "yes" or "bimodal" is XEN_PAE_EXTCR3 / XEN_PAE_BIMODAL).
bool asks_extended_cr3(const Image &img) {
    const XenNoteValue *pae = img.notes.find(XSHIM_ELFNOTE_PAE_MODE);
    return pae != nullptr && (pae->text == "yes" || pae->text.find("bimodal") != std::string::npos);
}

// One host identity: a verdict per kind, each modelled for a domU (or dom0 with --dom0).
int predict_host(const Options &o, const HostIdentity &id, const std::string &file,
                 const Image &img, const std::vector<GuestKind> &kinds, nlohmann::json *host) {
    int status = kSelected;
    const xshim_identity cpu = vendor_only();
    nlohmann::json list = nlohmann::json::array();
    for (const GuestKind &k : kinds) {
        std::string modelled;
        std::vector<std::string> assumed;
        CapturedXen xen =
            model_for(id, k.guest_type, o.dom0, asks_extended_cr3(img), &modelled, &assumed);
        // An identity holds no CPUID: an x86 HVM container's vmcall or vmmcall follows the CPU
        // vendor, taken from this machine.
        if (k.guest_type == XSHIM_GUEST_PVH || k.guest_type == XSHIM_GUEST_HVM)
            assumed.push_back(std::string("the CPU vendor is this machine's (") +
                              vendor_name(cpu.cpu_vendor) +
                              "): an identity does not record it, and a vmcall or vmmcall "
                              "hypercall follows it");
        if (host == nullptr)
            std::printf("predict: host %s (%s), modelled as %s\n", escaped(id.host).c_str(),
                        escaped(file).c_str(), modelled.c_str());
        const int s = verdicts(xen, img, {k}, cpu, o.dom0 ? kDom0PvhVersion : kToolstackPvhVersion,
                               host ? &list : nullptr, &modelled, &assumed);
        status = std::max(status, s);
    }
    if (host != nullptr)
        *host = {{"host", id.host}, {"identity", file}, {"verdicts", list}};
    return status;
}

// predict --identity: the Xen of a capture answers, CPUID included; or a host identity file.
int predict_captured(const Options &o) {
    if (o.release || o.extra || o.features || o.cpu)
        return usage("--identity takes no --release, --extra, --features or --cpu: the identity "
                     "says them");
    std::string error;
    if (is_json_file(*o.identity)) {
        std::optional<HostIdentity> id = read_identity_json(*o.identity, &error);
        if (!id) {
            std::fprintf(stderr, "xshim-check: %s\n", error.c_str());
            return kUsage;
        }
        Image img;
        std::vector<GuestKind> kinds;
        if (!image_and_kinds(o, &img, &kinds))
            return kUsage;
        nlohmann::json host;
        const int status = predict_host(o, *id, *o.identity, img, kinds, o.json ? &host : nullptr);
        if (o.json)
            print_json({{"schema", "xshim-prediction/1"},
                        {"image", o.positional[0]},
                        {"hosts", nlohmann::json::array({host})},
                        {"not_known_before_boot", unknown_list(id->xen, vendor_only(), kinds)}});
        return status; // verdicts() said what is not known before boot
    }
    if (o.dom0)
        return usage("--identity CAPTURE takes no --dom0: the capture says which domain it was");
    std::optional<CapturedXen> xen = CapturedXen::read(*o.identity, &error);
    if (!xen) {
        std::fprintf(stderr, "xshim-check: %s\n", error.c_str());
        return kUsage;
    }
    Image img;
    std::vector<GuestKind> kinds;
    if (!image_and_kinds(o, &img, &kinds))
        return kUsage;
    // A capture is what one booted domain was told: an HVM domain's answers differ from a PVH
    // one's (XENFEAT_hvm_pirqs), so an HVM kind needs a capture of an HVM boot, or an identity.
    const std::string *captured = xen->find("guest");
    for (const GuestKind &k : kinds)
        if (k.guest_type == XSHIM_GUEST_HVM && (captured == nullptr || *captured != "hvm")) {
            std::fprintf(stderr,
                         "xshim-check: %s: a capture of a %s boot answers as that domain was "
                         "answered; for %s give an identity (host --json) or a capture of an "
                         "HVM boot\n",
                         escaped(*o.identity).c_str(),
                         captured ? escaped(*captured).c_str() : "unnamed",
                         guest_kind_name(k).c_str());
            return kUsage;
        }
    const xshim_identity cpu = vendor_only(); // the capture's CPU, or this machine's vendor
    const uint32_t pvh = xen->pvh_version().value_or(kToolstackPvhVersion);
    if (o.json) {
        nlohmann::json list = nlohmann::json::array();
        const int status = verdicts(*xen, img, kinds, cpu, pvh, &list);
        print_json(
            {{"schema", "xshim-prediction/1"},
             {"image", o.positional[0]},
             {"hosts", nlohmann::json::array(
                           {{{"host", nullptr}, {"identity", *o.identity}, {"verdicts", list}}})},
             {"not_known_before_boot", unknown_list(*xen, cpu, kinds)}});
        return status;
    }
    std::printf("predict: the Xen captured in %s, for %s\n", escaped(*o.identity).c_str(),
                escaped(o.positional[0]).c_str());
    return verdicts(*xen, img, kinds, cpu, pvh);
}

// predict --identities DIR: every DIR/*.json identity, one verdict per host and guest kind; exit
// 1 if any host would refuse (or cannot build) the image.
int predict_fleet(const Options &o) {
    if (o.release || o.extra || o.features || o.cpu || o.identity)
        return usage("--identities takes no --identity, --release, --extra, --features or --cpu");
    std::vector<std::string> files;
    if (DIR *d = opendir(o.identities->c_str())) {
        while (const dirent *e = readdir(d))
            if (is_json_file(e->d_name))
                files.push_back(*o.identities + "/" + e->d_name);
        closedir(d);
    } else {
        std::fprintf(stderr, "xshim-check: --identities %s: cannot read the directory: %s\n",
                     escaped(*o.identities).c_str(), std::strerror(errno));
        return kUsage;
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "xshim-check: --identities %s: no *.json identity file in it\n",
                     escaped(*o.identities).c_str());
        return kUsage;
    }
    std::vector<HostIdentity> ids;
    for (const auto &f : files) {
        std::string error;
        std::optional<HostIdentity> id = read_identity_json(f, &error);
        if (!id) {
            std::fprintf(stderr, "xshim-check: %s\n", error.c_str());
            return kUsage;
        }
        ids.push_back(std::move(*id));
    }
    Image img;
    std::vector<GuestKind> kinds;
    if (!image_and_kinds(o, &img, &kinds))
        return kUsage;
    int status = kSelected;
    std::vector<std::string> refusing;
    nlohmann::json hosts = nlohmann::json::array();
    for (size_t i = 0; i < ids.size(); ++i) {
        nlohmann::json host;
        const int s = predict_host(o, ids[i], files[i], img, kinds, o.json ? &host : nullptr);
        if (o.json)
            hosts.push_back(host);
        if (s != kSelected)
            refusing.push_back(ids[i].host);
        status = std::max(status, s);
    }
    if (o.json) {
        print_json({{"schema", "xshim-prediction/1"},
                    {"image", o.positional[0]},
                    {"hosts", hosts},
                    {"refusing_hosts", refusing},
                    {"not_known_before_boot", unknown_list(ids[0].xen, vendor_only(), kinds)}});
        return status;
    }
    std::string names;
    for (const auto &h : refusing)
        names += (names.empty() ? "" : ", ") + escaped(h);
    std::printf("fleet: %zu hosts, %zu would refuse %s%s%s\n", ids.size(), refusing.size(),
                escaped(o.positional[0]).c_str(), refusing.empty() ? "" : ": ", names.c_str());
    return status;
}

int cmd_predict(const Options &o) {
    if (o.positional.size() != 1)
        return usage("predict needs exactly one IMAGE.elf");
    if (o.identities)
        return predict_fleet(o);
    if (o.identity)
        return predict_captured(o);
    if (!o.release)
        return usage("predict needs --release X.Y (the Xen to ask about)");
    DescribedXen xen;
    std::optional<uint32_t> rel = parse_release(*o.release);
    if (!rel)
        return usage("--release " + *o.release + ": expected MAJOR.MINOR, e.g. 4.19");
    xen.release = *rel;
    if (o.extra) {
        if (o.extra->size() >= XSHIM_XEN_EXTRAVERSION_LEN)
            return usage("--extra " + *o.extra + ": at most 15 characters (XENVER_extraversion)");
        xen.extraversion = *o.extra;
    }
    if (o.features) {
        std::optional<uint32_t> f = parse_hex32(*o.features);
        if (!f)
            return usage("--features " + *o.features + ": expected 0x and 1..8 hex digits");
        xen.features0 = *f;
    }
    xshim_identity cpu{};
    scan_host_cpu(&cpu);
    const xshim_identity here = cpu;
    cpu = xshim_identity{}; // a described Xen: none of this machine's hypervisor leaves
    cpu.cpu_vendor = here.cpu_vendor;
    if (o.cpu) {
        std::optional<uint32_t> v = cpu_vendor_named(*o.cpu);
        if (!v)
            return usage("--cpu " + *o.cpu + ": expected intel, amd, hygon or other");
        cpu.cpu_vendor = *v;
    }

    Image img;
    std::vector<GuestKind> kinds;
    if (!image_and_kinds(o, &img, &kinds))
        return kUsage;
    const uint32_t described[XSHIM_FEATURE_SUBMAPS] = {xen.features0.value_or(0), 0};
    if (o.json) {
        nlohmann::json list = nlohmann::json::array();
        const int status =
            verdicts(xen, img, kinds, cpu, o.dom0 ? kDom0PvhVersion : kToolstackPvhVersion, &list);
        print_json(
            {{"schema", "xshim-prediction/1"},
             {"image", o.positional[0]},
             {"hosts", nlohmann::json::array(
                           {{{"host", nullptr}, {"identity", nullptr}, {"verdicts", list}}})},
             {"not_known_before_boot", unknown_list(xen, cpu, kinds)}});
        return status;
    }
    std::printf("predict: Xen %s%s, features %s, for %s\n", release_text(xen.release).c_str(),
                xen.extraversion.c_str(),
                xen.features0 ? feature_names(described).c_str()
                              : "not given (XENVER_get_features treated as absent)",
                escaped(o.positional[0]).c_str());
    return verdicts(xen, img, kinds, cpu, o.dom0 ? kDom0PvhVersion : kToolstackPvhVersion);
}

// Who gathers an identity: this host's name, and the kind of domain this process runs in, as
// Linux tells it (/sys/hypervisor/guest_type: "PV", "PVH", "HVM"; /proc/xen/capabilities holds
// "control_d" in dom0).
std::string this_host() {
    char name[256] = {};
    return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string("unnamed");
}
std::string first_line(const char *path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}
std::string this_domain_type() {
    std::string t = first_line("/sys/hypervisor/guest_type");
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    return t == "pv" || t == "pvh" || t == "hvm" ? t : "unknown";
}
bool this_domain_is_dom0() {
    return first_line("/proc/xen/capabilities").find("control_d") != std::string::npos;
}

int cmd_host(const Options &o) {
    if (o.positional.size() > 1 || o.release || o.extra || o.features || o.cpu || o.identity ||
        o.identities)
        return usage("host takes at most one IMAGE.elf and only --guest, --dom0 and --json");
    Image img;
    std::vector<GuestKind> kinds;
    if (!o.positional.empty()) {
        std::string error;
        if (!load(o.positional[0], &img) || !need_policy(o.positional[0], img))
            return kUsage;
        if (!kinds_for(img, o.guest, &kinds, &error)) {
            std::fprintf(stderr, "xshim-check: %s: %s\n", escaped(o.positional[0]).c_str(),
                         error.c_str());
            return kUsage;
        }
    } else if (o.guest) {
        return usage("--guest needs an IMAGE.elf");
    }
    // host answers with what Xen tells this domain; an HVM domU is told other feature bits
    // (XENFEAT_hvm_pirqs above all), which only a modelled identity gives.
    for (const GuestKind &k : kinds)
        if (k.guest_type == XSHIM_GUEST_HVM)
            return usage("host --guest " + guest_kind_name(k) +
                         ": an HVM domU sees other features than this domain; use 'host --json "
                         ">HOST.json' and 'predict --identity HOST.json --guest " +
                         guest_kind_name(k) + "'");

    std::string error;
    std::unique_ptr<XenctrlSource> xen = XenctrlSource::open(&error);
    if (!xen) {
        std::fprintf(stderr, "xshim-check: %s\n", error.c_str());
        return kNoXen;
    }
    xshim_identity cpu{};
    scan_host_cpu(&cpu);
    if (o.json) {
        const nlohmann::json id = identity_json(this_host(), this_domain_type(),
                                                this_domain_is_dom0(), xen->identity_entries());
        if (kinds.empty()) {
            print_json(id);
            return kSelected;
        }
        nlohmann::json list = nlohmann::json::array();
        const int status =
            verdicts(*xen, img, kinds, cpu, o.dom0 ? kDom0PvhVersion : kToolstackPvhVersion, &list);
        print_json({{"schema", "xshim-host/1"},
                    {"identity", id},
                    {"image", o.positional[0]},
                    {"verdicts", list}});
        return status;
    }
    xen->print_facts(stdout);
    if (kinds.empty())
        return kSelected;
    return verdicts(*xen, img, kinds, cpu, o.dom0 ? kDom0PvhVersion : kToolstackPvhVersion);
}

} // namespace

int main(int argc, char **argv) {
    if (argc < 2)
        return usage("a subcommand is needed");
    const std::string cmd = argv[1];
    if (cmd == "-h" || cmd == "--help") {
        std::fputs(kUsageText, stdout);
        return kSelected;
    }
    Options o;
    std::string error;
    if (!parse_options(argc, argv, 2, &o, &error))
        return usage(error);
    if (cmd == "image")
        return cmd_image(o);
    if (cmd == "host")
        return cmd_host(o);
    if (cmd == "predict")
        return cmd_predict(o);
    return usage("unknown subcommand " + cmd);
}
