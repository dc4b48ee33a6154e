// shim/lib/fdt.hpp: a reader for the flattened device tree (devicetree specification v0.4, chapter 5
// "Flattened Devicetree (DTB) Format") that Xen on Arm and QEMU hand a kernel in x0.
//
// The blob is untrusted input. open() checks the header against the buffer and then walks the
// whole structure block once, so a blob it accepts has: every block inside totalsize, every
// token 4-aligned inside the structure block, every node name and property name NUL-terminated
// inside its block, every property value inside the structure block, nesting at most
// kMaxDepth, balanced BEGIN_NODE/END_NODE and a final FDT_END. The lookups walk again with the
// same checks (they never trust that open() ran). All reads are byte-wise and big-endian, so
// the reader makes no unaligned access (the MMU may be off) and needs nothing from libc.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace xshim::fdt {

inline constexpr uint32_t kMagic = 0xd00dfeedu;
inline constexpr uint32_t kHeaderSize = 40;       // struct fdt_header, version 17
inline constexpr uint32_t kVersion = 17;          // what this reader reads
inline constexpr uint32_t kOldestCompatible = 16; // version 16 blobs read the same
inline constexpr uint32_t kMaxDepth = 32;         // nesting bound (root is depth 1)
// The Arm64 boot protocol caps a DTB at 2 MiB (Linux Documentation/arch/arm64/booting.rst);
// the handoff, which has no buffer length, trusts no totalsize beyond it.
inline constexpr uint32_t kHandoffMax = 2u << 20;

// Structure block tokens.
inline constexpr uint32_t kBeginNode = 1, kEndNode = 2, kProp = 3, kNop = 4, kEnd = 9;

// Why a blob or a lookup was rejected, written once: F(Name, value, "name") makes the enum and
// error_name()'s words (docs/refusals.md quotes them for bad-fdt). 0 is success; every other
// value is negative, one below the previous.
/* clang-format off */
#define XSHIM_FDT_ERRORS(F)                                                                        \
    F(kOk,               0, "ok")                                                                  \
    F(kNullBlob,        -1, "null-blob")         /* no pointer */                                  \
    F(kTruncated,       -2, "truncated")         /* the buffer is shorter than the header */       \
    F(kBadMagic,        -3, "bad-magic")         /* not 0xd00dfeed */                              \
    F(kBadTotalSize,    -4, "bad-totalsize")     /* totalsize below the header or past the         \
                                                    buffer */                                      \
    F(kBadVersion,      -5, "bad-version")       /* last_comp_version above 17, or version         \
                                                    below 16 */                                    \
    F(kStructRange,     -6, "struct-range")      /* off_dt_struct/size_dt_struct outside           \
                                                    totalsize or misaligned */                     \
    F(kStringsRange,    -7, "strings-range")     /* off_dt_strings/size_dt_strings outside         \
                                                    totalsize */                                   \
    F(kBadToken,        -8, "bad-token")         /* an unknown token, or a token past the          \
                                                    structure block */                             \
    F(kUnterminatedName, -9, "unterminated-name") /* a node name without NUL inside the            \
                                                    structure block */                             \
    F(kPropRange,      -10, "prop-range")        /* a property header or value past the            \
                                                    structure block */                             \
    F(kBadNameOffset,  -11, "bad-name-offset")   /* a property name offset outside the strings     \
                                                    block, or no NUL */                            \
    F(kTooDeep,        -12, "too-deep")          /* nesting past kMaxDepth */                      \
    F(kBadNesting,     -13, "bad-nesting")       /* END_NODE without BEGIN_NODE, no root, a        \
                                                    second root, FDT_END early */                  \
    F(kNoEnd,          -14, "no-end")            /* the structure block ends without FDT_END */    \
    F(kNotFound,       -15, "not-found")         /* a lookup: no such node */                      \
    F(kNoProperty,     -16, "no-property")       /* a lookup: the node exists, the property        \
                                                    does not */                                    \
    F(kBadPath,        -17, "bad-path")          /* a lookup: the path is not absolute */
/* clang-format on */

#define XSHIM_FDT_ERROR_ENUM_(name, value, text) name = (value),
enum Error : int { XSHIM_FDT_ERRORS(XSHIM_FDT_ERROR_ENUM_) };
#undef XSHIM_FDT_ERROR_ENUM_

// The name of an error, for messages and tests ("bad-magic").
const char *error_name(int error);

// A blob that passed open(): the offsets are checked against size.
struct Blob {
    const uint8_t *base;
    uint32_t size; // totalsize
    uint32_t version;
    uint32_t struct_off, struct_size;
    uint32_t strings_off, strings_size;
    uint32_t nodes; // node count seen by open()'s walk
};

// Bytes inside the blob: a property value.
struct Bytes {
    const uint8_t *data;
    uint32_t len;
};

// Check the header against a buffer of `len` bytes and walk the structure once.
[[nodiscard]] int open(const void *data, size_t len, Blob *out);

// The value of property `prop` of the node at the absolute `path` ("/hypervisor"; "/" is the
// root). A path component matches a node name equal to it or equal to it followed by
// "@unit-address". The first matching node in structure order is used.
[[nodiscard]] int find_property(const Blob &blob, const char *path, const char *prop, Bytes *out);

// Whether the node at `path` exists (0) or why not.
[[nodiscard]] int find_node(const Blob &blob, const char *path);

// Iterate a string-list value ("a\0b\0"): *pos starts at 0; each call gives the next string
// (without its NUL) and true, or false at the end. A list whose last string lacks its NUL is
// malformed: the unterminated tail is not returned and *malformed is set.
bool next_string(const Bytes &list, uint32_t *pos, const char **s, uint32_t *len, bool *malformed);

// Big-endian 32-bit read of 4 bytes at p (byte-wise: no alignment needed).
constexpr uint32_t be32(const uint8_t *p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

} // namespace xshim::fdt
