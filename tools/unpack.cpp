// tools/unpack.cpp: see unpack.hpp. Every decoder streams into a buffer that grows to at most
// kMaxUnpacked and stops at the end of the first stream: a Linux payload ends with the 4-byte
// uncompressed size after its stream, which Xen's loader reads separately and this tool does not
// need.
#include "unpack.hpp"

#include <abi/elfnote.h>
#include <xshim.h>

#include <bzlib.h>
#include <elf.h>
#include <lz4.h>
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace xshim::tools {
namespace {

uint32_t le32(const uint8_t *p) {
    return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
uint32_t be32(const uint8_t *p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}
uint16_t le16(const uint8_t *p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }

std::string hex(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%" PRIx64, v);
    return b;
}

std::string too_large(const char *format) {
    return std::string(format) + " stream unpacks to more than " +
           std::to_string(kMaxUnpacked >> 20) + " MiB, this tool's limit (a distribution vmlinux " +
           "is under 100 MiB)";
}

// Grow *out by up to chunk bytes within the limit; false when the limit is reached.
bool grow(std::vector<uint8_t> *out, size_t used, size_t chunk = size_t{1} << 20) {
    if (used >= kMaxUnpacked)
        return false;
    out->resize(std::min(kMaxUnpacked, used + chunk));
    return true;
}

bool gunzip(Bytes in, std::vector<uint8_t> *out, std::string *error) {
    z_stream s{};
    if (inflateInit2(&s, 15 + 16) != Z_OK) { // gzip header only
        *error = "zlib: inflateInit2 failed";
        return false;
    }
    s.next_in = const_cast<Bytef *>(in.data);
    s.avail_in = static_cast<uInt>(std::min<size_t>(in.size, UINT32_MAX));
    size_t used = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (!grow(out, used)) {
            inflateEnd(&s);
            *error = too_large("gzip");
            return false;
        }
        s.next_out = out->data() + used;
        s.avail_out = static_cast<uInt>(out->size() - used);
        rc = inflate(&s, Z_NO_FLUSH);
        used = out->size() - s.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END) {
            *error = std::string("gzip stream is corrupt or cut (zlib: ") +
                     (s.msg ? s.msg : zError(rc)) + ")";
            inflateEnd(&s);
            return false;
        }
        if (rc == Z_OK && s.avail_in == 0 && s.avail_out != 0) {
            *error = "gzip stream is cut short (zlib: no end of stream)";
            inflateEnd(&s);
            return false;
        }
    }
    inflateEnd(&s);
    out->resize(used);
    return true;
}

bool bunzip2(Bytes in, std::vector<uint8_t> *out, std::string *error) {
    bz_stream s{};
    if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK) {
        *error = "libbz2: BZ2_bzDecompressInit failed";
        return false;
    }
    s.next_in = const_cast<char *>(reinterpret_cast<const char *>(in.data));
    s.avail_in = static_cast<unsigned>(std::min<size_t>(in.size, UINT32_MAX));
    size_t used = 0;
    int rc = BZ_OK;
    while (rc != BZ_STREAM_END) {
        if (!grow(out, used)) {
            BZ2_bzDecompressEnd(&s);
            *error = too_large("bzip2");
            return false;
        }
        s.next_out = reinterpret_cast<char *>(out->data() + used);
        s.avail_out = static_cast<unsigned>(out->size() - used);
        rc = BZ2_bzDecompress(&s);
        used = out->size() - s.avail_out;
        if (rc != BZ_OK && rc != BZ_STREAM_END) {
            *error = "bzip2 stream is corrupt (libbz2 error " + std::to_string(rc) + ")";
            BZ2_bzDecompressEnd(&s);
            return false;
        }
        if (rc == BZ_OK && s.avail_in == 0 && s.avail_out != 0) {
            *error = "bzip2 stream is cut short (libbz2: no end of stream)";
            BZ2_bzDecompressEnd(&s);
            return false;
        }
    }
    BZ2_bzDecompressEnd(&s);
    out->resize(used);
    return true;
}

