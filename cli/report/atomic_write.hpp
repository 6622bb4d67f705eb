// Writes an output file atomically (temporary file in the same folder, then rename) and refuses to
// write over any of the run's input files.
#pragma once

#include <string>
#include <vector>

namespace hinterland::cli {

// Throws engine::OptionError if `path` is (the same file as) one of `inputs`. Commands call it before any
// work so that a mistyped --output fails at once rather than after a long fit.
void RequireOutputIsNotAnInput(const std::string& path, const std::vector<std::string>& inputs);

// Throws engine::OptionError if `path` is (the same file as) one of `inputs`, or cannot be written.
void WriteFileAtomically(const std::string& path,
                         const std::string& contents,
                         const std::vector<std::string>& inputs);

}  // namespace hinterland::cli
