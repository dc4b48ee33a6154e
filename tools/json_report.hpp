// tools/json_report.hpp: what xshim-check prints with --json, as documents of the schema in
// docs/xshim-check.schema.json, built with nlohmann::json (Debian's nlohmann-json3-dev).
//
//   image_json(...)       `image --json`: the file, its Xen notes, the offers, the policy
//   identity_json(...)    `host --json`: an identity file for a fleet (identity.hpp reads it)
//   verdict_json(...)     one verdict of `predict`/`host`: guest kind, outcome, the line
//
// Strings from an image are kept as they are (JSON escapes every control byte itself).
#pragma once

#include "elfnote.hpp"
#include "verdict.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace xshim::tools {

nlohmann::json image_json(const std::string &path, const std::vector<std::string> &steps,
                          bool arm64_image, const ElfImage &elf, const ImageNotes &notes);

nlohmann::json identity_json(const std::string &host, const std::string &guest_type, bool dom0,
                             const std::vector<std::pair<std::string, std::string>> &entries);

// outcome "SELECTED" or "REFUSED"; never_runs: Xen cannot build that domain (empty if it can).
nlohmann::json verdict_json(const std::string &guest, const Evaluation &e,
                            const std::string &modelled);

} // namespace xshim::tools
