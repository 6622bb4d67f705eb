// Temp file + rename: a reader never sees a half-written result, and an interrupted run leaves the old one.
#include "cli/report/atomic_write.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

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
      throw engine::OptionError("--output " + path +
                                " is an input file of this run; refusing to overwrite it");
    }
  }
}

void WriteFileAtomically(const std::string& path,
                         const std::string& contents,
                         const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  RequireOutputIsNotAnInput(path, inputs);
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw engine::OptionError("--output " + path + ": folder " + folder.string() + " does not exist");
  }
  const fs::path temporary =
      folder / ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << contents;
    out.close();
    if (!out) {
      fs::remove(temporary, error);
      throw engine::OptionError("--output " + path + ": cannot write to " + folder.string());
    }
  }
  fs::rename(temporary, target, error);
  if (error) {
    fs::remove(temporary, error);
    throw engine::OptionError("--output " + path + ": cannot rename the temporary file into place");
  }
}

}  // namespace hinterland::cli
