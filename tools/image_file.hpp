// tools/image_file.hpp: an image file mapped read-only, refused without blocking when it is not
// a regular file (a FIFO, a directory, a device such as /dev/zero).
//
//   MappedFile::open(path, &error)  -> the file's bytes (mmap, so a large image costs address
//                                      space, not memory), or one line saying why not
#pragma once

#include "elfnote.hpp"

#include <memory>
#include <string>

namespace xshim::tools {

// The largest image read: a distribution kernel is tens of MiB, its vmlinux under 100.
constexpr uint64_t kMaxImageFile = uint64_t{1} << 30;

class MappedFile {
  public:
    static std::unique_ptr<MappedFile> open(const std::string &path, std::string *error);
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;
    Bytes bytes() const { return {static_cast<const uint8_t *>(map_), size_}; }

  private:
    MappedFile(void *map, size_t size) : map_(map), size_(size) {}
    void *map_;
    size_t size_;
};

} // namespace xshim::tools
