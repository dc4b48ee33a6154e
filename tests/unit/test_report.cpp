// tests/unit/test_report.cpp: saying the verdict and stopping. console_io (chunked, partial and
// failed writes), the PV console ring (drained by a fake xenconsoled in relax(), hostile
// indexes, never drained: bounded), port 0xe9 only where console_io did not take the text, and
// the shutdown through sched_op or its compat slot 6.
#include "boot_fixtures.hpp"
#include "fake_xen.hpp"

#include <doctest/doctest.h>

#include <abi/console_ring.h>

#include <csetjmp>
#include <string>

namespace {

constexpr uint64_t kRingMfn = 0x4321;
constexpr uint32_t kRingPort = 3;

struct Run {
    FakeXen xen;
    xshim_policy policy = make_policy();
    xshim_verdict v{};
    xshim_platform p{};

    uint32_t boot_pv(uint64_t console_mfn = 0, uint32_t console_evtchn = 0) {
        PvStart pv;
        pv.si.console.domU.mfn = console_mfn;
        pv.si.console.domU.evtchn = console_evtchn;
        xshim_handoff h = pv.handoff();
        p = xen.platform();
        return xshim_boot(&h, &policy, &p, &v);
    }
    uint32_t boot_pvh() {
        PvhStart pvh;
        xshim_handoff h = pvh.handoff();
        p = xen.platform();
        return xshim_boot(&h, &policy, &p, &v);
    }
    uint32_t say(const std::string &text) { return xshim_say(&v, &p, text.data(), text.size()); }
};

// A console daemon: takes what the guest produced, as xenconsoled does after the event.
struct Drainer {
    xshim_xencons_interface ring{};
    std::string seen;
    void drain() {
        while (ring.out_cons != ring.out_prod) {
            seen.push_back(ring.out[ring.out_cons % XSHIM_XENCONS_OUT_SIZE]);
            ++ring.out_cons;
        }
    }
};

std::string text_of(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i)
        s.push_back(static_cast<char>('a' + i % 26));
    return s;
}

// xshim_report() does not return from a refusal: it loops in relax() after the shutdown call.
// The fake's relax() jumps back here once the shutdown has been asked for.
std::jmp_buf halted;

bool report_until_halt(Run &r) {
    r.xen.on_relax = [] { std::longjmp(halted, 1); };
    r.p = r.xen.platform();
    if (setjmp(halted) == 0) {
        xshim_report(&r.v, &r.p);
        return false; // returned: only a SELECTED verdict may
    }
    return true;
}

} // namespace

TEST_CASE("report: console_io") {
    SUBCASE("a long text goes in 256-byte chunks, all of it") {
        Run r;
        REQUIRE(r.boot_pv() == XSHIM_SELECTED);
        r.xen.console.clear();
        std::string t = text_of(700);
        CHECK(r.say(t) == 1);
        CHECK(r.xen.console == t);
    }
    SUBCASE("a write that comes back partial is continued from where it stopped") {
        Run r;
        REQUIRE(r.boot_pv() == XSHIM_SELECTED);
        r.xen.console.clear();
        r.xen.console_rcs = {100, 7, 0};
        std::string t = text_of(300);
        CHECK(r.say(t) == 1);
        CHECK(r.xen.console == t);
    }
    SUBCASE("a count larger than asked is read as 'all of it', not as a skip ahead") {
        Run r;
        REQUIRE(r.boot_pv() == XSHIM_SELECTED);
        r.xen.console.clear();
        r.xen.console_rcs = {5000};
        CHECK(r.say("short\n") == 1);
        CHECK(r.xen.console == "short\n");
    }
    SUBCASE("a failed write (-EPERM, a domU on a release build) is not counted, never fatal") {
        Run r;
        REQUIRE(r.boot_pv() == XSHIM_SELECTED);
        r.xen.console.clear();
        r.xen.console_rcs = {XSHIM_S_EPERM};
        CHECK(r.say("x\n") == 0);
        CHECK(r.xen.console.empty());
        CHECK(r.xen.port_e9.empty()); // a PV guest has no port 0xe9
    }
    SUBCASE("a console that always answers 1 byte is bounded by the call limit") {
        Run r;
        REQUIRE(r.boot_pv() == XSHIM_SELECTED);
        r.xen.console.clear();
        r.xen.console_rcs.assign(1000, 1);
        std::string t = text_of(200);
        CHECK(r.say(t) == 0); // not all of it went out: not counted as taken
        CHECK(r.xen.console.size() < t.size());
        CHECK(r.xen.console_rcs.size() > 1000 - 200); // stopped early, did not spin on
    }
}

