// tests/fuzz/gen_seeds.cpp: writes the fuzz seeds (tests/fuzz/seeds/<target>/) from the
// captures the unit tests keep: the Xen 4.17 answers of tests/unit/fake_xen.hpp and the boot
// structures of tests/unit/boot_fixtures.hpp (see seeds/README.md for where each came from).
// `make fuzz-seeds` runs it; its output is committed, so the fuzzers need nothing generated.
//
// The probe and xenver seeds are recordings: xshim runs against FakeXen while a stream_xen.hpp
// recorder writes each answer in the encoding the fuzz targets replay, and every recording is
// replayed once here to check that it gives the same verdict line.
#include "stream_xen.hpp"

#include "shim/select/tables.hpp"
#include "shim/probe/probe.hpp"
#include "tests/unit/boot_fixtures.hpp"
#include "tests/unit/fake_xen.hpp"

#include <abi/features.h>
#include <abi/hvm_start_info.h>
#include <abi/start_info_x86.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <memory>
#include <string>
#include <vector>

namespace {

std::string g_root;

void write_seed(const char *target, const char *name, const void *data, size_t n) {
    const std::string dir = g_root + "/" + target;
    mkdir(g_root.c_str(), 0755);
    mkdir(dir.c_str(), 0755);
    const std::string path = dir + "/" + name;
    FILE *f = fopen(path.c_str(), "wb");
    if (f == nullptr || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "gen-seeds: cannot write %s\n", path.c_str());
        exit(1);
    }
    printf("gen-seeds: %s (%zu bytes)\n", path.c_str(), n);
}

// A structure's bytes without the trailing zeros (the targets zero-pad short input).
size_t trimmed(const void *p, size_t n) {
    const auto *b = static_cast<const uint8_t *>(p);
    while (n > 0 && b[n - 1] == 0)
        --n;
    return n;
}

template <typename T> void write_struct(const char *target, const char *name, const T &s) {
    write_seed(target, name, &s, trimmed(&s, sizeof s));
}

// Answers from FakeXen, recorded as they are given.
struct Record final : fuzz::Answers {
    FakeXen &fake;
    fuzz::Encode e;
    Record(FakeXen &f, fuzz::Output &out) : fake(f), e{out} {}
    void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4]) override {
        FakeXen::cpuid_fn(&fake, leaf, subleaf, r);
        fuzz::exchange_cpuid(e, r);
    }
    long hypercall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3) override {
        const long rc = fake.hypercall(nr, a1, a2, a3);
        int64_t rc64 = rc;
        fuzz::exchange_hypercall(e, rc64, nr, a1, a2);
        return rc;
    }
    fuzz::RingState ring() override {
        fuzz::RingState r; // FakeXen's captures have no console ring (dom0 uses console_io)
        fuzz::exchange_ring(e, r);
        return r;
    }
};

fuzz::Header header_of(const FakeXen &x, uint32_t protocol, bool prefer_page) {
    fuzz::Header h;
    h.protocol = static_cast<uint8_t>(protocol);
    h.arch = static_cast<uint8_t>(x.arch);
    h.transports = static_cast<uint8_t>(x.transports);
    h.flags = static_cast<uint8_t>((x.has_cpuid ? fuzz::Header::kHasCpuid : 0) |
                                   (x.give_page ? fuzz::Header::kGivePage : 0) |
                                   (prefer_page ? fuzz::Header::kPreferPage : 0));
    return h;
}

// The same policy fuzz_probe.cpp uses.
xshim_policy probe_policy(bool prefer_page) {
    xshim_policy p = make_policy(XSHIM_RELEASE(3, 0), XSHIM_RELEASE(4, 17), XSHIM_NEWER_ACCEPT);
    p.flags = prefer_page ? XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE : 0;
    return p;
}

// One whole boot as fuzz_probe.cpp runs it, recorded; then replayed to check the encoding.
void probe_seed(const char *name, FakeXen xen, uint32_t protocol, const void *boot,
                size_t boot_size, bool prefer_page = false) {
    fuzz::Output out;
    fuzz::Encode e{out};
    fuzz::Header h = header_of(xen, protocol, prefer_page);
    fuzz::exchange_header(e, h);
    const size_t n = trimmed(boot, boot_size);
    out.put(static_cast<uint16_t>(n));
    out.put_bytes(boot, n);

    const xshim_policy policy = probe_policy(prefer_page);
    const xshim_handoff handoff{protocol, 0, boot};
    auto recorded = std::make_unique<xshim_verdict>();
    {
        Record rec(xen, out);
        fuzz::StreamXen x(&rec, h);
        const xshim_platform p = x.platform();
        (void)xshim_boot(&handoff, &policy, &p, recorded.get());
        if (recorded->outcome == XSHIM_SELECTED)
            xshim_report(recorded.get(), &p);
        else
            (void)xshim_say(recorded.get(), &p, recorded->line, strlen(recorded->line));
    }

    // Replay: header and boot bytes skipped, answers from the recording.
    fuzz::Input in(out.bytes().data(), out.bytes().size());
    fuzz::Header h2;
    fuzz::Decode d{in};
    fuzz::exchange_header(d, h2);
    std::vector<uint8_t> skip(in.take<uint16_t>());
    in.take_into(skip.data(), skip.size());
    fuzz::Replay rep(in);
    fuzz::StreamXen x(&rep, h2);
    const xshim_platform p = x.platform();
    auto replayed = std::make_unique<xshim_verdict>();
    (void)xshim_boot(&handoff, &policy, &p, replayed.get());
    if (strcmp(recorded->line, replayed->line) != 0) {
        fprintf(stderr, "gen-seeds: %s replays differently:\n  %s\n  %s\n", name, recorded->line,
                replayed->line);
        exit(1);
    }
    printf("gen-seeds: probe/%s: %s\n", name, recorded->line);
    write_seed("probe", name, out.bytes().data(), out.bytes().size());
}

