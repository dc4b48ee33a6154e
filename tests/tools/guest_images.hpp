// tests/tools/guest_images.hpp: the real guest-boot images, from the directory test-tools passes
// in XSHIM_GUEST_DIR ($(BUILD)/guest-boot, built by `make guests`).
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

struct GuestImage {
    std::string path;
    std::vector<uint8_t> bytes;
    explicit GuestImage(const std::string &name) {
        const char *dir = std::getenv("XSHIM_GUEST_DIR");
        REQUIRE_MESSAGE(dir != nullptr, "XSHIM_GUEST_DIR is not set (make test-tools sets it)");
        path = std::string(dir) + "/" + name;
        std::ifstream in(path, std::ios::binary);
        REQUIRE_MESSAGE(in.good(), "cannot open " << path << " (make guests builds it)");
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        REQUIRE(!bytes.empty());
    }
};
