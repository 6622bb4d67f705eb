// The interpolated back-end against the eigen back-end (every eigenvalue, LAPACK; its value and its exact
// derivative -sum lambda / (1 - rho lambda)) on a row-standardised rook lattice (cholesky evaluates the
// nodes), a binary queen lattice (symmetric, lambda_max ~ 7.6) and row-standardised 5 nearest neighbours
// (not similar to symmetric: lu), over rho from 0.05 to 0.9999 of both bounds. Tolerances, per unit (n):
// values 1e-10 n with the default 64 nodes (measured 3.5e-12 n on these and larger W:
// interpolated_log_determinant.hpp), derivatives 5e-8 n within 0.99 of the bounds (measured 1e-9 n on
// lattices, 5e-9 n on nearest neighbours); the error estimate must cover the observed error at every rho,
// also with 24 nodes where the error is ~1e-5 n, far above rounding. Beyond the covered interval the exact
// back-end answers (no estimate, no interpolation).
#include "engine/logdet/interpolated_log_determinant.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

std::unique_ptr<LogDeterminant> Create(const SpatialWeights& w, LogDetMethod method, int nodes = 64) {
  LogDetOptions options;
  options.method = method;
  options.interpolation_nodes = nodes;
  return CreateLogDeterminant(w, options);
}

struct Case {
  std::string name;
  SpatialWeights w;
  std::string solver;  // the exact back-end that evaluates the nodes
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"row-standardised rook 20 x 20", testing::RookLattice(20, 20), "cholesky"},
      {"binary queen 15 x 16", testing::Lattice(15, 16, true, WeightsStyle::kBinary), "cholesky"},
      {"row-standardised 5 nearest neighbours", testing::KNearestNeighbours(300, 5, 2024), "lu"},
  };
  return cases;
}

// Fractions of the lower (negative) and upper bound.
std::vector<double> RhoGrid(const RhoBounds& bounds, double largest_fraction) {
  std::vector<double> grid;
  for (const double fraction : {0.05, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999}) {
    if (fraction > largest_fraction) continue;
    grid.push_back(fraction * bounds.lower);
    grid.push_back(fraction * bounds.upper);
  }
  return grid;
}

TEST(InterpolatedLogDeterminantTest, ValuesMatchEigenUpToBothBounds) {
  for (const Case& c : Cases()) {
    const auto eigen = Create(c.w, LogDetMethod::kEigen);
    const auto interpolated = Create(c.w, LogDetMethod::kInterpolated);
    EXPECT_FALSE(interpolated->IsExact());
    EXPECT_EQ(interpolated->MethodUsed(), LogDetMethod::kInterpolated);
    EXPECT_NEAR(interpolated->Bounds().lower, eigen->Bounds().lower, 1e-9 * std::fabs(eigen->Bounds().lower));
    EXPECT_NEAR(interpolated->Bounds().upper, eigen->Bounds().upper, 1e-9 * std::fabs(eigen->Bounds().upper));
    const double n = static_cast<double>(c.w.n());
    for (const double rho : RhoGrid(interpolated->Bounds(), 1.0)) {
      EXPECT_NEAR(interpolated->Evaluate(rho), eigen->Evaluate(rho), 1e-10 * n)
          << c.name << ", rho = " << rho;
    }
  }
}

TEST(InterpolatedLogDeterminantTest, DerivativeMatchesEigensExactDerivative) {
  for (const Case& c : Cases()) {
    const auto eigen = Create(c.w, LogDetMethod::kEigen);
    const auto interpolated = Create(c.w, LogDetMethod::kInterpolated);
    const double n = static_cast<double>(c.w.n());
    for (const double rho : RhoGrid(interpolated->Bounds(), 0.99)) {
      EXPECT_NEAR(interpolated->Derivative(rho), eigen->Derivative(rho), 5e-8 * n)
          << c.name << ", rho = " << rho;
    }
  }
}

TEST(InterpolatedLogDeterminantTest, ErrorEstimateCoversTheObservedError) {
  for (const Case& c : Cases()) {
    const auto eigen = Create(c.w, LogDetMethod::kEigen);
    for (const int nodes : {24, 64}) {
      const auto interpolated = Create(c.w, LogDetMethod::kInterpolated, nodes);
      const auto& back_end = dynamic_cast<const InterpolatedLogDeterminant&>(*interpolated);
      double largest_error = 0.0;
      int covered = 0;
      for (const double rho : RhoGrid(interpolated->Bounds(), 0.9999)) {
        if (!back_end.Covers(rho)) continue;  // within 6.7e-4 half-widths of a bound: exact
        ++covered;
        const double error = std::fabs(interpolated->Evaluate(rho) - eigen->Evaluate(rho));
        const double estimate = interpolated->ErrorEstimate(rho);
        EXPECT_GT(estimate, 0.0);
        EXPECT_LE(error, estimate) << c.name << ", " << nodes << " nodes, rho = " << rho;
        largest_error = std::max(largest_error, error);
      }
      EXPECT_GE(covered, 14) << c.name;  // all but the points nearest the bounds
      // A useful estimate, not a blanket one: within 1000 times the largest error seen (plus rounding).
      EXPECT_LE(interpolated->ErrorEstimate(0.5 * interpolated->Bounds().upper),
                1000.0 * largest_error + 1e-10 * static_cast<double>(c.w.n()))
          << c.name << ", " << nodes << " nodes";
      if (nodes == 24) {
        EXPECT_GT(largest_error, 1e-9 * static_cast<double>(c.w.n())) << c.name;
      }
    }
  }
}

