// Tests of MaximizeScalar (Brent's method through Boost.Math): interior maxima of functions with known
// argmax (closed forms, so the expected values need no outside source), maxima at an end of the interval,
// the iteration limit and non-finite values.
#include "engine/optim/scalar_maximizer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::engine {
namespace {

TEST(ScalarMaximizerTest, FindsTheMaximumOfAQuadratic) {
  // -(x - 0.3)^2 has its maximum at 0.3 with value 0.
  const ScalarMaximum maximum =
      MaximizeScalar([](double x) { return -(x - 0.3) * (x - 0.3); }, -1.0, 1.0, {});
  EXPECT_NEAR(maximum.argument, 0.3, 1e-7);
  EXPECT_NEAR(maximum.value, 0.0, 1e-12);
  EXPECT_TRUE(maximum.converged);
  EXPECT_FALSE(maximum.at_lower_bound);
  EXPECT_FALSE(maximum.at_upper_bound);
  EXPECT_GT(maximum.iterations, 1);
}

TEST(ScalarMaximizerTest, FindsTheMaximumOfALogLikelihoodShape) {
  // log(1 - x) + 2 x: derivative -1 / (1 - x) + 2 = 0 at x = 0.5.
  const ScalarMaximum maximum =
      MaximizeScalar([](double x) { return std::log(1.0 - x) + 2.0 * x; }, -0.99, 0.99, {});
  EXPECT_NEAR(maximum.argument, 0.5, 1e-7);
  EXPECT_LE(maximum.tolerance_used, 1e-7);
}

TEST(ScalarMaximizerTest, ReportsAMaximumAtTheUpperBound) {
  const ScalarMaximum maximum = MaximizeScalar([](double x) { return x; }, -1.0, 2.0, {});
  EXPECT_TRUE(maximum.at_upper_bound);
  EXPECT_FALSE(maximum.at_lower_bound);
  EXPECT_NEAR(maximum.argument, 2.0, 1e-6);
}

TEST(ScalarMaximizerTest, ReportsAMaximumAtTheLowerBound) {
  const ScalarMaximum maximum = MaximizeScalar([](double x) { return -x * x * x; }, -0.5, 3.0, {});
  EXPECT_TRUE(maximum.at_lower_bound);
  EXPECT_FALSE(maximum.at_upper_bound);
}

TEST(ScalarMaximizerTest, OneIterationIsNotConverged) {
  ScalarMaximizerOptions options;
  options.max_iterations = 1;
  const ScalarMaximum maximum =
      MaximizeScalar([](double x) { return -(x - 0.3) * (x - 0.3); }, -1.0, 1.0, options);
  EXPECT_FALSE(maximum.converged);
  EXPECT_EQ(maximum.iterations, 1);
}

TEST(ScalarMaximizerTest, NonFiniteValueIsANumericalErrorNamingTheArgument) {
  ScalarMaximizerOptions options;
  options.argument_name = "rho";
  options.function_name = "log-likelihood";
  EXPECT_THROW_MENTIONING(
      NumericalError,
      MaximizeScalar([](double) { return std::numeric_limits<double>::quiet_NaN(); }, -1.0, 1.0, options),
      {"log-likelihood is not finite at rho="});
}

TEST(ScalarMaximizerTest, CoarserToleranceUsesFewerIterations) {
  const auto function = [](double x) { return -std::cosh(x - 0.2); };
  ScalarMaximizerOptions coarse;
  coarse.tolerance = 1e-2;
  const ScalarMaximum rough = MaximizeScalar(function, -1.0, 1.0, coarse);
  const ScalarMaximum fine = MaximizeScalar(function, -1.0, 1.0, {});
  EXPECT_LT(rough.iterations, fine.iterations);
  EXPECT_NEAR(rough.argument, 0.2, 2e-2);
}

}  // namespace
}  // namespace hinterland::engine
