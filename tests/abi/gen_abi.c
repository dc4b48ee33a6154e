/*
 * tests/abi/gen_abi.c: prints docs/abi.md, the matrix of abi/'s layouts x architectures x
 * releases, from the same XSHIM_LAYOUT_* lists that drive the assert blocks and
 * tests/abi/conform_layouts.c. `make docs-abi` writes it; `make test-abi` fails when the
 * committed file differs. Host program: every abi/ type is width-pinned, so the sizes printed
 * here are the guest's at any width.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "abi/console_ring.h"
#include "abi/hvm_start_info.h"
#include "abi/shared_info_arm.h"
#include "abi/shared_info_x86_32.h"
#include "abi/shared_info_x86_64.h"
#include "abi/start_info_x86.h"
#include "abi/vcpu_time_info.h"
#include "abi/xen2.h"

struct gfield {
    const char *name;
    size_t offset, size;
    uint32_t since;
};

struct gstruct {
    const char *name; /* xshim struct */
    const char *ref;  /* what it is checked against; "*" stands for the architecture */
    size_t size, align;
    const struct gfield *f;
    size_t n;
};

#define GFIELD(T, field, off, since)                                                               \
    {#field, (off), sizeof(((struct xshim_##T *)0)->field), (since)},
#define GSTRUCT(T, ref)                                                                            \
    static const struct gfield f_##T[] = {XSHIM_LAYOUT_##T(GFIELD, T)};                            \
    static const struct gstruct s_##T = {"xshim_" #T,                                              \
                                         ref,                                                      \
                                         sizeof(struct xshim_##T),                                 \
                                         _Alignof(struct xshim_##T),                               \
                                         f_##T,                                                    \
                                         sizeof f_##T / sizeof f_##T[0]};

GSTRUCT(vcpu_time_info, "vcpu_time_info_*")
GSTRUCT(arch_vcpu_info_x86_64, "arch_vcpu_info_x86_64")
GSTRUCT(arch_vcpu_info_x86_32, "arch_vcpu_info_x86_32")
GSTRUCT(vcpu_info_x86_64, "vcpu_info_x86_64")
GSTRUCT(vcpu_info_x86_32, "vcpu_info_x86_32")
GSTRUCT(vcpu_info_arm, "vcpu_info_*")
GSTRUCT(arch_shared_info_x86_64, "arch_shared_info_x86_64")
GSTRUCT(arch_shared_info_x86_32, "arch_shared_info_x86_32")
GSTRUCT(shared_info_x86_64, "shared_info_x86_64")
GSTRUCT(shared_info_x86_32, "shared_info_x86_32")
GSTRUCT(shared_info_arm, "shared_info_*")
GSTRUCT(start_info_x86_64, "start_info_x86_64")
GSTRUCT(start_info_x86_32, "start_info_x86_32")
GSTRUCT(hvm_start_info, "hvm_start_info")
GSTRUCT(hvm_modlist_entry, "hvm_modlist_entry")
GSTRUCT(hvm_memmap_table_entry, "hvm_memmap_table_entry")
GSTRUCT(xencons_interface, "xencons_interface")
GSTRUCT(xen2_vcpu_data_x86_32, "Xen 2.0 xen.h (documented numbers)")
GSTRUCT(xen2_shared_info_x86_32, "Xen 2.0 xen.h (documented numbers)")
GSTRUCT(xen2_start_info_x86_32, "Xen 2.0 xen.h (documented numbers)")

enum { X86_64, X86_32, ARM32, ARM64, NARCH };
static const char *const arch_name[NARCH] = {"x86_64", "x86_32", "arm32", "arm64"};

struct family {
    const char *title;
    const char *header;
    const char *note;
    const struct gstruct *col[NARCH]; /* NULL: the architecture has no such struct */
};

static const struct family families[] = {
    {"vcpu_time_info",
     "abi/vcpu_time_info.h",
     "One type on every architecture (alignment pinned at 4, the lowest of the four).",
     {&s_vcpu_time_info, &s_vcpu_time_info, &s_vcpu_time_info, &s_vcpu_time_info}},
    {"arch_vcpu_info",
     "abi/shared_info_x86_64.h, abi/shared_info_x86_32.h",
     "Empty on Arm (0 bytes in GNU C, 1 in C++), so Arm has none in abi/.",
     {&s_arch_vcpu_info_x86_64, &s_arch_vcpu_info_x86_32, NULL, NULL}},
    {"vcpu_info",
     "abi/shared_info_x86_64.h, abi/shared_info_x86_32.h, abi/shared_info_arm.h",
     "x86 has 32 in shared_info, Arm 1; more vCPUs register theirs with "
     "VCPUOP_register_vcpu_info. Arm has no upcall mask: byte 1 is pad0.",
     {&s_vcpu_info_x86_64, &s_vcpu_info_x86_32, &s_vcpu_info_arm, &s_vcpu_info_arm}},
    {"arch_shared_info",
     "abi/shared_info_x86_64.h, abi/shared_info_x86_32.h",
     "Empty on Arm, so Arm has none in abi/. On x86_32 it also holds wc_sec_hi (4.6+).",
     {&s_arch_shared_info_x86_64, &s_arch_shared_info_x86_32, NULL, NULL}},
    {"shared_info",
     "abi/shared_info_x86_64.h, abi/shared_info_x86_32.h, abi/shared_info_arm.h",
     "Event-channel words: 64-bit on x86_64 and Arm, 32-bit on x86_32. wc_sec_hi: generic on "
     "x86_64 and Arm, arch.wc_sec_hi on x86_32.",
     {&s_shared_info_x86_64, &s_shared_info_x86_32, &s_shared_info_arm, &s_shared_info_arm}},
    {"start_info (PV)",
     "abi/start_info_x86.h",
     "Magic \"xen-3.0-x86_64\" / \"xen-3.0-x86_32p\": the interface generation, not the release. "
     "console is a union: domU {mfn, evtchn} or dom0 {info_off, info_size}.",
     {&s_start_info_x86_64, &s_start_info_x86_32, NULL, NULL}},
    {"hvm_start_info (PVH)",
     "abi/hvm_start_info.h",
     "One layout for 32- and 64-bit guests. `version` is the structure's: 0 ends at 40 "
     "(no memory map), 1 is 56 bytes.",
     {&s_hvm_start_info, &s_hvm_start_info, NULL, NULL}},
    {"hvm_modlist_entry",
     "abi/hvm_start_info.h",
     "",
     {&s_hvm_modlist_entry, &s_hvm_modlist_entry, NULL, NULL}},
    {"hvm_memmap_table_entry",
     "abi/hvm_start_info.h",
     "",
     {&s_hvm_memmap_table_entry, &s_hvm_memmap_table_entry, NULL, NULL}},
    {"xencons_interface (PV console ring)",
     "abi/console_ring.h",
     "The same page everywhere.",
     {&s_xencons_interface, &s_xencons_interface, &s_xencons_interface, &s_xencons_interface}},
    {"Xen 2.0 vcpu_data (history)",
     "abi/xen2.h",
     "x86_32 only; recognised in order to refuse.",
     {NULL, &s_xen2_vcpu_data_x86_32, NULL, NULL}},
    {"Xen 2.0 shared_info (history)",
     "abi/xen2.h",
     "Only the documented prefix up to `arch` (328); arch's 2.0 contents are not established.",
     {NULL, &s_xen2_shared_info_x86_32, NULL, NULL}},
    {"Xen 2.0 start_info (history)",
     "abi/xen2.h",
     "No magic: a 2.0 start_info begins with "
     "nr_pages.",
     {NULL, &s_xen2_start_info_x86_32, NULL, NULL}},
};

static void print_rel(uint32_t rel) { printf("%u.%u", XSHIM_REL_MAJOR(rel), XSHIM_REL_MINOR(rel)); }

static const struct gfield *find(const struct gstruct *s, const char *name) {
    if (!s)
        return NULL;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->f[i].name, name) == 0)
            return &s->f[i];
    return NULL;
}

/* The union of the columns' field names, each inserted after its predecessor in its column. */
static size_t row_names(const struct family *fam, const char **rows, size_t max) {
    size_t n = 0;
    for (int a = 0; a < NARCH; a++) {
        const struct gstruct *s = fam->col[a];
        if (!s)
            continue;
        size_t after = 0; /* insert position */
        for (size_t i = 0; i < s->n; i++) {
            size_t j;
            for (j = 0; j < n; j++)
                if (strcmp(rows[j], s->f[i].name) == 0)
                    break;
            if (j < n) {
                after = j + 1;
                continue;
            }
            if (n == max)
                break;
            memmove(&rows[after + 1], &rows[after], (n - after) * sizeof rows[0]);
            rows[after] = s->f[i].name;
            n++;
            after++;
        }
    }
    return n;
}

static void print_ref(const struct gstruct *s, int arch) {
    if (!s) {
        printf(" — |");
        return;
    }
    const char *star = strchr(s->ref, '*');
    if (star)
        printf(" `%.*s%s%s` |", (int)(star - s->ref), s->ref, arch_name[arch], star + 1);
    else if (strncmp(s->ref, "Xen 2.0", 7) == 0)
        printf(" %s |", s->ref);
    else
        printf(" `%s` |", s->ref);
}

static void print_family(const struct family *fam) {
    printf("### %s\n\n", fam->title);
    printf("Declared in `%s`.", fam->header);
    if (fam->note[0])
        printf(" %s", fam->note);
    printf("\n\n| | ");
    for (int a = 0; a < NARCH; a++)
        printf("%s |%s", arch_name[a], a + 1 < NARCH ? " " : "\n");
    printf("|---|---|---|---|---|\n");
    printf("| struct |");
    for (int a = 0; a < NARCH; a++)
        printf(fam->col[a] ? " `%s` |" : " — |", fam->col[a] ? fam->col[a]->name : "");
    printf("\n| checked against |");
    for (int a = 0; a < NARCH; a++)
        print_ref(fam->col[a], a);
    printf("\n| size, align |");
    for (int a = 0; a < NARCH; a++) {
        if (fam->col[a])
            printf(" **%zu**, %zu |", fam->col[a]->size, fam->col[a]->align);
        else
            printf(" — |");
    }
    printf("\n");

    const char *rows[64];
    size_t n = row_names(fam, rows, sizeof rows / sizeof rows[0]);
    for (size_t r = 0; r < n; r++) {
        printf("| `%s` |", rows[r]);
        for (int a = 0; a < NARCH; a++) {
            const struct gfield *f = find(fam->col[a], rows[r]);
            if (!f) {
                printf(" — |");
                continue;
            }
            printf(" %zu +%zu (", f->offset, f->size);
            print_rel(f->since);
            printf(") |");
        }
        printf("\n");
    }
    printf("\n");
}

int main(void) {
    printf("# xshim ABI layouts\n\n");
    printf("<!-- Generated by tests/abi/gen_abi.c from the XSHIM_LAYOUT_* lists in abi/. "
           "Do not edit: run `make docs-abi`. -->\n\n");
    printf("Every structure the guest shares with Xen, per architecture, as `abi/` declares it.\n"
           "Each cell is `offset +size (release)`: the byte offset, the field's size, and the\n"
           "Xen release that introduced the field (as `XENVER_version` reports it, so 3.0.x\n"
           "is 3.0) into that struct; an architecture is no older than its own first release\n"
           "(Arm: 4.3). A dash means the architecture has no such struct or field.\n\n");
    printf("The same lists drive the assert block under each struct and\n"
           "`tests/abi/conform_layouts.c`, which checks every size, alignment, offset and field\n"
           "size at -m64 and -m32 against the Xen 4.17 public headers (`xen/foreign/*.h`,\n"
           "`xen/arch-x86/hvm/start_info.h`, `xen/io/console.h`), and that no unlisted field\n"
           "hides in padding. arm32 and arm64 share one layout. Xen 2.0 is history, described\n"
           "only to recognise and refuse it; it is checked against documented numbers\n"
           "(sources in `abi/xen2.h`).\n\n");
    printf("Deliberately absent: Arm's empty `arch_vcpu_info` / `arch_shared_info` (0 bytes in\n"
           "GNU C, 1 in C++); the flex console ring helpers of `xen/io/console.h`; the contents\n"
           "of Xen 2.0's `arch_shared_info_t` (not established).\n\n");
    printf("## Sizes\n\n| struct | x86_64 | x86_32 | arm32 | arm64 |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        printf("| %s |", families[i].title);
        for (int a = 0; a < NARCH; a++) {
            if (families[i].col[a])
                printf(" %zu |", families[i].col[a]->size);
            else
                printf(" — |");
        }
        printf("\n");
    }
    printf("\n## Layouts\n\n");
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        print_family(&families[i]);
    printf("## Releases named above\n\n");
    printf("`since` values that are our best reading rather than established from a release:\n"
           "start_info `first_p2m_pfn`/`nr_p2m_frames` (4.0), `hvm_start_info` (4.8, version 1\n"
           "fields 4.11), Arm layouts (4.3, the first release that ran Arm guests). The rest\n"
           "follows the Xen headers' own history notes (vcpu_time_info.flags 4.7; wc_sec_hi and\n"
           "the linear p2m fields 4.6).\n");
    return 0;
}
