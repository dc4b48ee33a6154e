// tests/fuzz/fuzz_input.hpp: reading a fuzz input front to back, and writing one (the seed
// generator). Values are little-endian; reads past the end give zeros, so every byte string is
// a valid input and the harnesses never fail on a short one.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <vector>

namespace fuzz {

class Input {
  public:
    Input(const uint8_t *data, size_t size) : data_(data), size_(size) {}

    template <typename T> T take() {
        static_assert(sizeof(T) <= 8, "take() reads integers");
        uint64_t v = 0;
        for (size_t i = 0; i < sizeof(T); ++i)
            v |= static_cast<uint64_t>(byte()) << (8 * i);
        return static_cast<T>(v);
    }

    // Copy up to n bytes into dst; the bytes past the input's end are zero. Returns how many
    // came from the input.
    size_t take_into(void *dst, size_t n) {
        const size_t have = size_ - pos_ < n ? size_ - pos_ : n;
        if (have != 0)
            memcpy(dst, data_ + pos_, have);
        memset(static_cast<uint8_t *>(dst) + have, 0, n - have);
        pos_ += have;
        return have;
    }

    size_t remaining() const { return size_ - pos_; }

  private:
    uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
    const uint8_t *data_;
    size_t size_;
    size_t pos_ = 0;
};

// The writing side, with the same encoding as Input reads.
class Output {
  public:
    template <typename T> void put(T value) {
        const uint64_t v = static_cast<uint64_t>(value);
        for (size_t i = 0; i < sizeof(T); ++i)
            bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    void put_bytes(const void *p, size_t n) {
        const auto *b = static_cast<const uint8_t *>(p);
        bytes_.insert(bytes_.end(), b, b + n);
    }
    const std::vector<uint8_t> &bytes() const { return bytes_; }

  private:
    std::vector<uint8_t> bytes_;
};

} // namespace fuzz

// Invariants the harnesses check: a violation is a finding, so it aborts with a message that
// libFuzzer shows next to the reproducer.
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);     \
            abort();                                                                               \
        }                                                                                          \
    } while (0)
