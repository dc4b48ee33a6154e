/*
 * tests/abi/check.h: the tiny harness of the conformance programs. Each CHECK_EQ compares one
 * xshim value against the Xen headers' value, prints the mismatch and counts; CHECK_SUMMARY()
 * prints "N passed, N failed" and gives the exit status.
 */
#ifndef XSHIM_TESTS_ABI_CHECK_H
#define XSHIM_TESTS_ABI_CHECK_H

#include <stdio.h>

static unsigned check_passed, check_failed;

#define CHECK_EQ(what, ours, theirs)                                                               \
    do {                                                                                           \
        unsigned long long o_ = (unsigned long long)(ours), t_ = (unsigned long long)(theirs);     \
        if (o_ == t_) {                                                                            \
            check_passed++;                                                                        \
        } else {                                                                                   \
            check_failed++;                                                                        \
            printf("MISMATCH %s: xshim %llu (0x%llx), Xen headers %llu (0x%llx)\n", (what), o_,    \
                   o_, t_, t_);                                                                    \
        }                                                                                          \
    } while (0)

#define CHECK_SUMMARY(name)                                                                        \
    (printf("%s (%u-bit): %u passed, %u failed\n", (name), (unsigned)(sizeof(void *) * 8),         \
            check_passed, check_failed),                                                           \
     check_failed ? 1 : 0)

#endif