TEST(InterpolatedLogDeterminantTest, MoreNodesGiveSmallerErrors) {
  const Case& c = Cases()[0];
  const auto eigen = Create(c.w, LogDetMethod::kEigen);
  double previous = INFINITY;
  for (const int nodes : {16, 32, 48, 64}) {
    const auto interpolated = Create(c.w, LogDetMethod::kInterpolated, nodes);
    double largest_error = 0.0;
    for (const double rho : RhoGrid(interpolated->Bounds(), 0.99)) {
      largest_error = std::max(largest_error, std::fabs(interpolated->Evaluate(rho) - eigen->Evaluate(rho)));
    }
    EXPECT_LT(largest_error, 0.1 * previous) << nodes << " nodes";
    previous = largest_error;
  }
}

TEST(InterpolatedLogDeterminantTest, NoFactorisationAfterSetUpInsideTheCoveredInterval) {
  const Case& c = Cases()[0];
  const auto interpolated = Create(c.w, LogDetMethod::kInterpolated);
  const auto& back_end = dynamic_cast<const InterpolatedLogDeterminant&>(*interpolated);
  for (int i = -999; i <= 999; ++i) {
    const double rho = 0.999 * i / 1000.0;
    interpolated->Evaluate(rho);
    interpolated->Derivative(rho);
  }
  EXPECT_EQ(back_end.ExactEvaluations(), 0);
}

TEST(InterpolatedLogDeterminantTest, BeyondTheCoveredIntervalTheExactBackEndAnswers) {
  for (const Case& c : Cases()) {
    const auto interpolated = Create(c.w, LogDetMethod::kInterpolated);
    const auto exact = Create(c.w, c.solver == "lu" ? LogDetMethod::kLu : LogDetMethod::kCholesky);
    const auto& back_end = dynamic_cast<const InterpolatedLogDeterminant&>(*interpolated);
    const double rho = 0.99995 * interpolated->Bounds().upper;
    ASSERT_FALSE(back_end.Covers(rho));
    EXPECT_EQ(interpolated->Evaluate(rho), exact->Evaluate(rho)) << c.name;
    EXPECT_EQ(interpolated->ErrorEstimate(rho), 0.0) << c.name;
    EXPECT_EQ(back_end.ExactEvaluations(), 1) << c.name;
  }
}

TEST(InterpolatedLogDeterminantTest, DescribeNamesTheSolverTheNodesAndTheCheck) {
  for (const Case& c : Cases()) {
    const auto interpolated = Create(c.w, LogDetMethod::kInterpolated, 40);
    const std::string text = interpolated->Describe();
    EXPECT_EQ(text.rfind("interpolated: ", 0), 0U) << text;
    for (const std::string& fragment :
         std::vector<std::string>{"at 40 nodes", "exact log-determinant by " + c.solver + ": ",
                                  "5 set-up checks: largest error", "error estimate"}) {
      EXPECT_NE(text.find(fragment), std::string::npos) << "\"" << text << "\" lacks \"" << fragment << "\"";
    }
  }
}

TEST(InterpolatedLogDeterminantTest, NodeCountIsValidated) {
  const SpatialWeights w = testing::RookLattice(5, 5);
  for (const int nodes : {7, 0, -3, 1001}) {
    EXPECT_THROW_MENTIONING(OptionError, Create(w, LogDetMethod::kInterpolated, nodes),
                            {"`interpolation_nodes` " + std::to_string(nodes)});
  }
  EXPECT_NO_THROW(Create(w, LogDetMethod::kInterpolated, 8));
  EXPECT_NO_THROW(Create(w, LogDetMethod::kInterpolated, 1000));
}

TEST(InterpolatedLogDeterminantTest, RhoOutsideTheBoundsIsANumericalError) {
  const auto interpolated = Create(testing::RookLattice(6, 7), LogDetMethod::kInterpolated);
  const RhoBounds bounds = interpolated->Bounds();
  for (const double rho :
       {bounds.upper, bounds.upper + 0.5, bounds.lower, bounds.lower - 1.0, std::nan("")}) {
    EXPECT_THROW(interpolated->Evaluate(rho), NumericalError) << rho;
    EXPECT_THROW(interpolated->Derivative(rho), NumericalError) << rho;
    EXPECT_THROW(interpolated->ErrorEstimate(rho), NumericalError) << rho;
  }
}

TEST(InterpolatedLogDeterminantTest, WeightsWithoutLinksGiveZeroOnMinusOneToOne) {
  const SpatialWeights w({"a", "b", "c"}, {0, 0, 0, 0}, {}, {}, WeightsStyle::kBinary);
  const auto interpolated = Create(w, LogDetMethod::kInterpolated);
  EXPECT_EQ(interpolated->Bounds().lower, -1.0);
  EXPECT_EQ(interpolated->Bounds().upper, 1.0);
  for (const double rho : {-0.9, 0.0, 0.7}) {
    EXPECT_EQ(interpolated->Evaluate(rho), 0.0);
    EXPECT_EQ(interpolated->Derivative(rho), 0.0);
  }
}

}  // namespace
}  // namespace hinterland::engine