// xz (lzma_stream_decoder) or the legacy .lzma format (lzma_alone_decoder), as Xen's loader
// uses them; the decoder's own memory is limited to 256 MiB (Xen's LZMA_BLOCK_SIZE).
bool unxz(Bytes in, bool alone, std::vector<uint8_t> *out, std::string *error) {
    const char *what = alone ? "lzma" : "xz";
    lzma_stream s = LZMA_STREAM_INIT;
    constexpr uint64_t kDecoderMemory = uint64_t{256} << 20;
    lzma_ret rc =
        alone ? lzma_alone_decoder(&s, kDecoderMemory) : lzma_stream_decoder(&s, kDecoderMemory, 0);
    if (rc != LZMA_OK) {
        *error = std::string("liblzma: cannot start the ") + what + " decoder";
        return false;
    }
    s.next_in = in.data;
    s.avail_in = in.size;
    size_t used = 0;
    while (rc != LZMA_STREAM_END) {
        if (!grow(out, used)) {
            lzma_end(&s);
            *error = too_large(what);
            return false;
        }
        s.next_out = out->data() + used;
        s.avail_out = out->size() - used;
        rc = lzma_code(&s, s.avail_in == 0 ? LZMA_FINISH : LZMA_RUN);
        used = out->size() - s.avail_out;
        if (rc != LZMA_OK && rc != LZMA_STREAM_END) {
            *error = std::string(what) + " stream is corrupt or cut (liblzma error " +
                     std::to_string(rc) + ")";
            lzma_end(&s);
            return false;
        }
    }
    lzma_end(&s);
    out->resize(used);
    return true;
}

bool unzstd(Bytes in, std::vector<uint8_t> *out, std::string *error) {
    ZSTD_DStream *s = ZSTD_createDStream();
    if (s == nullptr) {
        *error = "libzstd: cannot create a decoder";
        return false;
    }
    ZSTD_DCtx_setParameter(s, ZSTD_d_windowLogMax, 27); // 128 MiB window at most
    ZSTD_inBuffer src{in.data, in.size, 0};
    size_t used = 0, rc = 1;
    while (rc != 0) { // 0: a frame is complete
        if (!grow(out, used)) {
            ZSTD_freeDStream(s);
            *error = too_large("zstd");
            return false;
        }
        ZSTD_outBuffer dst{out->data(), out->size(), used};
        rc = ZSTD_decompressStream(s, &dst, &src);
        used = dst.pos;
        if (ZSTD_isError(rc)) {
            *error = std::string("zstd stream is corrupt (libzstd: ") + ZSTD_getErrorName(rc) + ")";
            ZSTD_freeDStream(s);
            return false;
        }
        if (rc != 0 && src.pos == src.size && dst.pos < dst.size) {
            *error = "zstd stream is cut short (libzstd: frame not complete)";
            ZSTD_freeDStream(s);
            return false;
        }
    }
    ZSTD_freeDStream(s);
    out->resize(used);
    return true;
}

// Linux's lz4 payload: the legacy frame format (lz4 -l), magic 0x184c2102 then blocks of
// [le32 compressed size][data], each unpacking to at most 8 MiB; the magic may repeat. The last
// four bytes are the uncompressed size (as Xen's loader, they are not read as a block).
bool unlz4(Bytes in, std::vector<uint8_t> *out, std::string *error) {
    constexpr uint32_t kLegacyMagic = 0x184c2102u;
    constexpr size_t kBlock = size_t{8} << 20;
    if (in.size < 8 || le32(in.data) != kLegacyMagic) {
        *error = "lz4 data is not in the legacy frame format (magic 0x184c2102) Linux and Xen use";
        return false;
    }
    size_t pos = 4, used = 0;
    const size_t end = in.size; // blocks up to the end; a trailing size word is skipped below
    while (end - pos >= 4) {
        const uint32_t n = le32(in.data + pos);
        pos += 4;
        if (n == kLegacyMagic)
            continue;
        if (n > end - pos) {
            if (end - pos == 0 && used != 0) // the trailing uncompressed size
                break;
            *error = "lz4 block of " + std::to_string(n) + " bytes at offset " + hex(pos - 4) +
                     " runs past the end of the data";
            return false;
        }
        if (used + kBlock > kMaxUnpacked) {
            *error = too_large("lz4");
            return false;
        }
        out->resize(used + kBlock);
        const int got = LZ4_decompress_safe(reinterpret_cast<const char *>(in.data + pos),
                                            reinterpret_cast<char *>(out->data() + used),
                                            static_cast<int>(n), static_cast<int>(kBlock));
        if (got < 0) {
            *error = "lz4 block at offset " + hex(pos - 4) + " is corrupt (liblz4)";
            return false;
        }
        used += static_cast<size_t>(got);
        pos += n;
    }
    out->resize(used);
    return true;
}

