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
//
// Exit status: 0 selected (or image read), 1 refused, 2 usage or bad image, 3 no Xen to ask.
// docs/tools.md describes the output.
#include "elfnote.hpp"
#include "identity.hpp"
#include "image_file.hpp"
#include "image_report.hpp"
#include "unpack.hpp"
#include "verdict.hpp"
#include "xenctrl_source.hpp"

#include <abi/version.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
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
    "KIND: pv64 pvh64 pv32 pvh32 (default: every protocol the image offers)\n"
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
    std::unique_ptr<MappedFile> file;
    Unpacked unpacked; // the ELF or arm64 Image inside the file
    ElfImage elf;
    ImageNotes notes;
};

// Map, unpack and decode an image; prints the error and returns false.
bool load(const std::string &path, Image *img) {
    std::string error;
    img->file = MappedFile::open(path, &error);
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
    std::optional<std::string> release, extra, features, guest, cpu, identity;
    bool dom0 = false;
};

// --name VALUE options and positionals; false on an unknown option or a missing value.
bool parse_options(int argc, char **argv, int first, Options *o, std::string *error) {
    struct Named {
        const char *flag;
        std::optional<std::string> Options::*field;
    };
    const Named kFlags[] = {{"--release", &Options::release},   {"--extra", &Options::extra},
                            {"--features", &Options::features}, {"--guest", &Options::guest},
                            {"--cpu", &Options::cpu},           {"--identity", &Options::identity}};
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
        *error = "an arm64 Image: predict and host evaluate x86 PV and PVH guests only (an Arm "
                 "guest's handoff, a device tree, is not modelled on the host yet); 'image' "
                 "shows its policy";
        return false;
    }
    if (arch == XSHIM_ARCH_UNKNOWN) {
        *error = "ELF machine " + machine_name(img.elf.machine) +
                 " is not one this tool evaluates (x86_64, i386)";
        return false;
    }
    const GuestKind pv{XSHIM_GUEST_PV, arch}, pvh{XSHIM_GUEST_PVH, arch};
    if (guest.has_value()) {
        std::optional<GuestKind> k = guest_kind_named(*guest);
        if (!k.has_value()) {
            *error = "--guest " + *guest + ": expected pv64, pvh64, pv32 or pvh32";
            return false;
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

// Evaluate every kind, print the guest's verdict line for each; the exit status.
int verdicts(XenSource &xen, const Image &img, const std::vector<GuestKind> &kinds,
             const xshim_identity &cpu, uint32_t pvh_version) {
    int status = kSelected;
    for (const GuestKind &k : kinds) {
        Evaluation e;
        evaluate(xen, *img.notes.policy, k, cpu, pvh_version, &e);
        std::printf("%s\n", e.verdict.line);
        if (!e.xen_refuses.empty()) {
            std::printf("xshim-check: %s never runs: %s\n", guest_kind_name(k).c_str(),
                        e.xen_refuses.c_str());
            status = kRefused;
        }
        if (e.verdict.outcome != XSHIM_SELECTED)
            status = kRefused;
    }
    if (xen.unknown_facts() != 0) // a capture answers all the guest asks
        std::printf("xshim-check: not known before boot: the event-channel ABI (the guest probes "
                    "FIFO; shown as 2l), the grant-table size%s\n",
                    cpu.release_cpuid_fact.status == XSHIM_FACT_OK ? "" : ", the CPUID leaves");
    return status;
}

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
        o.dom0 || o.identity)
        return usage("image takes exactly one IMAGE.elf and no options");
    Image img;
    if (!load(o.positional[0], &img))
        return kUsage;
    print_image(stdout, o.positional[0], img.unpacked.steps, img.elf, img.notes);
    return kSelected;
}

// Image, policy and the kinds to evaluate; false after printing why (exit 2).
bool image_and_kinds(const Options &o, Image *img, std::vector<GuestKind> *kinds) {
    std::string error;
    if (!load(o.positional[0], img) || !need_policy(o.positional[0], *img))
        return false;
    if (!kinds_for(*img, o.guest, kinds, &error)) {
        std::fprintf(stderr, "xshim-check: %s: %s\n", escaped(o.positional[0]).c_str(),
                     error.c_str());
        return false;
    }
    return true;
}

// predict --identity: the Xen of a capture answers, CPUID included.
int predict_captured(const Options &o) {
    if (o.release || o.extra || o.features || o.cpu || o.dom0)
        return usage("--identity takes no --release, --extra, --features, --cpu or --dom0: the "
                     "capture says them");
    std::string error;
    std::optional<CapturedXen> xen = CapturedXen::read(*o.identity, &error);
    if (!xen) {
        std::fprintf(stderr, "xshim-check: %s\n", error.c_str());
        return kUsage;
    }
    Image img;
    std::vector<GuestKind> kinds;
    if (!image_and_kinds(o, &img, &kinds))
        return kUsage;
    std::printf("predict: the Xen captured in %s, for %s\n", escaped(*o.identity).c_str(),
                escaped(o.positional[0]).c_str());
    xshim_identity cpu{};
    scan_host_cpu(&cpu);
    const xshim_identity here = cpu;
    cpu = xshim_identity{}; // the capture's CPU, or this machine's vendor where it has none
    cpu.cpu_vendor = here.cpu_vendor;
    return verdicts(*xen, img, kinds, cpu, xen->pvh_version().value_or(kToolstackPvhVersion));
}

int cmd_predict(const Options &o) {
    if (o.positional.size() != 1)
        return usage("predict needs exactly one IMAGE.elf");
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
    std::printf("predict: Xen %s%s, features %s, for %s\n", release_text(xen.release).c_str(),
                xen.extraversion.c_str(),
                xen.features0 ? feature_names(described).c_str()
                              : "not given (XENVER_get_features treated as absent)",
                escaped(o.positional[0]).c_str());
    return verdicts(xen, img, kinds, cpu, o.dom0 ? kDom0PvhVersion : kToolstackPvhVersion);
}

int cmd_host(const Options &o) {
    if (o.positional.size() > 1 || o.release || o.extra || o.features || o.cpu || o.identity)
        return usage("host takes at most one IMAGE.elf and only --guest and --dom0");
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

    std::string error;
    std::unique_ptr<XenctrlSource> xen = XenctrlSource::open(&error);
    if (!xen) {
        std::fprintf(stderr, "xshim-check: %s\n", error.c_str());
        return kNoXen;
    }
    xen->print_facts(stdout);
    if (kinds.empty())
        return kSelected;

    xshim_identity cpu{};
    scan_host_cpu(&cpu);
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
