// The LogDeterminant factory and interface: method words, option validation, preconditions in domain words,
// the auto choice, rho outside the bounds (a NumericalError naming rho and the interval, chosen over a
// silent NaN), and derivatives against the eigen back-end's exact derivative -sum lambda / (1 - rho lambda)
// and a central difference of Evaluate (the oracle is the code's own definition; tolerances stated per test).
#include "engine/logdet/log_determinant.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "engine/core/error.hpp"
#include "engine/logdet/eigen_log_determinant.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

constexpr LogDetMethod kAllMethods[] = {LogDetMethod::kEigen, LogDetMethod::kCholesky, LogDetMethod::kLu,
                                        LogDetMethod::kChebyshev, LogDetMethod::kMonteCarlo};

std::unique_ptr<LogDeterminant> Create(const SpatialWeights& w, LogDetMethod method) {
  LogDetOptions options;
  options.method = method;
  return CreateLogDeterminant(w, options);
}

TEST(LogDetMethodTest, WordsRoundTrip) {
  for (const LogDetMethod method : kAllMethods) EXPECT_EQ(ParseLogDetMethod(ToString(method)), method);
  EXPECT_EQ(ParseLogDetMethod("auto"), LogDetMethod::kAuto);
  EXPECT_EQ(ToString(LogDetMethod::kMonteCarlo), "mc");
}

TEST(LogDetMethodTest, UnknownWordIsAnOptionErrorWithASuggestion) {
  EXPECT_THROW_MENTIONING(OptionError, ParseLogDetMethod("cholesy"),
                          {"`logdet` cholesy", "did you mean \"cholesky\""});
}

TEST(CreateLogDeterminantTest, CholeskyOnAsymmetricWeightsIsAnOptionErrorSuggestingLu) {
  const SpatialWeights w = testing::KNearestNeighbours(50, 4, 1);
  EXPECT_THROW_MENTIONING(OptionError, Create(w, LogDetMethod::kCholesky),
                          {"`logdet` cholesky", "symmetric", "<knn points>", "`logdet` lu"});
}

TEST(CreateLogDeterminantTest, EigenAboveItsSizeLimitIsAnOptionError) {
  const SpatialWeights w = testing::RookLattice(1, kEigenMaxN + 1);
  EXPECT_THROW_MENTIONING(OptionError, Create(w, LogDetMethod::kEigen), {"`logdet` eigen", "dense"});
}

TEST(CreateLogDeterminantTest, InvalidOptionsNameTheOption) {
  const SpatialWeights w = testing::RookLattice(5, 5);
  LogDetOptions options;
  options.chebyshev_order = 1;
  EXPECT_THROW_MENTIONING(OptionError, CreateLogDeterminant(w, options), {"`chebyshev_order` 1"});
  options = {};
  options.mc_probes = 1;
  EXPECT_THROW_MENTIONING(OptionError, CreateLogDeterminant(w, options), {"`mc_probes` 1"});
  options = {};
  options.mc_order = 0;
  EXPECT_THROW_MENTIONING(OptionError, CreateLogDeterminant(w, options), {"`mc_order` 0"});
}

TEST(CreateLogDeterminantTest, EmptyWeightsAreAWeightsError) {
  const SpatialWeights w({}, {0}, {}, {}, WeightsStyle::kBinary, "empty.gal");
  EXPECT_THROW_MENTIONING(WeightsError, Create(w, LogDetMethod::kAuto), {"empty.gal"});
}