// lzop's format, as Linux's lzo payload and Xen's loader use it: a header (magic, version,
// flags, mode, mtime, name, checksum), then blocks [be32 unpacked][be32 packed][be32 checksum]
// [data] until an unpacked size of 0. A block whose packed size equals its unpacked size is
// stored.
bool unlzo(Bytes in, std::vector<uint8_t> *out, std::string *error) {
    static constexpr uint8_t kMagic[] = {0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a};
    constexpr uint32_t kHasFilter = 0x800, kMaxBlock = 64u << 20;
    auto cut = [&] {
        *error = "lzo stream is cut short";
        return false;
    };
    if (lzo_init() != LZO_E_OK) {
        *error = "liblzo2: lzo_init failed";
        return false;
    }
    if (in.size < 16 || std::memcmp(in.data, kMagic, sizeof kMagic) != 0) {
        *error = "lzo data does not start with lzop's magic";
        return false;
    }
    const uint16_t version = static_cast<uint16_t>(in.data[9] << 8 | in.data[10]);
    size_t pos = 16; // magic 9, version 2, lib version 2, version needed 2, method 1
    if (version >= 0x0940)
        ++pos; // level
    if (in.size - pos < 4)
        return cut();
    const uint32_t flags = be32(in.data + pos);
    pos += 4 + ((flags & kHasFilter) ? 4 : 0) + 8 + (version >= 0x0940 ? 4 : 0); // mode, mtime
    if (pos >= in.size)
        return cut();
    pos += 1 + in.data[pos] + 4; // name, header checksum
    size_t used = 0;
    for (;;) {
        if (pos > in.size || in.size - pos < 4)
            return cut();
        const uint32_t unpacked = be32(in.data + pos);
        if (unpacked == 0)
            break;
        if (in.size - pos < 12)
            return cut();
        const uint32_t packed = be32(in.data + pos + 4);
        pos += 12;
        if (unpacked > kMaxBlock || packed > unpacked || packed > in.size - pos || packed == 0) {
            *error = "lzo block at offset " + hex(pos - 12) + ": sizes " + std::to_string(packed) +
                     " -> " + std::to_string(unpacked) + " are not possible";
            return false;
        }
        if (unpacked > kMaxUnpacked - used) {
            *error = too_large("lzo");
            return false;
        }
        out->resize(used + unpacked);
        if (packed == unpacked) {
            std::memcpy(out->data() + used, in.data + pos, packed);
        } else {
            lzo_uint got = unpacked;
            if (lzo1x_decompress_safe(in.data + pos, packed, out->data() + used, &got, nullptr) !=
                    LZO_E_OK ||
                got != unpacked) {
                *error = "lzo block at offset " + hex(pos - 12) + " is corrupt (liblzo2)";
                return false;
            }
        }
        used += unpacked;
        pos += packed;
    }
    out->resize(used);
    return true;
}

