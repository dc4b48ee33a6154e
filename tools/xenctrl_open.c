/* tools/xenctrl_open.c: libxenctrl, opened with a logger that keeps its last message so the
 * tool can print one line that says what is missing, not libxenctrl's stderr chatter.
 *
 * The library is loaded with dlopen when `host` asks for it, not linked: `image` and `predict`
 * need no Xen and must start on a host without libxenctrl. XSHIM_XENCTRL_SONAME is the soname
 * of the libxenctrl the tool was built against (tools/tools.mk reads it from the library), so
 * the xenctrl.h the calls were compiled with matches the library loaded. */
#include "xenctrl_open.h"

#include <xenctrl.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef XSHIM_XENCTRL_SONAME
#error "XSHIM_XENCTRL_SONAME (e.g. \"libxenctrl.so.4.17\") comes from tools/tools.mk"
#endif

/* The three calls the tool makes, looked up in the loaded library. */
struct xenctrl_calls {
    xc_interface *(*open)(xentoollog_logger *, xentoollog_logger *, unsigned);
    int (*version)(xc_interface *, int, void *);
    int (*close)(xc_interface *);
};

struct xshim_xc {
    xentoollog_logger logger; /* first: libxenctrl calls back with a pointer to it */
    char said[256];
    xc_interface *xch;
    void *lib;
    struct xenctrl_calls call;
};

/* dlopen and dlsym; 0, or ELIBACC with dlerror()'s text in said. */
static int load_xenctrl(struct xshim_xc *xc, char *said, size_t said_len) {
    const char *why;
    xc->lib = dlopen(XSHIM_XENCTRL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (xc->lib != NULL) {
        *(void **)&xc->call.open = dlsym(xc->lib, "xc_interface_open");
        *(void **)&xc->call.version = dlsym(xc->lib, "xc_version");
        *(void **)&xc->call.close = dlsym(xc->lib, "xc_interface_close");
        if (xc->call.open != NULL && xc->call.version != NULL && xc->call.close != NULL)
            return 0;
    }
    why = dlerror();
    if (said_len != 0)
        snprintf(said, said_len, "%s", why != NULL ? why : XSHIM_XENCTRL_SONAME ": symbol missing");
    if (xc->lib != NULL)
        dlclose(xc->lib);
    return ELIBACC;
}

const char *xshim_xc_soname(void) { return XSHIM_XENCTRL_SONAME; }

static void keep_message(xentoollog_logger *logger, xentoollog_level level, int errnoval,
                         const char *context, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
static void keep_message(xentoollog_logger *logger, xentoollog_level level, int errnoval,
                         const char *context, const char *fmt, va_list ap) {
    struct xshim_xc *self = (struct xshim_xc *)logger;
    int n;
    (void)errnoval;
    if (level < XTL_WARN)
        return;
    n = snprintf(self->said, sizeof self->said, "%s: ", context ? context : "xc");
    if (n < 0 || (size_t)n >= sizeof self->said)
        n = 0;
    vsnprintf(self->said + n, sizeof self->said - (size_t)n, fmt, ap);
}

static void no_progress(xentoollog_logger *logger, const char *context, const char *doing_what,
                        int percent, unsigned long done, unsigned long total) {
    (void)logger, (void)context, (void)doing_what, (void)percent, (void)done, (void)total;
}

static void no_destroy(xentoollog_logger *logger) { (void)logger; }

struct xshim_xc *xshim_xc_open(int *err, char *said, size_t said_len) {
    struct xshim_xc *xc = calloc(1, sizeof *xc);
    if (xc == NULL) {
        *err = ENOMEM;
        return NULL;
    }
    *err = load_xenctrl(xc, said, said_len);
    if (*err != 0) {
        free(xc);
        return NULL;
    }
    xc->logger.vmessage = keep_message;
    xc->logger.progress = no_progress;
    xc->logger.destroy = no_destroy;
    errno = 0;
    xc->xch = xc->call.open(&xc->logger, &xc->logger, 0);
    if (xc->xch == NULL) {
        *err = errno != 0 ? errno : ENOENT;
        if (*err == ELIBACC)
            *err = ENOENT; /* ELIBACC says "not installed" */
        if (said_len != 0)
            snprintf(said, said_len, "%s", xc->said);
        dlclose(xc->lib);
        free(xc);
        return NULL;
    }
    return xc;
}

long xshim_xc_version(struct xshim_xc *xc, uint32_t cmd, void *arg) {
    int rc;
    errno = 0;
    rc = xc->call.version(xc->xch, (int)cmd, arg);
    if (rc < 0)
        return errno > 0 ? -(long)errno : -EIO;
    return rc;
}

void xshim_xc_close(struct xshim_xc *xc) {
    if (xc == NULL)
        return;
    xc->call.close(xc->xch);
    dlclose(xc->lib);
    free(xc);
}
