// tests/unit/test_xenstore_backend.cpp: xshim_xs_backend_features over the nodes the test bed
// captured (TESTBED.md, "A real toolstack": Linux 6.1 blkback and netback under Xen 4.17, libxl
// frontends), then a backend that lies; and the name tables behind the statuses.
#include "test_xenstore_fake.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

#if __has_include(<xen/errno.h>)
#include <xen/errno.h> // enum xen_errno: XEN_EINVAL = 22, ...
#define HAVE_XEN_ERRNO 1
#endif

namespace {

struct Bed {
    XsBed bed;
    xshim_platform p;
    xshim_hypercall hc;
    xshim_xs xs{};
    xshim_xs_backend_report rep{};
    xshim_xs_frontend_limits limits{8, 4};
    Bed() {
        p = bed.platform();
        hc = bed.port();
        REQUIRE(xshim_xs_attach(&xs, bed.store.page, 3, &hc, &p) == XSHIM_S_OK);
    }
    void set(const std::string &path, const std::string &value) { bed.store.set(path, value); }
    int32_t probe(const char *dev) { return xshim_xs_backend_features(&xs, dev, &limits, &rep); }
    std::string line() {
        char buf[1024];
        uint32_t n = xshim_xs_format_report(&rep, buf, sizeof buf);
        CHECK(n == std::strlen(buf));
        return buf;
    }
    const xshim_xs_feature *feature(const char *name) const {
        for (uint32_t i = 0; i < rep.nfeatures; ++i)
            if (std::string(rep.features[i].name) == name)
                return &rep.features[i];
        return nullptr;
    }
};

const char *const kVbdBack = "/local/domain/0/backend/vbd/1/51712";
const char *const kVifBack = "/local/domain/0/backend/vif/1/0";

// A vbd as libxl and Linux 6.1 blkback leave it at InitWait (TESTBED.md). The captured
// feature/limit names are feature-max-indirect-segments, max-ring-page-order=4 and
// multi-queue-max-queues=1; the capture did not record feature-max-indirect-segments' value,
// 256 is Linux's MAX_INDIRECT_SEGMENTS. The other nodes are the usual libxl/blkback ones.
void vbd(Bed &b) {
    const std::string fe = "/local/domain/1/device/vbd/51712/";
    b.set(fe + "backend", kVbdBack);
    b.set(fe + "backend-id", "0");
    b.set(fe + "state", "1");
    b.set(fe + "protocol", "x86_64-abi");
    b.set(fe + "trusted", "1");
    const std::string be = std::string(kVbdBack) + "/";
    b.set(be + "frontend", "/local/domain/1/device/vbd/51712");
    b.set(be + "frontend-id", "1");
    b.set(be + "online", "1");
    b.set(be + "state", "2");
    b.set(be + "physical-device", "1:0");
    b.set(be + "hotplug-status", "connected");
    b.set(be + "feature-max-indirect-segments", "256");
    b.set(be + "max-ring-page-order", "4");
    b.set(be + "multi-queue-max-queues", "1");
}

// A vif as Linux 6.1 netback leaves it (TESTBED.md: feature-sg, feature-rx-copy,
// feature-split-event-channels, feature-ctrl-ring, multi-queue-max-queues=1).
void vif(Bed &b) {
    const std::string fe = "/local/domain/1/device/vif/0/";
    b.set(fe + "backend", kVifBack);
    b.set(fe + "protocol", "x86_64-abi");
    const std::string be = std::string(kVifBack) + "/";
    b.set(be + "frontend", "/local/domain/1/device/vif/0");
    b.set(be + "state", "2");
    b.set(be + "feature-sg", "1");
    b.set(be + "feature-rx-copy", "1");
    b.set(be + "feature-split-event-channels", "1");
    b.set(be + "feature-ctrl-ring", "1");
    b.set(be + "multi-queue-max-queues", "1");
}

} // namespace