// The compressed formats Xen's bzImage loader accepts, by magic, in its order.
struct Codec {
    const char *name;
    const char *magic;
    size_t magic_len;
    bool (*decode)(Bytes, std::vector<uint8_t> *, std::string *);
};
const Codec kCodecs[] = {
    {"gzip", "\x1f\x8b", 2, gunzip},
    {"bzip2", "BZh", 3, bunzip2},
    {"xz",
     "\xfd"
     "7zXZ",
     6, [](Bytes in, std::vector<uint8_t> *o, std::string *e) { return unxz(in, false, o, e); }},
    {"zstd", "\x28\xb5\x2f\xfd", 4, unzstd},
    {"lzma", "\x5d\x00", 2,
     [](Bytes in, std::vector<uint8_t> *o, std::string *e) { return unxz(in, true, o, e); }},
    {"lzo", "\x89LZO", 5, unlzo},
    {"lz4", "\x02\x21", 2, unlz4},
};

const Codec *codec_of(Bytes b) {
    for (const Codec &c : kCodecs)
        if (b.size >= c.magic_len && std::memcmp(b.data, c.magic, c.magic_len) == 0)
            return &c;
    return nullptr;
}

bool is_elf(Bytes b) { return b.size >= SELFMAG && std::memcmp(b.data, ELFMAG, SELFMAG) == 0; }

// arm64 Image header (Linux Documentation/arch/arm64/booting.rst): magic at 56.
constexpr size_t kArm64MagicAt = 56;
constexpr uint32_t kArm64Magic = 0x644d5241u; // "ARM\x64"
bool is_arm64_image(Bytes b) { return b.size >= 64 && le32(b.data + kArm64MagicAt) == kArm64Magic; }

// Linux x86 boot protocol setup header (Documentation/arch/x86/boot.rst), the fields Xen's
// bzImage loader reads, at their offsets in the file.
constexpr size_t kSetupSects = 0x1f1, kHeaderMagic = 0x202, kVersion = 0x206,
                 kPayloadOffset = 0x248, kPayloadLength = 0x24c, kSetupEnd = 0x250;
bool is_bzimage(Bytes b) {
    return b.size >= kHeaderMagic + 4 && std::memcmp(b.data + kHeaderMagic, "HdrS", 4) == 0;
}

std::string format_name_of(Bytes b) {
    if (const Codec *c = codec_of(b))
        return std::string(c->name) + "-compressed data";
    char m[64];
    std::snprintf(m, sizeof m, "magic %02x %02x %02x %02x", b.size > 0 ? b.data[0] : 0,
                  b.size > 1 ? b.data[1] : 0, b.size > 2 ? b.data[2] : 0,
                  b.size > 3 ? b.data[3] : 0);
    return m;
}

bool bzimage_payload(Bytes file, Unpacked *out, std::string *error) {
    if (file.size < kSetupEnd) {
        *error = "a Linux bzImage (\"HdrS\") of " + std::to_string(file.size) +
                 " bytes: too short for the boot protocol 2.08 setup header";
        return false;
    }
    const uint16_t version = le16(file.data + kVersion);
    char proto[16];
    std::snprintf(proto, sizeof proto, "%u.%02u", version >> 8, version & 0xff);
    if (version < 0x0208) {
        *error = std::string("a Linux bzImage of boot protocol ") + proto +
                 ": Xen's loader needs 2.08 or later (the payload fields)";
        return false;
    }
    const uint64_t offset =
        (uint64_t{file.data[kSetupSects]} + 1) * 512 + le32(file.data + kPayloadOffset);
    const uint64_t length = le32(file.data + kPayloadLength);
    if (offset >= file.size || length > file.size - offset) {
        *error = std::string("a Linux bzImage (boot protocol ") + proto + "): payload at " +
                 hex(offset) + ", " + hex(length) + " bytes, runs past the end of the file (" +
                 hex(file.size) + " bytes)";
        return false;
    }
    const Bytes payload{file.data + offset, static_cast<size_t>(length)};
    const Codec *c = codec_of(payload);
    if (c == nullptr) {
        *error = std::string("a Linux bzImage (boot protocol ") + proto +
                 ") whose payload is in no format Xen's loader unpacks (" +
                 format_name_of(payload) + "; gzip, bzip2, xz, zstd, lzma, lzo, lz4 are)";
        return false;
    }
    std::string why;
    if (!c->decode(payload, &out->owned, &why)) {
        *error = std::string("a Linux bzImage (boot protocol ") + proto + "): payload: " + why;
        return false;
    }
    out->steps.push_back(std::string("Linux bzImage, boot protocol ") + proto + ", payload at " +
                         hex(offset) + ", " + hex(length) + " bytes of " + c->name + ", " +
                         hex(out->owned.size()) + " bytes unpacked");
    out->bytes = {out->owned.data(), out->owned.size()};
    if (!is_elf(out->bytes)) {
        *error = "a Linux bzImage whose payload is not an ELF (" + format_name_of(out->bytes) +
                 "): Xen's loader needs an ELF there";
        return false;
    }
    return true;
}

} // namespace

