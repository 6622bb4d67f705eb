// MaximizeInBox on functions with known maxima: an interior maximum of a concave quadratic (numeric and
// analytic gradients), a maximum on a bound (reported at_bound), and the typed errors for a bad box.
// Tolerance 1e-7 on the maximiser: the quadratic is well conditioned and Ceres' tolerances are 1e-11.
#include "engine/optim/ceres_maximizer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::engine {
namespace {

// f(x, y) = -(x - 0.3)^2 - 2 (y + 0.2)^2 + 0.5 x y: concave, maximum solves the 2 x 2 gradient system.
bool Quadratic(std::span<const double> x, double* value, std::span<double> gradient) {
  *value = -std::pow(x[0] - 0.3, 2) - 2.0 * std::pow(x[1] + 0.2, 2) + 0.5 * x[0] * x[1];
  if (!gradient.empty()) {
    gradient[0] = -2.0 * (x[0] - 0.3) + 0.5 * x[1];
    gradient[1] = -4.0 * (x[1] + 0.2) + 0.5 * x[0];
  }
  return true;
}

// Gradient zero: -2x + 0.6 + 0.5y = 0 gives x = 0.3 + y / 4; then -4y - 0.8 + 0.5x = 0 gives y below.
void ExpectQuadraticMaximum(const MaximizerResult& result) {
  const double y = (-0.8 + 0.5 * 0.3) / (4.0 - 0.125);
  const double x = 0.3 + 0.25 * y;
  EXPECT_TRUE(result.converged) << result.message;
  EXPECT_FALSE(result.at_bound);
  EXPECT_NEAR(result.x[0], x, 1e-7);
  EXPECT_NEAR(result.x[1], y, 1e-7);
}

TEST(CeresMaximizerTest, FindsInteriorMaximumWithNumericGradient) {
  CeresMaximizerOptions options;
  options.lower = {-1.0, -1.0};
  options.upper = {1.0, 1.0};
  ExpectQuadraticMaximum(MaximizeInBox(Quadratic, {0.9, 0.9}, options));
}

TEST(CeresMaximizerTest, FindsInteriorMaximumWithAnalyticGradient) {
  CeresMaximizerOptions options;
  options.lower = {-1.5, -1.0};
  options.upper = {1.0, 0.99};
  options.analytic_gradient = true;
  ExpectQuadraticMaximum(MaximizeInBox(Quadratic, {-1.2, 0.5}, options));
}

TEST(CeresMaximizerTest, ReportsAMaximumOnABound) {
  // Increasing in x: the supremum is at x = 1, which the open box never reaches.
  auto increasing = [](std::span<const double> x, double* value, std::span<double>) {
    *value = x[0] - x[1] * x[1];
    return true;
  };
  CeresMaximizerOptions options;
  options.lower = {0.0, -1.0};
  options.upper = {1.0, 1.0};
  const MaximizerResult result = MaximizeInBox(increasing, {0.5, 0.5}, options);
  EXPECT_TRUE(result.at_bound);
  EXPECT_GT(result.x[0], 0.999);
  EXPECT_LT(result.x[0], 1.0);
}

TEST(CeresMaximizerTest, StartOutsideTheBoxIsAnOptionError) {
  CeresMaximizerOptions options;
  options.lower = {-1.0, -1.0};
  options.upper = {1.0, 1.0};
  EXPECT_THROW_MENTIONING(OptionError, MaximizeInBox(Quadratic, {1.0, 0.0}, options), {"is not inside"});
  options.upper = {-2.0, 1.0};
  EXPECT_THROW(MaximizeInBox(Quadratic, {0.0, 0.0}, options), OptionError);
}

TEST(CeresMaximizerTest, UndefinedStartIsANumericalError) {
  auto undefined = [](std::span<const double>, double*, std::span<double>) { return false; };
  CeresMaximizerOptions options;
  options.lower = {-1.0};
  options.upper = {1.0};
  EXPECT_THROW(MaximizeInBox(undefined, {0.0}, options), NumericalError);
}

}  // namespace
}  // namespace hinterland::engine
