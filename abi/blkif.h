/*
 * abi/blkif.h: the block device ring entries (xen/io/blkif.h) per ABI, and the protocol names
 * a frontend writes to its "protocol" node (xen/io/protocols.h). [H] every value; the 108/112
 * byte request sizes are also DESIGN.md's. Introducing releases of ops 2..6 [M].
 *
 * The request differs by ABI only in where the 64-bit id lands: x86_32 aligns uint64_t to 4
 * (id at 4, 108 bytes), x86_64 and Arm to 8 (id at 8, 112 bytes). The response likewise:
 * 12 bytes on x86_32, 16 elsewhere. A backend serving both reads the frontend's protocol node.
 */
#ifndef XSHIM_ABI_BLKIF_H
#define XSHIM_ABI_BLKIF_H

#include "base.h"

/* clang-format off */
#define XSHIM_BLKIF_OP(F)                                                                       \
    F(READ,            0, XSHIM_REL(3, 0))                                                      \
    F(WRITE,           1, XSHIM_REL(3, 0))                                                      \
    F(WRITE_BARRIER,   2, XSHIM_REL(3, 0))                                                      \
    F(FLUSH_DISKCACHE, 3, XSHIM_REL(3, 2))                                                      \
    F(RESERVED_1,      4, XSHIM_REL(3, 2))                                                      \
    F(DISCARD,         5, XSHIM_REL(4, 2))                                                      \
    F(INDIRECT,        6, XSHIM_REL(4, 3))
/* clang-format on */

#define XSHIM_BLKIF_OP_ENUM_(name, value, since) XSHIM_BLKIF_OP_##name = (value),
enum xshim_blkif_op { XSHIM_BLKIF_OP(XSHIM_BLKIF_OP_ENUM_) };

#define XSHIM_BLKIF_MAX_SEGMENTS_PER_REQUEST 11u
#define XSHIM_BLKIF_RSP_EOPNOTSUPP (-2)
#define XSHIM_BLKIF_RSP_ERROR (-1)
#define XSHIM_BLKIF_RSP_OKAY 0

#define XSHIM_IO_PROTO_ABI_X86_32 "x86_32-abi"
#define XSHIM_IO_PROTO_ABI_X86_64 "x86_64-abi"
#define XSHIM_IO_PROTO_ABI_ARM "arm-abi"