bool unpack(Bytes file, Unpacked *out, std::string *error) {
    *out = Unpacked{};
    out->bytes = file;
    if (file.size >= 2 && file.data[0] == 0x1f && file.data[1] == 0x8b) {
        std::string why;
        if (!gunzip(file, &out->owned, &why)) {
            *error = "a gzip-compressed file: " + why;
            return false;
        }
        out->steps.push_back("gzip-compressed file, " + hex(file.size) + " -> " +
                             hex(out->owned.size()) + " bytes (Xen's builder unpacks it first)");
        out->bytes = {out->owned.data(), out->owned.size()};
        if (is_bzimage(out->bytes)) {
            *error = "a gzip-compressed bzImage: Xen's builder unpacks the gzip, but this tool "
                     "does not unpack twice";
            return false;
        }
    }
    if (is_elf(out->bytes))
        return true;
    if (is_arm64_image(out->bytes)) {
        out->contents = Contents::arm64_image;
        out->steps.push_back("arm64 Image (\"ARM\\x64\" at offset 56)");
        return true;
    }
    if (out->owned.empty() && is_bzimage(file)) {
        Unpacked bz;
        if (!bzimage_payload(file, &bz, error))
            return false;
        *out = std::move(bz);
        out->bytes = {out->owned.data(), out->owned.size()};
        return true;
    }
    const Bytes b = out->bytes;
    if (const Codec *c = codec_of(b)) {
        *error = std::string("a ") + c->name +
                 "-compressed file: Xen's domain builder unpacks only gzip at the file level "
                 "(xc_dom_try_gunzip); other formats it reads only as a bzImage's payload";
        return false;
    }
    *error = "not a kernel image Xen's domain builder reads: not an ELF, a Linux bzImage, an "
             "arm64 Image or a gzip-compressed file (" +
             format_name_of(b) + ")";
    return false;
}

bool arm64_image_notes(Bytes image, ElfImage *out, std::string *error) {
    *out = ElfImage{};
    out->file = image;
    out->elf_class = 64;
    out->machine = EM_AARCH64;
    out->flat_image = true;
    const uint32_t namesz = sizeof XSHIM_NOTE_NAME, descsz = sizeof(xshim_policy);
    constexpr size_t kNameField = 8; // "xshim\0" padded to 4
    for (size_t at = 0;
         image.size >= 12 + kNameField + descsz && at <= image.size - (12 + kNameField + descsz);
         at += 4) {
        const uint8_t *p = image.data + at;
        if (le32(p) != namesz || le32(p + 4) != descsz || le32(p + 8) != XSHIM_NOTE_POLICY ||
            std::memcmp(p + 12, XSHIM_NOTE_NAME, namesz) != 0)
            continue;
        if (!out->notes.empty()) {
            char b[160];
            std::snprintf(b, sizeof b,
                          "arm64 Image: two xshim policy notes, at 0x%" PRIx64 " and 0x%zx; a "
                          "kernel declares one policy",
                          out->notes[0].offset, at);
            *error = b;
            return false;
        }
        Note n;
        n.offset = at;
        n.type = XSHIM_NOTE_POLICY;
        n.name = XSHIM_NOTE_NAME;
        n.desc_offset = at + 12 + kNameField;
        n.desc = {image.data + n.desc_offset, descsz};
        out->notes.push_back(std::move(n));
    }
    return true;
}

} // namespace xshim::tools
