/* tools/xenctrl_open.h: the few libxenctrl calls xshim-check makes, behind a C interface
 * (xenctrl.h and the Xen headers it pulls in compile only as C). */
#ifndef XSHIM_TOOLS_XENCTRL_OPEN_H
#define XSHIM_TOOLS_XENCTRL_OPEN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct xshim_xc;

/* Load libxenctrl (dlopen) and open it. NULL on failure, with *err = errno of the failure and
 * libxenctrl's own last warning or error copied into said (empty if it said nothing); *err is
 * ELIBACC when the library itself cannot be loaded, with dlerror()'s text in said. */
struct xshim_xc *xshim_xc_open(int *err, char *said, size_t said_len);

/* xc_version(cmd, arg): >= 0, or the negative errno of the failure. */
long xshim_xc_version(struct xshim_xc *xc, uint32_t cmd, void *arg);

void xshim_xc_close(struct xshim_xc *xc);

/* The soname loaded, e.g. "libxenctrl.so.4.17". */
const char *xshim_xc_soname(void);

#ifdef __cplusplus
}
#endif

#endif /* XSHIM_TOOLS_XENCTRL_OPEN_H */
