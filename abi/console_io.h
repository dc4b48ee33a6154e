/*
 * abi/console_io.h: console_io(cmd, count, buffer) subops (xen/xen.h).
 * [H] numbers; [S] the same numbers in the Xen 2.0 xen.h. A production Xen denies
 * CONSOLEIO_write to a domU (only dom0 and debug builds print it): see DESIGN.md.
 */
#ifndef XSHIM_ABI_CONSOLE_IO_H
#define XSHIM_ABI_CONSOLE_IO_H

#include "hypercall.h"

/* clang-format off */
#define XSHIM_CONSOLEIO(F)                                                                      \
    F(write, 0, XSHIM_REL(2, 0))                                                                \
    F(read,  1, XSHIM_REL(2, 0))
/* clang-format on */

#define XSHIM_CONSOLEIO_ENUM_(name, value, since) XSHIM_CONSOLEIO_##name = (value),
enum xshim_consoleio { XSHIM_CONSOLEIO(XSHIM_CONSOLEIO_ENUM_) };

#endif /* XSHIM_ABI_CONSOLE_IO_H */
