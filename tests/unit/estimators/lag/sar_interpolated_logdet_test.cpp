// A SAR fit with the interpolated log-determinant against the same fit with the exact back-end it
// interpolates (cholesky on a row-standardised 40 x 40 rook lattice at rho = 0.6 and 0.95; lu on 8 nearest
// neighbours of 600 points, not similar to symmetric). The ML rho moves by the error of the interpolant's
// derivative over the likelihood's curvature: with the default 64 nodes the derivative is within ~1e-9 n
// (interpolated_log_determinant.hpp), so rho-hat must agree to 1e-6 (the figure) and the maximised
// log-likelihood to 1e-6 as well (values within ~4e-12 n).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "estimators/lag/sar_model.hpp"
#include "tests/support/spatial_test_data.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::estimators {
namespace {

// y = (I - rho W)^-1 (X beta + e) by the fixed-point iteration y <- rho W y + X beta + e, which contracts by
// |rho| per step for row-standardised W: 800 steps leave 0.95^800 ~ 1e-18.
ModelData SimulatedSar(const engine::SpatialWeights& w, double rho, std::uint64_t seed) {
  const arma::uword n = static_cast<arma::uword>(w.n());
  arma::arma_rng::set_seed(seed);
  const arma::mat x = arma::join_rows(arma::ones<arma::vec>(n), arma::randn<arma::vec>(n));
  const arma::vec mean = x * arma::vec{1.0, 2.0} + arma::randn<arma::vec>(n);
  arma::vec y = mean;
  for (int step = 0; step < 800; ++step) y = rho * w.Multiply(y) + mean;
  return testing::MakeData(testing::MakeFrame(y, x, {"(Intercept)", "x"}), w);
}

void ExpectSameFit(const ModelData& data, engine::LogDetMethod exact_method, double rho) {
  SpatialFitOptions exact;
  exact.logdet.method = exact_method;
  SpatialFitOptions interpolated;
  interpolated.logdet.method = engine::LogDetMethod::kInterpolated;
  const FitResult reference = FitSpatialLag(data, ModelKind::kSar, exact).result;
  const FitResult approximate = FitSpatialLag(data, ModelKind::kSar, interpolated).result;
  ASSERT_EQ(reference.status, FitStatus::kConverged);
  ASSERT_EQ(approximate.status, FitStatus::kConverged);
  EXPECT_EQ(approximate.provenance.logdet_used, "interpolated");
  const Coefficient& rho_hat = approximate.coefficients.back();
  ASSERT_EQ(rho_hat.name, "rho");
  EXPECT_NEAR(reference.coefficients.back().estimate, rho, 0.05);  // the simulation is what it claims
  EXPECT_NEAR(rho_hat.estimate, reference.coefficients.back().estimate, 1e-6);
  EXPECT_NEAR(approximate.log_likelihood, reference.log_likelihood, 1e-6);
  for (std::size_t j = 0; j < reference.coefficients.size(); ++j) {
    EXPECT_NEAR(approximate.coefficients[j].estimate, reference.coefficients[j].estimate,
                1e-5 * reference.coefficients[j].std_error)
        << reference.coefficients[j].name;
    EXPECT_NEAR(approximate.coefficients[j].std_error, reference.coefficients[j].std_error,
                1e-4 * reference.coefficients[j].std_error)
        << reference.coefficients[j].name;
  }
}

TEST(SarInterpolatedLogDetTest, RhoHatMatchesCholeskyOnARookLattice) {
  const engine::SpatialWeights w = testing::RookLattice(40, 40, engine::WeightsStyle::kRowStandardised);
  ExpectSameFit(SimulatedSar(w, 0.6, 41), engine::LogDetMethod::kCholesky, 0.6);
}

TEST(SarInterpolatedLogDetTest, RhoHatMatchesCholeskyNearTheUpperBound) {
  const engine::SpatialWeights w = testing::RookLattice(40, 40, engine::WeightsStyle::kRowStandardised);
  ExpectSameFit(SimulatedSar(w, 0.95, 42), engine::LogDetMethod::kCholesky, 0.95);
}

TEST(SarInterpolatedLogDetTest, RhoHatMatchesLuOnNearestNeighbours) {
  const engine::SpatialWeights w = ::hinterland::testing::KNearestNeighbours(600, 8, 43);
  ExpectSameFit(SimulatedSar(w, 0.5, 44), engine::LogDetMethod::kLu, 0.5);
}

}  // namespace
}  // namespace hinterland::estimators
