// A command's output file: refused when it is one of the run's inputs, written by the one atomic writer
// (engine/core/atomic_file.hpp).
#pragma once

#include <string>
#include <vector>

namespace hinterland::cli {

// Throws engine::OptionError if `path` is (the same file as) one of `inputs`. Commands call it before any
// work so that a mistyped --output fails at once rather than after a long fit.
void RequireOutputIsNotAnInput(const std::string& path, const std::vector<std::string>& inputs);

// Throws engine::OptionError if `path` is (the same file as) one of `inputs`, or cannot be written.
// (The report library's name for it; the writing is engine::WriteFileAtomically.)
void WriteFileAtomically(const std::string& path,
                         const std::string& contents,
                         const std::vector<std::string>& inputs);

}  // namespace hinterland::cli