TEST_CASE("report: the PV console ring of a domU") {
    SUBCASE("the text reaches the ring, the event is sent, the wait ends when drained") {
        Run r;
        Drainer d;
        r.xen.ring_frame = &d.ring;
        r.xen.on_relax = [&] { d.drain(); };
        REQUIRE(r.boot_pv(kRingMfn, kRingPort) == XSHIM_SELECTED);
        r.xen.console_rcs = {XSHIM_S_EPERM};
        CHECK(r.say("xshim: hello\n") == 1);
        d.drain();
        CHECK(d.seen == "xshim: hello\n");
        CHECK(r.xen.mapped_frame == kRingMfn);
        REQUIRE(!r.xen.evtchn_sends.empty());
        CHECK(r.xen.evtchn_sends.back() == kRingPort);
    }
    SUBCASE("a text longer than the ring waits for room and arrives whole, in order") {
        Run r;
        Drainer d;
        r.xen.ring_frame = &d.ring;
        r.xen.on_relax = [&] { d.drain(); };
        REQUIRE(r.boot_pv(kRingMfn, kRingPort) == XSHIM_SELECTED);
        std::string t = text_of(3 * XSHIM_XENCONS_OUT_SIZE + 17);
        r.p.wait_rounds = 8;  // bounds all the text's waits; each fill needs one drain round
        CHECK(r.say(t) == 2); // console_io and the ring
        d.drain();
        CHECK(d.seen == t);
    }
    SUBCASE("indexes that wrap the 32-bit counter still work") {
        Run r;
        Drainer d;
        d.ring.out_cons = d.ring.out_prod = 0xfffffff0u;
        r.xen.ring_frame = &d.ring;
        r.xen.on_relax = [&] { d.drain(); };
        REQUIRE(r.boot_pv(kRingMfn, kRingPort) == XSHIM_SELECTED);
        CHECK(r.say(text_of(64)) == 2);
        d.drain();
        CHECK(d.seen == text_of(64));
    }
    SUBCASE("hostile indexes (more pending than the ring holds): the ring is not used") {
        Run r;
        Drainer d;
        d.ring.out_cons = 0;
        d.ring.out_prod = XSHIM_XENCONS_OUT_SIZE + 1;
        r.xen.ring_frame = &d.ring;
        REQUIRE(r.boot_pv(kRingMfn, kRingPort) == XSHIM_SELECTED);
        r.xen.console_rcs = {XSHIM_S_EPERM};
        CHECK(r.say("x\n") == 0);
        CHECK(d.ring.out_prod == XSHIM_XENCONS_OUT_SIZE + 1); // untouched
        CHECK(r.xen.relaxes == 0);                            // and no waiting on it
    }
    SUBCASE("a console daemon that never drains: the wait is bounded and says 'not taken'") {
        Run r;
        Drainer d;
        r.xen.ring_frame = &d.ring;
        REQUIRE(r.boot_pv(kRingMfn, kRingPort) == XSHIM_SELECTED);
        r.xen.console_rcs = {XSHIM_S_EPERM};
        r.p.wait_rounds = 5000; // the kernel's bound (0 would be XSHIM_WAIT_ROUNDS_DEFAULT)
        CHECK(r.say("nobody reads this\n") == 0);
        CHECK(r.xen.relaxes >= 4999); // waited out the kernel's bound...
        CHECK(r.xen.relaxes <= 5000); // ...and not a round more
        CHECK(d.ring.out_prod == 18); // the text is in the ring, for a later reader
    }
    SUBCASE("dom0 (no console frame) does not map anything") {
        Run r;
        Drainer d;
        r.xen.ring_frame = &d.ring;
        REQUIRE(r.boot_pv() == XSHIM_SELECTED);
        CHECK(r.say("x\n") == 1);
        CHECK(r.xen.mapped_frame == 0);
        CHECK(d.ring.out_prod == 0);
    }
    SUBCASE("a kernel that cannot map the frame: console_io only") {
        Run r;
        REQUIRE(r.boot_pv(kRingMfn, kRingPort) == XSHIM_SELECTED);
        r.xen.ring_frame = nullptr;
        CHECK(r.say("x\n") == 1);
        CHECK(r.xen.mapped_frame == kRingMfn);
    }
}

