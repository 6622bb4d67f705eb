// Runs the built `hinterland` binary as a user would and captures exit code, stdout and stderr.
#pragma once

#include <string>
#include <vector>

namespace hinterland::testing {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Arguments are passed without a shell (no quoting concerns).
CliRun RunCli(const std::vector<std::string>& arguments);

// A fresh empty directory under the build tree for a test's outputs.
std::string MakeTempDir(const std::string& name);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);

}  // namespace hinterland::testing
