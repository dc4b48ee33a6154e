/*
 * xshim.h: the C interface of xshim, the layer that lets a guest kernel find out which Xen it
 * boots on, pick adapters that match, or refuse out loud.
 *
 *   entry registers -> struct xshim_handoff -> xshim_boot() -> struct xshim_verdict
 *                                                 SELECTED: use verdict.selection's adapters
 *                                                 REFUSED:  xshim_report() says why and stops
 *
 * C types only; no libc. Every struct here is plain data with pinned widths. Functions that
 * can fail return a status that must be checked. See docs/linking.md for a worked example.
 */
#ifndef XSHIM_H
#define XSHIM_H

#include <stddef.h>
#include <stdint.h>

/* The ABI facts the public names below are spelled with (abi/ is on the include path of
 * every build that has this header's directory on it). */
#include <abi/base.h>
#include <abi/errno.h>

#ifdef __cplusplus
extern "C" {
#define XSHIM_NODISCARD [[nodiscard]]
#else
#define XSHIM_NODISCARD __attribute__((warn_unused_result))
#endif

/* Releases, encoded as XENVER_version returns them. */
#define XSHIM_RELEASE(major, minor) XSHIM_REL(major, minor)

/* ------------------------------------------------------------------------------------------ */
/* Handoff: what the entry code saw, uninterpreted.                                            */

enum xshim_boot_protocol {
    XSHIM_BOOT_NONE = 0, /* nothing recognised in the entry registers */
    XSHIM_BOOT_PV = 1,   /* x86 PV: %rsi / %esi -> start_info */
    XSHIM_BOOT_PVH = 2,  /* x86 PVH: %ebx -> hvm_start_info (physical; pass a readable pointer) */
    XSHIM_BOOT_FDT = 3,  /* Arm: x0 -> flattened device tree */
};

struct xshim_handoff {
    uint32_t protocol; /* enum xshim_boot_protocol */
    uint32_t reserved;
    const void *pointer; /* the register's value, as a pointer the kernel can read */
};

/* ------------------------------------------------------------------------------------------ */
/* Identity: every fact about the hypervisor, each with where it came from.                    */

enum xshim_guest_type {
    XSHIM_GUEST_UNKNOWN = 0,
    XSHIM_GUEST_PV = 1,
    XSHIM_GUEST_PVH = 2,
    XSHIM_GUEST_HVM = 3,
    XSHIM_GUEST_ARM = 4,
};
#define XSHIM_GUEST_MASK(t) (1u << (t))

enum xshim_arch {
    XSHIM_ARCH_UNKNOWN = 0,
    XSHIM_ARCH_X86_64 = 1,
    XSHIM_ARCH_X86_32 = 2,
    XSHIM_ARCH_ARM64 = 3,
    XSHIM_ARCH_ARM32 = 4,
};

enum xshim_cpu_vendor {
    XSHIM_VENDOR_OTHER = 0,
    XSHIM_VENDOR_INTEL = 1, /* GenuineIntel, and others that use vmcall */
    XSHIM_VENDOR_AMD = 2,   /* AuthenticAMD */
    XSHIM_VENDOR_HYGON = 3, /* HygonGenuine: vmmcall, like AMD */
    XSHIM_VENDOR_ARM = 4,
};

enum xshim_source {
    XSHIM_SRC_NONE = 0,
    XSHIM_SRC_CPUID = 1,          /* hypervisor leaves 0x40000000 + n*0x100 */
    XSHIM_SRC_XENVER = 2,         /* xen_version hypercall, fixed-size subop */
    XSHIM_SRC_XENVER2 = 3,        /* xen_version hypercall, 4.20+ variable-length subop */
    XSHIM_SRC_START_INFO = 4,     /* PV start_info */
    XSHIM_SRC_HVM_START_INFO = 5, /* PVH hvm_start_info */
    XSHIM_SRC_FDT = 6,            /* Arm device tree /hypervisor node */
    XSHIM_SRC_PROBE = 7,          /* a harmless hypercall whose answer tells presence */
};

/* How a fact was answered, written once: F(NAME, value, "name") makes XSHIM_FACT_<NAME> and the
 * word the verdict line prints ("denied"). */
/* clang-format off */
#define XSHIM_FACT_STATUSES(F)                                                                     \
    F(UNASKED,   0, "unasked")   /* not applicable here, or never asked */                         \
    F(OK,        1, "ok")                                                                          \
    F(DENIED,    2, "denied")    /* -EPERM, or the string "<denied>" (XSM) */                      \
    F(ABSENT,    3, "absent")    /* -ENOSYS: the hypervisor does not have it */                    \
    F(ERROR,     4, "error")     /* another negative answer; see error */                          \
    F(MALFORMED, 5, "malformed") /* the answer broke its own format (no terminator, bad magic) */
/* clang-format on */

#define XSHIM_FACT_ENUM_(name, value, text) XSHIM_FACT_##name = (value),
enum xshim_fact_status { XSHIM_FACT_STATUSES(XSHIM_FACT_ENUM_) };
#undef XSHIM_FACT_ENUM_

struct xshim_fact {
    uint8_t source; /* enum xshim_source */
    uint8_t status; /* enum xshim_fact_status */
    int16_t error;  /* the hypercall's negative errno when status is ERROR/DENIED/ABSENT */
};

#define XSHIM_SIGNATURE_LEN 12
#define XSHIM_EXTRAVERSION_MAX 40
#define XSHIM_FEATURE_SUBMAPS 2
#define XSHIM_START_MAGIC_LEN 32

/* Capability tokens of XENVER_capabilities ("xen-3.0-x86_64 hvm-3.0-x86_32 ..."). */
enum xshim_capability {
    XSHIM_CAP_XEN_X86_64 = 1u << 0,  /* xen-3.0-x86_64 */
    XSHIM_CAP_XEN_X86_32P = 1u << 1, /* xen-3.0-x86_32p */
    XSHIM_CAP_XEN_X86_32 = 1u << 2,  /* xen-3.0-x86_32 (non-PAE, gone since 3.3) */
    XSHIM_CAP_HVM_X86_32 = 1u << 3,  /* hvm-3.0-x86_32 */
    XSHIM_CAP_HVM_X86_32P = 1u << 4, /* hvm-3.0-x86_32p */
    XSHIM_CAP_HVM_X86_64 = 1u << 5,  /* hvm-3.0-x86_64 */
    XSHIM_CAP_XEN_AARCH64 = 1u << 6, /* xen-3.0-aarch64 */
    XSHIM_CAP_XEN_ARMV7L = 1u << 7,  /* xen-3.0-armv7l */
};

struct xshim_identity {
    uint32_t guest_type;   /* enum xshim_guest_type */
    uint32_t arch;         /* enum xshim_arch the kernel runs as */
    uint32_t cpu_vendor;   /* enum xshim_cpu_vendor, from CPUID leaf 0 */
    uint32_t cpuid_base;   /* 0x40000000 + n*0x100 where Xen's leaves are, 0 if none */
    uint32_t cpuid_leaves; /* eax of that base leaf: its highest leaf */
    char signature[XSHIM_SIGNATURE_LEN + 1]; /* "XenVMMXenVMM"; or what leaf 0x40000000 said */
    uint8_t reserved0[3];
    struct xshim_fact signature_fact;

    uint32_t release;        /* the release xshim decided from; 0 when unknown */
    uint32_t release_xenver; /* XENVER_version */
    struct xshim_fact release_xenver_fact;
    uint32_t release_cpuid; /* CPUID base+1 eax */
    struct xshim_fact release_cpuid_fact;

    char extraversion[XSHIM_EXTRAVERSION_MAX]; /* ".7", always NUL-terminated here */
    struct xshim_fact extraversion_fact;

    uint32_t features[XSHIM_FEATURE_SUBMAPS]; /* XENVER_get_features submaps 0.. */
    struct xshim_fact features_fact;

    uint32_t capabilities;         /* enum xshim_capability bits recognised */
    uint32_t capabilities_unknown; /* tokens seen that xshim does not know */
    struct xshim_fact capabilities_fact;

    char start_magic[XSHIM_START_MAGIC_LEN + 1]; /* PV: start_info.magic, NUL-terminated */
    uint8_t reserved1[3];
    uint32_t interface_major; /* from the magic: "xen-3.0-x86_64" -> 3, 0 */
    uint32_t interface_minor;
    struct xshim_fact start_magic_fact;

    uint32_t hvm_start_version; /* PVH: hvm_start_info.version (0 from Xen's dom0 builder) */
    struct xshim_fact hvm_start_fact;

    uint32_t evtchn_fifo; /* 1 if EVTCHNOP_init_control exists */
    struct xshim_fact evtchn_fifo_fact;

    uint32_t gnttab_frames;     /* GNTTABOP_query_size: frames in use, and the most allowed */
    uint32_t gnttab_max_frames; /* (Xen's gnttab_max_frames= command line sets the latter) */
    struct xshim_fact gnttab_fact;

    /* Arm: the device tree in x0. Its /hypervisor node says "this is Xen" (signature and
     * signature_fact, source XSHIM_SRC_FDT: "xen,xen" when found) and the release, from
     * compatible "xen,xen-<major>.<minor>", which must agree with XENVER_version. */
    uint32_t release_fdt;
    struct xshim_fact release_fdt_fact;
    int32_t fdt_error; /* why the blob or the node was rejected (shim/lib/fdt.hpp), 0 if not */
};

/* ------------------------------------------------------------------------------------------ */
/* Policy: what this kernel accepts. Declared once; also emitted as an ELF note.               */

#define XSHIM_POLICY_MAGIC 0x70687378u /* "xshp" */
#define XSHIM_POLICY_VERSION 1u

enum xshim_newer {
    XSHIM_NEWER_REFUSE = 0, /* a release above max_tested is refused */
    XSHIM_NEWER_ACCEPT = 1, /* accepted, and the verdict line says "newer than tested" */
};

struct xshim_policy {
    uint32_t magic;              /* XSHIM_POLICY_MAGIC */
    uint32_t size;               /* sizeof(struct xshim_policy) */
    uint32_t version;            /* XSHIM_POLICY_VERSION */
    uint32_t min_release;        /* oldest release accepted, XSHIM_RELEASE(major, minor) */
    uint32_t max_tested_release; /* newest release the kernel was tested on */
    uint32_t newer;              /* enum xshim_newer */
    uint32_t guest_types;        /* XSHIM_GUEST_MASK(...) bits accepted */
    uint32_t required_features[XSHIM_FEATURE_SUBMAPS]; /* XENFEAT bits that must be set */
    uint32_t wanted_features[XSHIM_FEATURE_SUBMAPS];   /* used if present, noted if absent */
    uint32_t on_refusal; /* SHUTDOWN_* reason for the refusal; 3 = crash */
    uint32_t flags;      /* XSHIM_POLICY_F_* */
};
#define XSHIM_POLICY_F_PREFER_HYPERCALL_PAGE (1u << 0) /* PVH/HVM: the page over vmcall */
#define XSHIM_POLICY_F_REFUSE_INCONSISTENT (1u << 1)   /* any inconsistency refuses, not notes */

/* The ELF note that carries a policy: name "xshim", type XSHIM_NOTE_POLICY, desc = policy. */
#define XSHIM_NOTE_NAME "xshim"
#define XSHIM_NOTE_POLICY 0x78700001u
struct xshim_policy_note {
    uint32_t namesz; /* 6 */
    uint32_t descsz; /* sizeof(struct xshim_policy) */
    uint32_t type;   /* XSHIM_NOTE_POLICY */
    char name[8];    /* "xshim\0" padded to 4 */
    struct xshim_policy desc;
};

/*
 * XSHIM_POLICY(ident, .min_release = ..., ...): define the kernel's policy once, as an ELF note
 * in section .note.xshim; pass &ident.desc to xshim_boot(). Designators in declaration order
 * (C++ requires it), starting at min_release.
 */
#define XSHIM_POLICY(ident, ...)                                                                   \
    __attribute__((section(".note.xshim"), used, aligned(4)))                                      \
    const struct xshim_policy_note ident = {.namesz = 6,                                           \
                                            .descsz = sizeof(struct xshim_policy),                 \
                                            .type = XSHIM_NOTE_POLICY,                             \
                                            .name = XSHIM_NOTE_NAME,                               \
                                            .desc = {.magic = XSHIM_POLICY_MAGIC,                  \
                                                     .size = sizeof(struct xshim_policy),          \
                                                     .version = XSHIM_POLICY_VERSION,              \
                                                     __VA_ARGS__}}

/* ------------------------------------------------------------------------------------------ */
/* Platform: the few machine operations xshim needs, injected so the same code runs on a host. */

enum xshim_transport {
    XSHIM_TRANSPORT_NONE = 0,
    XSHIM_TRANSPORT_SYSCALL = 1, /* x86_64 PV: syscall, rax = nr, rdi rsi rdx r10 r8 */
    XSHIM_TRANSPORT_INT82 = 2,   /* x86_32 PV: int $0x82, eax = nr, ebx ecx edx esi edi */
    XSHIM_TRANSPORT_VMCALL = 3,  /* HVM/PVH on Intel */
    XSHIM_TRANSPORT_VMMCALL = 4, /* HVM/PVH on AMD/Hygon */
    XSHIM_TRANSPORT_PAGE = 5,    /* call into the hypercall page at nr * XSHIM_HC_PAGE_STRIDE */
    XSHIM_TRANSPORT_HVC = 6,     /* Arm64: hvc #0xEA1, x16 = nr, x0..x4 */
    XSHIM_TRANSPORT_COUNT = 7,
};

typedef long (*xshim_transport_fn)(void *cookie, uint32_t nr, uintptr_t a1, uintptr_t a2,
                                   uintptr_t a3, uintptr_t a4, uintptr_t a5);

#define XSHIM_WAIT_ROUNDS_DEFAULT (1u << 24)

struct xshim_platform {
    void *ctx;
    /* CPUID; on PV the arch layer uses Xen's forced-emulation prefix. regs = eax ebx ecx edx. */
    void (*cpuid)(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
    /* The entry point for a transport, or NULL when this build or CPU cannot use it. */
    xshim_transport_fn (*transport)(void *ctx, uint32_t kind);
    void (*wrmsr)(void *ctx, uint32_t msr, uint64_t value);
    void (*outb)(void *ctx, uint16_t port, uint8_t value);
    uint64_t (*rdtsc)(void *ctx);
    void (*relax)(void *ctx); /* one pause in a bounded wait */
    /* Map a frame (PV: machine frame; PVH/HVM: guest frame) for the console ring; may be NULL. */
    void *(*map_frame)(void *ctx, uint64_t frame);
    /* A 4 KiB page the kernel gives for XSHIM_TRANSPORT_PAGE (NULL: that transport is off),
     * and its guest-physical address. */
    void *hypercall_page;
    uint64_t hypercall_page_gpa;
    /* The architecture this code runs as (enum xshim_arch); the native platform sets it. */
    uint32_t arch;
    /* Bound on relax() rounds in one wait on the other side (the PV console ring's drain);
     * 0 means XSHIM_WAIT_ROUNDS_DEFAULT. A kernel whose relax() yields to the hypervisor
     * (SCHEDOP_yield) may want fewer rounds than one whose relax() is a pause. */
    uint32_t wait_rounds;
    /* How to stop when no hypercall can (no Xen): e.g. a power-off or exit device; may be NULL,
     * then xshim halts in a relax loop. */
    void (*stop)(void *ctx, uint32_t reason);
    /* Facts this platform cannot know, XSHIM_UNKNOWN_* bits; 0 in a guest. A host tool asking
     * before boot what a guest will decide sets them, so the verdict claims no answer for them. */
    uint32_t unknown;
};
#define XSHIM_UNKNOWN_CPUID_RELEASE (1u << 0) /* CPUID base+1: Xen's leaves, but no release read */
#define XSHIM_UNKNOWN_GNTTAB (1u << 1)        /* GNTTABOP_query_size: not asked */

/* ------------------------------------------------------------------------------------------ */
/* Adapters.                                                                                    */

/* A resolved hypercall port: the selected transport, ready to call. Its cookie is the
 * platform's hypercall_page for XSHIM_TRANSPORT_PAGE and the platform's ctx otherwise. */
struct xshim_hypercall {
    const struct xshim_hypercall_adapter *adapter;
    xshim_transport_fn fn;
    void *cookie;
};

struct xshim_hypercall_adapter {
    const char *name;      /* "pv64-syscall" */
    uint32_t transport;    /* enum xshim_transport */
    uint32_t guest_types;  /* XSHIM_GUEST_MASK bits it serves */
    uint32_t arch;         /* enum xshim_arch it runs in */
    uint32_t vendors;      /* 1 << enum xshim_cpu_vendor it serves; ~0u for any */
    uint32_t compat_slots; /* 1: -ENOSYS on sched_op/event_channel_op retries slots 6/16 (PV) */
};

/* One snapshot of a vcpu_time_info, taken consistently (even, unchanged version). */
struct xshim_time_snapshot {
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint16_t reserved;
};

struct xshim_wallclock {
    uint64_t sec; /* seconds since the epoch at system time 0 */
    uint32_t nsec;
    uint32_t version;
};

/* Status codes of the adapters and wrappers (negative errno-style, Xen's numbers where shared). */
enum xshim_status {
    XSHIM_S_OK = 0,
    XSHIM_S_EPERM = -XSHIM_XEN_EPERM, /* Xen's own errors, as a hypercall returns them */
    XSHIM_S_ENOENT = -XSHIM_XEN_ENOENT,
    XSHIM_S_EINVAL = -XSHIM_XEN_EINVAL,
    XSHIM_S_ENOSYS = -XSHIM_XEN_ENOSYS,
    XSHIM_S_EOPNOTSUPP = -XSHIM_XEN_EOPNOTSUPP,
    XSHIM_S_ENOBUFS = -XSHIM_XEN_ENOBUFS,
    XSHIM_S_TORN = -1001,    /* a version-counted record stayed inconsistent past the retry bound */
    XSHIM_S_RANGE = -1002,   /* a port or vCPU beyond what the layout holds */
    XSHIM_S_TIMEOUT = -1003, /* a bounded wait on the hypervisor ran out */
};

#define XSHIM_TIME_RETRIES 64 /* bound on re-reads of a record whose version moves */

struct xshim_shared_info_adapter {
    const char *name;       /* "x86_64 4.6+" */
    uint32_t arch;          /* enum xshim_arch */
    uint32_t min_release;   /* inclusive */
    uint32_t max_release;   /* inclusive; 0xffffffff for open-ended */
    uint32_t size;          /* sizeof shared_info in this layout */
    uint32_t vcpu_slots;    /* vcpu_info slots in shared_info (32 on x86, 1 on Arm) */
    uint32_t evtchn_ports;  /* 2-level ports: word bits squared */
    uint32_t has_wc_sec_hi; /* 1 if the wallclock's high seconds are maintained */

    /* vcpu_info of a vCPU in shared_info, or NULL beyond vcpu_slots. */
    void *(*vcpu_info)(void *shared_info, uint32_t vcpu);
    int (*vcpu_time)(const void *vcpu_info, struct xshim_time_snapshot *out);
    int (*wallclock)(const void *shared_info, struct xshim_wallclock *out);
    int (*evtchn_test_and_clear)(void *shared_info, uint32_t port); /* 1, 0, or XSHIM_S_RANGE */
    int (*evtchn_test)(const void *shared_info, uint32_t port);
    int (*evtchn_mask)(void *shared_info, uint32_t port);   /* previous mask bit */
    int (*evtchn_unmask)(void *shared_info, uint32_t port); /* previous mask bit */
    uint8_t (*upcall_mask)(void *vcpu_info, uint8_t mask);  /* sets, returns previous;
                                                              NULL on Arm (no PV upcall mask) */
    uint8_t (*upcall_pending)(const void *vcpu_info);
};

/* start_info, normalised: what any boot protocol said, as plain numbers. */
struct xshim_boot_info {
    uint32_t protocol;         /* enum xshim_boot_protocol */
    uint32_t version;          /* PVH: hvm_start_info.version; PV: 0 */
    uint32_t flags;            /* SIF_* */
    uint32_t nr_modules;       /* PVH */
    uint64_t nr_pages;         /* PV */
    uint64_t shared_info;      /* PV: machine address of shared_info */
    uint64_t store_mfn;        /* PV */
    uint32_t store_evtchn;     /* PV */
    uint32_t console_evtchn;   /* PV domU */
    uint64_t console_mfn;      /* PV domU; 0 for dom0 */
    uint32_t console_info_off; /* PV dom0 */
    uint32_t console_info_size;
    uint64_t pt_base, nr_pt_frames, mfn_list, mod_start, mod_len; /* PV */
    uint64_t first_p2m_pfn, nr_p2m_frames;                        /* PV */
    const char *cmdline; /* PV: inside start_info, NUL-terminated within its 1024 bytes;
                            * NULL with cmdline_len 1024 when Xen left it unterminated */
    uint32_t cmdline_len;
    uint32_t generation; /* PV: the magic's interface generation as a release, "xen-3.0-x86_64"
                          * -> XSHIM_RELEASE(3, 0); 0 for the other protocols */
    uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr; /* PVH */
    uint64_t memmap_paddr;                             /* PVH v1+ */
    uint32_t memmap_entries;
    uint32_t reserved2;
};

struct xshim_evidence; /* below, with the verdict */

struct xshim_start_info_adapter {
    const char *name;  /* "pv-x86_64", "pvh-v1" */
    uint32_t protocol; /* enum xshim_boot_protocol */
    uint32_t arch;     /* the layout's architecture; XSHIM_ARCH_UNKNOWN: any (PVH's bytes
                         * are the same for 32- and 64-bit kernels) */
    uint32_t min_version, max_version; /* PVH structure versions served */
    uint32_t size;                     /* bytes read */
    /* Validate and normalise; XSHIM_S_OK or a refusal reason (enum xshim_reason). */
    int (*parse)(const void *raw, struct xshim_boot_info *out);
    /* Where the boot structure is also what says whether this is Xen (Arm's device tree and its
     * /hypervisor node: there is no CPUID), read that into the identity before parse;
     * XSHIM_REASON_NONE or a refusal reason, with what proves it in *why. NULL for the other
     * protocols. */
    uint32_t (*identify)(const void *raw, struct xshim_identity *id, struct xshim_evidence *why);
};

enum xshim_evtchn_abi { XSHIM_EVTCHN_2L = 0, XSHIM_EVTCHN_FIFO = 1 };

/* ------------------------------------------------------------------------------------------ */
/* Verdict.                                                                                     */

enum xshim_outcome { XSHIM_SELECTED = 0, XSHIM_REFUSED = 1 };

/*
 * The refusal vocabulary, written once: F(NAME, value, "name", "meaning"). It makes
 * XSHIM_REASON_<NAME>, xshim_reason_name()'s strings and the summary and section headings of
 * docs/refusals.md (tests/docs/refusal_doc.c; `make test-docs` fails when the page drifts).
 * Append new codes before COUNT; a value never changes meaning.
 */
/* clang-format off */
#define XSHIM_REASONS(F)                                                                           \
    F(NONE,               0, "none",               "no refusal")                                   \
    F(BAD_POLICY,         1, "bad-policy",         "the kernel's own policy is malformed")         \
    F(NO_HANDOFF,         2, "no-handoff",         "no boot structure to read")                    \
    F(BAD_START_INFO,     3, "bad-start-info",     "the PV `start_info` is malformed")             \
    F(BAD_HVM_START_INFO, 4, "bad-hvm-start-info", "the PVH `hvm_start_info` is malformed")        \
    F(OLD_GENERATION,     5, "old-generation",     "a pre-3.0 interface (Xen 1.x / 2.0)")          \
    F(NO_XEN,             6, "no-xen",             "this is not Xen")                              \
    F(NO_TRANSPORT,       7, "no-transport",                                                       \
      "no way to call this hypervisor from this build")                                            \
    F(HYPERCALL_FAILED,   8, "hypercall-failed",   "`xen_version` itself failed")                  \
    F(RELEASE_MISMATCH,   9, "release-mismatch",                                                   \
      "the hypervisor gives two different releases")                                               \
    F(TOO_OLD,           10, "too-old",            "below the policy's `min_release`")             \
    F(TOO_NEW,           11, "too-new",                                                            \
      "above `max_tested_release`, and the policy refuses newer")                                  \
    F(GUEST_TYPE,        12, "guest-type",                                                         \
      "the kernel does not run as this kind of guest")                                             \
    F(MISSING_FEATURE,   13, "missing-feature",    "a required `XENFEAT` bit is clear")            \
    F(NO_LAYOUT,         14, "no-layout",                                                          \
      "no `shared_info` adapter for this architecture and release")                                \
    F(BAD_FDT,           15, "bad-fdt",            "Arm: the device tree in `x0` is malformed")     \
    F(INCONSISTENT,      16, "inconsistent",                                                       \
      "the hypervisor's answers contradict each other where the kernel relies on them")
/* clang-format on */

#define XSHIM_REASON_ENUM_(name, value, text, meaning) XSHIM_REASON_##name = (value),
#define XSHIM_REASON_ONE_(name, value, text, meaning) +1
enum xshim_reason {
    XSHIM_REASONS(XSHIM_REASON_ENUM_) XSHIM_REASON_COUNT =
        0 XSHIM_REASONS(XSHIM_REASON_ONE_), /* values run 0..COUNT-1 */
};
#undef XSHIM_REASON_ENUM_
#undef XSHIM_REASON_ONE_

/*
 * Evidence: what proves a refusal, stored by the stage that decided it (handoff, probe or
 * select) so that the verdict line only prints it. kind says which fields hold what:
 *
 *   kind        seen                        against                     fact
 *   FACT        the value read, if a number -                           the fact that failed
 *   SOURCES     fact.source's release       XENVER_version's release    the other source
 *   BOUND       the hypervisor's value      the bound it crossed        where seen came from
 *   GUEST_TYPE  enum xshim_guest_type       the policy's guest_types    -
 *   FEATURE     the features submap read    the missing XENFEAT bit     XENVER_get_features'
 *   POLICY      the bad field's value       its offset in the policy    -
 *   NO_MATCH    the table's first key       its second key              -
 *   INCONSISTENT the rule (enum xshim_rule) the required XENFEAT bit it     the rule's fact
 *                                           touches, or NO_POLICY when the policy
 *                                           refuses any (verdict.inconsistency has both facts)
 *
 * docs/refusals.md says which kind each reason carries. A selection's evidence is all zero.
 */
enum xshim_evidence_kind {
    XSHIM_EVIDENCE_NONE = 0,
    XSHIM_EVIDENCE_FACT = 1,
    XSHIM_EVIDENCE_SOURCES = 2,
    XSHIM_EVIDENCE_BOUND = 3,
    XSHIM_EVIDENCE_GUEST_TYPE = 4,
    XSHIM_EVIDENCE_FEATURE = 5,
    XSHIM_EVIDENCE_POLICY = 6,
    XSHIM_EVIDENCE_NO_MATCH = 7,
    XSHIM_EVIDENCE_INCONSISTENT = 8,
};
#define XSHIM_EVIDENCE_NO_POLICY 0xffffffffu /* POLICY's against when the policy is NULL */

struct xshim_evidence {
    uint32_t kind;          /* enum xshim_evidence_kind */
    uint32_t seen;          /* the hypervisor's (or the boot's) side */
    uint32_t against;       /* what it was held against: the kernel's side, or another source */
    struct xshim_fact fact; /* the fact the decision rests on: source, status, error */
};

/* Notes on a selection that the verdict line mentions. */
#define XSHIM_NOTE_NEWER_THAN_TESTED (1u << 0)
#define XSHIM_NOTE_WANTED_MISSING (1u << 1)
#define XSHIM_NOTE_EXTRAVERSION_DENIED (1u << 2)
#define XSHIM_NOTE_INCONSISTENT (1u << 3) /* verdict.inconsistency says which answers disagree */
/* Entered through hvm_start_info, and nothing Xen reported proves PVH over HVM: a domU of a Xen
 * that may run HVM domains without emulated PIRQs (abi/hvm.h), or features unknown. The guest
 * type stays pvh; the verdict line says "pvh or hvm". */
#define XSHIM_NOTE_GUEST_TYPE_OPEN (1u << 4)

/*
 * The consistency rules of shim/select/consistency.cpp, written once: F(NAME, value, "name",
 * "meaning"). Each relates facts that cannot all be true; docs/refusals.md, section inconsistent,
 * gives each rule's facts and source. Append before COUNT; a value never changes meaning.
 */
/* clang-format off */
#define XSHIM_RULES(F)                                                                             \
    F(NONE,               0, "none",               "no inconsistency")                             \
    F(EXCLUSIVE_FEATURES, 1, "exclusive-features", "two XENFEAT bits that exclude each other")     \
    F(UNKNOWN_FEATURES,   2, "unknown-features",   "XENFEAT bits no known release defines")        \
    F(FEATURE_AFTER,      3, "feature-after",                                                      \
      "a XENFEAT bit introduced well after the reported release")                                  \
    F(INITDOMAIN,         4, "initdomain",                                                         \
      "PV start_info says SIF_INITDOMAIN, XENFEAT_dom0 is clear")                                  \
    F(GNTTAB_SIZES,       5, "gnttab-sizes",       "grant-table sizes that cannot be")             \
    F(EVTCHN_PROBE,       6, "evtchn-probe",                                                       \
      "EVTCHNOP_init_control accepted a vCPU that cannot exist")
/* clang-format on */

#define XSHIM_RULE_ENUM_(name, value, text, meaning) XSHIM_RULE_##name = (value),
#define XSHIM_RULE_ONE_(name, value, text, meaning) +1
enum xshim_rule { XSHIM_RULES(XSHIM_RULE_ENUM_) XSHIM_RULE_COUNT = 0 XSHIM_RULES(XSHIM_RULE_ONE_) };
#undef XSHIM_RULE_ENUM_
#undef XSHIM_RULE_ONE_

/* The first inconsistency found (one touching the policy's required features first), and
 * every rule that found one. seen and against are the two facts; per rule:
 *   EXCLUSIVE_FEATURES  features submap 0           the two bits' mask
 *   UNKNOWN_FEATURES    the unknown bits            their submap
 *   FEATURE_AFTER       the XENFEAT bit             the release XENVER_version reported
 *   INITDOMAIN          start_info.flags            features submap 0
 *   GNTTAB_SIZES        -                           -            (the probe keeps no values)
 *   EVTCHN_PROBE        -                           -                                        */
struct xshim_inconsistency {
    uint32_t rule; /* enum xshim_rule; NONE: the answers agree */
    uint32_t seen;
    uint32_t against;
    uint32_t rules; /* 1 << enum xshim_rule for each rule that found one */
};

struct xshim_selection {
    struct xshim_hypercall hypercall;
    const struct xshim_shared_info_adapter *shared_info;
    const struct xshim_start_info_adapter *start_info;
    uint32_t evtchn_abi; /* enum xshim_evtchn_abi */
    uint32_t notes;      /* XSHIM_NOTE_* */
    uint32_t wanted_missing[XSHIM_FEATURE_SUBMAPS];
};

#define XSHIM_LINE_MAX 320

struct xshim_verdict {
    uint32_t outcome; /* enum xshim_outcome */
    uint32_t reason;  /* enum xshim_reason */
    struct xshim_identity identity;
    struct xshim_boot_info boot;
    struct xshim_selection selection;
    const struct xshim_policy *policy;
    char line[XSHIM_LINE_MAX]; /* "xshim: SELECTED ..." or "xshim: REFUSED ...", NUL-terminated */
    struct xshim_evidence evidence;           /* what proves the refusal (all zero for a selection);
                                     * appended, so the fields above keep their offsets */
    struct xshim_inconsistency inconsistency; /* answers that disagree (appended likewise) */
};

/* ------------------------------------------------------------------------------------------ */
/* Entry points.                                                                                */

/* Probe, then select. Never returns without a verdict; returns verdict->outcome. */
XSHIM_NODISCARD uint32_t xshim_boot(const struct xshim_handoff *handoff,
                                    const struct xshim_policy *policy,
                                    const struct xshim_platform *platform,
                                    struct xshim_verdict *verdict);

/* Write a line to every console channel the verdict can reach (console_io, the PV console
 * ring, port 0xe9). Returns the number of channels that took it. */
uint32_t xshim_say(const struct xshim_verdict *verdict, const struct xshim_platform *platform,
                   const char *text, size_t len);

/* Say the verdict line; if it is a refusal, shut the domain down with the policy's reason.
 * Returns only after a SELECTED verdict. */
void xshim_report(const struct xshim_verdict *verdict, const struct xshim_platform *platform);

/* Shut down through sched_op (compat slot on -ENOSYS where allowed), then halt forever. */
void xshim_shutdown(const struct xshim_hypercall *hc, const struct xshim_platform *platform,
                    uint32_t reason) __attribute__((noreturn));

/* The name of a refusal reason (the third column of XSHIM_REASONS), "unknown" past COUNT. */
const char *xshim_reason_name(uint32_t reason);

/* Typed hypercall wrappers over the selected port. Negative Xen errno on failure. */
XSHIM_NODISCARD long xshim_xen_version(const struct xshim_hypercall *hc, uint32_t cmd, void *arg);
XSHIM_NODISCARD long xshim_console_write(const struct xshim_hypercall *hc, const char *s,
                                         size_t len);
XSHIM_NODISCARD long xshim_sched_op(const struct xshim_hypercall *hc, uint32_t cmd, void *arg);
XSHIM_NODISCARD long xshim_evtchn_send(const struct xshim_hypercall *hc, uint32_t port);
XSHIM_NODISCARD long xshim_evtchn_unmask(const struct xshim_hypercall *hc, uint32_t port);
XSHIM_NODISCARD long xshim_vcpu_op(const struct xshim_hypercall *hc, uint32_t cmd, uint32_t vcpu,
                                   void *arg);
/* vcpu_info placement. A vCPU below the shared_info adapter's vcpu_slots (32 on x86, 1 on Arm)
 * may use its slot there: adapter->vcpu_info(shared_info, vcpu), no hypercall. Any vCPU may
 * instead have it placed in memory the kernel owns, and beyond vcpu_slots that is the only way:
 * VCPUOP_register_vcpu_info with the frame (PV: machine frame; PVH/HVM/Arm: guest frame) and the
 * offset of an area of vcpu_info_size bytes (64 on x86, 48 on Arm) that must not cross a page.
 * Once per vCPU. XSHIM_S_EINVAL without a hypercall for an area that crosses the page; otherwise
 * Xen's answer (-ENOSYS before 3.1, -EINVAL if already registered). */
XSHIM_NODISCARD long xshim_vcpu_info_register(const struct xshim_hypercall *hc, uint32_t vcpu,
                                              uint64_t frame, uint32_t offset,
                                              uint32_t vcpu_info_size);
XSHIM_NODISCARD long xshim_hvm_get_param(const struct xshim_hypercall *hc, uint32_t index,
                                         uint64_t *value);

/* System time in ns from a snapshot and a TSC reading (the pvclock formula). */
uint64_t xshim_time_ns(const struct xshim_time_snapshot *snap, uint64_t tsc);

/* ------------------------------------------------------------------------------------------ */
/* shared_info in the kernel's address space, and the time read from it once                    */
/* (shim/runtime/shared_info_map.cpp, time_read.cpp; the line: shim/report/time_line.cpp).      */

/* Make a page of the kernel's own the hypervisor's shared_info, chosen by the selected guest
 * type (a table in shared_info_map.cpp):
 *   PV       update_va_mapping(page, the machine frame start_info.shared_info names): page is
 *            a page-aligned address already mapped by the kernel's page tables; gfn unused.
 *   PVH, HVM, Arm  XENMEM_add_to_physmap(XENMAPSPACE_shared_info, idx 0, gfn): gfn is the guest
 *            frame behind page (what it held before is given up to the hypervisor).
 * Afterwards page is shared_info; read it through verdict->selection.shared_info. XSHIM_S_OK,
 * XSHIM_S_EINVAL (no selection, a NULL or unaligned page, no shared_info frame in start_info)
 * without a hypercall, or the hypervisor's answer. */
XSHIM_NODISCARD int32_t xshim_shared_info_map(const struct xshim_verdict *verdict,
                                              const struct xshim_platform *platform, void *page,
                                              uint64_t gfn);

/* One reading of vCPU 0's system time and the wallclock, each through the selected adapter
 * (its bounded, version-counted read). */
struct xshim_time_reading {
    int32_t time_status;      /* XSHIM_S_OK; XSHIM_S_TORN: odd or moving past the bound */
    int32_t wallclock_status; /* likewise for wc_version */
    uint32_t reads_bound;     /* 1 + XSHIM_TIME_RETRIES: the reads a torn record was given */
    uint32_t reserved;
    struct xshim_time_snapshot snapshot; /* valid when time_status is XSHIM_S_OK */
    uint64_t counter;   /* platform->rdtsc right after the snapshot (TSC; Arm: CNTVCT) */
    uint64_t system_ns; /* the pvclock formula at counter; 0 when the snapshot has no scale
                           (tsc_to_system_mul 0: the hypervisor does not maintain the record) */
    struct xshim_wallclock wallclock; /* valid when wallclock_status is XSHIM_S_OK */
};

/* Read once. shared_info is what xshim_shared_info_map made of the page. Returns time_status if
 * it is not XSHIM_S_OK, else wallclock_status; XSHIM_S_EINVAL without a selection. */
XSHIM_NODISCARD int32_t xshim_time_read(const struct xshim_verdict *verdict,
                                        const struct xshim_platform *platform,
                                        const void *shared_info, struct xshim_time_reading *out);

/* The reading as one line, "xshim: time system=... wallclock=...", or, when map_status is not
 * XSHIM_S_OK, why nothing was read (docs/architecture.md, "The time line"). Returns the length
 * written (the line is clipped to cap - 1 and NUL-terminated; XSHIM_LINE_MAX is enough). */
size_t xshim_time_line(const struct xshim_verdict *verdict, int32_t map_status,
                       const struct xshim_time_reading *reading, char *buf, size_t cap);

/* The native platform of this build (shim/arch/<arch>/): fills every operation it has. */
void xshim_platform_native(struct xshim_platform *platform, uint32_t protocol);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_H */