TEST_CASE("blkback as captured: features, ring order clamped to the frontend, protocol") {
    Bed b;
    vbd(b);
    b.limits.max_ring_page_order = 2; // this frontend maps at most 4 ring pages
    REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
    CHECK(std::string(b.rep.backend) == kVbdBack);
    CHECK(b.rep.protocol_status == XSHIM_S_OK);
    CHECK(std::string(b.rep.protocol) == "x86_64-abi");
    CHECK(b.rep.children == 9);
    REQUIRE(b.rep.nfeatures == 1);
    const xshim_xs_feature *f = b.feature("feature-max-indirect-segments");
    REQUIRE(f != nullptr);
    CHECK(f->status == XSHIM_S_OK);
    CHECK(std::string(f->value) == "256");
    CHECK(f->number_status == XSHIM_S_OK);
    CHECK(f->number == 256);
    CHECK(b.rep.dropped == 0);

    CHECK(b.rep.max_ring_page_order.status == XSHIM_S_OK);
    CHECK(b.rep.max_ring_page_order.advertised == 4);
    CHECK(b.rep.max_ring_page_order.value == 2);
    CHECK(b.rep.max_ring_page_order.clamped == 1);
    CHECK(b.rep.multi_queue_max_queues.status == XSHIM_S_OK);
    CHECK(b.rep.multi_queue_max_queues.value == 1);
    CHECK(b.rep.multi_queue_max_queues.clamped == 0);

    CHECK(b.line() == std::string("xenstore: backend=") + kVbdBack +
                          " protocol=x86_64-abi feature-max-indirect-segments=256"
                          " max-ring-page-order=4(use 2) multi-queue-max-queues=1(use 1)");
    // Read-only: every request was a READ or a DIRECTORY.
    for (auto &req : b.bed.store.requests)
        CHECK((req.first == XSHIM_XS_READ || req.first == XSHIM_XS_DIRECTORY));
}

TEST_CASE("blkback: a frontend that can map more pages uses what the backend offers") {
    Bed b;
    vbd(b);
    b.limits.max_ring_page_order = 8;
    REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
    CHECK(b.rep.max_ring_page_order.value == 4);
    CHECK(b.rep.max_ring_page_order.clamped == 0);
}

TEST_CASE("netback as captured: four features, one queue, no ring-order node") {
    Bed b;
    vif(b);
    REQUIRE(b.probe("device/vif/0") == XSHIM_S_OK);
    CHECK(std::string(b.rep.backend) == kVifBack);
    REQUIRE(b.rep.nfeatures == 4);
    for (const char *name :
         {"feature-sg", "feature-rx-copy", "feature-split-event-channels", "feature-ctrl-ring"}) {
        const xshim_xs_feature *f = b.feature(name);
        REQUIRE_MESSAGE(f != nullptr, name);
        CHECK(f->status == XSHIM_S_OK);
        CHECK(f->number == 1);
    }
    CHECK(b.feature("feature-persistent") == nullptr); // absent: the old protocol
    CHECK(b.rep.multi_queue_max_queues.advertised == 1);
    CHECK(b.rep.multi_queue_max_queues.value == 1);
    CHECK(b.rep.max_ring_page_order.status == XSHIM_S_ENOENT);
    CHECK(b.rep.max_ring_page_order.value == 0); // absent: one page
    const std::string line = b.line();
    CHECK(line.find("feature-ctrl-ring=1") != std::string::npos);
    CHECK(line.find("max-ring-page-order=absent(use 0)") != std::string::npos);
}

TEST_CASE("a frontend without a protocol node: native ABI, not an error") {
    Bed b;
    vif(b);
    b.bed.store.nodes.erase("/local/domain/1/device/vif/0/protocol");
    REQUIRE(b.probe("device/vif/0") == XSHIM_S_OK);
    CHECK(b.rep.protocol_status == XSHIM_S_ENOENT);
    CHECK(b.line().find("protocol=!enoent") != std::string::npos);
}

