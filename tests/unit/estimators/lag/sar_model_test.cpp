// Unit tests of the ML SAR / SDM estimator: statuses (maximum at a bound, non-convergence), errors
// (non-finite likelihood, wrong model, bad options), Durbin terms, covariance variants and their agreement.
// Data are constructed so the expected behaviour follows from the likelihood's algebra (stated per test).
#include "estimators/lag/sar_model.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "engine/core/error.hpp"
#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/spatial_filter.hpp"
#include "tests/support/check_spatial_fit.hpp"
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

// A SAR data set on a 7 x 7 rook lattice with rho = 0.5.
ModelData SimulatedSar(std::uint64_t seed) {
  const engine::SpatialWeights w = RookLattice(7, 7, engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(seed);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(49), arma::randn<arma::vec>(49));
  const arma::vec y = testing::SimulateLag(w, 0.5, x * arma::vec{1.0, 2.0}, arma::randn<arma::vec>(49));
  return MakeData(MakeFrame(y, x, {"(Intercept)", "x"}), w);
}

TEST(SarModelTest, ConvergesWithRhoLastAndRolesSet) {
  const SpatialLagFit fit = FitSpatialLag(SimulatedSar(1), ModelKind::kSar, {});
  EXPECT_EQ(fit.result.status, FitStatus::kConverged);
  EXPECT_EQ(fit.result.model, "sar");
  ASSERT_EQ(fit.result.coefficients.size(), 3U);
  EXPECT_EQ(fit.result.coefficients.back().name, "rho");
  EXPECT_EQ(fit.result.coefficients.back().role, CoefficientRole::kRho);
  EXPECT_EQ(fit.result.coefficients.front().role, CoefficientRole::kIntercept);
  EXPECT_EQ(fit.result.vcov.n_rows, 3U);
  EXPECT_NEAR(arma::norm(fit.residuals + fit.fitted - SimulatedSar(1).frame.y), 0.0, 1e-9);
}

// y arbitrary and x = W y - y: then W y - X b_L = y - X b_0 exactly, so SSE(rho) = (1 - rho)^2 e0'e0 and the
// log-likelihood (1 - n) log(1 - rho) + ... rises without bound towards rho = 1.
TEST(SarModelTest, RhoAtTheUpperBoundIsAStatusWithAWarning) {
  const engine::SpatialWeights w = RookLattice(6, 6, engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(7);
  const arma::vec y = arma::randn<arma::vec>(36);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(36), w.Multiply(y) - y);
  const SpatialLagFit fit =
      FitSpatialLag(MakeData(MakeFrame(y, x, {"(Intercept)", "x"}), w), ModelKind::kSar, {});
  EXPECT_EQ(fit.result.status, FitStatus::kAtBound);
  EXPECT_FALSE(fit.result.IsUsable());
  EXPECT_TRUE(AnyContains(fit.result.warnings, "upper bound")) << fit.result.status_message;
}

// x = W y + y gives SSE(rho) = (1 + rho)^2 e0'e0; the rook lattice is bipartite, so -1 is an eigenvalue of W
// and the likelihood rises without bound towards the lower bound rho = -1.
TEST(SarModelTest, RhoAtTheLowerBoundIsAStatusWithAWarning) {
  const engine::SpatialWeights w = RookLattice(6, 6, engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(8);
  const arma::vec y = arma::randn<arma::vec>(36);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(36), w.Multiply(y) + y);
  const SpatialLagFit fit =
      FitSpatialLag(MakeData(MakeFrame(y, x, {"(Intercept)", "x"}), w), ModelKind::kSar, {});
  EXPECT_EQ(fit.result.status, FitStatus::kAtBound);
  EXPECT_TRUE(AnyContains(fit.result.warnings, "lower bound"));
}

TEST(SarModelTest, OneIterationIsNotConverged) {
  SpatialFitOptions options;
  options.max_iterations = 1;
  const SpatialLagFit fit = FitSpatialLag(SimulatedSar(2), ModelKind::kSar, options);
  EXPECT_EQ(fit.result.status, FitStatus::kNotConverged);
  EXPECT_TRUE(AnyContains(fit.result.warnings, "did not converge in 1 iterations"));
}

