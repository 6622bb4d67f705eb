// A SAR fit with the lanczos log-determinant (stochastic Lanczos quadrature) against the same fit with the
// exact cholesky one, on a simulated 60 x 60 rook lattice (n = 3,600: above exact_traces_max_n, so the
// probes and the order-8 control variate are what is tested). The ML rho moves by the error of the
// log-determinant's derivative over the likelihood's curvature: 1e-7 here (seed 31), so 1e-4 is required, ten
// times tighter than the 1e-3; the coefficients then agree within 5% of their standard errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "estimators/lag/sar_model.hpp"
#include "tests/support/spatial_test_data.hpp"

namespace hinterland::estimators {
namespace {

// y = (I - rho W)^-1 (X beta + e) by the fixed-point iteration y <- rho W y + X beta + e, which contracts by
// |rho| per step for row-standardised W (no dense solve at this n): 80 steps at rho = 0.6 leave 1e-18.
ModelData SimulatedLattice(std::uint64_t seed) {
  const engine::SpatialWeights w = testing::RookLattice(60, 60, engine::WeightsStyle::kRowStandardised);
  const arma::uword n = 3600;
  arma::arma_rng::set_seed(seed);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(n), arma::randn<arma::vec>(n));
  const arma::vec mean = x * arma::vec{1.0, 2.0} + arma::randn<arma::vec>(n);
  arma::vec y = mean;
  for (int step = 0; step < 80; ++step) y = 0.6 * w.Multiply(y) + mean;
  return testing::MakeData(testing::MakeFrame(y, x, {"(Intercept)", "x"}), w);
}

const Coefficient& Rho(const FitResult& result) { return result.coefficients.back(); }

TEST(SarLanczosLogDetTest, RhoHatWithinTenToTheMinusFourOfTheCholeskyFit) {
  const ModelData data = SimulatedLattice(31);
  SpatialFitOptions exact;
  exact.logdet.method = engine::LogDetMethod::kCholesky;
  SpatialFitOptions lanczos;
  lanczos.logdet.method = engine::LogDetMethod::kLanczos;
  const FitResult reference = FitSpatialLag(data, ModelKind::kSar, exact).result;
  const FitResult approximate = FitSpatialLag(data, ModelKind::kSar, lanczos).result;
  ASSERT_EQ(reference.status, FitStatus::kConverged);
  ASSERT_EQ(approximate.status, FitStatus::kConverged);
  EXPECT_EQ(approximate.provenance.logdet_used, "lanczos");
  ASSERT_EQ(Rho(approximate).name, "rho");
  EXPECT_NEAR(Rho(reference).estimate, 0.6, 0.05);  // the simulation is what it claims
  EXPECT_NEAR(Rho(approximate).estimate, Rho(reference).estimate, 1e-4);
  for (std::size_t j = 0; j < reference.coefficients.size(); ++j) {
    EXPECT_NEAR(approximate.coefficients[j].estimate, reference.coefficients[j].estimate,
                0.05 * reference.coefficients[j].std_error)
        << reference.coefficients[j].name;
  }
}

}  // namespace
}  // namespace hinterland::estimators
