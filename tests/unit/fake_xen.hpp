// tests/unit/fake_xen.hpp: an injected platform that answers like a Xen would. What it answers
// comes from a capture of a real Xen (tests/corpus/): by default the 64-bit PV dom0 on Xen 4.17.7
// (corpus::kDefault); feed() loads another. A fact the capture lacks is answered as Xen answers
// for a fact it does not have (-ENOSYS). Each answer can then be replaced with a hostile one.
#pragma once

#include <xshim.h>

#include <abi/console_io.h>
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <abi/hvm.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <abi/sched.h>
#include <abi/vcpu.h>
#include <abi/version.h>

#include "tests/corpus/corpus.hpp"

#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>

struct FakeXen {
    // CPUID (set by feed())
    std::string vendor;
    uint32_t base = 0;
    uint32_t max_leaf_offset = 0; // eax of the base leaf = base + this
    std::string signature;
    std::string first_signature; // what 0x40000000 says when base != 0x40000000
    uint32_t cpuid_version = 0;
    uint32_t hypercall_pages = 0; // base+2: eax
    uint32_t hypercall_msr = 0;   // base+2: ebx
    bool has_cpuid = false;

    // xen_version (set by feed())
    long version_rc = XSHIM_S_ENOSYS;
    long extraversion2_rc = XSHIM_S_ENOSYS;
    std::string extraversion2;
    long extraversion_rc = XSHIM_S_ENOSYS;
    char extraversion[16] = {};
    long features_rc = XSHIM_S_ENOSYS;
    uint32_t features[2] = {0, 0};
    long features1_rc = XSHIM_S_EINVAL;      // Xen's answer for a submap past its last
    long capabilities_rc = 0;                // != 0: answered instead of the text
    std::optional<std::string> capabilities; // unset: -ENOSYS, as Xen answers for no such subop
    bool capabilities_unterminated = false;
    long fifo_rc = XSHIM_S_ENOSYS;

    // grant_table_op(GNTTABOP_query_size) (set by feed())
    long gnttab_rc = XSHIM_S_ENOSYS;
    int16_t gnttab_status = XSHIM_GNTST_okay;
    uint32_t gnttab_frames = 0, gnttab_max_frames = 0;

    // console, sched, event channels, HVM params
    std::vector<long> console_rcs; // answers in order; empty: 0 (all written)
    std::string console;           // what console_io received
    long sched_rc = 0;
    long sched_compat_rc = 0;
    std::vector<uint32_t> shutdowns; // reasons seen, through either slot
    long evtchn_rc = 0;
    long evtchn_compat_rc = 0;
    std::vector<uint32_t> evtchn_sends;
    uint64_t console_pfn = 0, console_evtchn = 0;
    long hvm_param_rc = 0;
    long vcpu_op_rc = 0;
    struct Registered {
        uint32_t vcpu;
        uint64_t frame;
        uint32_t offset;
    };
    std::vector<Registered> vcpu_infos; // VCPUOP_register_vcpu_info calls Xen accepted
    // update_va_mapping (PV) and memory_op(XENMEM_add_to_physmap): what each call asked for
    // (op: the add_to_physmap argument, copied), and the answer.
    struct MapCall {
        uint32_t nr;
        uintptr_t a1, a2, a3, a4;
        xshim_add_to_physmap op;
    };
    std::vector<MapCall> map_calls;
    long map_rc = 0;

    // transports this "machine" can execute
    uint32_t transports = (1u << XSHIM_TRANSPORT_SYSCALL) | (1u << XSHIM_TRANSPORT_VMCALL) |
                          (1u << XSHIM_TRANSPORT_VMMCALL) | (1u << XSHIM_TRANSPORT_PAGE) |
                          (1u << XSHIM_TRANSPORT_INT82);
    uint32_t arch = XSHIM_ARCH_X86_64;
    bool give_page = false;
    std::vector<std::pair<uint32_t, uint64_t>> msr_writes;
    std::string port_e9;
    std::vector<uint32_t> calls; // hypercall numbers in order
    uint32_t last_transport = 0;
    uint32_t stops = 0;
    void *ring_frame = nullptr;     // what map_frame returns
    uint64_t mapped_frame = 0;      // the frame xshim asked map_frame for
    uint64_t relaxes = 0;           // relax() calls: each is one round of a bounded wait
    std::function<void()> on_relax; // what "the other side" does meanwhile (drain a ring...)

