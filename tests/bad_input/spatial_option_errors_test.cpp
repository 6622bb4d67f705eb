// Option mistakes of the spatial models in `hinterland fit`: options that do not apply to the chosen model
// (never silently ignored), words of the wrong family, and values outside their domain. Each exits 2 and
// names the option (ARCHITECTURE.md section 5).
#include <gtest/gtest.h>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

CliRun Fit(const std::string& model, std::vector<std::string> extra, bool with_weights = true) {
  std::vector<std::string> arguments = {
      "fit", "--model", model, "--data", ColumbusCsv(), "--formula", "CRIME ~ INC + HOVAL", "--id", "POLYID"};
  if (with_weights) arguments.insert(arguments.end(), {"--weights", ColumbusGal()});
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return RunCli(arguments);
}

TEST(SpatialOptionErrors, MlOnlyOptionsAreRefusedForLeastSquares) {
  EXPECT_TRUE(ExitsWith(Fit("ols", {"--logdet", "eigen"}), 2, {"--logdet has no effect with --model ols"}));
  EXPECT_TRUE(
      ExitsWith(Fit("slx", {"--tolerance", "1e-8"}), 2, {"--tolerance has no effect with --model slx"}));
  EXPECT_TRUE(ExitsWith(Fit("ols", {"--max-iterations", "10"}), 2,
                        {"--max-iterations has no effect with --model ols"}));
}

TEST(SpatialOptionErrors, DurbinIsRefusedForModelsWithoutLaggedRegressors) {
  EXPECT_TRUE(ExitsWith(Fit("sar", {"--durbin", "INC"}), 2,
                        {"--durbin has no effect with --model sar", "sdm, sdem and slx"}));
  EXPECT_TRUE(ExitsWith(Fit("ols", {"--durbin", "INC"}), 2, {"--durbin has no effect with --model ols"}));
}

TEST(SpatialOptionErrors, ImpactsAreRefusedWhereTheyAreTheCoefficients) {
  EXPECT_TRUE(ExitsWith(Fit("ols", {"--impacts"}), 2, {"--impacts has no effect with --model ols"}));
  EXPECT_TRUE(ExitsWith(Fit("sem", {"--impacts"}), 2, {"--impacts has no effect with --model sem"}));
}

TEST(SpatialOptionErrors, ImpactOptionsNeedImpacts) {
  EXPECT_TRUE(ExitsWith(Fit("sar", {"--draws", "100"}), 2, {"--draws has no effect without --impacts"}));
  EXPECT_TRUE(ExitsWith(Fit("sar", {"--impacts-method", "exact"}), 2,
                        {"--impacts-method has no effect without --impacts"}));
  EXPECT_TRUE(ExitsWith(Fit("slx", {"--impacts", "--draws", "100"}), 2, {"--draws", "impacts are analytic"}));
}

TEST(SpatialOptionErrors, ImpactValuesAreChecked) {
  EXPECT_TRUE(ExitsWith(Fit("sar", {"--impacts", "--draws", "-5"}), 2, {"--draws -5", ">= 0"}));
  EXPECT_TRUE(ExitsWith(Fit("sar", {"--impacts", "--impacts-method", "series"}), 2, {"--impacts-method"}));
}

TEST(SpatialOptionErrors, SpatialModelsNeedWeights) {
  const CliRun run = Fit("sar", {}, false);
  EXPECT_TRUE(ExitsWith(run, 2, {"--model sar needs --weights"}));
  EXPECT_TRUE(run.out.empty());
}

TEST(SpatialOptionErrors, CovarianceWordsOfTheOtherFamilyAreNamed) {
  EXPECT_TRUE(ExitsWith(Fit("sar", {"--vcov", "HC1"}), 2, {"--vcov", "HC1", "apply to ols and slx"}));
  EXPECT_TRUE(ExitsWith(Fit("slx", {"--vcov", "hessian"}), 2,
                        {"--vcov", "hessian", "apply to sar, sem, sdm, sdem and sac"}));
}

TEST(SpatialOptionErrors, BadValuesOfMlOptionsAreNamed) {
  EXPECT_TRUE(ExitsWith(Fit("sar", {"--logdet", "qr"}), 2, {"--logdet", "qr"}));
  EXPECT_TRUE(ExitsWith(Fit("sem", {"--tolerance", "-1"}), 2, {"--tolerance must be a positive"}));
  EXPECT_TRUE(ExitsWith(Fit("sar", {"--max-iterations", "0"}), 2, {"--max-iterations must be at least 1"}));
}

TEST(SpatialOptionErrors, DurbinNamesAreChecked) {
  EXPECT_TRUE(ExitsWith(Fit("sdm", {"--durbin", "INC,,HOVAL"}), 2, {"--durbin", "empty term name"}));
  EXPECT_TRUE(ExitsWith(Fit("sdm", {"--durbin", "INCOME"}), 2, {"--durbin", "INCOME"}));
}

TEST(SpatialOptionErrors, SecondWeightsOnlyForSac) {
  EXPECT_TRUE(
      ExitsWith(Fit("sar", {"--weights2", ColumbusGal()}), 2, {"--weights2 has no effect with --model sar"}));
}

}  // namespace
}  // namespace hinterland::testing