TEST_CASE("the backend node is validated before it is used") {
    Bed b;
    vif(b);
    const std::string node = "/local/domain/1/device/vif/0/backend";
    SUBCASE("no such device") { CHECK(b.probe("device/vif/7") == XSHIM_S_ENOENT); }
    SUBCASE("relative") {
        b.set(node, "backend/vif/1/0");
        CHECK(b.probe("device/vif/0") == XSHIM_S_XS_BAD_BACKEND);
    }
    SUBCASE("a NUL inside") {
        b.set(node, std::string("/local/domain/0\0/x", 18));
        CHECK(b.probe("device/vif/0") == XSHIM_S_XS_BAD_BACKEND);
    }
    SUBCASE("characters a path cannot hold") {
        b.set(node, "/local/domain/0/backend/vif/1/0 ; rm");
        CHECK(b.probe("device/vif/0") == XSHIM_S_XS_BAD_BACKEND);
        b.set(node, "/local/domain/0/backend/vif/1/\x1b[2J");
        CHECK(b.probe("device/vif/0") == XSHIM_S_XS_BAD_BACKEND);
    }
    SUBCASE("doubled or trailing slash") {
        b.set(node, "/local/domain/0//backend");
        CHECK(b.probe("device/vif/0") == XSHIM_S_XS_BAD_BACKEND);
        b.set(node, "/local/domain/0/backend/");
        CHECK(b.probe("device/vif/0") == XSHIM_S_XS_BAD_BACKEND);
    }
    SUBCASE("longer than XSHIM_XS_PATH_MAX") {
        b.set(node, "/" + std::string(XSHIM_XS_PATH_MAX, 'a'));
        CHECK(b.probe("device/vif/0") == XSHIM_S_XS_BAD_BACKEND);
    }
    CHECK(b.rep.backend[0] == '\0'); // nothing unvalidated is handed on
    CHECK(b.rep.nfeatures == 0);
    CHECK(b.xs.fault == 0);
}

TEST_CASE("a backend that lies about its limits: defaults, clamps, statuses") {
    Bed b;
    vbd(b);
    const std::string be = std::string(kVbdBack) + "/";
    b.limits = {3, 4};
    SUBCASE("negative") {
        b.set(be + "max-ring-page-order", "-1");
        REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
        CHECK(b.rep.max_ring_page_order.status == XSHIM_S_XS_MALFORMED);
        CHECK(b.rep.max_ring_page_order.value == 0);
    }
    SUBCASE("beyond 32 bits") {
        b.set(be + "max-ring-page-order", "4294967296");
        REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
        CHECK(b.rep.max_ring_page_order.status == XSHIM_S_RANGE);
        CHECK(b.rep.max_ring_page_order.value == 0);
    }
    SUBCASE("trailing space, hex") {
        b.set(be + "max-ring-page-order", "4 ");
        b.set(be + "multi-queue-max-queues", "0x8");
        REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
        CHECK(b.rep.max_ring_page_order.status == XSHIM_S_XS_MALFORMED);
        CHECK(b.rep.multi_queue_max_queues.status == XSHIM_S_XS_MALFORMED);
        CHECK(b.rep.multi_queue_max_queues.value == 1);
    }
    SUBCASE("zero queues") {
        b.set(be + "multi-queue-max-queues", "0");
        REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
        CHECK(b.rep.multi_queue_max_queues.status == XSHIM_S_RANGE);
        CHECK(b.rep.multi_queue_max_queues.value == 1);
    }
    SUBCASE("huge values are clamped to the frontend's own limits") {
        b.set(be + "max-ring-page-order", "4294967295");
        b.set(be + "multi-queue-max-queues", "4294967295");
        REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
        CHECK(b.rep.max_ring_page_order.advertised == 4294967295u);
        CHECK(b.rep.max_ring_page_order.value == 3);
        CHECK(b.rep.max_ring_page_order.clamped == 1);
        CHECK(b.rep.multi_queue_max_queues.value == 4);
        CHECK(b.line().find("multi-queue-max-queues=4294967295(use 4)") != std::string::npos);
    }
    SUBCASE("a value too long for its buffer") {
        b.set(be + "max-ring-page-order", std::string(100, '9'));
        REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
        CHECK(b.rep.max_ring_page_order.status == XSHIM_S_ENOBUFS);
        CHECK(b.rep.max_ring_page_order.value == 0);
        CHECK(b.line().find("max-ring-page-order=!enobufs(use 0)") != std::string::npos);
    }
    SUBCASE("a frontend that claims zero queues still drives one") {
        b.limits.max_queues = 0;
        REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
        CHECK(b.rep.multi_queue_max_queues.value == 1);
    }
}

