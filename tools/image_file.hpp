// tools/image_file.hpp: an image file read into memory, refused without blocking when it is not
// a regular file (a FIFO, a directory, a device such as /dev/zero).
//
//   ImageFile::open(path, &error)      -> the file's bytes, or one line saying why not
//   ImageFile::read(fd, size, &error)  -> what open does once fstat has given the size: read
//                                         exactly that many bytes, refusing a file that shrinks
//                                         or grows meanwhile
//
// The file is read, not mapped: a mapping of a file that is truncated while it is read (an
// image being rewritten by a build or a package upgrade) kills the reader with SIGBUS; a read
// only returns fewer bytes, which is refused by name. The copy is bounded by kMaxImageFile.
#pragma once

#include "elfnote.hpp"

#include <memory>
#include <string>
#include <vector>

namespace xshim::tools {

// The largest image read: a distribution kernel is tens of MiB, its vmlinux under 100.
constexpr uint64_t kMaxImageFile = uint64_t{1} << 30;

class ImageFile {
  public:
    static std::unique_ptr<ImageFile> open(const std::string &path, std::string *error);
    static std::unique_ptr<ImageFile> read(int fd, uint64_t size, std::string *error);
    // Writable memory the ImageFile owns (parse_elf hands it to libelf's elf_memory).
    Bytes bytes() const { return {data_.data(), data_.size()}; }

  private:
    std::vector<uint8_t> data_;
};

} // namespace xshim::tools
