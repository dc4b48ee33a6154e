/*
 * tests/toolstack/qmp.c: qmp SOCKET COMMAND... sends each COMMAND (one QMP JSON object, e.g.
 * '{"execute":"screendump","arguments":{"filename":"/tmp/shot.ppm"}}') to the QEMU whose QMP
 * socket is SOCKET (libxl's /var/run/xen/qmp-libxl-DOMID), after the qmp_capabilities
 * handshake, and prints each answer line ("return" or "error"; asynchronous "event" lines are
 * skipped). Built static for the test bed's dom0, which has no QMP client. Every wait is bounded:
 * the connection is retried for at most 20 s (QEMU serves one client at a time and libxl may be
 * connected), and the whole run ends after 60 s (SIGALRM). Exit status 0 when every command was
 * answered with "return", 1 otherwise, 2 for a usage error.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static char buf[65536];
static size_t have;

/* One line of the answer stream (without its CR LF), or NULL at EOF. */
static const char *next_line(int fd) {
    static char line[65536];
    for (;;) {
        char *nl = memchr(buf, '\n', have);
        if (nl != NULL) {
            size_t n = (size_t)(nl - buf);
            memcpy(line, buf, n);
            line[n] = '\0';
            if (n > 0 && line[n - 1] == '\r')
                line[n - 1] = '\0';
            memmove(buf, nl + 1, have - n - 1);
            have -= n + 1;
            return line;
        }
        if (have == sizeof buf)
            return NULL;
        ssize_t got = read(fd, buf + have, sizeof buf - have);
        if (got <= 0)
            return NULL;
        have += (size_t)got;
    }
}

/* The answer to the command just sent: the first line that is not an event. */
static const char *answer(int fd) {
    const char *l;
    while ((l = next_line(fd)) != NULL)
        if (strstr(l, "\"event\"") == NULL)
            return l;
    return NULL;
}

static int send_line(int fd, const char *json) {
    size_t n = strlen(json);
    if (write(fd, json, n) != (ssize_t)n || write(fd, "\n", 1) != 1)
        return -1;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: qmp SOCKET COMMAND...\n");
        return 2;
    }
    alarm(60);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(argv[1]) >= sizeof addr.sun_path) {
        fprintf(stderr, "qmp: %s: path too long\n", argv[1]);
        return 2;
    }
    strcpy(addr.sun_path, argv[1]);
    int fd = -1;
    for (int attempt = 0; attempt < 200; ++attempt) {
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0)
            break;
        if (fd >= 0)
            close(fd);
        fd = -1;
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (fd < 0) {
        fprintf(stderr, "qmp: %s: cannot connect: %s\n", argv[1], strerror(errno));
        return 1;
    }
    const char *greeting = next_line(fd);
    if (greeting == NULL || strstr(greeting, "\"QMP\"") == NULL) {
        fprintf(stderr, "qmp: %s: no QMP greeting\n", argv[1]);
        return 1;
    }
    const char *l;
    if (send_line(fd, "{\"execute\":\"qmp_capabilities\"}") != 0 || (l = answer(fd)) == NULL ||
        strstr(l, "\"return\"") == NULL) {
        fprintf(stderr, "qmp: qmp_capabilities refused\n");
        return 1;
    }
    int failed = 0;
    for (int i = 2; i < argc; ++i) {
        if (send_line(fd, argv[i]) != 0 || (l = answer(fd)) == NULL) {
            fprintf(stderr, "qmp: no answer to %s\n", argv[i]);
            return 1;
        }
        printf("%s\n", l);
        if (strstr(l, "\"return\"") == NULL)
            failed = 1;
    }
    close(fd);
    return failed;
}
