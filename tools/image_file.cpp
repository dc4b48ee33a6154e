// tools/image_file.cpp: see image_file.hpp. The file is opened with O_NONBLOCK so that opening a
// FIFO returns at once, and fstat decides before anything is read.
#include "image_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace xshim::tools {
namespace {

// What a non-regular file is, by its st_mode type.
const char *kind_of(mode_t mode) {
    switch (mode & S_IFMT) {
    case S_IFDIR:
        return "a directory";
    case S_IFIFO:
        return "a FIFO (named pipe)";
    case S_IFCHR:
        return "a character device";
    case S_IFBLK:
        return "a block device";
    case S_IFSOCK:
        return "a socket";
    default:
        return "not a regular file";
    }
}

struct Fd {
    int fd;
    ~Fd() { ::close(fd); }
};

} // namespace

std::unique_ptr<ImageFile> ImageFile::open(const std::string &path, std::string *error) {
    const Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
    if (f.fd < 0) {
        *error = std::string("cannot open: ") + std::strerror(errno);
        return nullptr;
    }
    struct stat st;
    if (fstat(f.fd, &st) != 0) {
        *error = std::string("cannot stat: ") + std::strerror(errno);
        return nullptr;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = std::string(kind_of(st.st_mode)) +
                 ", not a regular file: give the kernel image file itself (nothing was read)";
        return nullptr;
    }
    return read(f.fd, static_cast<uint64_t>(st.st_size), error);
}

std::unique_ptr<ImageFile> ImageFile::read(int fd, uint64_t size, std::string *error) {
    if (size == 0) {
        *error = "empty file (0 bytes): not a kernel image";
        return nullptr;
    }
    if (size > kMaxImageFile) {
        *error = "file of " + std::to_string(size) + " bytes: larger than the " +
                 std::to_string(kMaxImageFile >> 20) + " MiB this tool reads";
        return nullptr;
    }
    auto file = std::unique_ptr<ImageFile>(new ImageFile);
    // One byte more than fstat said, so that a file that grew meanwhile is seen.
    file->data_.resize(static_cast<size_t>(size) + 1);
    size_t got = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, file->data_.data() + got, file->data_.size() - got,
                                  static_cast<off_t>(got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = "cannot read at offset " + std::to_string(got) + ": " + std::strerror(errno);
            return nullptr;
        }
        if (n == 0 || (got += static_cast<size_t>(n)) == file->data_.size())
            break;
    }
    if (got != size) {
        *error = "the file changed while it was read: fstat gave " + std::to_string(size) +
                 " bytes, reading " + (got < size ? "ended after " : "found more than ") +
                 std::to_string(got < size ? got : size) +
                 " (is it being rewritten? check it again once that is done)";
        return nullptr;
    }
    file->data_.resize(got);
    return file;
}

} // namespace xshim::tools