TEST_CASE("report: PVH console ring through HVM params, and port 0xe9") {
    SUBCASE("PVH domU: the ring named by HVM_PARAM_CONSOLE_PFN/EVTCHN") {
        Run r;
        Drainer d;
        r.xen.ring_frame = &d.ring;
        r.xen.console_pfn = 0xfefff;
        r.xen.console_evtchn = 2;
        r.xen.on_relax = [&] { d.drain(); };
        REQUIRE(r.boot_pvh() == XSHIM_SELECTED);
        r.xen.console_rcs = {XSHIM_S_EPERM};
        CHECK(r.say("pvh\n") == 2); // the ring, and 0xe9 since console_io did not take it
        d.drain();
        CHECK(d.seen == "pvh\n");
        CHECK(r.xen.mapped_frame == 0xfefff);
        CHECK(r.xen.evtchn_sends.back() == 2);
        CHECK(r.xen.port_e9 == "pvh\n");
    }
    SUBCASE("PVH where console_io took the text: 0xe9 stays quiet (no line twice)") {
        Run r;
        REQUIRE(r.boot_pvh() == XSHIM_SELECTED);
        CHECK(r.say("once\n") == 1);
        CHECK(r.xen.port_e9.empty());
    }
    SUBCASE("HVM params denied: no ring, no crash") {
        Run r;
        r.xen.ring_frame = &r; // would be wrong to use
        REQUIRE(r.boot_pvh() == XSHIM_SELECTED);
        r.xen.hvm_param_rc = XSHIM_S_EPERM;
        r.xen.console_rcs = {XSHIM_S_EPERM};
        CHECK(r.say("x\n") == 1); // 0xe9 only
        CHECK(r.xen.mapped_frame == 0);
    }
    SUBCASE("no Xen at all: port 0xe9 is the only channel") {
        Run r;
        r.xen.signature = "TCGTCGTCGTCG";
        REQUIRE(r.boot_pvh() == XSHIM_REFUSED);
        r.xen.calls.clear();
        CHECK(r.say("no xen\n") == 1);
        CHECK(r.xen.port_e9 == "no xen\n");
        CHECK(r.xen.calls.empty()); // no hypercall where there is no hypervisor
    }
}

