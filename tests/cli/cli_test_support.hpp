// Helpers shared by the CLI end-to-end and bad-input suites: paths of bundled data and fixtures, and an
// assertion on a CLI run's exit code and error-message substrings that prints the run on failure.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_paths.hpp"
#include "tests/support/run_cli.hpp"

namespace hinterland::testing {

inline std::string Dataset(const std::string& relative) { return std::string(kDatasetsDir) + "/" + relative; }
inline std::string Fixture(const std::string& name) { return std::string(kFixturesDir) + "/" + name; }

inline std::string ColumbusCsv() { return Dataset("columbus/columbus.csv"); }
inline std::string ColumbusGal() { return Dataset("columbus/columbus_queen.gal"); }

// `hinterland fit --model <model>` of CRIME ~ INC + HOVAL on Columbus with the queen GAL, plus `extra`
// arguments: the run the option-error suites vary one flag of.
inline CliRun FitColumbus(const std::string& model, const std::vector<std::string>& extra) {
  std::vector<std::string> arguments = {
      "fit",  "--model", model,       "--data",     ColumbusCsv(), "--formula", "CRIME ~ INC + HOVAL",
      "--id", "POLYID",  "--weights", ColumbusGal()};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return RunCli(arguments);
}

// Succeeds when the run exited with `exit_code` and its stderr holds every one of `substrings`.
inline ::testing::AssertionResult ExitsWith(const CliRun& run,
                                            int exit_code,
                                            const std::vector<std::string>& substrings = {}) {
  bool ok = run.exit_code == exit_code;
  std::string missing;
  for (const std::string& substring : substrings) {
    if (run.err.find(substring) == std::string::npos) {
      ok = false;
      missing += "\n  stderr lacks: " + substring;
    }
  }
  if (ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "exit code " << run.exit_code << " (expected " << exit_code << ")" << missing << "\n--- stderr:\n"
         << run.err << "--- stdout:\n"
         << run.out.substr(0, 2000);
}

}  // namespace hinterland::testing
