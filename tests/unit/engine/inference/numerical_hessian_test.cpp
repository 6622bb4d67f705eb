// Tests of NumericalHessian against Hessians known in closed form (the expected values are derived in the
// comments, so they need no outside source).
#include "engine/inference/numerical_hessian.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace hinterland::engine {
namespace {

TEST(NumericalHessianTest, QuadraticFormGivesItsMatrix) {
  // f(x) = 0.5 x' A x + b' x has Hessian A exactly; central differences are exact for quadratics.
  const arma::mat a = {{4.0, 1.0, -0.5}, {1.0, 3.0, 0.25}, {-0.5, 0.25, 2.0}};
  const arma::vec b = {1.0, -2.0, 0.5};
  const auto f = [&](const arma::vec& x) { return 0.5 * arma::dot(x, a * x) + arma::dot(b, x); };
  const arma::mat hessian = NumericalHessian(f, arma::vec{0.3, -20.0, 150.0});
  EXPECT_LT(arma::abs(hessian - a).max(), 1e-5);
}

TEST(NumericalHessianTest, SmoothFunctionMatchesItsAnalyticHessian) {
  // f(x, y) = exp(x) sin(y): f_xx = exp(x) sin(y), f_xy = exp(x) cos(y), f_yy = -exp(x) sin(y).
  const auto f = [](const arma::vec& v) { return std::exp(v[0]) * std::sin(v[1]); };
  const arma::vec at = {0.2, 0.7};
  const arma::mat hessian = NumericalHessian(f, at);
  const double e = std::exp(0.2);
  EXPECT_NEAR(hessian(0, 0), e * std::sin(0.7), 1e-6);
  EXPECT_NEAR(hessian(0, 1), e * std::cos(0.7), 1e-6);
  EXPECT_NEAR(hessian(1, 0), hessian(0, 1), 0.0);
  EXPECT_NEAR(hessian(1, 1), -e * std::sin(0.7), 1e-6);
}

TEST(NumericalHessianTest, StepsStayInsideTheLimits) {
  // log(1 - x) is defined only for x < 1; its second derivative is -1 / (1 - x)^2 = -1e4 at x = 0.99.
  // The truncation error h^2 f''''(x) / 12 = h^2 / (2 (1 - x)^4) is ~0.75 here (h = 1.22e-4), so 1e-4
  // relative.
  NumericalHessianOptions options;
  options.upper_limits = {1.0};
  options.lower_limits = {-1.0};
  const auto f = [](const arma::vec& v) {
    EXPECT_LT(v[0], 1.0);
    return std::log(1.0 - v[0]);
  };
  const arma::mat hessian = NumericalHessian(f, arma::vec{0.99}, options);
  EXPECT_NEAR(hessian(0, 0), -1e4, 1e4 * 1e-4);
}

}  // namespace
}  // namespace hinterland::engine