// The xen_version facts as fuzz_xenver.cpp asks for them, recorded.
void xenver_seed(const char *name, FakeXen xen) {
    fuzz::Output out;
    fuzz::Encode e{out};
    fuzz::Header h = header_of(xen, XSHIM_BOOT_PV, false);
    fuzz::exchange_header(e, h);
    Record rec(xen, out);
    fuzz::StreamXen x(&rec, h);
    xshim_hypercall hc{};
    hc.adapter = &*xshim::hypercall_adapters.begin();
    hc.fn = &fuzz::StreamXen::call_fn;
    hc.cookie = &x;
    xshim_identity id{};
    xshim::read_extraversion(hc, &id);
    xshim::read_features(hc, &id);
    xshim::read_capabilities(hc, &id);
    xshim::probe_evtchn_fifo(hc, &id);
    write_seed("xenver", name, out.bytes().data(), out.bytes().size());
}

void set_string(char *field, size_t cap, const char *s) {
    memset(field, 0, cap);
    memcpy(field, s, strlen(s) < cap ? strlen(s) : cap);
}

void start_info_seeds() {
    PvStart dom0; // the magic Xen 4.17 wrote for the 64-bit PV dom0 (boot_fixtures.hpp)
    dom0.si.flags = XSHIM_SIF_PRIVILEGED | XSHIM_SIF_INITDOMAIN;
    dom0.si.console.dom0.info_off = 0x4a0;
    dom0.si.console.dom0.info_size = 0x40;
    write_struct("start_info", "pv64-dom0", dom0.si);

    PvStart domU;
    domU.si.store_mfn = 0x1b3a5c;
    domU.si.store_evtchn = 1;
    domU.si.console.domU.mfn = 0x1b3a5b;
    domU.si.console.domU.evtchn = 2;
    set_string(reinterpret_cast<char *>(domU.si.cmd_line), sizeof domU.si.cmd_line,
               "console=hvc0 root=/dev/xvda1");
    write_struct("start_info", "pv64-domU", domU.si);

    xshim_start_info_x86_32 pv32{};
    set_string(pv32.magic, sizeof pv32.magic, "xen-3.0-x86_32p");
    pv32.nr_pages = dom0.si.nr_pages;
    pv32.shared_info = static_cast<uint32_t>(dom0.si.shared_info);
    pv32.console.domU.mfn = 0x7f3a3u;
    pv32.console.domU.evtchn = 4;
    set_string(reinterpret_cast<char *>(pv32.cmd_line), sizeof pv32.cmd_line, "console=hvc0");
    write_struct("start_info", "pv32p-domU", pv32);
}

void hvm_start_info_seeds() {
    PvhStart v0(0); // what Xen 4.17's PVH dom0 builder wrote: magic, version 0, RSDP
    write_seed("hvm_start_info", "pvh-v0", &v0.hsi, XSHIM_HVM_START_INFO_V0_SIZE);
    PvhStart v1(1); // the toolstack's version 1, with a memory map
    v1.hsi.nr_modules = 1;
    v1.hsi.modlist_paddr = 0x8000;
    v1.hsi.cmdline_paddr = 0x9000;
    v1.hsi.memmap_paddr = 0xa000;
    v1.hsi.memmap_entries = 6;
    write_seed("hvm_start_info", "pvh-v1-memmap", &v1.hsi, sizeof v1.hsi);
}

void xenver_seeds() {
    FakeXen captured; // tests/corpus/xen-4.17-x86_64-pv-dom0: no extraversion2, ".7", one submap
    xenver_seed("xen-4.17", captured);

    FakeXen v2;
    v2.extraversion2_rc = 0;
    v2.extraversion2 = ".0-rc";
    xenver_seed("extraversion2", v2);

    FakeXen denied;
    memcpy(denied.extraversion, XSHIM_XENVER_DENIED, XSHIM_XENVER_DENIED_LEN + 1);
    denied.capabilities = XSHIM_XENVER_DENIED;
    xenver_seed("denied", denied);

    FakeXen unterminated;
    memset(unterminated.extraversion, '7', sizeof unterminated.extraversion);
    unterminated.capabilities_unterminated = true;
    xenver_seed("unterminated", unterminated);
}

