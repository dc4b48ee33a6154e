/*
 * tests/abi/conform_layouts.c: abi/'s layouts against the Xen public headers (libxen-dev),
 * compiled at -m64 and -m32 by tests/abi/abi.mk.
 *
 * Every check is driven by the XSHIM_LAYOUT_* lists of abi/, so no offset is written twice:
 *   - sizeof and alignof of each xshim struct against each Xen struct it stands for
 *     (struct xshim_vcpu_time_info against four of them, the Arm structs against two);
 *   - per listed field: the stated offset, offsetof in ours, offsetof in Xen's, and the size of
 *     the field on both sides;
 *   - completeness: every byte of ours is in a listed field or is the padding the compiler must
 *     insert before the next field (or at the end). So a field Xen has and the list lacks cannot
 *     hide in a gap: it would have to be declared, and then listed, or the check fails;
 *   - each field's `since` is a real release no later than the installed headers (4.17);
 *   - the constants of these headers that Xen's headers also define.
 * History (abi/xen2.h) has no installed header; it is checked against the documented numbers
 * written out below, each with its source.
 *
 * This file stays C: foreign/x86_32.h relies on #pragma pack(4), and the empty Arm structs are
 * only valid (size 0) in GNU C.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The Xen headers. xen-compat.h first: abi.mk sets __XEN_INTERFACE_VERSION__ to its "latest". */
#include <xen/xen-compat.h>
/*
 * The Arm foreign headers before xen/xen.h: they test XEN_HAVE_PV_UPCALL_MASK, which
 * arch-x86/xen.h defines (x86 has the upcall mask) and arch-arm.h does not (Arm has pad0).
 */
#include <xen/foreign/arm32.h>
#include <xen/foreign/arm64.h>
#include <xen/xen.h>
#ifndef XEN_HAVE_PV_UPCALL_MASK
#error "expected xen/xen.h (x86 host) to define XEN_HAVE_PV_UPCALL_MASK"
#endif
#include <xen/foreign/x86_32.h>
#include <xen/foreign/x86_64.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/io/console.h>

#include "abi/console_ring.h"
#include "abi/hvm_start_info.h"
#include "abi/shared_info_arm.h"
#include "abi/shared_info_x86_32.h"
#include "abi/shared_info_x86_64.h"
#include "abi/start_info_x86.h"
#include "abi/vcpu_time_info.h"
#include "abi/xen2.h"

#include "check.h"

/* The release of the installed headers: nothing they declare can be newer. */
#define HEADERS_REL XSHIM_REL(4, 17)

struct field_row {
    const char *name;
    size_t stated; /* the offset written in the layout list */
    size_t ours;   /* offsetof in the xshim struct */
    size_t ours_size;
    size_t ours_align; /* alignment of the field's type in ours */
    size_t xen;        /* offsetof in the reference struct */
    size_t xen_size;
    uint32_t since;
};

/*
 * How alignof(ours) relates to alignof(Xen's).
 *   ALIGN_EQ      equal, at both widths.
 *   ALIGN_LOWER   ours is pinned at `pinned`, deliberately no higher than Xen's (a type shared
 *                 across architectures: vcpu_time_info).
 *   ALIGN_EQ_M64  ours is pinned at `pinned`; Xen's header uses plain uint64_t, so its
 *                 alignment follows the compiler: equal at -m64, 4 at -m32 (not the ABI).
 */
enum align_rule { ALIGN_EQ, ALIGN_LOWER, ALIGN_EQ_M64 };

static char what[256];
#define WHAT(...) (snprintf(what, sizeof what, __VA_ARGS__), what)

static size_t round_up(size_t v, size_t a) { return (v + a - 1) / a * a; }

