// tests/unit/test_xenstore_fake.hpp: a fake xenstored on a real ring page, for the XenStore
// client's tests. It runs one step per relax() of the client: takes request bytes from the req
// ring, answers complete requests from a path -> value map, and writes as much of its replies
// as the rsp ring has room for. Knobs make it hostile: tamper with reply headers or payloads,
// inject raw bytes, move indexes, stop answering.
#pragma once

#include "fake_xen.hpp"

#include <xshim_xenstore.h>

#include <abi/xs_wire.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

struct FakeStore {
    using Intf = xshim_xenstore_domain_interface;
    static constexpr uint32_t kRing = XSHIM_XENSTORE_RING_SIZE;

    alignas(4096) unsigned char page[4096];
    std::map<std::string, std::string> nodes; // absolute path -> value
    std::string home = "/local/domain/1";     // relative paths resolve here

    // Behaviour.
    bool dead = false;               // takes nothing, answers nothing
    bool deaf = false;               // takes the request bytes but never answers
    uint32_t chunk = kRing;          // most reply bytes written per step
    uint32_t events_before = 0;      // unsolicited XS_WATCH_EVENTs sent before each reply
    bool watch_events_first = false; // fire a write's watch events before its reply
    uint32_t tx_conflicts = 0;       // commits answered EAGAIN before one succeeds
    std::function<void(xshim_xsd_sockmsg &, std::string &)> tamper; // edits each reply
    std::function<void(FakeStore &)> on_step;                       // runs first in each step

    // What it saw.
    std::vector<std::pair<uint32_t, std::string>> requests; // type, payload (NUL included)
    std::vector<xshim_xsd_sockmsg> headers;
    uint64_t steps = 0;

    std::string inbuf;
    std::deque<char> outq;

    // Watches and transactions.
    struct Watch {
        std::string path; // as registered (relative ones resolve against home)
        std::string token;
    };
    std::vector<Watch> watches;
    uint32_t next_tx = 7;
    std::map<uint32_t, std::map<std::string, std::string>> tx_writes; // staged per transaction
    std::vector<std::pair<std::string, std::string>> pending_events;  // fired after a reply

    explicit FakeStore(uint32_t start_index = 0) {
        std::memset(page, 0xa5, sizeof page); // unused bytes have no particular value
        Intf &r = ring();
        r.req_cons = r.req_prod = r.rsp_cons = r.rsp_prod = start_index;
        r.server_features = 0;
        r.connection = XSHIM_XENSTORE_CONNECTED;
        r.error = XSHIM_XENSTORE_ERROR_NONE;
    }

    Intf &ring() { return *reinterpret_cast<Intf *>(page); }

    void set(const std::string &path, const std::string &value) { nodes[path] = value; }

    std::string resolve(const std::string &p) const {
        return !p.empty() && p[0] == '/' ? p : home + "/" + p;
    }

    bool exists(const std::string &p) const {
        if (nodes.count(p))
            return true;
        auto it = nodes.lower_bound(p + "/");
        return it != nodes.end() && it->first.compare(0, p.size() + 1, p + "/") == 0;
    }

    void queue(uint32_t type, uint32_t req_id, uint32_t tx_id, std::string payload) {
        xshim_xsd_sockmsg h{type, req_id, tx_id, static_cast<uint32_t>(payload.size())};
        if (tamper && type != XSHIM_XS_WATCH_EVENT)
            tamper(h, payload);
        raw(&h, sizeof h);
        raw(payload.data(), payload.size());
    }

    void raw(const void *p, size_t n) {
        const char *c = static_cast<const char *>(p);
        outq.insert(outq.end(), c, c + n);
    }

    void error(const xshim_xsd_sockmsg &h, const char *name) {
        queue(XSHIM_XS_ERROR, h.req_id, h.tx_id, std::string(name) + '\0');
    }