// Values near 1e160 make e'e overflow to infinity: the likelihood is not finite at the first rho tried.
TEST(SarModelTest, NonFiniteLikelihoodIsANumericalErrorNamingRho) {
  ModelData data = SimulatedSar(3);
  data.frame.y *= 1e160;
  EXPECT_THROW_MENTIONING(engine::NumericalError, FitSpatialLag(data, ModelKind::kSar, {}), {"at rho="});
}

TEST(SarModelTest, ErrorModelKindIsAnOptionError) {
  EXPECT_THROW_MENTIONING(engine::OptionError, FitSpatialLag(SimulatedSar(4), ModelKind::kSem, {}),
                          {"`model` sem"});
}

TEST(SarModelTest, InvalidToleranceIsAnOptionError) {
  SpatialFitOptions options;
  options.tolerance = -1.0;
  EXPECT_THROW(FitSpatialLag(SimulatedSar(4), ModelKind::kSar, options), engine::OptionError);
}

TEST(SdmModelTest, LagsEveryRegressorButTheInterceptUnderRowStandardisedW) {
  const SpatialLagFit fit = FitSpatialLag(SimulatedSar(5), ModelKind::kSdm, {});
  EXPECT_EQ(fit.result.model, "sdm");
  EXPECT_EQ(::hinterland::testing::FindCoefficient(fit.result, "W:x").role,
            CoefficientRole::kLaggedRegressor);
  for (const Coefficient& coefficient : fit.result.coefficients) EXPECT_NE(coefficient.name, "W:(Intercept)");
}

TEST(DurbinTermsTest, BinaryWeightsLagTheInterceptAsSpatialreg) {
  const engine::SpatialWeights w = RookLattice(5, 5, engine::WeightsStyle::kBinary);
  arma::arma_rng::set_seed(9);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(25), arma::randn<arma::vec>(25));
  const DurbinColumns durbin =
      BuildDurbinColumns(MakeFrame(arma::randn<arma::vec>(25), x, {"(Intercept)", "x"}),
                         engine::WeightsOperator(w), SpatialFitOptions{});
  ASSERT_EQ(durbin.names.size(), 2U);
  EXPECT_EQ(durbin.names[0], "W:(Intercept)");
  EXPECT_EQ(durbin.names[1], "W:x");
  // W 1 under binary W is the neighbour count.
  EXPECT_DOUBLE_EQ(durbin.lagged(0, 0), 2.0);
}

TEST(DurbinTermsTest, UnknownDurbinTermIsAnOptionErrorWithASuggestion) {
  SpatialFitOptions options;
  options.durbin_all = false;
  options.durbin_terms = {"xx"};
  EXPECT_THROW_MENTIONING(engine::OptionError, FitSpatialLag(SimulatedSar(6), ModelKind::kSdm, options),
                          {"`durbin`", "\"x\""});
}

TEST(DurbinTermsTest, ACollinearLagIsLeftOutWithANote) {
  // x2 = W x1 makes W:x1 a copy of a design column.
  const engine::SpatialWeights w = RookLattice(5, 5, engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(10);
  const arma::vec x1 = arma::randn<arma::vec>(25);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(25), x1, w.Multiply(x1));
  const DurbinColumns durbin =
      BuildDurbinColumns(MakeFrame(arma::randn<arma::vec>(25), x, {"(Intercept)", "x1", "x2"}),
                         engine::WeightsOperator(w), SpatialFitOptions{});
  ASSERT_EQ(durbin.names.size(), 1U);
  EXPECT_EQ(durbin.names[0], "W:x2");
  EXPECT_TRUE(AnyContains(durbin.notes, "W:x1 left out"));
}