TEST(CreateLogDeterminantTest, AutoChoosesByNAndSymmetryAndSaysWhy) {
  const auto small = Create(testing::RookLattice(20, 20), LogDetMethod::kAuto);
  EXPECT_EQ(small->MethodUsed(), LogDetMethod::kEigen);
  EXPECT_EQ(small->MethodGiven(), LogDetMethod::kAuto);
  EXPECT_NE(small->Describe().find("auto -> eigen (n = 400 <= 1000"), std::string::npos) << small->Describe();

  const auto symmetric = Create(testing::RookLattice(40, 30), LogDetMethod::kAuto);
  EXPECT_EQ(symmetric->MethodUsed(), LogDetMethod::kCholesky);
  EXPECT_NE(symmetric->Describe().find("auto -> cholesky (n = 1200 <= "), std::string::npos)
      << symmetric->Describe();

  const auto asymmetric = Create(testing::KNearestNeighbours(1100, 4, 3), LogDetMethod::kAuto);
  EXPECT_EQ(asymmetric->MethodUsed(), LogDetMethod::kLu);
  EXPECT_NE(asymmetric->Describe().find("not similar to symmetric"), std::string::npos)
      << asymmetric->Describe();
}

TEST(CreateLogDeterminantTest, AGivenMethodIsReportedWithoutAutoAndExactnessIsDeclared) {
  const SpatialWeights w = testing::RookLattice(6, 7);
  for (const LogDetMethod method : kAllMethods) {
    const auto log_det = Create(w, method);
    EXPECT_EQ(log_det->MethodUsed(), method);
    EXPECT_EQ(log_det->MethodGiven(), method);
    EXPECT_EQ(log_det->Describe().rfind(ToString(method) + ": ", 0), 0U) << log_det->Describe();
    const bool exact =
        method == LogDetMethod::kEigen || method == LogDetMethod::kCholesky || method == LogDetMethod::kLu;
    EXPECT_EQ(log_det->IsExact(), exact) << ToString(method);
    EXPECT_EQ(log_det->n(), 42);
  }
}

TEST(LogDeterminantTest, RhoOutsideTheBoundsIsANumericalErrorNamingRho) {
  const SpatialWeights w = testing::Lattice(6, 7, true);  // lambda_max = 1: upper bound 1
  for (const LogDetMethod method : kAllMethods) {
    const auto log_det = Create(w, method);
    const RhoBounds bounds = log_det->Bounds();
    for (const double rho : {bounds.upper, bounds.upper + 0.5, bounds.lower, bounds.lower - 1.0}) {
      EXPECT_THROW_MENTIONING(NumericalError, log_det->Evaluate(rho), {"rho = ", "is outside"});
      EXPECT_THROW_MENTIONING(NumericalError, log_det->Derivative(rho), {"is outside"});
    }
    EXPECT_THROW_MENTIONING(NumericalError, log_det->Evaluate(std::numeric_limits<double>::quiet_NaN()),
                            {"rho = nan"});
  }
}

TEST(LogDeterminantTest, ZeroRhoGivesZeroAndBoundsComeFromTheEigenvalues) {
  const SpatialWeights w = testing::Lattice(6, 7, true);
  for (const LogDetMethod method : kAllMethods) {
    const auto log_det = Create(w, method);
    EXPECT_NEAR(log_det->Evaluate(0.0), 0.0, 1e-12) << ToString(method);
    EXPECT_NEAR(log_det->Bounds().upper, 1.0, 1e-12) << ToString(method);
    if (method == LogDetMethod::kMonteCarlo) {
      EXPECT_NEAR(log_det->Bounds().lower, -1.0, 1e-12);  // the series needs |rho| < 1 / lambda_max
    } else {
      EXPECT_NEAR(log_det->Bounds().lower, 1.0 / log_det->Eigenvalues().lambda_min, 1e-12)
          << ToString(method);
    }
  }
}

