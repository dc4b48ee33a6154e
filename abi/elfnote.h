/*
 * abi/elfnote.h: the note types a kernel image carries under the name "Xen" (xen/elfnote.h).
 *
 *   XSHIM_ELFNOTE(F)  F(name, type, since)  XSHIM_ELFNOTE_<name>
 *
 * [H] every number. Introducing releases: [H] SUPPORTED_FEATURES 4.2 (elfnote.h: "the set of
 * features 4.2 and newer hypervisors will consider supported"); the rest [M], not verified.
 * The crash and dumpcore notes describe core files, not kernel images.
 */
#ifndef XSHIM_ABI_ELFNOTE_H
#define XSHIM_ABI_ELFNOTE_H

#include "base.h"

#define XSHIM_ELFNOTE_NAME "Xen"

/* clang-format off */
#define XSHIM_ELFNOTE(F)                                                                        \
    F(INFO,                      0, XSHIM_REL(3, 0))                                            \
    F(ENTRY,                     1, XSHIM_REL(3, 0))                                            \
    F(HYPERCALL_PAGE,            2, XSHIM_REL(3, 0))                                            \
    F(VIRT_BASE,                 3, XSHIM_REL(3, 0))                                            \
    F(PADDR_OFFSET,              4, XSHIM_REL(3, 0))                                            \
    F(XEN_VERSION,               5, XSHIM_REL(3, 0))                                            \
    F(GUEST_OS,                  6, XSHIM_REL(3, 0))                                            \
    F(GUEST_VERSION,             7, XSHIM_REL(3, 0))                                            \
    F(LOADER,                    8, XSHIM_REL(3, 0))                                            \
    F(PAE_MODE,                  9, XSHIM_REL(3, 0))                                            \
    F(FEATURES,                 10, XSHIM_REL(3, 0))                                            \
    F(BSD_SYMTAB,               11, XSHIM_REL(3, 0))                                            \
    F(HV_START_LOW,             12, XSHIM_REL(3, 1))                                            \
    F(L1_MFN_VALID,             13, XSHIM_REL(3, 1))                                            \
    F(SUSPEND_CANCEL,           14, XSHIM_REL(3, 2))                                            \
    F(INIT_P2M,                 15, XSHIM_REL(4, 0))                                            \
    F(MOD_START_PFN,            16, XSHIM_REL(4, 1))                                            \
    F(SUPPORTED_FEATURES,       17, XSHIM_REL(4, 2))                                            \
    F(PHYS32_ENTRY,             18, XSHIM_REL(4, 8)) /* PVH entry point */                      \
    F(CRASH_INFO,        0x1000001, XSHIM_REL(3, 0))                                            \
    F(CRASH_REGS,        0x1000002, XSHIM_REL(3, 0))                                            \
    F(DUMPCORE_NONE,     0x2000000, XSHIM_REL(3, 1))                                            \
    F(DUMPCORE_HEADER,   0x2000001, XSHIM_REL(3, 1))                                            \
    F(DUMPCORE_XEN_VERSION, 0x2000002, XSHIM_REL(3, 1))                                         \
    F(DUMPCORE_FORMAT_VERSION, 0x2000003, XSHIM_REL(3, 1))
/* clang-format on */

#define XSHIM_ELFNOTE_ENUM_(name, value, since) XSHIM_ELFNOTE_##name = (value),
enum xshim_elfnote { XSHIM_ELFNOTE(XSHIM_ELFNOTE_ENUM_) };
#define XSHIM_ELFNOTE_MAX 18u /* [H] XEN_ELFNOTE_MAX: highest image note type */

#endif /* XSHIM_ABI_ELFNOTE_H */