/* Same on every ABI. */
struct xshim_blkif_request_segment {
    uint32_t gref;      /* grant_ref_t of the I/O frame */
    uint8_t first_sect; /* inclusive */
    uint8_t last_sect;  /* inclusive */
    uint8_t pad[2];     /* implicit in Xen's struct */
};
/* clang-format off */
#define XSHIM_LAYOUT_blkif_request_segment(F, T)                                                \
    F(T, gref,       0, XSHIM_REL(3, 0))                                                        \
    F(T, first_sect, 4, XSHIM_REL(3, 0))                                                        \
    F(T, last_sect,  5, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_blkif_request_segment(XSHIM_ASSERT_FIELD, blkif_request_segment)
    XSHIM_ASSERT_SIZE(blkif_request_segment, 8)

        struct xshim_blkif_request_x86_32 {
    uint8_t operation; /* BLKIF_OP_* */
    uint8_t nr_segments;
    uint16_t handle; /* blkif_vdev_t */
    xshim_u64_a4 id; /* echoed in the response */
    xshim_u64_a4 sector_number;
    struct xshim_blkif_request_segment seg[11];
};
/* clang-format off */
#define XSHIM_LAYOUT_blkif_request_x86_32(F, T)                                                 \
    F(T, operation,      0, XSHIM_REL(3, 0))                                                    \
    F(T, nr_segments,    1, XSHIM_REL(3, 0))                                                    \
    F(T, handle,         2, XSHIM_REL(3, 0))                                                    \
    F(T, id,             4, XSHIM_REL(3, 0))                                                    \
    F(T, sector_number, 12, XSHIM_REL(3, 0))                                                    \
    F(T, seg,           20, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_blkif_request_x86_32(XSHIM_ASSERT_FIELD, blkif_request_x86_32)
    XSHIM_ASSERT_SIZE(blkif_request_x86_32, 108)

    /* x86_64 and Arm. */
    struct xshim_blkif_request_x86_64 {
    uint8_t operation;
    uint8_t nr_segments;
    uint16_t handle;
    uint8_t pad[4]; /* implicit in Xen's struct */
    xshim_u64_a8 id;
    xshim_u64_a8 sector_number;
    struct xshim_blkif_request_segment seg[11];
};
/* clang-format off */
#define XSHIM_LAYOUT_blkif_request_x86_64(F, T)                                                 \
    F(T, operation,      0, XSHIM_REL(3, 0))                                                    \
    F(T, nr_segments,    1, XSHIM_REL(3, 0))                                                    \
    F(T, handle,         2, XSHIM_REL(3, 0))                                                    \
    F(T, id,             8, XSHIM_REL(3, 0))                                                    \
    F(T, sector_number, 16, XSHIM_REL(3, 0))                                                    \
    F(T, seg,           24, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_blkif_request_x86_64(XSHIM_ASSERT_FIELD, blkif_request_x86_64)
    XSHIM_ASSERT_SIZE(blkif_request_x86_64, 112)

        struct xshim_blkif_response_x86_32 {
    xshim_u64_a4 id;
    uint8_t operation;
    uint8_t pad;
    int16_t status; /* BLKIF_RSP_* */
};
/* clang-format off */
#define XSHIM_LAYOUT_blkif_response_x86_32(F, T)                                                \
    F(T, id,         0, XSHIM_REL(3, 0))                                                        \
    F(T, operation,  8, XSHIM_REL(3, 0))                                                        \
    F(T, status,    10, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_blkif_response_x86_32(XSHIM_ASSERT_FIELD, blkif_response_x86_32)
    XSHIM_ASSERT_SIZE(blkif_response_x86_32, 12)

        struct xshim_blkif_response_x86_64 {
    xshim_u64_a8 id;
    uint8_t operation;
    uint8_t pad;
    int16_t status;
    uint8_t pad2[4];
};
/* clang-format off */
#define XSHIM_LAYOUT_blkif_response_x86_64(F, T)                                                \
    F(T, id,         0, XSHIM_REL(3, 0))                                                        \
    F(T, operation,  8, XSHIM_REL(3, 0))                                                        \
    F(T, status,    10, XSHIM_REL(3, 0))
/* clang-format on */
XSHIM_LAYOUT_blkif_response_x86_64(XSHIM_ASSERT_FIELD, blkif_response_x86_64)
    XSHIM_ASSERT_SIZE(blkif_response_x86_64, 16)

/* BLKIF_OP_INDIRECT (4.3+, [H]): the segments live in up to 8 granted pages of 512 segment
 * entries each, named by indirect_grefs; the entry is 64 bytes on both ABIs (i386 pads it). */
#define XSHIM_BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8u
#define XSHIM_BLKIF_SEGS_PER_INDIRECT_FRAME 512u /* 4096 / sizeof(blkif_request_segment) */

        struct xshim_blkif_request_indirect_x86_32 {
    uint8_t operation;   /* BLKIF_OP_INDIRECT */
    uint8_t indirect_op; /* BLKIF_OP_READ or _WRITE */
    uint16_t nr_segments;
    xshim_u64_a4 id;
    xshim_u64_a4 sector_number;
    uint16_t handle;
    uint8_t pad[2]; /* implicit in Xen's struct */
    uint32_t indirect_grefs[8];
    xshim_u64_a4 pad2; /* Xen's "pad" on i386 */
};
/* clang-format off */
#define XSHIM_LAYOUT_blkif_request_indirect_x86_32(F, T)                                        \
    F(T, operation,       0, XSHIM_REL(4, 3))                                                   \
    F(T, indirect_op,     1, XSHIM_REL(4, 3))                                                   \
    F(T, nr_segments,     2, XSHIM_REL(4, 3))                                                   \
    F(T, id,              4, XSHIM_REL(4, 3))                                                   \
    F(T, sector_number,  12, XSHIM_REL(4, 3))                                                   \
    F(T, handle,         20, XSHIM_REL(4, 3))                                                   \
    F(T, indirect_grefs, 24, XSHIM_REL(4, 3))
/* clang-format on */
XSHIM_LAYOUT_blkif_request_indirect_x86_32(XSHIM_ASSERT_FIELD, blkif_request_indirect_x86_32)
    XSHIM_ASSERT_SIZE(blkif_request_indirect_x86_32, 64)

        struct xshim_blkif_request_indirect_x86_64 {
    uint8_t operation;
    uint8_t indirect_op;
    uint16_t nr_segments;
    uint8_t pad[4]; /* implicit */
    xshim_u64_a8 id;
    xshim_u64_a8 sector_number;
    uint16_t handle;
    uint8_t pad2[2]; /* implicit */
    uint32_t indirect_grefs[8];
    uint8_t pad3[4]; /* implicit: the struct's 8-byte alignment */
};
/* clang-format off */
#define XSHIM_LAYOUT_blkif_request_indirect_x86_64(F, T)                                        \
    F(T, operation,       0, XSHIM_REL(4, 3))                                                   \
    F(T, indirect_op,     1, XSHIM_REL(4, 3))                                                   \
    F(T, nr_segments,     2, XSHIM_REL(4, 3))                                                   \
    F(T, id,              8, XSHIM_REL(4, 3))                                                   \
    F(T, sector_number,  16, XSHIM_REL(4, 3))                                                   \
    F(T, handle,         24, XSHIM_REL(4, 3))                                                   \
    F(T, indirect_grefs, 28, XSHIM_REL(4, 3))
/* clang-format on */
XSHIM_LAYOUT_blkif_request_indirect_x86_64(XSHIM_ASSERT_FIELD, blkif_request_indirect_x86_64)
    XSHIM_ASSERT_SIZE(blkif_request_indirect_x86_64, 64)

#endif /* XSHIM_ABI_BLKIF_H */
