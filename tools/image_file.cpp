// tools/image_file.cpp: see image_file.hpp. The file is opened with O_NONBLOCK so that opening a
// FIFO returns at once, and fstat decides before anything is read.
#include "image_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
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

} // namespace

std::unique_ptr<MappedFile> MappedFile::open(const std::string &path, std::string *error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        *error = std::string("cannot open: ") + std::strerror(errno);
        return nullptr;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *error = std::string("cannot stat: ") + std::strerror(errno);
        ::close(fd);
        return nullptr;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = std::string(kind_of(st.st_mode)) +
                 ", not a regular file: give the kernel image file itself (nothing was read)";
        ::close(fd);
        return nullptr;
    }
    if (st.st_size == 0) {
        *error = "empty file (0 bytes): not a kernel image";
        ::close(fd);
        return nullptr;
    }
    if (static_cast<uint64_t>(st.st_size) > kMaxImageFile) {
        *error = "file of " + std::to_string(st.st_size) + " bytes: larger than the " +
                 std::to_string(kMaxImageFile >> 20) + " MiB this tool reads";
        ::close(fd);
        return nullptr;
    }
    const size_t size = static_cast<size_t>(st.st_size);
    void *map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    const int map_errno = errno;
    ::close(fd);
    if (map == MAP_FAILED) {
        *error = std::string("cannot map: ") + std::strerror(map_errno);
        return nullptr;
    }
    return std::unique_ptr<MappedFile>(new MappedFile(map, size));
}

MappedFile::~MappedFile() { munmap(map_, size_); }

} // namespace xshim::tools