TEST_CASE("feature values and names that do not fit") {
    Bed b;
    vif(b);
    const std::string be = std::string(kVifBack) + "/";
    b.set(be + "feature-long-value", std::string(XSHIM_XS_VALUE_MAX, '1'));
    b.set(be + "feature-" + std::string(XSHIM_XS_NAME_MAX, 'n'), "1");
    b.set(be + "feature-text", "yes");
    b.set(be + "feature-ctl", "1\x07");
    b.set(be + "feature-nul", std::string("1\0", 2));
    REQUIRE(b.probe("device/vif/0") == XSHIM_S_OK);
    CHECK(b.rep.dropped == 1); // the long name
    const xshim_xs_feature *f = b.feature("feature-long-value");
    REQUIRE(f != nullptr);
    CHECK(f->status == XSHIM_S_ENOBUFS);
    CHECK(std::string(f->value) == "");
    f = b.feature("feature-text");
    REQUIRE(f != nullptr);
    CHECK(f->status == XSHIM_S_OK);
    CHECK(f->number_status == XSHIM_S_XS_MALFORMED);
    for (const char *name : {"feature-ctl", "feature-nul"}) {
        f = b.feature(name);
        REQUIRE(f != nullptr);
        CHECK(f->status == XSHIM_S_XS_MALFORMED);
        CHECK(std::string(f->value) == "");
    }
    CHECK(b.rep.nfeatures == 8);
}

TEST_CASE("more feature-* nodes than the report holds are counted, not lost silently") {
    Bed b;
    vif(b);
    for (int i = 0; i < 40; ++i)
        b.set(std::string(kVifBack) + "/feature-x" + std::to_string(100 + i), "1");
    REQUIRE(b.probe("device/vif/0") == XSHIM_S_OK);
    CHECK(b.rep.nfeatures == XSHIM_XS_FEATURES_MAX);
    CHECK(b.rep.dropped == 44 - XSHIM_XS_FEATURES_MAX);
    CHECK(b.line().find(" dropped=12") != std::string::npos);
}

TEST_CASE("backend_features stops at a fault of the connection") {
    Bed b;
    vif(b);
    b.xs.spin_limit = 200;
    b.bed.store.on_step = [](FakeStore &s) {
        if (s.requests.size() >= 4) // answer the backend, protocol, directory, one feature
            s.deaf = true;
    };
    CHECK(b.probe("device/vif/0") == XSHIM_S_TIMEOUT);
    // The first feature was answered; the second is recorded with the fault, then it stops.
    REQUIRE(b.rep.nfeatures == 2);
    CHECK(b.rep.features[0].status == XSHIM_S_OK);
    CHECK(b.rep.features[1].status == XSHIM_S_TIMEOUT);
    CHECK(b.xs.fault == XSHIM_S_TIMEOUT);
}

TEST_CASE("bad arguments") {
    Bed b;
    CHECK(xshim_xs_backend_features(&b.xs, nullptr, &b.limits, &b.rep) == XSHIM_S_EINVAL);
    CHECK(xshim_xs_backend_features(&b.xs, "device/vif/0", nullptr, &b.rep) == XSHIM_S_EINVAL);
    CHECK(xshim_xs_backend_features(&b.xs, "device/vif/0", &b.limits, nullptr) == XSHIM_S_EINVAL);
    CHECK(b.probe("device//vif") == XSHIM_S_EINVAL);
    CHECK(b.bed.store.requests.empty());
    char tiny[8];
    CHECK(xshim_xs_format_report(nullptr, tiny, sizeof tiny) == 7); // clipped, terminated
    CHECK(std::string(tiny) == "xenstor");
}

