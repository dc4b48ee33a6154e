// tools/xenctrl_source.cpp: xen_version answers from the running Xen, through libxenctrl
// (tools/xenctrl_open.c), and a failure to open it explained in one line.
#include "xenctrl_source.hpp"

#include "xenctrl_open.h"

#include "image_report.hpp"

#include <abi/version.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace xshim::tools {
namespace {

// The privcmd device libxencall opens, in the order it tries them.
constexpr const char *kPrivcmd[] = {"/dev/xen/privcmd", "/proc/xen/privcmd"};

std::string explain_open_failure(int err, const char *libxenctrl_said) {
    if (err == ELIBACC)
        return std::string("cannot load libxenctrl (") + libxenctrl_said +
               "): 'host' asks the running Xen through it; in a Xen dom0 install it (Debian: "
               "libxenmisc" +
               std::string(xshim_xc_soname()).substr(sizeof "libxenctrl.so." - 1) +
               ", which xen-utils pulls in). 'image' and 'predict' do not need it";
    const char *present = nullptr;
    struct stat st;
    for (const char *path : kPrivcmd)
        if (present == nullptr && stat(path, &st) == 0)
            present = path;
    std::string why;
    if (present == nullptr)
        why = "neither /dev/xen/privcmd nor /proc/xen/privcmd exists - is this a Xen dom0? "
              "(run it in dom0 with the xen-privcmd module loaded, or use 'xshim-check predict')";
    else if (err == EACCES || err == EPERM)
        why = std::string(present) + ": " + std::strerror(err) + " - run as root in dom0";
    else
        why = std::string(present) + " exists but libxenctrl could not use it";
    std::string line =
        "cannot open libxenctrl (xc_interface_open: " + std::string(std::strerror(err)) +
        "): " + why;
    if (libxenctrl_said[0] != '\0')
        line += " [libxenctrl: " + std::string(libxenctrl_said) + "]";
    return line;
}

} // namespace

std::unique_ptr<XenctrlSource> XenctrlSource::open(std::string *error) {
    int err = 0;
    char said[256] = {};
    xshim_xc *xc = xshim_xc_open(&err, said, sizeof said);
    if (xc == nullptr) {
        *error = explain_open_failure(err, said);
        return nullptr;
    }
    return std::unique_ptr<XenctrlSource>(new XenctrlSource(xc));
}

XenctrlSource::~XenctrlSource() { xshim_xc_close(xc_); }

long XenctrlSource::xen_version(uint32_t cmd, void *arg) {
    switch (cmd) {
    case XSHIM_XENVER_version:
    case XSHIM_XENVER_extraversion:
    case XSHIM_XENVER_capabilities:
    case XSHIM_XENVER_get_features:
        return xshim_xc_version(xc_, cmd, arg);
    default:
        return -ENOSYS; // libxenctrl 4.17 cannot size the buffers of other subops
    }
}

std::vector<std::pair<std::string, std::string>> XenctrlSource::identity_entries() {
    std::vector<std::pair<std::string, std::string>> e;
    char buf[64];
    const long version = xen_version(XSHIM_XENVER_version, nullptr);
    if (version >= 0) {
        std::snprintf(buf, sizeof buf, "0x%08lx", version);
        e.emplace_back("xenver.version", buf);
    }
    char extra[XSHIM_XEN_EXTRAVERSION_LEN + 1] = {};
    if (xen_version(XSHIM_XENVER_extraversion, extra) >= 0)
        e.emplace_back("xenver.extraversion", extra);
    char caps[XSHIM_XEN_CAPABILITIES_INFO_LEN + 1] = {};
    if (xen_version(XSHIM_XENVER_capabilities, caps) >= 0)
        e.emplace_back("xenver.capabilities", caps);
    xshim_feature_info fi = {0, 0};
    if (xen_version(XSHIM_XENVER_get_features, &fi) >= 0) {
        std::snprintf(buf, sizeof buf, "0x%08x", fi.submap);
        e.emplace_back("xenver.features.0", buf);
    }
    return e;
}

void XenctrlSource::print_facts(std::FILE *out) {
    long version = xen_version(XSHIM_XENVER_version, nullptr);
    char extra[XSHIM_XEN_EXTRAVERSION_LEN + 1] = {};
    long extra_rc = xen_version(XSHIM_XENVER_extraversion, extra);
    char caps[XSHIM_XEN_CAPABILITIES_INFO_LEN + 1] = {};
    long caps_rc = xen_version(XSHIM_XENVER_capabilities, caps);
    xshim_feature_info fi = {0, 0};
    long feat_rc = xen_version(XSHIM_XENVER_get_features, &fi);
    if (version < 0) {
        std::fprintf(out, "xen:          XENVER_version failed: %s\n",
                     std::strerror(int(-version)));
    } else {
        std::fprintf(out, "xen:          Xen %s%s (XENVER_version 0x%08lx)\n",
                     release_text(static_cast<uint32_t>(version)).c_str(),
                     extra_rc < 0 ? "" : extra, version);
    }
    if (extra_rc < 0)
        std::fprintf(out, "extraversion: XENVER_extraversion failed: %s\n",
                     std::strerror(int(-extra_rc)));
    std::fprintf(out, "capabilities: %s\n", caps_rc < 0 ? std::strerror(int(-caps_rc)) : caps);
    if (feat_rc < 0) {
        std::fprintf(out, "features[0]:  XENVER_get_features failed: %s\n",
                     std::strerror(int(-feat_rc)));
    } else {
        const uint32_t bits[2] = {fi.submap, 0};
        std::fprintf(out, "features[0]:  0x%08x (%s)\n", fi.submap, feature_names(bits).c_str());
    }
}

} // namespace xshim::tools
