/*
 * tests/docs/refusal_doc.c: the parts of docs/refusals.md that are the reason vocabulary itself,
 * printed from XSHIM_REASONS (shim/include/xshim.h) so the page cannot drift from the code.
 *
 *   refusal_doc table     the summary table (between the page's marker comments)
 *   refusal_doc headings  each code's section heading and its one-line meaning, in order
 *   refusal_doc names     the refusal codes' names, one a line (tests/docs/names_once.sh)
 *
 * Written in C: it also shows that the list is usable from the public header by a C program.
 */
#include <xshim.h>

#include <stdio.h>
#include <string.h>

/* Where each code is decided, what its evidence holds and which real boot shows it: facts of
 * the code and of the tests, not of the vocabulary, so they live here; indexed by the enum, so
 * a new code without a row fails below instead of printing a gap. */
struct row {
    const char *decided_in;
    const char *evidence; /* what verdict.evidence holds (enum xshim_evidence_kind) */
    const char *real_boot;
};

static const struct row rows[XSHIM_REASON_COUNT] = {
    [XSHIM_REASON_BAD_POLICY] = {"`xshim_boot` (`check_policy`)",
                                 "POLICY: the first bad field's offset and value", "none"},
    [XSHIM_REASON_NO_HANDOFF] = {"probe", "NO_MATCH: boot protocol, arch", "none"},
    [XSHIM_REASON_BAD_START_INFO] = {"probe (`start_info` adapter)", "FACT: `start_info` malformed",
                                     "none"},
    [XSHIM_REASON_BAD_HVM_START_INFO] = {"probe (`start_info` adapter)",
                                         "FACT: `hvm_start_info` malformed, its version", "none"},
    [XSHIM_REASON_OLD_GENERATION] = {"probe (PV magic) or `select()` (release)",
                                     "BOUND: the magic's generation or the release, against 3.0",
                                     "none"},
    [XSHIM_REASON_NO_XEN] = {"probe (CPUID scan; Arm: device tree)",
                             "FACT: the signature (CPUID or device tree)",
                             "`noxen:pvh`, `noxen-arm64:arm64`"},
    [XSHIM_REASON_NO_TRANSPORT] = {"probe (hypercall table)",
                                   "NO_MATCH: guest type, CPU vendor (NONE: no platform)", "none"},
    [XSHIM_REASON_HYPERCALL_FAILED] = {"probe (`XENVER_version`)",
                                       "FACT: `XENVER_version`'s status and error", "none"},
    [XSHIM_REASON_RELEASE_MISMATCH] = {"probe",
                                       "SOURCES: CPUID's or the device tree's release, against "
                                       "`XENVER_version`'s",
                                       "none"},
    [XSHIM_REASON_TOO_OLD] = {"`select()`", "BOUND: the release, against `min_release`",
                              "`xen-pv:pv64-needs99`, `xen-pvh:pvh-needs99`, "
                              "`xen-arm64:arm64-needs99`, toolstack `pv-refused`, `pvh-refused`"},
    [XSHIM_REASON_TOO_NEW] = {"`select()`", "BOUND: the release, against `max_tested_release`",
                              "none"},
    [XSHIM_REASON_GUEST_TYPE] = {"`select()`", "GUEST_TYPE: the guest type, against `guest_types`",
                                 "toolstack `hvm-refused`"},
    [XSHIM_REASON_MISSING_FEATURE] = {"`select()`",
                                      "FEATURE: the missing bit, its submap, the features fact",
                                      "none"},
    [XSHIM_REASON_NO_LAYOUT] = {"`select()` (`shared_info` table)", "NO_MATCH: release, arch",
                                "none"},
    [XSHIM_REASON_BAD_FDT] = {"probe (Arm device tree)",
                              "FACT: the device tree malformed, the reader's error", "none"},
    [XSHIM_REASON_INCONSISTENT] = {"`select()` (consistency rules)",
                                   "INCONSISTENT: the rule, the required bit it touches (or "
                                   "NO_POLICY), the rule's fact; both facts in "
                                   "`verdict.inconsistency`",
                                   "none"},
};

struct reason {
    const char *macro;
    unsigned value;
    const char *name;
    const char *meaning;
};

#define ENTRY_(id, value, text, meaning) {"XSHIM_REASON_" #id, value, text, meaning},
static const struct reason reasons[] = {XSHIM_REASONS(ENTRY_)};
#undef ENTRY_
#define NREASONS (sizeof reasons / sizeof reasons[0])

static int check_rows(void) {
    for (unsigned i = 1; i < NREASONS; ++i)
        if (rows[reasons[i].value].decided_in == NULL) {
            fprintf(stderr, "refusal_doc: %s has no row in tests/docs/refusal_doc.c\n",
                    reasons[i].macro);
            return 0;
        }
    return 1;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (NREASONS != XSHIM_REASON_COUNT || !check_rows())
        return 1;
    if (strcmp(mode, "table") == 0) {
        printf("| value | code | decided in | evidence | real boot that shows it |\n"
               "|---|---|---|---|---|\n");
        for (unsigned i = 1; i < NREASONS; ++i) {
            const struct row *r = &rows[reasons[i].value];
            printf("| %u | `%s` | %s | %s | %s |\n", reasons[i].value, reasons[i].name,
                   r->decided_in, r->evidence, r->real_boot);
        }
    } else if (strcmp(mode, "headings") == 0) {
        for (unsigned i = 1; i < NREASONS; ++i)
            printf("## %s\n\n`%s` (%u): **%s.**\n", reasons[i].name, reasons[i].macro,
                   reasons[i].value, reasons[i].meaning);
    } else if (strcmp(mode, "names") == 0) {
        for (unsigned i = 1; i < NREASONS; ++i)
            printf("%s\n", reasons[i].name);
    } else {
        fprintf(stderr, "usage: refusal_doc table|headings|names\n");
        return 2;
    }
    return 0;
}
