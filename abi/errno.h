/*
 * abi/errno.h: the error values Xen returns (negated) from a hypercall, xen/errno.h. They follow
 * x86 Linux on every architecture, so a host's <errno.h> is not a substitute. Only the values
 * xshim names; [H] each (tests/abi/conform_constants.c against XEN_<name>).
 *
 *   XSHIM_XEN_ERRNO(F)  F(name, value)  XSHIM_XEN_<name> = value
 */
#ifndef XSHIM_ABI_ERRNO_H
#define XSHIM_ABI_ERRNO_H

/* clang-format off */
#define XSHIM_XEN_ERRNO(F)                                                                      \
    F(EPERM,        1)                                                                          \
    F(ENOENT,       2)                                                                          \
    F(EINVAL,      22)                                                                          \
    F(ENOSYS,      38)                                                                          \
    F(EOPNOTSUPP,  95)                                                                          \
    F(ENOBUFS,    105)
/* clang-format on */

#define XSHIM_XEN_ERRNO_ENUM_(name, value) XSHIM_XEN_##name = (value),
enum xshim_xen_errno { XSHIM_XEN_ERRNO(XSHIM_XEN_ERRNO_ENUM_) };

#endif /* XSHIM_ABI_ERRNO_H */
