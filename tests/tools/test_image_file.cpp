// tests/tools/test_image_file.cpp: reading an image file that is cut short, or that changes
// between fstat and the read (a kernel being rewritten by a build or an upgrade while an operator
// checks it). A mapped file that shrinks kills its reader with SIGBUS; the tool must instead say
// what happened, by name, and never read past what it holds.
#include "guest_images.hpp"

#include <tools/elfnote.hpp>
#include <tools/image_file.hpp>

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

using namespace xshim::tools;

namespace {

// A temporary file holding bytes, open read-only as the tool opens it; removed at the end.
struct TempImage {
    std::string path;
    int fd = -1;
    explicit TempImage(const std::vector<uint8_t> &bytes) {
        char name[] = "/tmp/xshim-image-XXXXXX";
        const int w = mkstemp(name);
        REQUIRE(w >= 0);
        path = name;
        REQUIRE(::write(w, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
        ::close(w);
        fd = ::open(name, O_RDONLY);
        REQUIRE(fd >= 0);
    }
    ~TempImage() {
        ::close(fd);
        ::unlink(path.c_str());
    }
    uint64_t size_now() const {
        struct stat st;
        REQUIRE(fstat(fd, &st) == 0);
        return static_cast<uint64_t>(st.st_size);
    }
};

} // namespace

TEST_CASE("an image read whole is the file's bytes") {
    GuestImage g("pv64.elf");
    TempImage t(g.bytes);
    std::string error;
    auto f = ImageFile::open(t.path, &error);
    REQUIRE_MESSAGE(f != nullptr, error);
    REQUIRE(f->bytes().size == g.bytes.size());
    CHECK(std::equal(g.bytes.begin(), g.bytes.end(), f->bytes().data));
}

TEST_CASE("a truncated image is read as far as it goes and refused by the parser, by name") {
    GuestImage g("pv64.elf");
    ElfImage whole;
    std::string error;
    REQUIRE(parse_elf({g.bytes.data(), g.bytes.size()}, &whole, &error));
    REQUIRE(!whole.regions.empty());
    // Cut inside the note segment: the headers say more than the file holds.
    const NoteRegion &r = whole.regions[0];
    std::vector<uint8_t> cut(g.bytes.begin(),
                             g.bytes.begin() + static_cast<std::ptrdiff_t>(r.offset + r.size / 2));
    TempImage t(cut);
    auto f = ImageFile::open(t.path, &error);
    REQUIRE_MESSAGE(f != nullptr, error);
    CHECK(f->bytes().size == cut.size());
    ElfImage elf;
    CHECK_FALSE(parse_elf(f->bytes(), &elf, &error));
    CHECK(error.find("runs past the end of the file (0x" + [&] {
        char b[32];
        std::snprintf(b, sizeof b, "%zx", cut.size());
        return std::string(b);
    }() + " bytes)") != std::string::npos);
}

TEST_CASE("a file that shrinks after fstat is refused, naming both sizes (a mapping: SIGBUS)") {
    GuestImage g("pv64.elf");
    TempImage t(g.bytes);
    const uint64_t size = t.size_now(); // what the tool's fstat saw
    const uint64_t half = size / 2;
    REQUIRE(truncate(t.path.c_str(), static_cast<off_t>(half)) == 0); // rewritten meanwhile
    std::string error;
    auto f = ImageFile::read(t.fd, size, &error);
    CHECK(f == nullptr);
    CHECK(error == "the file changed while it was read: fstat gave " + std::to_string(size) +
                       " bytes, reading ended after " + std::to_string(half) +
                       " (is it being rewritten? check it again once that is done)");
}

TEST_CASE("a file that grows after fstat is refused too") {
    GuestImage g("pv64.elf");
    TempImage t(g.bytes);
    const uint64_t size = t.size_now();
    REQUIRE(truncate(t.path.c_str(), static_cast<off_t>(size + 4096)) == 0);
    std::string error;
    auto f = ImageFile::read(t.fd, size, &error);
    CHECK(f == nullptr);
    CHECK(error == "the file changed while it was read: fstat gave " + std::to_string(size) +
                       " bytes, reading found more than " + std::to_string(size) +
                       " (is it being rewritten? check it again once that is done)");
}
