// tools/unpack.hpp: from the file an operator gives to the ELF (or arm64 Image) Xen reads, by
// the rules of Xen's domain builder (tools/libs/guest: xg_dom_core.c, xg_dom_bzimageloader.c,
// xg_dom_armzimageloader.c):
//
//   a gzip-compressed file          unpacked first (xc_dom_try_gunzip), then read as below
//   an ELF                          read as it is
//   a Linux bzImage                 the setup header (boot protocol >= 2.08) says where the
//                                   payload is; the payload is gzip, bzip2, xz, lzma, zstd, lzo
//                                   or lz4 (legacy frames), found by its magic, and holds an ELF
//   an arm64 Image                  "ARM\x64" at offset 56; its xshim policy, if any, is the
//                                   policy note kept verbatim in the flat image
//
// Decompression uses Debian's libraries for each format (zlib, libbz2, liblzma, libzstd,
// liblzo2, liblz4) and never produces more than kMaxUnpacked bytes: a larger payload is refused
// with an error naming the limit, whatever the stream's own size field says.
#pragma once

#include "elfnote.hpp"

#include <string>
#include <vector>

namespace xshim::tools {

constexpr size_t kMaxUnpacked = size_t{256} << 20;

enum class Contents { elf, arm64_image };

struct Unpacked {
    std::vector<uint8_t> owned; // the decompressed bytes, when anything was unpacked
    Bytes bytes;                // what to read: into owned, or the caller's file
    Contents contents = Contents::elf;
    std::vector<std::string> steps; // how it was reached, e.g. "bzImage (boot protocol 2.15)..."
};

// False with one line in *error when the file is none of the forms above, or a stream is
// corrupt or too large. file must outlive *out.
[[nodiscard]] bool unpack(Bytes file, Unpacked *out, std::string *error);

// The one xshim policy note in an arm64 Image (a note header with name "xshim", type
// XSHIM_NOTE_POLICY and descsz sizeof(xshim_policy), at a 4-byte-aligned offset): filled into
// *out as a one-note ElfImage of machine EM_AARCH64, so decode_image reads it as from an ELF.
// False with *error when two such notes are found.
[[nodiscard]] bool arm64_image_notes(Bytes image, ElfImage *out, std::string *error);

} // namespace xshim::tools
