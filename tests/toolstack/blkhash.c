/*
 * tests/toolstack/blkhash.c: blkhash FILE START COUNT prints "START+COUNT fnv1a64=0x..." for
 * COUNT 512-byte sectors of FILE (a block device or an image) from sector START: the FNV-1a
 * 64-bit hash the test guest prints for the same sectors (guest-boot/blockio.cpp). Built static
 * for the test bed's dom0, whose busybox has no such hash. Exit status 1 on a short read.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: blkhash FILE START COUNT\n");
        return 2;
    }
    char *end = NULL;
    const unsigned long long start = strtoull(argv[2], &end, 10);
    if (*argv[2] == '\0' || *end != '\0') {
        fprintf(stderr, "blkhash: START %s is not a number\n", argv[2]);
        return 2;
    }
    const unsigned long long count = strtoull(argv[3], &end, 10);
    if (*argv[3] == '\0' || *end != '\0' || count > (1ull << 40)) {
        fprintf(stderr, "blkhash: COUNT %s is not a sector count\n", argv[3]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL || fseeko(f, (off_t)(start * 512), SEEK_SET) != 0) {
        fprintf(stderr, "blkhash: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    uint64_t h = 0xcbf29ce484222325ull;
    unsigned char sector[512];
    for (unsigned long long s = 0; s < count; ++s) {
        if (fread(sector, 1, sizeof sector, f) != sizeof sector) {
            fprintf(stderr, "blkhash: %s: short read at sector %llu\n", argv[1], start + s);
            return 1;
        }
        for (size_t i = 0; i < sizeof sector; ++i)
            h = (h ^ sector[i]) * 0x100000001b3ull;
    }
    printf("%llu+%llu fnv1a64=0x%016" PRIx64 "\n", start, count, h);
    return 0;
}
