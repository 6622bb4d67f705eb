// Unit tests of the ML SEM / SDEM estimator: statuses (maximum at a bound, non-convergence), errors,
// Durbin terms and covariance variants. Data are constructed so the expected behaviour follows from the
// likelihood's algebra (stated per test).
#include "estimators/error/sem_model.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/spatial_test_data.hpp"

namespace hinterland::estimators {
namespace {

using testing::MakeData;
using testing::MakeFrame;
using testing::RookLattice;

bool AnyContains(const std::vector<std::string>& texts, const std::string& part) {
  for (const std::string& text : texts) {
    if (text.find(part) != std::string::npos) return true;
  }
  return false;
}

// y = X b + u, u = (I - 0.5 W)^-1 e on a 7 x 7 rook lattice.
ModelData SimulatedSem(std::uint64_t seed) {
  const engine::SpatialWeights w = RookLattice(7, 7, engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(seed);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(49), arma::randn<arma::vec>(49));
  const arma::vec u = testing::SimulateLag(w, 0.5, arma::zeros<arma::vec>(49), arma::randn<arma::vec>(49));
  return MakeData(MakeFrame(x * arma::vec{1.0, 2.0} + u, x, {"(Intercept)", "x"}), w);
}

TEST(SemModelTest, ConvergesWithLambdaLast) {
  const SpatialErrorFit fit = FitSpatialError(SimulatedSem(1), ModelKind::kSem, {});
  EXPECT_EQ(fit.result.status, FitStatus::kConverged) << fit.result.status_message;
  EXPECT_EQ(fit.result.model, "sem");
  EXPECT_EQ(fit.result.coefficients.back().name, "lambda");
  EXPECT_EQ(fit.result.coefficients.back().role, CoefficientRole::kLambda);
  // The filtered residuals are (I - lambda W) u.
  const double lambda = fit.result.coefficients.back().estimate;
  const engine::SpatialWeights& w = SimulatedSem(1).weights;
  EXPECT_LT(arma::abs(fit.filtered_residuals - (fit.residuals - lambda * w.Multiply(fit.residuals))).max(),
            1e-9);
}

// y = 2 x + 3 without an intercept in the model: the filtered residual is (1 - lambda) 3 M 1
// (row-standardised W keeps constants), so SSE(lambda) ~ (1 - lambda)^2 and the likelihood ~ (1 - n) log(1 -
// lambda) rises without bound towards lambda = 1.
TEST(SemModelTest, LambdaAtTheUpperBoundIsAStatusWithAWarning) {
  const engine::SpatialWeights w = RookLattice(6, 6, engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(2);
  const arma::vec x = arma::randn<arma::vec>(36);
  const SpatialErrorFit fit =
      FitSpatialError(MakeData(MakeFrame(2.0 * x + 3.0, arma::mat(x), {"x"}), w), ModelKind::kSem, {});
  EXPECT_EQ(fit.result.status, FitStatus::kAtBound);
  EXPECT_TRUE(AnyContains(fit.result.warnings, "lambda ="));
  EXPECT_TRUE(AnyContains(fit.result.warnings, "upper bound"));
}

TEST(SemModelTest, OneIterationIsNotConverged) {
  SpatialFitOptions options;
  options.max_iterations = 1;
  const SpatialErrorFit fit = FitSpatialError(SimulatedSem(3), ModelKind::kSem, options);
  EXPECT_EQ(fit.result.status, FitStatus::kNotConverged);
  EXPECT_TRUE(AnyContains(fit.result.warnings, "did not converge"));
}

TEST(SemModelTest, NonFiniteLikelihoodIsANumericalErrorNamingLambda) {
  ModelData data = SimulatedSem(4);
  data.frame.y *= 1e160;
  EXPECT_THROW_MENTIONING(engine::NumericalError, FitSpatialError(data, ModelKind::kSem, {}), {"at lambda="});
}

TEST(SemModelTest, LagModelKindIsAnOptionError) {
  EXPECT_THROW_MENTIONING(engine::OptionError, FitSpatialError(SimulatedSem(5), ModelKind::kSdm, {}),
                          {"`model` sdm"});
}

TEST(SdemModelTest, AddsLaggedRegressors) {
  const SpatialErrorFit fit = FitSpatialError(SimulatedSem(6), ModelKind::kSdem, {});
  EXPECT_EQ(fit.result.model, "sdem");
  ASSERT_EQ(fit.result.coefficients.size(), 4U);
  EXPECT_EQ(fit.result.coefficients[2].name, "W:x");
  EXPECT_EQ(fit.result.coefficients[2].role, CoefficientRole::kLaggedRegressor);
}

// The analytic information matrix of the error model is block diagonal between beta and (sigma2, lambda).
TEST(SemCovarianceTest, AnalyticCovarianceIsBlockDiagonal) {
  const FitResult result = FitSpatialError(SimulatedSem(7), ModelKind::kSem, {}).result;
  EXPECT_NEAR(result.vcov(0, 2), 0.0, 1e-12);
  EXPECT_NEAR(result.vcov(1, 2), 0.0, 1e-12);
}

TEST(SemCovarianceTest, SandwichIsSymmetricPositive) {
  SpatialFitOptions options;
  options.covariance = CovarianceEstimator::kSandwich;
  const FitResult result = FitSpatialError(SimulatedSem(8), ModelKind::kSem, options).result;
  EXPECT_GT(arma::eig_sym(result.vcov).min(), 0.0);
  EXPECT_NE(result.provenance.vcov_method.find("sandwich"), std::string::npos);
}

}  // namespace
}  // namespace hinterland::estimators
