// tests/fuzz/fuzz_unpack.cpp: tools/unpack.cpp on arbitrary files, as `xshim-check` reads what
// an operator hands it before the ELF parser sees anything: the gzip layer, the bzImage setup
// header and its payload in every compressed format Xen's loader accepts (Debian's zlib,
// libbz2, liblzma, libzstd, liblzo2, liblz4 do the decoding; this checks what xshim does around
// them), the arm64 Image header and its policy-note scan; then the ELF parser on what came out.
//
// Input: the whole file. Seeds (tests/fuzz/seeds/unpack/): small bzImages and compressed files
// around the note segment of pv64.elf.
// Checked, beyond ASan/UBSan: a failure always has a message; what is read lies inside the input
// or the unpacked buffer, which never exceeds kMaxUnpacked; an arm64 policy note lies inside
// the image.
#include "tools/elfnote.hpp"
#include "tools/unpack.hpp"

#include <stdio.h>
#include <stdlib.h>

namespace {

void require(bool ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "fuzz_unpack: broken invariant: %s\n", what);
        abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    using namespace xshim::tools;
    Unpacked u;
    std::string error;
    if (!unpack({data, size}, &u, &error)) {
        require(!error.empty(), "an unpack failure without a message");
        return 0;
    }
    require(u.owned.size() <= kMaxUnpacked, "more unpacked than the limit");
    if (u.owned.empty())
        require(u.bytes.data == data && u.bytes.size == size, "read outside the input");
    else
        require(u.bytes.data == u.owned.data() && u.bytes.size == u.owned.size(),
                "read outside the unpacked buffer");
    ElfImage elf;
    if (u.contents == Contents::arm64_image) {
        if (!arm64_image_notes(u.bytes, &elf, &error)) {
            require(!error.empty(), "an arm64 failure without a message");
            return 0;
        }
        for (const Note &n : elf.notes)
            require(n.desc_offset <= u.bytes.size && n.desc.size <= u.bytes.size - n.desc_offset,
                    "an arm64 policy note outside the image");
    } else if (!parse_elf(u.bytes, &elf, &error)) {
        require(!error.empty(), "a parse failure without a message");
        return 0;
    }
    ImageNotes notes;
    if (!decode_image(elf, &notes, &error))
        require(!error.empty(), "a decode failure without a message");
    return 0;
}