TEST_CASE("status names: one each, none shared") {
    const int32_t statuses[] = {XSHIM_S_OK,
                                XSHIM_S_EINVAL,
                                XSHIM_S_ENOBUFS,
                                XSHIM_S_RANGE,
                                XSHIM_S_TIMEOUT,
                                XSHIM_S_XS_NO_STORE,
                                XSHIM_S_XS_NO_MAP,
                                XSHIM_S_XS_RECONNECTING,
                                XSHIM_S_XS_RING_ERROR,
                                XSHIM_S_XS_BAD_INDEX,
                                XSHIM_S_XS_TOO_LONG,
                                XSHIM_S_XS_BAD_REQ_ID,
                                XSHIM_S_XS_BAD_TX_ID,
                                XSHIM_S_XS_BAD_TYPE,
                                XSHIM_S_XS_MALFORMED,
                                XSHIM_S_XS_BAD_BACKEND,
                                XSHIM_S_XS_BROKEN,
                                XSHIM_S_XS_NOTIFY,
                                XSHIM_S_XS_ERROR_UNKNOWN,
                                XSHIM_S_ENOENT,
                                XSHIM_S_EPERM};
    std::set<std::string> seen;
    for (int32_t s : statuses) {
        std::string name = xshim_xs_status_name(s);
        CHECK_MESSAGE(name != "other", s);
        CHECK_MESSAGE(seen.insert(name).second, name);
    }
    CHECK(std::string(xshim_xs_status_name(-9999)) == "other");
}

TEST_CASE("every XS_ERROR name maps to Xen's errno for it") {
    struct Case {
        const char *name;
        int xen;
    };
#ifdef HAVE_XEN_ERRNO
    // Checked against libxen-dev's xen/errno.h.
    const Case cases[] = {
        {"EINVAL", XEN_EINVAL}, {"EACCES", XEN_EACCES},   {"EEXIST", XEN_EEXIST},
        {"EISDIR", XEN_EISDIR}, {"ENOENT", XEN_ENOENT},   {"ENOMEM", XEN_ENOMEM},
        {"ENOSPC", XEN_ENOSPC}, {"EIO", XEN_EIO},         {"ENOTEMPTY", XEN_ENOTEMPTY},
        {"ENOSYS", XEN_ENOSYS}, {"EROFS", XEN_EROFS},     {"EBUSY", XEN_EBUSY},
        {"EAGAIN", XEN_EAGAIN}, {"EISCONN", XEN_EISCONN}, {"E2BIG", XEN_E2BIG},
        {"EPERM", XEN_EPERM}};
#else
    // Without libxen-dev: the numbers copied from xen/errno.h.
    const Case cases[] = {{"EINVAL", 22},    {"EACCES", 13},   {"EEXIST", 17}, {"EISDIR", 21},
                          {"ENOENT", 2},     {"ENOMEM", 12},   {"ENOSPC", 28}, {"EIO", 5},
                          {"ENOTEMPTY", 39}, {"ENOSYS", 38},   {"EROFS", 30},  {"EBUSY", 16},
                          {"EAGAIN", 11},    {"EISCONN", 106}, {"E2BIG", 7},   {"EPERM", 1}};
#endif
    for (const Case &c : cases) {
        Bed b;
        b.set("/local/domain/1/x", "1");
        std::string name = c.name;
        b.bed.store.tamper = [&name](xshim_xsd_sockmsg &h, std::string &payload) {
            h.type = XSHIM_XS_ERROR;
            payload = name + '\0';
            h.len = static_cast<uint32_t>(payload.size());
        };
        char out[8];
        uint32_t len = 0;
        CHECK_MESSAGE(xshim_xs_read(&b.xs, "x", out, sizeof out, &len) == -c.xen, c.name);
        CHECK(std::string(b.xs.last_error) == c.name);
    }
}

TEST_CASE("a listing that repeats a limit's name costs no extra requests") {
    Bed b;
    vbd(b);
    b.bed.store.tamper = [](xshim_xsd_sockmsg &h, std::string &payload) {
        if (h.type != XSHIM_XS_DIRECTORY)
            return;
        payload.clear();
        for (int i = 0; i < 50; ++i)
            payload += std::string("max-ring-page-order") + '\0';
        h.len = static_cast<uint32_t>(payload.size());
    };
    REQUIRE(b.probe("device/vbd/51712") == XSHIM_S_OK);
    CHECK(b.rep.children == 50);
    CHECK(b.rep.max_ring_page_order.advertised == 4);
    CHECK(b.bed.store.requests.size() == 4); // backend, protocol, directory, the limit once
}