    FakeXen() { feed(corpus::read(corpus::kDefault)); }
    explicit FakeXen(const corpus::Capture &capture) { feed(capture); }

    // Answer as the captured Xen did; keys the capture lacks get Xen's answer for an absent fact.
    void feed(const corpus::Capture &c) {
        has_cpuid = c.has("cpuid.vendor");
        vendor = has_cpuid ? c.text("cpuid.vendor") : "";
        base = c.has("cpuid.base") ? c.u32("cpuid.base") : 0;
        max_leaf_offset = c.has("cpuid.max_leaf") ? c.u32("cpuid.max_leaf") - base : 0;
        signature = c.has("cpuid.signature") ? c.text("cpuid.signature") : "";
        first_signature.clear();
        cpuid_version = c.has("cpuid.release") ? c.u32("cpuid.release") : 0;
        hypercall_pages = c.has("cpuid.hypercall_pages") ? c.u32("cpuid.hypercall_pages") : 0;
        hypercall_msr = c.has("cpuid.hypercall_msr") ? c.u32("cpuid.hypercall_msr") : 0;

        version_rc = c.number_or("xenver.version", XSHIM_S_ENOSYS);
        extraversion2_rc = c.has("xenver.extraversion2") ? 0 : XSHIM_S_ENOSYS;
        extraversion2 = c.has("xenver.extraversion2") ? c.text("xenver.extraversion2") : "";
        extraversion_rc = c.has("xenver.extraversion") ? 0 : XSHIM_S_ENOSYS;
        std::memset(extraversion, 0, sizeof extraversion);
        if (c.has("xenver.extraversion"))
            std::strncpy(extraversion, c.text("xenver.extraversion").c_str(),
                         sizeof extraversion - 1);
        features_rc = c.has("xenver.features.0") ? 0 : XSHIM_S_ENOSYS;
        features[0] = c.has("xenver.features.0") ? c.u32("xenver.features.0") : 0;
        features1_rc = c.has("xenver.features.1") ? 0 : XSHIM_S_EINVAL;
        features[1] = c.has("xenver.features.1") ? c.u32("xenver.features.1") : 0;
        capabilities_rc = 0;
        capabilities.reset();
        if (c.has("xenver.capabilities"))
            capabilities = c.text("xenver.capabilities");
        fifo_rc = c.number_or("evtchn.init_control", XSHIM_S_ENOSYS);
        gnttab_rc = c.has("gnttab.query_size") ? 0 : XSHIM_S_ENOSYS;
        gnttab_frames = c.has("gnttab.query_size") ? c.u32("gnttab.query_size", 0) : 0;
        gnttab_max_frames = c.has("gnttab.query_size") ? c.u32("gnttab.query_size", 1) : 0;

        const std::string a = c.has("arch") ? c.text("arch") : "x86_64";
        arch = a == "arm64"    ? XSHIM_ARCH_ARM64
               : a == "x86_32" ? XSHIM_ARCH_X86_32
                               : XSHIM_ARCH_X86_64;
        if (arch == XSHIM_ARCH_ARM64)
            transports = 1u << XSHIM_TRANSPORT_HVC;
    }

    xshim_platform platform() {
        xshim_platform p{};
        p.ctx = this;
        p.cpuid = has_cpuid ? &FakeXen::cpuid_fn : nullptr;
        p.transport = &FakeXen::transport_fn;
        p.wrmsr = [](void *c, uint32_t msr, uint64_t v) {
            static_cast<FakeXen *>(c)->msr_writes.push_back({msr, v});
        };
        p.outb = [](void *c, uint16_t port, uint8_t v) {
            if (port == 0xe9)
                static_cast<FakeXen *>(c)->port_e9.push_back(static_cast<char>(v));
        };
        p.rdtsc = [](void *) -> uint64_t { return 1000; };
        p.relax = [](void *c) {
            auto *x = static_cast<FakeXen *>(c);
            ++x->relaxes;
            if (x->on_relax)
                x->on_relax();
        };
        p.map_frame = [](void *c, uint64_t frame) {
            auto *x = static_cast<FakeXen *>(c);
            x->mapped_frame = frame;
            return x->ring_frame;
        };
        p.hypercall_page = give_page ? this : nullptr; // the page transport's cookie
        p.hypercall_page_gpa = 0x123000;
        p.arch = arch;
        p.stop = [](void *c, uint32_t) { static_cast<FakeXen *>(c)->stops++; };
        return p;
    }

