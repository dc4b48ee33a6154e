/* tools/xenctrl_open.c: libxenctrl, opened with a logger that keeps its last message so the
 * tool can print one line that says what is missing, not libxenctrl's stderr chatter. */
#include "xenctrl_open.h"

#include <xenctrl.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct xshim_xc {
    xentoollog_logger logger; /* first: libxenctrl calls back with a pointer to it */
    char said[256];
    xc_interface *xch;
};

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
    xc->logger.vmessage = keep_message;
    xc->logger.progress = no_progress;
    xc->logger.destroy = no_destroy;
    errno = 0;
    xc->xch = xc_interface_open(&xc->logger, &xc->logger, 0);
    if (xc->xch == NULL) {
        *err = errno != 0 ? errno : ENOENT;
        if (said_len != 0)
            snprintf(said, said_len, "%s", xc->said);
        free(xc);
        return NULL;
    }
    return xc;
}

long xshim_xc_version(struct xshim_xc *xc, uint32_t cmd, void *arg) {
    int rc;
    errno = 0;
    rc = xc_version(xc->xch, (int)cmd, arg);
    if (rc < 0)
        return errno > 0 ? -(long)errno : -EIO;
    return rc;
}

void xshim_xc_close(struct xshim_xc *xc) {
    if (xc == NULL)
        return;
    xc_interface_close(xc->xch);
    free(xc);
}
