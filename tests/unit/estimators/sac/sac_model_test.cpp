// Unit tests of the ML SAC / SARAR estimator: recovery of (beta, rho, lambda) on simulated SAC data on a
// 30 x 30 rook lattice (seeded; simulated through engine::SolveIdentityMinusRhoW), W2 different from W1
// (checked against a dense log-likelihood oracle), the two symmetric maxima of the intercept-only model with
// W2 = W1, statuses (maximum at a bound, non-convergence), covariance variants and bad input. Each
// expectation follows from the model's algebra or the estimates' standard errors, stated per test.
#include "estimators/sac/sac_model.hpp"

#include "estimators/sac/sac_covariance.hpp"
#include "estimators/sac/sac_likelihood.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/core/error.hpp"
#include "engine/linalg/power_traces.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/spatial_test_data.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::estimators {
namespace {

using testing::MakeFrame;
using testing::RookLattice;

double Statistic(const FitResult& result, const std::string& name) {
  for (const FitStatistic& statistic : result.statistics) {
    if (statistic.name == name) return statistic.value;
  }
  ADD_FAILURE() << "no statistic " << name;
  return 0.0;
}

bool AnyContains(const std::vector<std::string>& texts, const std::string& part) {
  for (const std::string& text : texts) {
    if (text.find(part) != std::string::npos) return true;
  }
  return false;
}

// y = (I - rho W1)^-1 (X beta + (I - lambda W2)^-1 e), X = [1, x], beta = (1, 2), e ~ N(0, 1).
engine::ModelFrame SimulateSac(const engine::SpatialWeights& w1,
                               const engine::SpatialWeights& w2,
                               double rho,
                               double lambda,
                               std::uint64_t seed) {
  const arma::uword n = static_cast<arma::uword>(w1.n());
  arma::arma_rng::set_seed(seed);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(n), arma::randn<arma::vec>(n));
  const arma::vec e = arma::randn<arma::vec>(n);
  const arma::vec u = engine::SolveIdentityMinusRhoW(w2, lambda, e);
  const arma::vec y = engine::SolveIdentityMinusRhoW(w1, rho, x * arma::vec{1.0, 2.0} + u);
  return MakeFrame(y, x, {"(Intercept)", "x"});
}

// Estimates within 4 standard errors of the truth (a 6e-5 chance per parameter under correct SEs), and the
// SEs small enough at n = 900 for that to mean something.
void ExpectRecovered(const FitResult& result, double rho, double lambda) {
  const std::vector<std::pair<std::string, double>> truth = {
      {"(Intercept)", 1.0}, {"x", 2.0}, {"rho", rho}, {"lambda", lambda}};
  for (const auto& [name, value] : truth) {
    const Coefficient& coefficient = ::hinterland::testing::FindCoefficient(result, name);
    EXPECT_LT(coefficient.std_error, 0.15) << name;
    EXPECT_NEAR(coefficient.estimate, value, 4.0 * coefficient.std_error) << name;
  }
  EXPECT_NEAR(result.sigma2, 1.0, 0.15);  // sd of s2 is about sqrt(2 / 900) = 0.047
}

TEST(SacModelTest, RecoversASimulatedSacOnA30By30Lattice) {
  const engine::SpatialWeights w = RookLattice(30, 30, engine::WeightsStyle::kRowStandardised);
  const engine::ModelFrame frame = SimulateSac(w, w, 0.5, 0.3, 11);
  const SacFit fit = FitSacWithOptima(frame, w, w, {});
  const FitResult& result = fit.result;
  EXPECT_EQ(result.status, FitStatus::kConverged) << result.status_message;
  EXPECT_EQ(result.model, "sac");
  ASSERT_EQ(result.coefficients.size(), 4u);
  EXPECT_EQ(result.coefficients[2].role, CoefficientRole::kRho);
  EXPECT_EQ(result.coefficients[3].role, CoefficientRole::kLambda);
  EXPECT_EQ(result.vcov.n_rows, 4u);
  ExpectRecovered(result, 0.5, 0.3);
  EXPECT_GE(Statistic(result, "local_optima"), 1.0);
  EXPECT_EQ(Statistic(result, "starts"), 11.0);  // 3 x 3 grid + SAR + SEM
  EXPECT_NEAR(arma::norm(fit.residuals + fit.fitted - frame.y), 0.0, 1e-9);
  EXPECT_FALSE(AnyContains(result.warnings, "differ"));
}