TEST(LogDeterminantTest, DerivativesMatchTheExactEigenDerivative) {
  // Exact back-ends: Richardson central differences, 1e-7 relative. Approximate back-ends (exact traces
  // at this n): the derivative of their approximation, 1e-4 relative.
  for (const SpatialWeights& w : {testing::Lattice(8, 9, true), testing::KNearestNeighbours(80, 4, 8)}) {
    const auto eigen = Create(w, LogDetMethod::kEigen);
    for (const LogDetMethod method : kAllMethods) {
      if (method == LogDetMethod::kCholesky && w.Source() == "<knn points>")
        continue;  // needs symmetric form
      const auto log_det = Create(w, method);
      for (const double rho : {-0.8, -0.3, 0.2, 0.6, 0.9}) {
        const double expected = eigen->Derivative(rho);
        const double tolerance = log_det->IsExact() ? 1e-7 : 1e-4;
        EXPECT_NEAR(log_det->Derivative(rho), expected, tolerance * std::fabs(expected))
            << ToString(method) << " on " << w.Source() << " at rho = " << rho;
      }
    }
  }
}

TEST(LogDeterminantTest, EigenDerivativeIsTheSlopeOfEvaluate) {
  const auto eigen = Create(testing::KNearestNeighbours(60, 3, 2), LogDetMethod::kEigen);
  for (const double rho : {-0.9, 0.0, 0.5, 0.95}) {
    const double h = 1e-5;
    const double slope = (eigen->Evaluate(rho + h) - eigen->Evaluate(rho - h)) / (2 * h);
    EXPECT_NEAR(eigen->Derivative(rho), slope, 1e-6 * std::max(1.0, std::fabs(slope))) << rho;
  }
}

TEST(LogDeterminantTest, ExactBackEndsReportNoErrorApproximateOnesAPositiveOne) {
  const SpatialWeights w = testing::RookLattice(8, 8);
  for (const LogDetMethod method : kAllMethods) {
    const auto log_det = Create(w, method);
    for (const double rho : {-0.5, 0.3, 0.9}) {
      if (log_det->IsExact()) {
        EXPECT_EQ(log_det->ErrorEstimate(rho), 0.0) << ToString(method);
      } else {
        EXPECT_GT(log_det->ErrorEstimate(rho), 0.0) << ToString(method) << " at rho = " << rho;
      }
    }
  }
}

// lu remembers the values it has computed (each is a sparse LU): a remembered value must be the one
// computed for that rho, never a neighbour's, and agree with a fresh back-end's and the eigen oracle's.
TEST(LogDeterminantTest, LuRemembersEachValueByItsOwnRho) {
  const SpatialWeights w = testing::KNearestNeighbours(60, 4, 3);
  const auto remembering = Create(w, LogDetMethod::kLu);
  const auto oracle = Create(w, LogDetMethod::kEigen);
  const double rhos[] = {0.4, -0.3, 0.4 + 1e-12, 0.7, -0.3};
  for (const double rho : rhos) (void)remembering->Evaluate(rho);
  for (const double rho : rhos) {
    const auto fresh = Create(w, LogDetMethod::kLu);
    EXPECT_EQ(remembering->Evaluate(rho), fresh->Evaluate(rho)) << "rho = " << rho;
    EXPECT_NEAR(remembering->Evaluate(rho), oracle->Evaluate(rho), 1e-10) << "rho = " << rho;
  }
  EXPECT_NE(remembering->Evaluate(0.4), remembering->Evaluate(0.4 + 1e-12));
}

TEST(LogDeterminantTest, WeightsWithoutLinksHaveLogDeterminantZeroForEveryRho) {
  const SpatialWeights w({"a", "b", "c"}, {0, 0, 0, 0}, {}, {}, WeightsStyle::kBinary);
  for (const LogDetMethod method : kAllMethods) {
    const auto log_det = Create(w, method);
    // Every rho is admissible, except that chebyshev interpolates on [-1, 1] and so keeps |rho| < 1.
    EXPECT_EQ(std::isinf(log_det->Bounds().upper), method != LogDetMethod::kChebyshev) << ToString(method);
    EXPECT_NEAR(log_det->Evaluate(0.7), 0.0, 1e-10) << ToString(method);
  }
}

}  // namespace
}  // namespace hinterland::engine