    static void put_sig(const std::string &s, uint32_t *a, uint32_t *b, uint32_t *c) {
        char buf[12] = {};
        std::memcpy(buf, s.data(), s.size() < 12 ? s.size() : 12);
        std::memcpy(a, buf, 4);
        std::memcpy(b, buf + 4, 4);
        std::memcpy(c, buf + 8, 4);
    }

    static void cpuid_fn(void *ctx, uint32_t leaf, uint32_t, uint32_t r[4]) {
        auto *x = static_cast<FakeXen *>(ctx);
        r[0] = r[1] = r[2] = r[3] = 0;
        if (leaf == 0) {
            r[0] = 0xd;
            put_sig(x->vendor, &r[1], &r[3], &r[2]); // ebx edx ecx
        } else if (leaf == x->base) {
            r[0] = x->base + x->max_leaf_offset;
            put_sig(x->signature, &r[1], &r[2], &r[3]);
        } else if (leaf == 0x40000000 && !x->first_signature.empty()) {
            r[0] = 0x40000006;
            put_sig(x->first_signature, &r[1], &r[2], &r[3]);
        } else if (leaf == x->base + 1) {
            r[0] = x->cpuid_version;
        } else if (leaf == x->base + 2) {
            r[0] = x->hypercall_pages;
            r[1] = x->hypercall_msr;
        }
    }

    template <uint32_t Kind>
    static long call_fn(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3,
                        uintptr_t a4, uintptr_t) {
        auto *x = static_cast<FakeXen *>(cookie);
        x->last_transport = Kind;
        return x->hypercall(nr, a1, a2, a3, a4);
    }

    static xshim_transport_fn transport_fn(void *ctx, uint32_t kind) {
        auto *x = static_cast<FakeXen *>(ctx);
        if ((x->transports & (1u << kind)) == 0)
            return nullptr;
        switch (kind) {
        case XSHIM_TRANSPORT_SYSCALL:
            return &call_fn<XSHIM_TRANSPORT_SYSCALL>;
        case XSHIM_TRANSPORT_INT82:
            return &call_fn<XSHIM_TRANSPORT_INT82>;
        case XSHIM_TRANSPORT_VMCALL:
            return &call_fn<XSHIM_TRANSPORT_VMCALL>;
        case XSHIM_TRANSPORT_VMMCALL:
            return &call_fn<XSHIM_TRANSPORT_VMMCALL>;
        case XSHIM_TRANSPORT_PAGE:
            return &call_fn<XSHIM_TRANSPORT_PAGE>;
        case XSHIM_TRANSPORT_HVC:
            return &call_fn<XSHIM_TRANSPORT_HVC>;
        default:
            return nullptr;
        }
    }

