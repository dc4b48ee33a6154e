/*
 * tests/c_api/c_kernel.c: a C kernel's use of xshim, compiled as C (gnu11, -Wall -Wextra
 * -Werror) and linked with the library: the policy declared from C with XSHIM_POLICY, a PV
 * start_info built from abi/'s C declarations, a platform written in C that answers like the
 * Xen of a real boot (the capture tests/corpus/xen-4.17-x86_64-pv-dom0.txt, compiled in as
 * corpus.mk's generated header), xshim_boot, the verdict line, and a refusal. Proves that
 * xshim.h and abi/ are C, not just C-compatible on paper.
 */
#include <xshim.h>

#include "abi/event_channel.h"
#include "abi/grant_table.h"
#include "abi/hypercall.h"
#include "abi/sched.h"
#include "abi/start_info_x86.h"
#include "abi/version.h"

#include <stdio.h>
#include <string.h>

#include "xen-4.17-x86_64-pv-dom0.h"

XSHIM_POLICY(c_policy, .min_release = XSHIM_RELEASE(4, 6),
             .max_tested_release = XSHIM_RELEASE(4, 17), .newer = XSHIM_NEWER_REFUSE,
             .guest_types = XSHIM_GUEST_MASK(XSHIM_GUEST_PV), .required_features = {0, 0},
             .wanted_features = {0, 0}, .on_refusal = XSHIM_SHUTDOWN_crash, .flags = 0);

/* The "machine": what this C platform answers. */
static struct {
    uint32_t release;
    char console[512];
    size_t console_len;
} machine;

static void put12(const char *s, uint32_t *a, uint32_t *b, uint32_t *c) {
    memcpy(a, s, 4);
    memcpy(b, s + 4, 4);
    memcpy(c, s + 8, 4);
}

static void c_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t r[4]) {
    (void)ctx;
    (void)subleaf;
    r[0] = r[1] = r[2] = r[3] = 0;
    if (leaf == 0) {
        r[0] = 0xd;
        put12(CORPUS_CPUID_VENDOR_STR, &r[1], &r[3], &r[2]);
    } else if (leaf == CORPUS_CPUID_BASE) {
        r[0] = CORPUS_CPUID_MAX_LEAF;
        put12(CORPUS_CPUID_SIGNATURE_STR, &r[1], &r[2], &r[3]);
    } else if (leaf == CORPUS_CPUID_BASE + 1) {
        r[0] = machine.release;
    } else if (leaf == CORPUS_CPUID_BASE + 2) {
        r[0] = CORPUS_CPUID_HYPERCALL_PAGES;
        r[1] = CORPUS_CPUID_HYPERCALL_MSR;
    }
}

static long c_hypercall(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2, uintptr_t a3,
                        uintptr_t a4, uintptr_t a5) {
    (void)cookie;
    (void)a4;
    (void)a5;
    switch (nr) {
    case XSHIM_HC_xen_version:
        switch (a1) {
        case XSHIM_XENVER_version:
            return (long)machine.release;
        case XSHIM_XENVER_extraversion:
            memset((void *)a2, 0, XSHIM_XEN_EXTRAVERSION_LEN);
            memcpy((void *)a2, CORPUS_XENVER_EXTRAVERSION_STR,
                   sizeof CORPUS_XENVER_EXTRAVERSION_STR);
            return 0;
        case XSHIM_XENVER_get_features: {
            struct xshim_feature_info *fi = (struct xshim_feature_info *)a2;
            if (fi->submap_idx != 0)
                return -22;
            fi->submap = CORPUS_XENVER_FEATURES_0;
            return 0;
        }
#ifdef CORPUS_HAS_XENVER_CAPABILITIES
        case XSHIM_XENVER_capabilities:
            strcpy((char *)a2, CORPUS_XENVER_CAPABILITIES_STR);
            return 0;
#endif
        default:
            return -38;
        }
    case XSHIM_HC_console_io: {
        size_t n = (size_t)a2;
        if (machine.console_len + n < sizeof machine.console) {
            memcpy(machine.console + machine.console_len, (const char *)a3, n);
            machine.console_len += n;
        }
        return 0;
    }
    case XSHIM_HC_event_channel_op:
        return a1 == XSHIM_EVTCHNOP_init_control ? CORPUS_EVTCHN_INIT_CONTROL : 0;
    case XSHIM_HC_grant_table_op: {
        struct xshim_gnttab_query_size *q = (struct xshim_gnttab_query_size *)a2;
        q->nr_frames = CORPUS_GNTTAB_QUERY_SIZE_0;
        q->max_nr_frames = CORPUS_GNTTAB_QUERY_SIZE_1;
        q->status = 0;
        return 0;
    }
    default:
        return -38;
    }
}

