// A fit that ends without a usable maximum (not converged, or rho at a bound) is still written, with its
// status and a warning, and the CLI exits 3 after writing it (ARCHITECTURE.md section 5;
// FitResult::IsUsable). Non-convergence is forced with --max-iterations 2: Brent needs ~30 evaluations at
// tolerance 1e-10.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> UnconvergedSar(const std::string& format) {
  return {
      "fit",       "--model",     "sar",  "--data", ColumbusCsv(),      "--formula", "CRIME ~ INC + HOVAL",
      "--weights", ColumbusGal(), "--id", "POLYID", "--max-iterations", "2",         "--format",
      format};
}

TEST(FitStatus, UnconvergedFitIsWrittenWithItsStatusAndExits3) {
  const CliRun run = RunCli(UnconvergedSar("json"));
  EXPECT_TRUE(ExitsWith(run, 3, {"the fit is not usable", "not_converged"}));
  const nlohmann::json fit = nlohmann::json::parse(run.out);
  EXPECT_EQ(fit["status"], "not_converged");
  EXPECT_EQ(fit["usable"], false);
  EXPECT_FALSE(fit["warnings"].empty());
}

TEST(FitStatus, TextReportSaysTheEstimatesShouldNotBeUsed) {
  const CliRun run = RunCli(UnconvergedSar("text"));
  EXPECT_TRUE(ExitsWith(run, 3, {"not_converged"}));
  EXPECT_THAT(run.out, HasSubstr("Status: not_converged"));
  EXPECT_THAT(run.out, HasSubstr("should not be used"));
}

TEST(FitStatus, ImpactsOfAnUnusableFitAreLeftOutWithAWarning) {
  std::vector<std::string> arguments = UnconvergedSar("json");
  arguments.push_back("--impacts");
  const CliRun run = RunCli(arguments);
  EXPECT_TRUE(ExitsWith(run, 3, {"impacts were not computed"}));
  EXPECT_TRUE(nlohmann::json::parse(run.out)["impacts"].is_null());
}

}  // namespace
}  // namespace hinterland::testing