TEST_CASE("report: a refusal is said, then the domain is shut down") {
    SUBCASE("sched_op(SCHEDOP_shutdown) with the policy's reason") {
        Run r;
        r.policy.on_refusal = XSHIM_SHUTDOWN_poweroff;
        r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(3, 4);
        REQUIRE(r.boot_pv() == XSHIM_REFUSED);
        r.xen.console.clear();
        REQUIRE(report_until_halt(r));
        CHECK(r.xen.console == std::string(r.v.line) + "\n");
        REQUIRE(r.xen.shutdowns.size() == 1);
        CHECK(r.xen.shutdowns[0] == XSHIM_SHUTDOWN_poweroff);
    }
    SUBCASE("sched_op answering -ENOSYS: a PV guest retries through compat slot 6") {
        Run r;
        r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(3, 4);
        REQUIRE(r.boot_pv() == XSHIM_REFUSED);
        r.xen.sched_rc = XSHIM_S_ENOSYS;
        REQUIRE(report_until_halt(r));
        REQUIRE(r.xen.shutdowns.size() == 1);
        CHECK(r.xen.shutdowns[0] == XSHIM_SHUTDOWN_crash);
        CHECK(r.xen.calls.back() == XSHIM_HC_sched_op_compat);
    }
    SUBCASE("PVH has no compat slots: -ENOSYS is not retried through slot 6") {
        Run r;
        r.xen.version_rc = r.xen.cpuid_version = XSHIM_RELEASE(3, 4);
        REQUIRE(r.boot_pvh() == XSHIM_REFUSED);
        r.xen.sched_rc = XSHIM_S_ENOSYS;
        REQUIRE(report_until_halt(r));
        CHECK(r.xen.shutdowns.empty());
        CHECK(r.xen.calls.back() == XSHIM_HC_sched_op);
    }
    SUBCASE("a malformed policy shuts down with crash, whatever it asked for") {
        Run r;
        r.policy.on_refusal = XSHIM_SHUTDOWN_reboot;
        r.policy.magic = 0;
        REQUIRE(r.boot_pv() == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_BAD_POLICY);
        REQUIRE(report_until_halt(r));
        REQUIRE(r.xen.shutdowns.size() == 1);
        CHECK(r.xen.shutdowns[0] == XSHIM_SHUTDOWN_crash);
    }
    SUBCASE("no Xen: the platform's stop() is asked, no hypercall is made") {
        Run r;
        r.xen.has_cpuid = true;
        r.xen.signature = "KVMKVMKVM\0\0\0";
        REQUIRE(r.boot_pvh() == XSHIM_REFUSED);
        r.xen.calls.clear();
        REQUIRE(report_until_halt(r));
        CHECK(r.xen.stops == 1);
        CHECK(r.xen.calls.empty());
        CHECK(contains(r.xen.port_e9.c_str(), "[no-xen]"));
    }
    SUBCASE("a refusal before the port was chosen (garbage start_info) still reaches Xen") {
        Run r;
        PvStart pv("garbage");
        xshim_handoff h = pv.handoff();
        r.p = r.xen.platform();
        REQUIRE(xshim_boot(&h, &r.policy, &r.p, &r.v) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_BAD_START_INFO);
        REQUIRE(r.v.selection.hypercall.adapter != nullptr);
        CHECK(std::string(r.v.selection.hypercall.adapter->name) == "pv64-syscall");
        REQUIRE(report_until_halt(r));
        CHECK(r.xen.console == std::string(r.v.line) + "\n");
        REQUIRE(r.xen.shutdowns.size() == 1);
        CHECK(r.xen.shutdowns[0] == XSHIM_SHUTDOWN_crash);
    }
    SUBCASE("a PV handoff with a NULL pointer: said through console_io, then shut down") {
        Run r;
        xshim_handoff h{XSHIM_BOOT_PV, 0, nullptr};
        r.p = r.xen.platform();
        REQUIRE(xshim_boot(&h, &r.policy, &r.p, &r.v) == XSHIM_REFUSED);
        CHECK(r.v.reason == XSHIM_REASON_NO_HANDOFF);
        REQUIRE(report_until_halt(r));
        CHECK(contains(r.xen.console.c_str(), "[no-handoff]"));
        CHECK(r.xen.shutdowns.size() == 1);
    }
    SUBCASE("no protocol named at all: no port is guessed, the platform's stop() is asked") {
        Run r;
        xshim_handoff h{XSHIM_BOOT_NONE, 0, nullptr};
        r.p = r.xen.platform();
        REQUIRE(xshim_boot(&h, &r.policy, &r.p, &r.v) == XSHIM_REFUSED);
        CHECK(r.v.selection.hypercall.adapter == nullptr);
        r.xen.calls.clear();
        REQUIRE(report_until_halt(r));
        CHECK(r.xen.calls.empty());
        CHECK(r.xen.stops == 1);
    }
    SUBCASE("a SELECTED verdict is said and returns") {
        Run r;
        REQUIRE(r.boot_pv() == XSHIM_SELECTED);
        r.xen.console.clear();
        CHECK_FALSE(report_until_halt(r));
        CHECK(r.xen.console == std::string(r.v.line) + "\n");
        CHECK(r.xen.shutdowns.empty());
    }
}