static xshim_transport_fn c_transport(void *ctx, uint32_t kind) {
    (void)ctx;
    return kind == XSHIM_TRANSPORT_SYSCALL ? c_hypercall : NULL;
}

static int failures;
#define EXPECT(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("c_kernel: FAILED %s (line %d)\n", #cond, __LINE__);                            \
            ++failures;                                                                            \
        }                                                                                          \
    } while (0)

static struct xshim_verdict verdict;

static uint32_t boot_with(uint32_t release) {
    static struct xshim_start_info_x86_64 si;
    struct xshim_platform p;
    struct xshim_handoff h = {XSHIM_BOOT_PV, 0, &si};

    memset(&si, 0, sizeof si);
    strcpy(si.magic, "xen-3.0-x86_64");
    si.nr_pages = 16384;
    si.flags = XSHIM_SIF_INITDOMAIN;
    machine.release = release;
    machine.console_len = 0;

    memset(&p, 0, sizeof p);
    p.cpuid = c_cpuid;
    p.transport = c_transport;
    p.arch = XSHIM_ARCH_X86_64;
    return xshim_boot(&h, &c_policy.desc, &p, &verdict);
}

int main(void) {
    /* The policy note is what the macro promised: Xen-style note header, then the policy. */
    EXPECT(c_policy.namesz == 6 && strcmp(c_policy.name, "xshim") == 0);
    EXPECT(c_policy.type == XSHIM_NOTE_POLICY);
    EXPECT(c_policy.descsz == sizeof(struct xshim_policy));
    EXPECT(c_policy.desc.magic == XSHIM_POLICY_MAGIC && c_policy.desc.size == sizeof c_policy.desc);
    EXPECT(c_policy.desc.min_release == XSHIM_RELEASE(4, 6));

    /* Inside the policy's range: selected, and the line names what was chosen. */
    EXPECT(boot_with(CORPUS_XENVER_VERSION) == XSHIM_SELECTED);
    printf("c_kernel: %s\n", verdict.line);
    EXPECT(strstr(verdict.line, "xshim: SELECTED Xen 4.17.7 (pv64)") == verdict.line);
    EXPECT(strcmp(verdict.line, CORPUS_VERDICT_PV64_STR) == 0); /* what the real guest printed */
    EXPECT(strcmp(verdict.selection.hypercall.adapter->name, "pv64-syscall") == 0);
    EXPECT(verdict.selection.shared_info != NULL && verdict.selection.shared_info->size == 3136);
    EXPECT(verdict.selection.evtchn_abi == XSHIM_EVTCHN_FIFO);
    EXPECT(xshim_say(&verdict, &(struct xshim_platform){0}, "x", 1) == 1);
    EXPECT(machine.console_len == 1 && machine.console[0] == 'x');

    /* A release the policy was never tested on, and refuses: the reason, from C. */
    EXPECT(boot_with(XSHIM_RELEASE(4, 19)) == XSHIM_REFUSED);
    printf("c_kernel: %s\n", verdict.line);
    EXPECT(verdict.reason == XSHIM_REASON_TOO_NEW);
    EXPECT(strcmp(xshim_reason_name(verdict.reason), "too-new") == 0);
    EXPECT(strstr(verdict.line, "[too-new]") != NULL);

    /* Older than the policy allows. */
    EXPECT(boot_with(XSHIM_RELEASE(4, 5)) == XSHIM_REFUSED);
    EXPECT(verdict.reason == XSHIM_REASON_TOO_OLD);

    printf("c_kernel: %s\n", failures == 0 ? "all checks passed" : "FAILED");
    return failures == 0 ? 0 : 1;
}
