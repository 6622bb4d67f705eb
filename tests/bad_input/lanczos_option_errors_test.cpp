// --lanczos-steps and --lanczos-probes in `hinterland fit`: refused (exit 2, naming the option) where they
// would have no effect (a least-squares model, or a log-determinant other than lanczos, auto included) or
// are out of range; accepted with --logdet lanczos, whose use the report then records.
#include <gtest/gtest.h>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

TEST(LanczosOptionErrors, LanczosSettingsNeedTheLanczosLogDeterminant) {
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--lanczos-steps", "20"}), 2,
                        {"--lanczos-steps has no effect without --logdet lanczos"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sem", {"--logdet", "chebyshev", "--lanczos-probes", "32"}), 2,
                        {"--lanczos-probes has no effect without --logdet lanczos"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("ols", {"--lanczos-steps", "20"}), 2,
                        {"--lanczos-steps has no effect with --model ols"}));
}

TEST(LanczosOptionErrors, OutOfRangeValuesNameTheOption) {
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "lanczos", "--lanczos-steps", "1"}), 2,
                        {"--lanczos-steps 1", "between 2 and 1000"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "lanczos", "--lanczos-probes", "0"}), 2,
                        {"--lanczos-probes 0", "between 2 and 100000"}));
}

TEST(LanczosOptionErrors, AcceptedWithLanczosAndRecorded) {
  const CliRun run = FitColumbus(
      "sar", {"--logdet", "lanczos", "--lanczos-steps", "12", "--lanczos-probes", "8", "--format", "json"});
  EXPECT_TRUE(ExitsWith(run, 0));
  EXPECT_NE(run.out.find("\"lanczos\""), std::string::npos) << run.out.substr(0, 400);
}

}  // namespace
}  // namespace hinterland::testing
