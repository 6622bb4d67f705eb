// The output file of a command: never one of its inputs, then written by the one atomic writer.
#include "cli/report/atomic_write.hpp"

#include <filesystem>

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"

namespace hinterland::cli {

namespace {

bool SameFile(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code error;
  if (std::filesystem::exists(a, error) && std::filesystem::exists(b, error)) {
    return std::filesystem::equivalent(a, b, error);
  }
  return std::filesystem::weakly_canonical(a, error) == std::filesystem::weakly_canonical(b, error);
}

}  // namespace

void RequireOutputIsNotAnInput(const std::string& path, const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    if (!input.empty() && SameFile(path, input)) {
      throw engine::OptionError(
          {{"output", path, path + " is an input file of this run; refusing to overwrite it"}});
    }
  }
}

void WriteFileAtomically(const std::string& path,
                         const std::string& contents,
                         const std::vector<std::string>& inputs) {
  RequireOutputIsNotAnInput(path, inputs);
  engine::WriteFileAtomically(path, contents);
}

}  // namespace hinterland::cli
