// --rho-interval in `hinterland fit` (spatialreg's `interval`): refused (exit 2, naming the option) for
// least squares, when it is not two numbers, when lower >= upper, and when it reaches outside the interval
// where I - rho W is nonsingular with positive determinant (Columbus queen, row-standardised: 1/lambda_min
// is about -1.53); accepted inside it, where the fit searches only there and reports the interval and its
// source (statistics rho_lower / rho_upper, method.logdet).
#include <gtest/gtest.h>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

TEST(RhoIntervalOptionErrors, RefusedWhereItHasNoEffectOrIsNotAnInterval) {
  EXPECT_TRUE(ExitsWith(FitColumbus("ols", {"--rho-interval=-0.5,0.5"}), 2,
                        {"--rho-interval has no effect with --model ols"}));
  EXPECT_TRUE(
      ExitsWith(FitColumbus("sar", {"--rho-interval", "0.5"}), 2, {"--rho-interval \"0.5\"", "lower,upper"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--rho-interval", "a,b"}), 2, {"--rho-interval \"a,b\""}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sem", {"--rho-interval", "0.5,0.2"}), 2,
                        {"--rho-interval 0.5,0.2", "lower < upper"}));
}

TEST(RhoIntervalOptionErrors, RefusedOutsideTheEigenvalueInterval) {
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "eigen", "--rho-interval=-2,0.9"}), 2,
                        {"--rho-interval -2,0.9 is not inside", "lambda_min"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--rho-interval=-0.9,1.01"}), 2,
                        {"--rho-interval -0.9,1.01 is not inside"}));
}

TEST(RhoIntervalOptionErrors, AcceptedInsideAndReported) {
  const CliRun run = FitColumbus("sar", {"--rho-interval=-0.25,0.75", "--format", "json"});
  ASSERT_TRUE(ExitsWith(run, 0)) << run.err;
  EXPECT_NE(run.out.find("given by --rho-interval"), std::string::npos) << run.out.substr(0, 600);
  EXPECT_NE(run.out.find("\"rho_lower\": -0.25"), std::string::npos);
  EXPECT_NE(run.out.find("\"rho_upper\": 0.75"), std::string::npos);
}

}  // namespace
}  // namespace hinterland::testing