// The row scores of the clustered covariance (SacRowScores) are the log-likelihood's gradient split by row:
// at the maximum they sum to 0 in every parameter (sigma2, rho, lambda, beta), the Jacobians' -tr(W_A) and
// -tr(W_B) included, relative to the scale of the rows' scores (the search stops ~1e-8 short in rho and
// lambda, hence 1e-6); at a rho off the maximum rho's sum is far from 0.
TEST(SacModelTest, RowScoresSumToZeroAtTheMaximum) {
  const engine::SpatialWeights w = RookLattice(20, 20, engine::WeightsStyle::kRowStandardised);
  const engine::ModelFrame frame = SimulateSac(w, w, 0.5, 0.3, 17);
  const FitResult result = FitSac(frame, w, w, {});
  ASSERT_EQ(result.status, FitStatus::kConverged) << result.status_message;
  SacEstimates estimates;
  estimates.beta = {result.coefficients[0].estimate, result.coefficients[1].estimate};
  estimates.rho = result.coefficients[2].estimate;
  estimates.lambda = result.coefficients[3].estimate;
  estimates.sigma2 = result.sigma2;
  const SacData data = MakeSacData(frame.y, frame.x, w, w);
  const arma::mat scores = SacRowScores(data, w, w, estimates);
  ASSERT_EQ(scores.n_cols, 5u);
  const arma::rowvec sums = arma::sum(scores, 0);
  const arma::rowvec scale = arma::sqrt(arma::sum(arma::square(scores), 0));
  for (arma::uword j = 0; j < scores.n_cols; ++j) EXPECT_LT(std::abs(sums[j]), 1e-6 * scale[j]) << j;
  estimates.rho += 0.05;
  const arma::rowvec off = arma::sum(SacRowScores(data, w, w, estimates), 0);
  EXPECT_GT(std::abs(off[1]), 0.5 * scale[1]);
}

// The analytic (expected) and numerical-Hessian (observed) information differ by O(n^-1/2) sampling noise, so
// at n = 900 their standard errors agree within 15%; the fallback above exact_covariance_max_n is the
// Hessian.
TEST(SacModelTest, HessianCovarianceAgreesWithTheAnalyticOne) {
  const engine::SpatialWeights w = RookLattice(30, 30, engine::WeightsStyle::kRowStandardised);
  const engine::ModelFrame frame = SimulateSac(w, w, 0.5, 0.3, 11);
  const FitResult analytic = FitSac(frame, w, w, {});
  SpatialFitOptions hessian_options;
  hessian_options.covariance = CovarianceEstimator::kNumericalHessian;
  const FitResult hessian = FitSac(frame, w, w, hessian_options);
  EXPECT_NE(hessian.provenance.vcov_method.find("numerical Hessian"), std::string::npos);
  EXPECT_NE(analytic.provenance.vcov_method.find("analytic"), std::string::npos);
  for (std::size_t j = 0; j < analytic.coefficients.size(); ++j) {
    EXPECT_EQ(hessian.coefficients[j].estimate, analytic.coefficients[j].estimate);
    EXPECT_NEAR(hessian.coefficients[j].std_error / analytic.coefficients[j].std_error, 1.0, 0.15)
        << analytic.coefficients[j].name;
  }
  SpatialFitOptions small_exact;
  small_exact.exact_covariance_max_n = 100;
  const FitResult fallback = FitSac(frame, w, w, small_exact);
  EXPECT_TRUE(AnyContains(fallback.warnings, "exact_covariance_max_n"));
  EXPECT_EQ(fallback.provenance.vcov_method, hessian.provenance.vcov_method);
  EXPECT_TRUE(arma::approx_equal(fallback.vcov, hessian.vcov, "reldiff", 1e-12));
}