    long hypercall(uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4 = 0) {
        calls.push_back(nr);
        switch (nr) {
        case XSHIM_HC_update_va_mapping:
            map_calls.push_back({nr, a1, a2, a3, a4, {}});
            return map_rc;
        case XSHIM_HC_memory_op:
            if (a1 != XSHIM_XENMEM_add_to_physmap)
                return XSHIM_S_ENOSYS;
            map_calls.push_back(
                {nr, a1, a2, a3, a4, *reinterpret_cast<xshim_add_to_physmap *>(a2)});
            return map_rc;
        case XSHIM_HC_xen_version:
            return xen_version(static_cast<uint32_t>(a1), reinterpret_cast<void *>(a2));
        case XSHIM_HC_console_io: {
            long rc = 0;
            if (!console_rcs.empty()) {
                rc = console_rcs.front();
                console_rcs.erase(console_rcs.begin());
            }
            const char *s = reinterpret_cast<const char *>(a3);
            size_t n = static_cast<size_t>(a2);
            if (rc == 0)
                console.append(s, n);
            else if (rc > 0)
                console.append(s, static_cast<size_t>(rc) < n ? static_cast<size_t>(rc) : n);
            return rc;
        }
        case XSHIM_HC_sched_op:
            if (sched_rc == 0 && a1 == XSHIM_SCHEDOP_shutdown)
                shutdowns.push_back(reinterpret_cast<xshim_sched_shutdown *>(a2)->reason);
            return sched_rc;
        case XSHIM_HC_sched_op_compat:
            if (sched_compat_rc == 0 && a1 == XSHIM_SCHEDOP_shutdown)
                shutdowns.push_back(static_cast<uint32_t>(a2));
            return sched_compat_rc;
        case XSHIM_HC_event_channel_op:
            if (a1 == XSHIM_EVTCHNOP_init_control)
                return fifo_rc;
            if (evtchn_rc == 0 && a1 == XSHIM_EVTCHNOP_send)
                evtchn_sends.push_back(reinterpret_cast<struct xshim_evtchn_send *>(a2)->port);
            return evtchn_rc;
        case XSHIM_HC_event_channel_op_compat: {
            auto *op = reinterpret_cast<xshim_evtchn_op_compat *>(a1);
            if (evtchn_compat_rc == 0 && op->cmd == XSHIM_EVTCHNOP_send)
                evtchn_sends.push_back(op->u.send.port);
            return evtchn_compat_rc;
        }
        case XSHIM_HC_grant_table_op: {
            if (a1 != XSHIM_GNTTABOP_query_size || a3 != 1)
                return XSHIM_S_ENOSYS;
            if (gnttab_rc != 0)
                return gnttab_rc;
            auto *q = reinterpret_cast<xshim_gnttab_query_size *>(a2);
            if (q->dom != XSHIM_DOMID_SELF)
                return XSHIM_S_EINVAL;
            q->status = gnttab_status;
            if (gnttab_status == XSHIM_GNTST_okay) {
                q->nr_frames = gnttab_frames;
                q->max_nr_frames = gnttab_max_frames;
            }
            return 0;
        }
        case XSHIM_HC_vcpu_op: {
            if (a1 != XSHIM_VCPUOP_register_vcpu_info)
                return XSHIM_S_ENOSYS;
            if (vcpu_op_rc != 0)
                return vcpu_op_rc;
            auto *r = reinterpret_cast<xshim_vcpu_register_vcpu_info *>(a3);
            for (const Registered &done : vcpu_infos)
                if (done.vcpu == a2)
                    return XSHIM_S_EINVAL; // once per vCPU, as Xen says
            vcpu_infos.push_back({static_cast<uint32_t>(a2), r->mfn, r->offset});
            return 0;
        }
        case XSHIM_HC_hvm_op: {
            auto *p = reinterpret_cast<xshim_hvm_param *>(a2);
            if (hvm_param_rc != 0)
                return hvm_param_rc;
            p->value = p->index == XSHIM_HVM_PARAM_CONSOLE_PFN      ? console_pfn
                       : p->index == XSHIM_HVM_PARAM_CONSOLE_EVTCHN ? console_evtchn
                                                                    : 0;
            return 0;
        }
        default:
            return XSHIM_S_ENOSYS;
        }
    }

    long xen_version(uint32_t cmd, void *arg) {
        switch (cmd) {
        case XSHIM_XENVER_version:
            return version_rc;
        case XSHIM_XENVER_extraversion2: {
            if (extraversion2_rc < 0)
                return extraversion2_rc;
            auto *vb = static_cast<xshim_varbuf *>(arg);
            size_t n = extraversion2.size();
            if (n > vb->len)
                return XSHIM_S_ENOBUFS;
            std::memcpy(reinterpret_cast<char *>(vb) + offsetof(xshim_varbuf, buf),
                        extraversion2.data(), n);
            return extraversion2_rc > 0 ? extraversion2_rc : static_cast<long>(n);
        }
        case XSHIM_XENVER_extraversion:
            if (extraversion_rc == 0)
                std::memcpy(arg, extraversion, 16);
            return extraversion_rc;
        case XSHIM_XENVER_get_features: {
            auto *fi = static_cast<xshim_feature_info *>(arg);
            long rc = fi->submap_idx == 0 ? features_rc : features1_rc;
            if (rc == 0 && fi->submap_idx < 2)
                fi->submap = features[fi->submap_idx];
            return rc;
        }
        case XSHIM_XENVER_capabilities: {
            if (capabilities_rc != 0)
                return capabilities_rc;
            char *out = static_cast<char *>(arg);
            if (capabilities_unterminated) {
                std::memset(out, 'x', XSHIM_XEN_CAPABILITIES_INFO_LEN);
            } else if (!capabilities.has_value()) {
                return XSHIM_S_ENOSYS;
            } else {
                std::memcpy(out, capabilities->c_str(), capabilities->size() + 1);
            }
            return 0;
        }
        default:
            return XSHIM_S_ENOSYS;
        }
    }
};
