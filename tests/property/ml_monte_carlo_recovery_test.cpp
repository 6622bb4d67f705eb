// Monte Carlo recovery of ML SAR and SEM: for a handful of fixed seeds, data simulated on a 30 x 30 rook
// lattice (row-standardised) from the model with known (beta, rho / lambda) are fitted, and each estimate
// must lie within 4 standard errors of the truth (a 4-sigma event has probability ~6e-5 per check, so the
// fixed seeds fail only if the estimator or its standard errors are wrong). y = (I - rho W)^-1 (X b + e) is
// generated with the sparse LU solve of SpatialFilter.
#include <gtest/gtest.h>

#include <random>

#include "estimators/common/spatial_filter.hpp"
#include "estimators/error/sem_model.hpp"
#include "estimators/lag/sar_model.hpp"
#include "tests/unit/estimators/lag/spatial_test_data.hpp"

namespace hinterland::estimators {
namespace {

constexpr double kStandardErrors = 4.0;
const arma::vec kBeta = {1.0, 2.0, -1.5};

arma::vec Normals(std::mt19937_64& generator, arma::uword n) {
  std::normal_distribution<double> normal(0.0, 1.0);
  arma::vec values(n);
  for (double& value : values) value = normal(generator);
  return values;
}

// y = (I - spatial W)^-1 (X b + e) for the lag model, y = X b + (I - spatial W)^-1 e for the error model.
ModelData Simulate(std::uint64_t seed, double spatial, bool lag) {
  const engine::SpatialWeights w = testing::RookLattice(30, 30, engine::WeightsStyle::kRowStandardised);
  std::mt19937_64 generator(seed);
  const arma::uword n = 900;
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(n), Normals(generator, n), Normals(generator, n));
  const arma::vec e = Normals(generator, n);
  FilterTraceOptions sparse;
  sparse.exact_max_n = 0;  // force the sparse LU path
  const SpatialFilter filter(w, spatial, sparse);
  const arma::vec y = lag ? filter.Solve(x * kBeta + e) : arma::vec(x * kBeta + filter.Solve(e));
  return testing::MakeData(testing::MakeFrame(y, x, {"(Intercept)", "x1", "x2"}), w);
}

void ExpectRecovered(const FitResult& result, double spatial) {
  ASSERT_EQ(result.status, FitStatus::kConverged) << result.status_message;
  for (std::size_t j = 0; j < kBeta.n_elem; ++j) {
    const Coefficient& coefficient = result.coefficients[j];
    EXPECT_LT(std::fabs(coefficient.estimate - kBeta[j]), kStandardErrors * coefficient.std_error)
        << coefficient.name << " = " << coefficient.estimate << " (SE " << coefficient.std_error << ")";
  }
  const Coefficient& parameter = result.coefficients.back();
  EXPECT_LT(std::fabs(parameter.estimate - spatial), kStandardErrors * parameter.std_error)
      << parameter.name << " = " << parameter.estimate << " (SE " << parameter.std_error << ")";
}

class MlRecoveryTest : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(MlRecoveryTest, SarRecoversRhoAndBeta) {
  SpatialFitOptions options;
  options.logdet.method = engine::LogDetMethod::kCholesky;
  ExpectRecovered(FitSpatialLag(Simulate(GetParam(), 0.6, true), ModelKind::kSar, options).result, 0.6);
}

TEST_P(MlRecoveryTest, SemRecoversLambdaAndBeta) {
  SpatialFitOptions options;
  options.logdet.method = engine::LogDetMethod::kCholesky;
  ExpectRecovered(FitSpatialError(Simulate(GetParam(), 0.5, false), ModelKind::kSem, options).result, 0.5);
}

INSTANTIATE_TEST_SUITE_P(FixedSeeds, MlRecoveryTest, ::testing::Values(1U, 2U, 3U, 20240601U));

}  // namespace
}  // namespace hinterland::estimators