    // Watches that cover a changed node fire with its path, relative when the watch was.
    void changed(const std::string &abs) {
        for (auto &w : watches) {
            const std::string wp = resolve(w.path);
            if (abs != wp && abs.compare(0, wp.size() + 1, wp + "/") != 0)
                continue;
            std::string shown = abs;
            if (w.path[0] != '/')
                shown = abs.substr(home.size() + 1);
            pending_events.push_back({shown, w.token});
        }
    }
    void fire() {
        for (auto &e : pending_events)
            queue(XSHIM_XS_WATCH_EVENT, 0, 0, e.first + '\0' + e.second + '\0');
        pending_events.clear();
    }
    void ok(const xshim_xsd_sockmsg &h) {
        if (watch_events_first)
            fire();
        queue(h.type, h.req_id, h.tx_id, std::string("OK\0", 3));
        fire();
    }
    void write_node(uint32_t tx, const std::string &path, const std::string &value) {
        if (tx != 0) {
            tx_writes[tx][path] = value;
            return;
        }
        nodes[path] = value;
        changed(path);
    }

    // The requests that change the store; false when the type is not one of them.
    bool handle_change(const xshim_xsd_sockmsg &h, const std::string &payload,
                       const std::string &path) {
        const size_t nul = payload.find('\0');
        switch (h.type) {
        case XSHIM_XS_WRITE:
            write_node(h.tx_id, path, nul == std::string::npos ? "" : payload.substr(nul + 1));
            ok(h);
            return true;
        case XSHIM_XS_MKDIR:
            if (!exists(path))
                write_node(h.tx_id, path, "");
            ok(h);
            return true;
        case XSHIM_XS_RM: {
            if (!exists(path)) {
                error(h, "ENOENT");
                return true;
            }
            for (auto it = nodes.begin(); it != nodes.end();)
                it = it->first == path || it->first.compare(0, path.size() + 1, path + "/") == 0
                         ? nodes.erase(it)
                         : std::next(it);
            changed(path);
            ok(h);
            return true;
        }
        case XSHIM_XS_TRANSACTION_START:
            tx_writes[next_tx];
            queue(h.type, h.req_id, 0, std::to_string(next_tx++) + '\0');
            return true;
        case XSHIM_XS_TRANSACTION_END: {
            auto staged = tx_writes[h.tx_id];
            tx_writes.erase(h.tx_id);
            if (payload[0] == 'T' && tx_conflicts > 0) {
                --tx_conflicts;
                error(h, "EAGAIN");
                return true;
            }
            if (payload[0] == 'T')
                for (auto &kv : staged)
                    write_node(0, kv.first, kv.second);
            ok(h);
            return true;
        }
        case XSHIM_XS_WATCH:
        case XSHIM_XS_UNWATCH: {
            const std::string wpath = payload.substr(0, nul);
            const std::string token =
                payload.substr(nul + 1, payload.find('\0', nul + 1) - nul - 1);
            if (h.type == XSHIM_XS_WATCH) {
                watches.push_back({wpath, token});
                pending_events.push_back({wpath, token}); // xenstored fires once on registering
            } else {
                auto it = std::find_if(watches.begin(), watches.end(), [&](const Watch &w) {
                    return w.path == wpath && w.token == token;
                });
                if (it == watches.end()) {
                    error(h, "ENOENT");
                    return true;
                }
                watches.erase(it);
            }
            ok(h);
            return true;
        }
        default:
            return false;
        }
    }

    void handle(const xshim_xsd_sockmsg &h, const std::string &payload) {
        requests.push_back({h.type, payload});
        headers.push_back(h);
        for (uint32_t i = 0; i < events_before; ++i)
            queue(XSHIM_XS_WATCH_EVENT, 0, 0, std::string("device\0tok\0", 11));
        std::string path = resolve(payload.substr(0, payload.find('\0')));
        if (handle_change(h, payload, path))
            return;
        if (h.type == XSHIM_XS_READ) {
            auto it = nodes.find(path);
            if (it == nodes.end())
                return error(h, exists(path) ? "EISDIR" : "ENOENT");
            return queue(h.type, h.req_id, h.tx_id, it->second);
        }
        if (h.type == XSHIM_XS_DIRECTORY) {
            if (!exists(path))
                return error(h, "ENOENT");
            std::set<std::string> children;
            const std::string prefix = path + "/";
            for (auto &kv : nodes)
                if (kv.first.compare(0, prefix.size(), prefix) == 0)
                    children.insert(kv.first.substr(
                        prefix.size(), kv.first.find('/', prefix.size()) - prefix.size()));
            std::string out;
            for (auto &c : children)
                out += c + '\0';
            return queue(h.type, h.req_id, h.tx_id, out);
        }
        error(h, "ENOSYS");
    }

