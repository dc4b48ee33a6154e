// tests/fuzz/fuzz_elfnote.cpp: tools/elfnote.cpp on arbitrary files, as `xshim-check` reads a
// guest image an operator hands it: parse_elf(), decode_image(), the image report, and, when
// the image carries a policy and offers a boot protocol, the tool's verdict for it against a
// Xen described by the policy's own range.
//
// Input: the whole file. Seeds (tests/fuzz/seeds/elfnote/): the real guest-boot images reduced
// to their note segment (`make tools-fuzz-seeds`).
// Checked, beyond ASan/UBSan: every region and every note's desc lies inside the input, each
// note's header inside its region and its desc inside the file; a failure always has a message; a verdict line is one printable line.
#include "tools/elfnote.hpp"
#include "tools/identity.hpp"
#include "tools/image_report.hpp"
#include "tools/verdict.hpp"

#include <stdio.h>
#include <stdlib.h>

namespace {

void require(bool ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "fuzz_elfnote: broken invariant: %s\n", what);
        abort();
    }
}

bool inside(uint64_t offset, uint64_t length, uint64_t limit) {
    return offset <= limit && length <= limit - offset;
}

FILE *sink() {
    static FILE *f = fopen("/dev/null", "w");
    return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    using namespace xshim::tools;
    ElfImage elf;
    std::string error;
    if (!parse_elf({data, size}, &elf, &error)) {
        require(!error.empty(), "a parse failure without a message");
        return 0;
    }
    for (const NoteRegion &r : elf.regions)
        require(inside(r.offset, r.size, size), "a note region outside the file");
    for (const Note &n : elf.notes) {
        require(n.region < elf.regions.size(), "a note without its region");
        const NoteRegion &r = elf.regions[n.region];
        require(n.offset >= r.offset && n.desc_offset >= n.offset, "a note before its region");
        // A desc may run past its region (Xen's loader reads on, within the file), never the
        // file; the note's header is always in the region.
        require(inside(n.offset - r.offset, 12, r.size), "a note header past its region");
        require(inside(n.desc_offset, n.desc.size, size), "a desc past the file");
        require(n.desc.size == 0 || n.desc.data == data + n.desc_offset, "a desc not in the file");
    }

    ImageNotes notes;
    if (!decode_image(elf, &notes, &error)) {
        require(!error.empty(), "a decode failure without a message");
        return 0;
    }
    if (sink() != nullptr)
        print_image(sink(), "fuzz.elf", {}, elf, notes);

    if (!notes.policy.has_value())
        return 0;
    const uint32_t arch = arch_of_machine(elf.machine);
    if (arch == XSHIM_ARCH_UNKNOWN)
        return 0;
    for (const BootOffer *offer : {&notes.pv, &notes.pvh}) {
        if (!offer->offered)
            continue;
        const GuestKind kind{
            offer == &notes.pv ? uint32_t{XSHIM_GUEST_PV} : uint32_t{XSHIM_GUEST_PVH}, arch};
        DescribedXen xen;
        xen.release = notes.policy->min_release;
        xen.features0 = notes.policy->required_features[0];
        xshim_identity cpu{};
        Evaluation e;
        evaluate(xen, *notes.policy, kind, cpu, 1, &e);
        const char *line = e.verdict.line;
        size_t n = 0;
        while (n < sizeof e.verdict.line && line[n] != '\0') {
            require(line[n] >= 0x20 && line[n] < 0x7f, "a verdict line with a control byte");
            ++n;
        }
        require(n < sizeof e.verdict.line, "an unterminated verdict line");
        require(n > 7 && std::string(line, 7) == "xshim: ", "a verdict line without its prefix");
    }
    return 0;
}
