// guest-boot/devices.cpp: the read-only device probe of the guest built with
// GUEST_PROBE_DEVICES=1. For every vbd and vif the toolstack gave this domain, one console line
// with what its backend advertises in XenStore, read through xshim's XenStore client:
//
//   xshim-guest: vbd 51712 backend=/local/domain/0/backend/vbd/1/51712 protocol=x86_64-abi
//                feature-flush-cache=1 ... max-ring-page-order=4 multi-queue-max-queues=1
//
// Values are as the backend wrote them (the frontend's clamped choices are later work, with the
// negotiation); a node that could not be read shows as name=!<status>. tests/toolstack compares
// each name=value with what dom0's xenstore-ls shows for the same backend path.
#include "guest.hpp"

#include <xshim_xenstore.h>

namespace {

xshim_xs xs;                    // ~4 KiB scratch inside: static, not on the boot stack
xshim_xs_backend_report report; // ~4 KiB
char listing[1024];
using DeviceLine = TextBuf<2048>;

constexpr const char *kClasses[] = {"vbd", "vif"};
// What this probe would drive: one ring page, one queue (a read-only probe drives none yet).
constexpr xshim_xs_frontend_limits kLimits = {.max_ring_page_order = 0, .max_queues = 1};

void say(const xshim_verdict &v, const xshim_platform &p, const DeviceLine &line) {
    (void)xshim_say(&v, &p, line.text, line.len);
}

void limit(DeviceLine &line, const char *name, const xshim_xs_limit &l) {
    if (l.status == XSHIM_S_OK)
        line.str(" ").str(name).str("=").dec(l.advertised);
    else if (l.status != XSHIM_S_ENOENT)
        line.str(" ").str(name).str("=!").str(xshim_xs_status_name(l.status));
}

void probe_device(const xshim_verdict &v, const xshim_platform &p, const char *cls,
                  const char *id) {
    DeviceLine path;
    path.str("device/").str(cls).str("/").str(id);
    DeviceLine line;
    line.str("xshim-guest: ").str(cls).str(" ").str(id);
    const int32_t rc = xshim_xs_backend_features(&xs, path.text, &kLimits, &report);
    if (rc != XSHIM_S_OK) {
        line.str(" error=").str(xshim_xs_status_name(rc)).str("\n");
        say(v, p, line);
        return;
    }
    line.str(" backend=").str(report.backend);
    line.str(" protocol=").str(report.protocol_status == XSHIM_S_OK ? report.protocol : "-");
    for (uint32_t i = 0; i < report.nfeatures && i < XSHIM_XS_FEATURES_MAX; ++i) {
        const xshim_xs_feature &f = report.features[i];
        line.str(" ").str(f.name).str("=");
        if (f.status == XSHIM_S_OK)
            line.str(f.value);
        else
            line.str("!").str(xshim_xs_status_name(f.status));
    }
    limit(line, "max-ring-page-order", report.max_ring_page_order);
    limit(line, "multi-queue-max-queues", report.multi_queue_max_queues);
    if (report.dropped != 0)
        line.str(" dropped=").dec(report.dropped);
    line.str("\n");
    say(v, p, line);
}

} // namespace

void guest_probe_devices(const xshim_verdict &v, const xshim_platform &p) {
    DeviceLine line;
    const int32_t open = xshim_xs_open(&xs, &v, &p);
    if (open != XSHIM_S_OK) {
        line.str("xshim-guest: devices: XenStore not reachable: ")
            .str(xshim_xs_status_name(open))
            .str("\n");
        say(v, p, line);
        return;
    }
    uint32_t devices = 0;
    for (const char *cls : kClasses) {
        DeviceLine dir;
        dir.str("device/").str(cls);
        uint32_t count = 0;
        const int32_t rc = xshim_xs_directory(&xs, dir.text, listing, sizeof listing, &count);
        if (rc == XSHIM_S_ENOENT)
            continue;
        if (rc != XSHIM_S_OK) {
            DeviceLine err;
            err.str("xshim-guest: devices: listing ")
                .str(dir.text)
                .str(" failed: ")
                .str(xshim_xs_status_name(rc))
                .str("\n");
            say(v, p, err);
            continue;
        }
        const char *name = listing;
        for (uint32_t i = 0; i < count; ++i) {
            probe_device(v, p, cls, name);
            ++devices;
            while (*name != '\0')
                ++name;
            ++name;
        }
    }
    line.str("xshim-guest: devices: ").dec(devices).str(" probed\n");
    say(v, p, line);
}
