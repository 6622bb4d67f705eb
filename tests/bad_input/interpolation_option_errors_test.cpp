// --interpolation-nodes in `hinterland fit`: refused (exit 2, naming the option) where it would have no
// effect (a least-squares model, or a log-determinant other than interpolated, auto included) or is out of
// range (8 to 1000); accepted with --logdet interpolated, whose node count the report then records.
#include <gtest/gtest.h>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

TEST(InterpolationOptionErrors, NodesNeedTheInterpolatedLogDeterminant) {
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--interpolation-nodes", "48"}), 2,
                        {"--interpolation-nodes has no effect without --logdet interpolated"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sem", {"--logdet", "cholesky", "--interpolation-nodes", "48"}), 2,
                        {"--interpolation-nodes has no effect without --logdet interpolated"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("ols", {"--interpolation-nodes", "48"}), 2,
                        {"--interpolation-nodes has no effect with --model ols"}));
}

TEST(InterpolationOptionErrors, OutOfRangeValuesNameTheOption) {
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "interpolated", "--interpolation-nodes", "7"}), 2,
                        {"--interpolation-nodes 7", "between 8 and 1000"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "interpolated", "--interpolation-nodes", "1001"}), 2,
                        {"--interpolation-nodes 1001", "between 8 and 1000"}));
}

TEST(InterpolationOptionErrors, AcceptedWithInterpolatedAndRecorded) {
  const CliRun run =
      FitColumbus("sem", {"--logdet", "interpolated", "--interpolation-nodes", "48", "--format", "json"});
  EXPECT_TRUE(ExitsWith(run, 0));
  EXPECT_NE(run.out.find("\"interpolated\""), std::string::npos) << run.out.substr(0, 400);
  EXPECT_NE(run.out.find("at 48 nodes"), std::string::npos) << run.out.substr(0, 400);
}

}  // namespace
}  // namespace hinterland::testing