// log|A| + log|B| - n/2 (log(2 pi s2) + 1) by dense log-determinants (test oracle, n = 400).
double DenseLogLikelihood(const engine::SpatialWeights& w1,
                          const engine::SpatialWeights& w2,
                          const arma::vec& y,
                          const arma::mat& x,
                          double rho,
                          double lambda) {
  const arma::uword n = y.n_elem;
  const arma::mat a = arma::eye(n, n) - rho * arma::mat(w1.ToSparseMatrix());
  const arma::mat b = arma::eye(n, n) - lambda * arma::mat(w2.ToSparseMatrix());
  const arma::vec filtered_y = b * a * y;
  const arma::mat filtered_x = b * x;
  const arma::vec e = filtered_y - filtered_x * arma::solve(filtered_x, filtered_y);
  const double s2 = arma::dot(e, e) / static_cast<double>(n);
  double log_det_a = 0.0, log_det_b = 0.0, sign = 0.0;
  arma::log_det(log_det_a, sign, a);
  arma::log_det(log_det_b, sign, b);
  return log_det_a + log_det_b - 0.5 * static_cast<double>(n) * (std::log(2.0 * arma::datum::pi * s2) + 1.0);
}

// W1 rook, W2 queen: the reported log-likelihood is the dense oracle's at the estimates, and no step of
// 1e-4 in rho or lambda raises the oracle (a maximum); the parameters are recovered.
TEST(SacModelTest, SeparateErrorWeightsMatchADenseOracle) {
  const engine::SpatialWeights w1 = RookLattice(20, 20, engine::WeightsStyle::kRowStandardised);
  const engine::SpatialWeights w2 = ::hinterland::testing::Lattice(20, 20, /*queen=*/true);  // W2 unlike W1
  const engine::ModelFrame frame = SimulateSac(w1, w2, 0.4, 0.5, 5);
  const FitResult result = FitSac(frame, w1, w2, {});
  EXPECT_EQ(result.status, FitStatus::kConverged) << result.status_message;
  EXPECT_TRUE(AnyContains(result.warnings, "W2 differ"));
  const double rho = ::hinterland::testing::FindCoefficient(result, "rho").estimate;
  const double lambda = ::hinterland::testing::FindCoefficient(result, "lambda").estimate;
  const double oracle = DenseLogLikelihood(w1, w2, frame.y, frame.x, rho, lambda);
  EXPECT_NEAR(result.log_likelihood, oracle, 1e-8 * std::abs(oracle));
  for (const auto& [d_rho, d_lambda] : {std::pair{1e-4, 0.0}, {-1e-4, 0.0}, {0.0, 1e-4}, {0.0, -1e-4}}) {
    EXPECT_LT(DenseLogLikelihood(w1, w2, frame.y, frame.x, rho + d_rho, lambda + d_lambda), oracle);
  }
  for (const auto& [name, value] : {std::pair{"rho", 0.4}, {"lambda", 0.5}, {"x", 2.0}}) {
    EXPECT_NEAR(::hinterland::testing::FindCoefficient(result, name).estimate, value,
                4.0 * ::hinterland::testing::FindCoefficient(result, name).std_error)
        << name;
  }
  // The same data with W2 = W1 is a different model and gives a different likelihood.
  EXPECT_GT(std::abs(FitSac(frame, w1, w1, {}).log_likelihood - result.log_likelihood), 1e-6);
}