TEST(SarCovarianceTest, HessianAndSandwichAreSymmetricPositiveAndNamed) {
  const ModelData data = SimulatedSar(11);
  for (const CovarianceEstimator method :
       {CovarianceEstimator::kNumericalHessian, CovarianceEstimator::kSandwich}) {
    SpatialFitOptions options;
    options.covariance = method;
    const SpatialLagFit fit = FitSpatialLag(data, ModelKind::kSar, options);
    EXPECT_LT(arma::abs(fit.result.vcov - fit.result.vcov.t()).max(), 1e-12);
    EXPECT_GT(arma::eig_sym(fit.result.vcov).min(), 0.0) << ToString(method);
    const std::string word = method == CovarianceEstimator::kSandwich ? "sandwich" : "numerical Hessian";
    EXPECT_NE(fit.result.provenance.vcov_method.find(word), std::string::npos);
  }
}

// The Hessian of the concentrated likelihood is the observed information; at n = 49 with a well-specified
// model it is within ~25% of the expected (analytic) information's standard errors.
TEST(SarCovarianceTest, HessianStandardErrorsAreCloseToAnalyticOnes) {
  const ModelData data = SimulatedSar(12);
  SpatialFitOptions hessian;
  hessian.covariance = CovarianceEstimator::kNumericalHessian;
  const FitResult analytic = FitSpatialLag(data, ModelKind::kSar, {}).result;
  const FitResult numerical = FitSpatialLag(data, ModelKind::kSar, hessian).result;
  for (std::size_t j = 0; j < analytic.coefficients.size(); ++j) {
    EXPECT_NEAR(numerical.coefficients[j].std_error / analytic.coefficients[j].std_error, 1.0, 0.25);
  }
}

// Above exact_covariance_max_n the traces are Hutchinson estimates (at most 400 probes here, fewer once their
// noise moves no standard error by more than 0.1%): the standard errors agree with the exact ones within 5%.
TEST(SarCovarianceTest, StochasticTracesAgreeWithExactOnes) {
  const ModelData data = SimulatedSar(13);
  SpatialFitOptions stochastic;
  stochastic.exact_covariance_max_n = 10;
  stochastic.trace_probes = 400;
  const FitResult exact = FitSpatialLag(data, ModelKind::kSar, {}).result;
  const FitResult estimated = FitSpatialLag(data, ModelKind::kSar, stochastic).result;
  EXPECT_NE(estimated.provenance.vcov_method.find("Hutchinson"), std::string::npos);
  EXPECT_NE(exact.provenance.vcov_method.find("exact"), std::string::npos);
  for (std::size_t j = 0; j < exact.coefficients.size(); ++j) {
    EXPECT_NEAR(estimated.coefficients[j].std_error / exact.coefficients[j].std_error, 1.0, 0.05);
  }
}

// Above exact_max_n every route of the block solver must give the dense inverse's action: the direct ones
// to rounding, the iterative ones to their relative residual of 1e-10 (times cond(I - 0.7 W) <= 5.7).
TEST(SpatialFilterTest, SparseSolvesMatchDenseInverse) {
  const engine::SpatialWeights w = RookLattice(6, 7, engine::WeightsStyle::kRowStandardised);
  FilterTraceOptions dense_options;
  const SpatialFilter dense(w, 0.7, dense_options);
  ASSERT_TRUE(dense.IsExact());
  arma::arma_rng::set_seed(14);
  const arma::vec b = arma::randn<arma::vec>(42);
  for (const auto& [solver, tolerance] : {std::pair{engine::ShiftedSolverKind::kLu, 1e-12},
                                          std::pair{engine::ShiftedSolverKind::kCholesky, 1e-12},
                                          std::pair{engine::ShiftedSolverKind::kIterative, 1e-8}}) {
    FilterTraceOptions sparse_options;
    sparse_options.exact_max_n = 1;
    sparse_options.solver = solver;
    const SpatialFilter sparse(w, 0.7, sparse_options);
    ASSERT_FALSE(sparse.IsExact());
    EXPECT_LT(arma::abs(dense.Solve(b) - sparse.Solve(b)).max(), tolerance) << engine::ToString(solver);
    // (I - rho W) A b = b.
    const arma::vec a_b = sparse.Solve(b);
    EXPECT_LT(arma::abs(a_b - 0.7 * w.Multiply(a_b) - b).max(), tolerance) << engine::ToString(solver);
  }
}

}  // namespace
}  // namespace hinterland::estimators