    void step() {
        ++steps;
        if (on_step)
            on_step(*this);
        if (dead)
            return;
        Intf &r = ring();
        uint32_t cons = r.req_cons;
        while (cons != r.req_prod && cons - r.req_cons < kRing)
            inbuf.push_back(r.req[cons++ & (kRing - 1)]);
        r.req_cons = cons;
        while (inbuf.size() >= sizeof(xshim_xsd_sockmsg)) {
            xshim_xsd_sockmsg h;
            std::memcpy(&h, inbuf.data(), sizeof h);
            if (inbuf.size() < sizeof h + h.len)
                break;
            std::string payload = inbuf.substr(sizeof h, h.len);
            inbuf.erase(0, sizeof h + h.len);
            if (!deaf)
                handle(h, payload);
        }
        uint32_t room = kRing - (r.rsp_prod - r.rsp_cons);
        uint32_t n = 0;
        while (!outq.empty() && n < room && n < chunk) {
            r.rsp[r.rsp_prod++ & (kRing - 1)] = outq.front();
            outq.pop_front();
            ++n;
        }
    }
};

// FakeXen whose relax() runs the fake xenstored and whose map_frame() hands out its ring.
struct XsBed : FakeXen {
    FakeStore store;
    std::vector<uint64_t> mapped; // frames map_frame was asked for
    bool map_fails = false;
    bool no_map = false;
    uint64_t relaxes = 0;

    explicit XsBed(uint32_t start_index = 0) : store(start_index) {}

    static XsBed &of(void *ctx) { return static_cast<XsBed &>(*static_cast<FakeXen *>(ctx)); }

    xshim_platform platform() {
        xshim_platform p = FakeXen::platform();
        p.relax = [](void *c) {
            XsBed &b = of(c);
            ++b.relaxes;
            b.store.step();
        };
        p.map_frame = no_map ? nullptr : +[](void *c, uint64_t frame) -> void * {
            XsBed &b = of(c);
            b.mapped.push_back(frame);
            return b.map_fails ? nullptr : static_cast<void *>(b.store.page);
        };
        return p;
    }

    // A hypercall port straight into this fake (64-bit PV syscall shape).
    xshim_hypercall port() {
        xshim_hypercall hc{};
        hc.fn = FakeXen::transport_fn(static_cast<FakeXen *>(this), XSHIM_TRANSPORT_SYSCALL);
        hc.cookie = static_cast<FakeXen *>(this);
        return hc;
    }

    // HVM_PARAM_STORE_PFN / STORE_EVTCHN answers; install with `hc.fn = &XsBed::with_params`
    // over a port whose cookie is this bed. Everything else goes to FakeXen.
    uint64_t param_store_pfn = 0, param_store_evtchn = 0;
    long param_rc = 0;
    static long with_params(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3,
                            uintptr_t, uintptr_t) {
        XsBed &b = of(cookie);
        if (nr == XSHIM_HC_hvm_op && a1 == XSHIM_HVMOP_get_param) {
            auto *p = reinterpret_cast<xshim_hvm_param *>(a2);
            if (p->index == XSHIM_HVM_PARAM_STORE_PFN || p->index == XSHIM_HVM_PARAM_STORE_EVTCHN) {
                b.calls.push_back(nr);
                if (b.param_rc != 0)
                    return b.param_rc;
                p->value = p->index == XSHIM_HVM_PARAM_STORE_PFN ? b.param_store_pfn
                                                                 : b.param_store_evtchn;
                return 0;
            }
        }
        return b.hypercall(nr, a1, a2, a3);
    }
};
