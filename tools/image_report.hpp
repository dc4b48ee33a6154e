// tools/image_report.hpp: what `xshim-check image` prints about a parsed image.
#pragma once

#include "elfnote.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace xshim::tools {

// Boot protocols offered, every Xen note, and the xshim policy, as operator-readable lines.
// steps: how the ELF was reached inside the file (unpack.hpp), printed first.
void print_image(std::FILE *out, const std::string &path, const std::vector<std::string> &steps,
                 const ElfImage &elf, const ImageNotes &notes);

// "none" or "hvm_callback_vector dom0 bit 40" for a feature bitmap of XSHIM_FEATURE_SUBMAPS.
std::string feature_names(const uint32_t bits[XSHIM_FEATURE_SUBMAPS]);

// "4.17"
std::string release_text(uint32_t release);

} // namespace xshim::tools
