// tests/tools/test_unpack.cpp: tools/unpack.cpp on the real pv64.elf packed the ways Xen's
// builder takes: the formats tests/tools/cli.sh cannot make with a command-line tool (lzop's
// format, written here with Debian's liblzo2 itself), Linux's lz4 payload with its trailing size
// word, a bzImage of a boot protocol too old for Xen's loader, and arm64 Images holding one
// policy note or two. The unpacked bytes must be the ELF itself.
#include "guest_images.hpp"

#include <tools/elfnote.hpp>
#include <tools/unpack.hpp>

#include <doctest/doctest.h>

#include <lz4.h>
#include <lzo/lzo1x.h>

#include <xshim.h>

#include <elf.h>

#include <cstring>

using namespace xshim::tools;
using Buffer = std::vector<uint8_t>;

namespace {

void be32(Buffer *b, uint32_t v) {
    for (int i = 3; i >= 0; --i)
        b->push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void le32(Buffer *b, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        b->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// An lzop file as lzop 1.04 writes it (version 0x1040: a level byte and mtime_high), no
// filter, empty name, checksums zero (Xen's loader and this tool skip them), in 256 KiB blocks.
Buffer lzop(const Buffer &data) {
    REQUIRE(lzo_init() == LZO_E_OK);
    Buffer b = {0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a};
    b.insert(b.end(), {0x10, 0x40, 0x20, 0xa0, 0x09, 0x40, 0x01,
                       0x05}); // version, lib, needed, method, level
    be32(&b, 0);               // flags
    be32(&b, 0x81a4);          // mode
    be32(&b, 0);               // mtime low
    be32(&b, 0);               // mtime high
    b.push_back(0);            // name length
    be32(&b, 0);               // header checksum
    std::vector<uint8_t> work(LZO1X_1_MEM_COMPRESS);
    constexpr size_t kBlock = 256 << 10;
    for (size_t at = 0; at < data.size(); at += kBlock) {
        const size_t n = std::min(kBlock, data.size() - at);
        Buffer out(n + n / 16 + 64 + 3);
        lzo_uint got = 0;
        REQUIRE(lzo1x_1_compress(data.data() + at, n, out.data(), &got, work.data()) == LZO_E_OK);
        be32(&b, static_cast<uint32_t>(n));
        if (got >= n) { // stored
            be32(&b, static_cast<uint32_t>(n));
            be32(&b, 0);
            b.insert(b.end(), data.begin() + at, data.begin() + at + n);
        } else {
            be32(&b, static_cast<uint32_t>(got));
            be32(&b, 0);
            b.insert(b.end(), out.begin(), out.begin() + got);
        }
    }
    be32(&b, 0); // end
    return b;
}

// Linux's lz4 payload: legacy magic, blocks of up to 8 MiB, then the uncompressed size.
Buffer lz4_legacy(const Buffer &data) {
    Buffer b;
    le32(&b, 0x184c2102u);
    constexpr size_t kBlock = 8 << 20;
    for (size_t at = 0; at < data.size(); at += kBlock) {
        const int n = static_cast<int>(std::min(kBlock, data.size() - at));
        Buffer out(LZ4_compressBound(n));
        const int got = LZ4_compress_default(reinterpret_cast<const char *>(data.data() + at),
                                             reinterpret_cast<char *>(out.data()), n,
                                             static_cast<int>(out.size()));
        REQUIRE(got > 0);
        le32(&b, static_cast<uint32_t>(got));
        b.insert(b.end(), out.begin(), out.begin() + got);
    }
    le32(&b, static_cast<uint32_t>(data.size()));
    return b;
}

// A bzImage: one setup sector, the given boot protocol, the payload right after the setup.
Buffer bzimage(const Buffer &payload, uint16_t protocol = 0x020f) {
    Buffer b(1024, 0);
    b[0x1f1] = 1;
    std::memcpy(b.data() + 0x202, "HdrS", 4);
    b[0x206] = static_cast<uint8_t>(protocol);
    b[0x207] = static_cast<uint8_t>(protocol >> 8);
    const uint32_t len = static_cast<uint32_t>(payload.size());
    std::memcpy(b.data() + 0x24c, &len, 4);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

} // namespace

TEST_CASE("a bzImage whose payload is lzop (liblzo2) unpacks to the ELF itself") {
    GuestImage pv64("pv64.elf");
    const Buffer file = bzimage(lzop(pv64.bytes));
    Unpacked u;
    std::string error;
    REQUIRE_MESSAGE(unpack({file.data(), file.size()}, &u, &error), error);
    CHECK(u.owned == pv64.bytes);
    REQUIRE(u.steps.size() == 1);
    CHECK(u.steps[0].find("bytes of lzo") != std::string::npos);
}

TEST_CASE("Linux's lz4 payload: legacy frames and the trailing size word") {
    GuestImage pv64("pv64.elf");
    const Buffer file = bzimage(lz4_legacy(pv64.bytes));
    Unpacked u;
    std::string error;
    REQUIRE_MESSAGE(unpack({file.data(), file.size()}, &u, &error), error);
    CHECK(u.owned == pv64.bytes);
}

TEST_CASE("a bzImage older than boot protocol 2.08 is refused as Xen's loader refuses it") {
    GuestImage pv64("pv64.elf");
    const Buffer file = bzimage(lz4_legacy(pv64.bytes), 0x0207);
    Unpacked u;
    std::string error;
    CHECK_FALSE(unpack({file.data(), file.size()}, &u, &error));
    CHECK(error == "a Linux bzImage of boot protocol 2.07: Xen's loader needs 2.08 or later (the "
                   "payload fields)");
}

TEST_CASE("an lzo block that claims more than it holds is refused by name") {
    GuestImage pv64("pv64.elf");
    Buffer z = lzop(pv64.bytes);
    // The first block's packed size (after the 38-byte header and its unpacked size) made huge.
    const size_t packed_at = 38 + 4;
    z[packed_at] = 0x7f;
    const Buffer file = bzimage(z);
    Unpacked u;
    std::string error;
    CHECK_FALSE(unpack({file.data(), file.size()}, &u, &error));
    CHECK(error.find("lzo block at offset 0x26: sizes") != std::string::npos);
}

TEST_CASE("an arm64 Image's policy note is found; two are refused") {
    GuestImage arm("arm64.bin");
    Unpacked u;
    std::string error;
    REQUIRE_MESSAGE(unpack({arm.bytes.data(), arm.bytes.size()}, &u, &error), error);
    CHECK(u.contents == Contents::arm64_image);
    ElfImage elf;
    REQUIRE_MESSAGE(arm64_image_notes(u.bytes, &elf, &error), error);
    REQUIRE(elf.notes.size() == 1);
    ImageNotes notes;
    REQUIRE_MESSAGE(decode_image(elf, &notes, &error), error);
    REQUIRE(notes.policy.has_value());
    CHECK((notes.policy->guest_types & XSHIM_GUEST_MASK(XSHIM_GUEST_ARM)) != 0);
    CHECK(notes.not_a_guest.empty()); // an Image is a guest, though it has no Xen notes

    // The same note copied to the end of the image: a kernel declares one policy.
    Buffer two = arm.bytes;
    while (two.size() % 4)
        two.push_back(0);
    const size_t note = static_cast<size_t>(elf.notes[0].offset);
    const size_t len = 12 + 8 + sizeof(xshim_policy);
    two.insert(two.end(), arm.bytes.begin() + note, arm.bytes.begin() + note + len);
    CHECK_FALSE(arm64_image_notes({two.data(), two.size()}, &elf, &error));
    CHECK(error.find("two xshim policy notes") != std::string::npos);
}

TEST_CASE("an aarch64 ELF is not what Xen on Arm boots; its Image is, with the same policy") {
    // guest-boot's arm64.elf, the ELF that objcopy -O binary turns into arm64.bin.
    GuestImage arm_elf("arm64.elf");
    Unpacked u;
    std::string error;
    REQUIRE_MESSAGE(unpack({arm_elf.bytes.data(), arm_elf.bytes.size()}, &u, &error), error);
    CHECK(u.contents != Contents::arm64_image);
    ElfImage elf;
    REQUIRE_MESSAGE(parse_elf(u.bytes, &elf, &error), error);
    CHECK(elf.machine == EM_AARCH64);
    ImageNotes notes;
    REQUIRE_MESSAGE(decode_image(elf, &notes, &error), error);
    CHECK(notes.not_a_guest.find("Xen on Arm does not boot") != std::string::npos);
    CHECK(notes.not_a_guest.find("Use the Image") != std::string::npos);
    REQUIRE(notes.policy.has_value());

    // The Image made from it carries the same policy and is a guest.
    GuestImage arm_bin("arm64.bin");
    Unpacked ub;
    REQUIRE_MESSAGE(unpack({arm_bin.bytes.data(), arm_bin.bytes.size()}, &ub, &error), error);
    ElfImage image;
    REQUIRE_MESSAGE(arm64_image_notes(ub.bytes, &image, &error), error);
    ImageNotes image_notes;
    REQUIRE_MESSAGE(decode_image(image, &image_notes, &error), error);
    REQUIRE(image_notes.policy.has_value());
    CHECK(image_notes.not_a_guest.empty());
    CHECK(std::memcmp(&*image_notes.policy, &*notes.policy, sizeof(xshim_policy)) == 0);
}
