// --chebyshev-order, --mc-order, --mc-probes and --exact-trace-order in `hinterland fit`: refused (exit 2,
// naming the option and the back-ends it acts on) with a least-squares model or a --logdet they do not act
// on (auto included: it keeps its own settings), and out of range; accepted where they act, and visible in
// the recorded log-determinant description.
#include <gtest/gtest.h>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

TEST(TraceOptionErrors, SettingsNeedABackEndTheyActOn) {
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--mc-probes", "16"}), 2,
                        {"--mc-probes has no effect without --logdet chebyshev or mc"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "lu", "--exact-trace-order", "4"}), 2,
                        {"--exact-trace-order has no effect without --logdet chebyshev, mc or lanczos"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sem", {"--logdet", "mc", "--chebyshev-order", "20"}), 2,
                        {"--chebyshev-order has no effect without --logdet chebyshev"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "chebyshev", "--mc-order", "50"}), 2,
                        {"--mc-order has no effect without --logdet mc"}));
  EXPECT_TRUE(
      ExitsWith(FitColumbus("slx", {"--mc-order", "50"}), 2, {"--mc-order has no effect with --model slx"}));
}

TEST(TraceOptionErrors, OutOfRangeValuesNameTheOption) {
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "mc", "--mc-order", "1"}), 2,
                        {"--mc-order 1", "between 2 and 2000"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "chebyshev", "--chebyshev-order", "501"}), 2,
                        {"--chebyshev-order 501", "between 2 and 500"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "mc", "--mc-probes", "1"}), 2,
                        {"--mc-probes 1", "between 2 and 100000"}));
  EXPECT_TRUE(ExitsWith(FitColumbus("sar", {"--logdet", "mc", "--exact-trace-order", "-1"}), 2,
                        {"--exact-trace-order -1", "between 0 and 2000"}));
}

TEST(TraceOptionErrors, AcceptedWhereTheyActAndRecorded) {
  const CliRun mc = FitColumbus("sar", {"--logdet", "mc", "--mc-order", "50", "--format", "json"});
  EXPECT_TRUE(ExitsWith(mc, 0));
  EXPECT_NE(mc.out.find("power series of order 50"), std::string::npos) << mc.out.substr(0, 600);
  const CliRun chebyshev = FitColumbus(
      "sar", {"--logdet", "chebyshev", "--chebyshev-order", "20", "--mc-probes", "8", "--format", "json"});
  EXPECT_TRUE(ExitsWith(chebyshev, 0));
  EXPECT_NE(chebyshev.out.find("Chebyshev interpolation of order 20"), std::string::npos)
      << chebyshev.out.substr(0, 600);
}

}  // namespace
}  // namespace hinterland::testing