void probe_seeds() {
    PvStart pv;
    FakeXen pv64;
    probe_seed("pv64-4.17", pv64, XSHIM_BOOT_PV, &pv.si, sizeof pv.si);

    PvhStart pvh(0);
    FakeXen pvh64;
    probe_seed("pvh-4.17", pvh64, XSHIM_BOOT_PVH, &pvh.hsi, XSHIM_HVM_START_INFO_V0_SIZE);

    FakeXen page;
    page.give_page = true;
    probe_seed("pvh-page", page, XSHIM_BOOT_PVH, &pvh.hsi, XSHIM_HVM_START_INFO_V0_SIZE, true);

    FakeXen tcg; // QEMU alone: leaf 0x40000000 said "TCGTCGTCGTCG" (docs TESTBED.md)
    tcg.signature = "TCGTCGTCGTCG";
    probe_seed("noxen-tcg", tcg, XSHIM_BOOT_PVH, &pvh.hsi, XSHIM_HVM_START_INFO_V0_SIZE);

    xshim_start_info_x86_32 si32{};
    set_string(si32.magic, sizeof si32.magic, "xen-3.0-x86_32p");
    si32.nr_pages = 16384;
    FakeXen pv32;
    pv32.arch = XSHIM_ARCH_X86_32;
    probe_seed("pv32-4.17", pv32, XSHIM_BOOT_PV, &si32, sizeof si32);

    // Answers that contradict each other (the consistency rules, shim/select/consistency.cpp).
    FakeXen ones; // issue 17: a 4.22 answering XENVER_get_features with every bit set
    ones.version_rc = ones.cpuid_version = XSHIM_RELEASE(4, 22);
    ones.features[0] = 0xffffffffu;
    probe_seed("pv64-all-ones", ones, XSHIM_BOOT_PV, &pv.si, sizeof pv.si);

    PvStart dom0;
    dom0.si.flags = XSHIM_SIF_PRIVILEGED | XSHIM_SIF_INITDOMAIN;
    FakeXen nodom0;
    nodom0.features[0] &= ~(1u << XSHIM_XENFEAT_dom0);
    probe_seed("pv64-initdomain", nodom0, XSHIM_BOOT_PV, &dom0.si, sizeof dom0.si);

    FakeXen gnttab;
    gnttab.gnttab_frames = 65;
    gnttab.gnttab_max_frames = 64;
    probe_seed("pv64-gnttab-impossible", gnttab, XSHIM_BOOT_PV, &pv.si, sizeof pv.si);

    FakeXen fifo;
    fifo.fifo_rc = 0;
    probe_seed("pv64-evtchn-success", fifo, XSHIM_BOOT_PV, &pv.si, sizeof pv.si);
}

// The policy guest-boot/main.cpp declares (4.6 .. 4.17, newer accepted, PV and PVH), as its
// note holds it, then the guest choice, release and features the target reads after it.
void policy_seed(const char *name, uint32_t min, uint32_t max, uint8_t guest,
                 uint32_t features = FakeXen().features[0]) {
    xshim_policy_note note{};
    note.namesz = 6;
    note.descsz = sizeof(xshim_policy);
    note.type = XSHIM_NOTE_POLICY;
    memcpy(note.name, XSHIM_NOTE_NAME, sizeof XSHIM_NOTE_NAME);
    note.desc = make_policy(min, max, XSHIM_NEWER_ACCEPT);
    fuzz::Output out;
    out.put_bytes(&note, sizeof note);
    out.put(guest);
    FakeXen captured;
    out.put(static_cast<uint32_t>(captured.version_rc));
    out.put(features);
    write_seed("policy_note", name, out.bytes().data(), out.bytes().size());
}

void policy_seeds() {
    policy_seed("guest-boot-pv", XSHIM_RELEASE(4, 6), XSHIM_RELEASE(4, 17), 0);
    policy_seed("guest-boot-pvh", XSHIM_RELEASE(4, 6), XSHIM_RELEASE(4, 17), 1);
    policy_seed("needs99-pv", XSHIM_RELEASE(99, 0), XSHIM_RELEASE(99, 0), 0);
    policy_seed("all-ones-pv", XSHIM_RELEASE(4, 6), XSHIM_RELEASE(4, 17), 0, 0xffffffffu);
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: gen-seeds DIR (tests/fuzz/seeds)\n");
        return 2;
    }
    g_root = argv[1];
    start_info_seeds();
    hvm_start_info_seeds();
    xenver_seeds();
    probe_seeds();
    policy_seeds();
    return 0;
}