/* Every byte of ours is in some listed field, or is padding before the next field / at the end. */
static void check_coverage(const char *ours, size_t size, size_t align, const struct field_row *r,
                           size_t n) {
    static unsigned char covered[4096];
    memset(covered, 0, sizeof covered);
    if (size > sizeof covered) {
        CHECK_EQ(WHAT("%s: coverage buffer", ours), size, sizeof covered);
        return;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t b = r[i].ours; b < r[i].ours + r[i].ours_size && b < size; b++)
            covered[b] = 1;
    for (size_t s = 0; s < size;) {
        if (covered[s]) {
            s++;
            continue;
        }
        size_t e = s;
        while (e < size && !covered[e])
            e++;
        /* The gap [s, e) must be exactly what alignment forces. */
        size_t need = e == size ? align : 1; /* at the end: the struct's own alignment */
        for (size_t i = 0; i < n; i++)
            if (r[i].ours == e && r[i].ours_align > need)
                need = r[i].ours_align;
        CHECK_EQ(WHAT("%s: unlisted bytes %zu..%zu are more than padding", ours, s, e - 1), e,
                 round_up(s, need));
        s = e;
    }
}

static void check_layout(const char *ours, const char *xen, size_t ours_size, size_t xen_size,
                         size_t ours_align, size_t xen_align, enum align_rule rule, size_t pinned,
                         const struct field_row *r, size_t n) {
    CHECK_EQ(WHAT("sizeof %s vs %s", ours, xen), ours_size, xen_size);
    switch (rule) {
    case ALIGN_EQ:
        CHECK_EQ(WHAT("alignof %s vs %s", ours, xen), ours_align, xen_align);
        break;
    case ALIGN_LOWER:
        CHECK_EQ(WHAT("alignof %s (pinned)", ours), ours_align, pinned);
        CHECK_EQ(WHAT("alignof %s <= alignof %s", ours, xen), ours_align <= xen_align, 1);
        break;
    case ALIGN_EQ_M64:
        CHECK_EQ(WHAT("alignof %s (pinned)", ours), ours_align, pinned);
        if (sizeof(void *) == 8)
            CHECK_EQ(WHAT("alignof %s vs %s", ours, xen), ours_align, xen_align);
        break;
    }
    for (size_t i = 0; i < n; i++) {
        CHECK_EQ(WHAT("%s.%s: stated offset vs offsetof", ours, r[i].name), r[i].stated, r[i].ours);
        CHECK_EQ(WHAT("offsetof %s.%s vs %s", ours, r[i].name, xen), r[i].ours, r[i].xen);
        CHECK_EQ(WHAT("sizeof %s.%s vs %s", ours, r[i].name, xen), r[i].ours_size, r[i].xen_size);
        CHECK_EQ(WHAT("%s.%s: since %u.%u is a release no later than the headers", ours, r[i].name,
                      XSHIM_REL_MAJOR(r[i].since), XSHIM_REL_MINOR(r[i].since)),
                 r[i].since >= XSHIM_REL(2, 0) && r[i].since <= HEADERS_REL, 1);
    }
    check_coverage(ours, ours_size, ours_align, r, n);
}

/*
 * T in a layout list is normally the tag; here it is a pair (tag, reference struct) so one list
 * checks one xshim struct against any number of Xen structs. XSHIM_ASSERT_FIELD is untouched.
 */
#define PAIR_OURS(o, x) o
#define PAIR_XEN(o, x) x
#define OURS_T__(o) struct xshim_##o
#define OURS_T_(o) OURS_T__(o)
#define OURS_T(P) OURS_T_(PAIR_OURS P)
#define XEN_T_(x) struct x
#define XEN_T(P) XEN_T_(PAIR_XEN P)
#define MEMBER(T, field) (((T *)0)->field)

#define ROW(P, field, off, since)                                                                  \
    {#field,                                                                                       \
     (off),                                                                                        \
     offsetof(OURS_T(P), field),                                                                   \
     sizeof(MEMBER(OURS_T(P), field)),                                                             \
     _Alignof(__typeof__(MEMBER(OURS_T(P), field))),                                               \
     offsetof(XEN_T(P), field),                                                                    \
     sizeof(MEMBER(XEN_T(P), field)),                                                              \
     (since)},

