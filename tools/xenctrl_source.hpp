// tools/xenctrl_source.hpp: the running Xen, through the real libxenctrl (dom0 only).
#pragma once

#include "verdict.hpp"

#include "xenctrl_open.h"

#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace xshim::tools {

class XenctrlSource final : public XenSource {
  public:
    // Opens libxenctrl. nullptr with *error set to one line naming what is missing (the privcmd
    // device, permission) when this is not a Xen dom0 or the caller is not root.
    static std::unique_ptr<XenctrlSource> open(std::string *error);
    ~XenctrlSource() override;
    XenctrlSource(const XenctrlSource &) = delete;
    XenctrlSource &operator=(const XenctrlSource &) = delete;

    // The subops libxenctrl knows how to pass (version, extraversion, capabilities,
    // get_features); -ENOSYS for any other, as a Xen without it would answer.
    long xen_version(uint32_t cmd, void *arg) override;

    // The facts a guest would read through xen_version, for the operator (`host`): release and
    // extra version, capabilities, feature submap 0, one line each.
    void print_facts(std::FILE *out);

    // The same facts as capture keys (tests/corpus/README.md: xenver.version, .extraversion,
    // .capabilities, .features.0), for an identity file; a failed subop is left out.
    std::vector<std::pair<std::string, std::string>> identity_entries();

  private:
    explicit XenctrlSource(struct xshim_xc *xc) : xc_(xc) {}
    struct xshim_xc *xc_;
};

} // namespace xshim::tools