// With W2 = W1 and an intercept only, A and B commute and B 1 is proportional to 1, so the concentrated
// likelihood is symmetric in (rho, lambda): a maximum at (a, b) with a != b has a twin at (b, a). The search
// must report both, with equal log-likelihoods, and warn.
TEST(SacModelTest, ReportsBothSymmetricMaximaOfTheInterceptOnlyModel) {
  const engine::SpatialWeights w = RookLattice(15, 15, engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(3);
  const arma::uword n = 225;
  const arma::vec u = engine::SolveIdentityMinusRhoW(w, -0.4, arma::randn<arma::vec>(n));
  const arma::vec y = engine::SolveIdentityMinusRhoW(w, 0.6, arma::ones<arma::vec>(n) + u);
  const SacFit fit = FitSacWithOptima(MakeFrame(y, arma::ones<arma::mat>(n, 1), {"(Intercept)"}), w, w, {});
  ASSERT_GE(fit.optima.size(), 2u);
  const LocalOptimum& first = fit.optima[0];
  const LocalOptimum& second = fit.optima[1];
  EXPECT_GT(std::abs(first.rho - first.lambda), 0.1);
  EXPECT_NEAR(second.rho, first.lambda, 1e-4);
  EXPECT_NEAR(second.lambda, first.rho, 1e-4);
  EXPECT_NEAR(second.log_likelihood, first.log_likelihood, 1e-7 * std::abs(first.log_likelihood));
  EXPECT_EQ(Statistic(fit.result, "local_optima"), static_cast<double>(fit.optima.size()));
  EXPECT_TRUE(AnyContains(fit.result.warnings, "local maxima"));
  EXPECT_EQ(fit.result.log_likelihood, first.log_likelihood);
}

// x = W y - y: y - rho W y = (1 - rho) y - rho x, so B A y - B X b leaves (1 - rho) times a residual free of
// rho, SSE = (1 - rho)^2 S(lambda), and log|A| - n log(1 - rho) rises without bound towards rho = 1.
TEST(SacModelTest, RhoAtTheUpperBoundIsAStatusWithAWarning) {
  const engine::SpatialWeights w = RookLattice(6, 6, engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(7);
  const arma::vec y = arma::randn<arma::vec>(36);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(36), w.Multiply(y) - y);
  const FitResult result = FitSac(MakeFrame(y, x, {"(Intercept)", "x"}), w, w, {});
  EXPECT_EQ(result.status, FitStatus::kAtBound);
  EXPECT_FALSE(result.IsUsable());
  EXPECT_TRUE(AnyContains(result.warnings, "rho = ")) << result.status_message;
  EXPECT_TRUE(AnyContains(result.warnings, "upper bound")) << result.status_message;
}

TEST(SacModelTest, OneIterationIsNotConverged) {
  const engine::SpatialWeights w = RookLattice(30, 30, engine::WeightsStyle::kRowStandardised);
  SpatialFitOptions options;
  options.max_iterations = 1;
  const FitResult result = FitSac(SimulateSac(w, w, 0.5, 0.3, 11), w, w, options);
  EXPECT_EQ(result.status, FitStatus::kNotConverged) << result.status_message;
  EXPECT_TRUE(AnyContains(result.warnings, "did not converge"));
}

TEST(SacModelTest, BadInputThrowsTypedErrors) {
  const engine::SpatialWeights w = RookLattice(6, 6, engine::WeightsStyle::kRowStandardised);
  const engine::SpatialWeights smaller = RookLattice(5, 6, engine::WeightsStyle::kRowStandardised);
  const engine::ModelFrame frame = SimulateSac(w, w, 0.3, 0.2, 2);
  try {
    FitSac(frame, w, smaller, {});
    ADD_FAILURE() << "expected WeightsError";
  } catch (const engine::WeightsError& error) {
    EXPECT_NE(std::string(error.what()).find("W2 (error weights) has 30 units"), std::string::npos);
  }
  SpatialFitOptions sandwich;
  sandwich.covariance = CovarianceEstimator::kSandwich;
  try {
    FitSac(frame, w, w, sandwich);
    ADD_FAILURE() << "expected OptionError";
  } catch (const engine::OptionError& error) {
    EXPECT_NE(std::string(error.what()).find("`vcov` sandwich"), std::string::npos);
  }
  SpatialFitOptions bad_tolerance;
  bad_tolerance.tolerance = -1.0;
  EXPECT_THROW(FitSac(frame, w, w, bad_tolerance), engine::OptionError);
}

}  // namespace
}  // namespace hinterland::estimators