#define LAYOUT(list, ours, xen, rule, pinned)                                                      \
    do {                                                                                           \
        static const struct field_row rows_[] = {list(ROW, (ours, xen))};                          \
        check_layout(#ours, #xen, sizeof(struct xshim_##ours), sizeof(struct xen),                 \
                     _Alignof(struct xshim_##ours), _Alignof(struct xen), (rule), (pinned), rows_, \
                     sizeof rows_ / sizeof rows_[0]);                                              \
    } while (0)

static void check_against_xen_headers(void) {
    /* One shared time record, four architectures. */
    LAYOUT(XSHIM_LAYOUT_vcpu_time_info, vcpu_time_info, vcpu_time_info_x86_64, ALIGN_LOWER, 4);
    LAYOUT(XSHIM_LAYOUT_vcpu_time_info, vcpu_time_info, vcpu_time_info_x86_32, ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_vcpu_time_info, vcpu_time_info, vcpu_time_info_arm32, ALIGN_LOWER, 4);
    LAYOUT(XSHIM_LAYOUT_vcpu_time_info, vcpu_time_info, vcpu_time_info_arm64, ALIGN_LOWER, 4);

    /* x86_64 */
    LAYOUT(XSHIM_LAYOUT_arch_vcpu_info_x86_64, arch_vcpu_info_x86_64, arch_vcpu_info_x86_64,
           ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_vcpu_info_x86_64, vcpu_info_x86_64, vcpu_info_x86_64, ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_arch_shared_info_x86_64, arch_shared_info_x86_64, arch_shared_info_x86_64,
           ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_shared_info_x86_64, shared_info_x86_64, shared_info_x86_64, ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_start_info_x86_64, start_info_x86_64, start_info_x86_64, ALIGN_EQ, 0);

    /* x86_32 */
    LAYOUT(XSHIM_LAYOUT_arch_vcpu_info_x86_32, arch_vcpu_info_x86_32, arch_vcpu_info_x86_32,
           ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_vcpu_info_x86_32, vcpu_info_x86_32, vcpu_info_x86_32, ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_arch_shared_info_x86_32, arch_shared_info_x86_32, arch_shared_info_x86_32,
           ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_shared_info_x86_32, shared_info_x86_32, shared_info_x86_32, ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_start_info_x86_32, start_info_x86_32, start_info_x86_32, ALIGN_EQ, 0);

    /* Arm: one layout, both foreign headers. Their empty `arch` members hold no bytes. */
    LAYOUT(XSHIM_LAYOUT_vcpu_info_arm, vcpu_info_arm, vcpu_info_arm32, ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_vcpu_info_arm, vcpu_info_arm, vcpu_info_arm64, ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_shared_info_arm, shared_info_arm, shared_info_arm32, ALIGN_EQ, 0);
    LAYOUT(XSHIM_LAYOUT_shared_info_arm, shared_info_arm, shared_info_arm64, ALIGN_EQ, 0);
    CHECK_EQ("sizeof arch_vcpu_info_arm32 (omitted: empty)", sizeof(struct arch_vcpu_info_arm32),
             0);
    CHECK_EQ("sizeof arch_vcpu_info_arm64 (omitted: empty)", sizeof(struct arch_vcpu_info_arm64),
             0);
    CHECK_EQ("sizeof arch_shared_info_arm32 (omitted: empty)",
             sizeof(struct arch_shared_info_arm32), 0);
    CHECK_EQ("sizeof arch_shared_info_arm64 (omitted: empty)",
             sizeof(struct arch_shared_info_arm64), 0);

    /* PVH start info: one layout for 32- and 64-bit consumers. */
    LAYOUT(XSHIM_LAYOUT_hvm_start_info, hvm_start_info, hvm_start_info, ALIGN_EQ_M64, 8);
    LAYOUT(XSHIM_LAYOUT_hvm_modlist_entry, hvm_modlist_entry, hvm_modlist_entry, ALIGN_EQ_M64, 8);
    LAYOUT(XSHIM_LAYOUT_hvm_memmap_table_entry, hvm_memmap_table_entry, hvm_memmap_table_entry,
           ALIGN_EQ_M64, 8);

    /* PV console ring. */
    LAYOUT(XSHIM_LAYOUT_xencons_interface, xencons_interface, xencons_interface, ALIGN_EQ, 0);
    CHECK_EQ("sizeof XENCONS_RING_IDX", sizeof(XSHIM_XENCONS_RING_IDX), sizeof(XENCONS_RING_IDX));
    CHECK_EQ("MASK_XENCONS_IDX(out)", XSHIM_XENCONS_MASK_IDX(5000u, XSHIM_XENCONS_OUT_SIZE),
             MASK_XENCONS_IDX(5000u, ((struct xencons_interface *)0)->out));

    /* Constants of these headers that Xen's also define. */
    CHECK_EQ("XSHIM_X86_VCPU_SLOTS", XSHIM_X86_VCPU_SLOTS, XEN_LEGACY_MAX_VCPUS_X86_64);
    CHECK_EQ("XSHIM_X86_VCPU_SLOTS (x86_32)", XSHIM_X86_VCPU_SLOTS, XEN_LEGACY_MAX_VCPUS_X86_32);
    CHECK_EQ("XSHIM_ARM_VCPU_SLOTS (arm32)", XSHIM_ARM_VCPU_SLOTS, XEN_LEGACY_MAX_VCPUS_ARM32);
    CHECK_EQ("XSHIM_ARM_VCPU_SLOTS (arm64)", XSHIM_ARM_VCPU_SLOTS, XEN_LEGACY_MAX_VCPUS_ARM64);
    CHECK_EQ("XSHIM_MAX_GUEST_CMDLINE", XSHIM_MAX_GUEST_CMDLINE, MAX_GUEST_CMDLINE_X86_64);
    CHECK_EQ("XSHIM_MAX_GUEST_CMDLINE (x86_32)", XSHIM_MAX_GUEST_CMDLINE, MAX_GUEST_CMDLINE_X86_32);
    CHECK_EQ("XSHIM_START_INFO_MAGIC_SIZE", XSHIM_START_INFO_MAGIC_SIZE,
             sizeof(((struct start_info_x86_64 *)0)->magic));
    CHECK_EQ("XSHIM_SIF_PRIVILEGED", XSHIM_SIF_PRIVILEGED, SIF_PRIVILEGED);
    CHECK_EQ("XSHIM_SIF_INITDOMAIN", XSHIM_SIF_INITDOMAIN, SIF_INITDOMAIN);
    CHECK_EQ("XSHIM_SIF_MULTIBOOT_MOD", XSHIM_SIF_MULTIBOOT_MOD, SIF_MULTIBOOT_MOD);
    CHECK_EQ("XSHIM_SIF_MOD_START_PFN", XSHIM_SIF_MOD_START_PFN, SIF_MOD_START_PFN);
    CHECK_EQ("XSHIM_SIF_VIRT_P2M_4TOOLS", XSHIM_SIF_VIRT_P2M_4TOOLS, SIF_VIRT_P2M_4TOOLS);
    CHECK_EQ("XSHIM_SIF_PM_MASK", XSHIM_SIF_PM_MASK, SIF_PM_MASK);
    CHECK_EQ("XSHIM_HVM_START_MAGIC", XSHIM_HVM_START_MAGIC, XEN_HVM_START_MAGIC_VALUE);
    CHECK_EQ("XSHIM_HVM_MEMMAP_TYPE_RAM", XSHIM_HVM_MEMMAP_TYPE_RAM, XEN_HVM_MEMMAP_TYPE_RAM);
    CHECK_EQ("XSHIM_HVM_MEMMAP_TYPE_RESERVED", XSHIM_HVM_MEMMAP_TYPE_RESERVED,
             XEN_HVM_MEMMAP_TYPE_RESERVED);
    CHECK_EQ("XSHIM_HVM_MEMMAP_TYPE_ACPI", XSHIM_HVM_MEMMAP_TYPE_ACPI, XEN_HVM_MEMMAP_TYPE_ACPI);
    CHECK_EQ("XSHIM_HVM_MEMMAP_TYPE_NVS", XSHIM_HVM_MEMMAP_TYPE_NVS, XEN_HVM_MEMMAP_TYPE_NVS);
    CHECK_EQ("XSHIM_HVM_MEMMAP_TYPE_UNUSABLE", XSHIM_HVM_MEMMAP_TYPE_UNUSABLE,
             XEN_HVM_MEMMAP_TYPE_UNUSABLE);
    CHECK_EQ("XSHIM_HVM_MEMMAP_TYPE_DISABLED", XSHIM_HVM_MEMMAP_TYPE_DISABLED,
             XEN_HVM_MEMMAP_TYPE_DISABLED);
    CHECK_EQ("XSHIM_HVM_MEMMAP_TYPE_PMEM", XSHIM_HVM_MEMMAP_TYPE_PMEM, XEN_HVM_MEMMAP_TYPE_PMEM);
    CHECK_EQ("XSHIM_HVM_START_INFO_V0_SIZE", XSHIM_HVM_START_INFO_V0_SIZE,
             offsetof(struct hvm_start_info, memmap_paddr));
    CHECK_EQ("XSHIM_PVCLOCK_TSC_STABLE_BIT", XSHIM_PVCLOCK_TSC_STABLE_BIT,
             XEN_PVCLOCK_TSC_STABLE_BIT);
    CHECK_EQ("XSHIM_PVCLOCK_GUEST_STOPPED", XSHIM_PVCLOCK_GUEST_STOPPED, XEN_PVCLOCK_GUEST_STOPPED);
    CHECK_EQ("magic prefix is a prefix of the x86_64 magic",
             strncmp(XSHIM_START_INFO_MAGIC_PREFIX XSHIM_START_INFO_ARCH_X86_64, "xen-3.0-x86_64",
                     XSHIM_START_INFO_MAGIC_SIZE),
             0);
}

/*
 * History: Xen 2.0 (x86_32). No header is installed, so the reference is the documented numbers,
 * each written here with its source (the [X2]/[A2] texts described in abi/xen2.h):
 *   [X2] offset comments in Xen 2.0's xen/include/public/xen.h, and its "320 bytes";
 *   [A2] field sizes from its arch-x86_32.h: memory_t 4 + 4 padding, u64 8, u32 4, u16 2;
 *   [D]  derived from [X2]'s field order under PACKED with [A2]'s sizes (confirmed by [X2]'s
 *        own 312 for wall_timeout, which follows only if the derivation is right).
 */
struct doc_field {
    const char *name;
    size_t offset, size;
};

static const struct doc_field xen2_shared_doc[] = {
    {"vcpu_data", 0, 4},            /* [X2] "0"; 4 x u8, MAX_VIRT_CPUS 1 */
    {"evtchn_pending", 4, 128},     /* [X2] "4"; u32[32] */
    {"evtchn_pending_sel", 132, 4}, /* [X2] "132" */
    {"evtchn_mask", 136, 128},      /* [X2] "136"; u32[32] */
    {"cpu_freq", 264, 8},           /* [X2] "264"; u64 */
    {"time_version1", 272, 4},      /* [X2] "272" */
    {"time_version2", 276, 4},      /* [X2] "276" */
    {"tsc_timestamp", 280, 8},      /* [D]; tsc_timestamp_t is u64 [A2] */
    {"system_time", 288, 8},        /* [D] */
    {"wc_sec", 296, 4},             /* [D] */
    {"wc_usec", 300, 4},            /* [D] */
    {"domain_time", 304, 8},        /* [D] */
    {"wall_timeout", 312, 8},       /* [X2] "312" */
    {"domain_timeout", 320, 8},     /* [X2] "320" */
};
#define XEN2_SHARED_PREFIX 328 /* [D] 320 + 8: where arch begins; arch itself unknown */

static const struct doc_field xen2_start_doc[] = {
    {"nr_pages", 0, 4},                  /* [X2] "0"; memory_t [A2] */
    {"pad_a", 4, 4},                     /* [A2] _MEMORY_PADDING */
    {"shared_info", 8, 4},               /* [X2] "8" */
    {"pad_b", 12, 4},                    /* [A2] */
    {"flags", 16, 4},                    /* [X2] "16"; u32 */
    {"domain_controller_evtchn", 20, 2}, /* [X2] "20"; u16 */
    {"pad", 22, 2},                      /* [X2] u16 __pad */
    {"pt_base", 24, 4},                  /* [X2] "24" */
    {"pad_c", 28, 4},                    /* [A2] */
    {"nr_pt_frames", 32, 4},             /* [X2] "32" */
    {"pad_d", 36, 4},                    /* [A2] */
    {"mfn_list", 40, 4},                 /* [X2] "40" */
    {"pad_e", 44, 4},                    /* [A2] */
    {"mod_start", 48, 4},                /* [X2] "48" */
    {"pad_f", 52, 4},                    /* [A2] */
    {"mod_len", 56, 4},                  /* [X2] "56" */
    {"pad_g", 60, 4},                    /* [A2] */
    {"cmd_line", 64, 256},               /* [X2] "64"; u8[MAX_CMDLINE 256] */
};
#define XEN2_START_SIZE 320 /* [X2] "320 bytes" */

#define HROW(T, field, off, since)                                                                 \
    {#field,                                                                                       \
     (off),                                                                                        \
     offsetof(struct xshim_##T, field),                                                            \
     sizeof(MEMBER(struct xshim_##T, field)),                                                      \
     _Alignof(__typeof__(MEMBER(struct xshim_##T, field))),                                        \
     0,                                                                                            \
     0,                                                                                            \
     (since)},

static void check_history(const char *ours, size_t ours_size, size_t ours_align, size_t doc_size,
                          const struct field_row *r, size_t n, const struct doc_field *doc,
                          size_t ndoc) {
    CHECK_EQ(WHAT("sizeof %s vs documented", ours), ours_size, doc_size);
    CHECK_EQ(WHAT("%s: every documented field is listed", ours), n, ndoc);
    for (size_t i = 0; i < n; i++) {
        const struct doc_field *d = NULL;
        for (size_t j = 0; j < ndoc; j++)
            if (strcmp(doc[j].name, r[i].name) == 0)
                d = &doc[j];
        if (!d) {
            CHECK_EQ(WHAT("%s.%s has a documented offset", ours, r[i].name), 0, 1);
            continue;
        }
        CHECK_EQ(WHAT("%s.%s: stated offset vs offsetof", ours, r[i].name), r[i].stated, r[i].ours);
        CHECK_EQ(WHAT("offsetof %s.%s vs documented", ours, r[i].name), r[i].ours, d->offset);
        CHECK_EQ(WHAT("sizeof %s.%s vs documented", ours, r[i].name), r[i].ours_size, d->size);
        CHECK_EQ(WHAT("%s.%s: since is 2.0", ours, r[i].name), r[i].since, XSHIM_REL(2, 0));
    }
    check_coverage(ours, ours_size, ours_align, r, n);
}

static void check_xen2(void) {
    static const struct field_row shared[] = {
        XSHIM_LAYOUT_xen2_shared_info_x86_32(HROW, xen2_shared_info_x86_32)};
    static const struct field_row start[] = {
        XSHIM_LAYOUT_xen2_start_info_x86_32(HROW, xen2_start_info_x86_32)};
    check_history("xen2_shared_info_x86_32", sizeof(struct xshim_xen2_shared_info_x86_32),
                  _Alignof(struct xshim_xen2_shared_info_x86_32), XEN2_SHARED_PREFIX, shared,
                  sizeof shared / sizeof shared[0], xen2_shared_doc,
                  sizeof xen2_shared_doc / sizeof xen2_shared_doc[0]);
    check_history("xen2_start_info_x86_32", sizeof(struct xshim_xen2_start_info_x86_32),
                  _Alignof(struct xshim_xen2_start_info_x86_32), XEN2_START_SIZE, start,
                  sizeof start / sizeof start[0], xen2_start_doc,
                  sizeof xen2_start_doc / sizeof xen2_start_doc[0]);
    /* [X2] PACKED: no padding anywhere, so every u64 there sits at a 4-aligned offset at most. */
    CHECK_EQ("alignof xen2_shared_info_x86_32 (PACKED, u64 at 4)",
             _Alignof(struct xshim_xen2_shared_info_x86_32), 4);
    /* A 2.0 start_info begins with nr_pages, never with the 3.0 magic prefix. */
    CHECK_EQ("3.0 magic prefix length", strlen(XSHIM_XEN3_START_INFO_MAGIC_PREFIX), 8);
    CHECK_EQ("3.0 magic prefix as in start_info_x86.h",
             strcmp(XSHIM_XEN3_START_INFO_MAGIC_PREFIX, XSHIM_START_INFO_MAGIC_PREFIX), 0);
}

int main(void) {
    check_against_xen_headers();
    check_xen2();
    return CHECK_SUMMARY("conform_layouts");
}
