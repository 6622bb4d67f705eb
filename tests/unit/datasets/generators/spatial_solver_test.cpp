// The fixed-point solver of (I - rho W) y = v: its residual bound, agreement with a dense LU solve at small
// n (the oracle; 1e-11 relative, well above the 1e-13 solver tolerance times cond(I - rho W) <= 19 here),
// the spectral-radius bound and the refusal of parameters outside its convergence condition.
#include "datasets/generators/spatial_solver.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <armadillo>

#include "engine/core/error.hpp"
#include "engine/weights/weights_builder.hpp"
#include "tests/support/expect_throw_mentioning.hpp"

namespace hinterland::generators {
namespace {

using ::testing::HasSubstr;

arma::mat Dense(const engine::SpatialWeights& w) {
  arma::mat dense(w.n(), w.n(), arma::fill::zeros);
  for (std::int64_t i = 0; i < w.n(); ++i) {
    for (auto p = w.RowOffsets()[i]; p < w.RowOffsets()[i + 1]; ++p)
      dense(i, w.ColumnIndices()[p]) = w.Values()[p];
  }
  return dense;
}

arma::vec Residual(const engine::SpatialWeights& w, double rho, const arma::vec& v, const arma::vec& y) {
  return v - (y - rho * w.Multiply(y));
}

class SolverAgainstDenseTest : public ::testing::TestWithParam<double> {};

TEST_P(SolverAgainstDenseTest, MatchesDenseSolveAndMeetsTheResidualBound) {
  const double rho = GetParam();
  const engine::SpatialWeights w = engine::BuildLattice(7, 9, engine::Contiguity::kQueen)
                                       .Transform(engine::WeightsStyle::kRowStandardised);
  arma::arma_rng::set_seed(3);
  const arma::vec v = arma::randn(w.n()) * 5.0;
  arma::vec y(w.n());
  const SolveReport report = SolveSpatialSystem(w, rho, std::span<const double>(v.memptr(), v.n_elem),
                                                std::span<double>(y.memptr(), y.n_elem), 1e-13);
  EXPECT_LE(arma::abs(Residual(w, rho, v, y)).max(), 1e-13 * std::max(1.0, arma::abs(v).max()) * 1.01);
  EXPECT_LE(report.residual, 1e-13 * std::max(1.0, arma::abs(v).max()));
  EXPECT_NEAR(report.contraction, std::abs(rho), 1e-15);
  const arma::vec oracle = arma::solve(arma::eye(w.n(), w.n()) - rho * Dense(w), v);
  EXPECT_LE(arma::abs(y - oracle).max(), 1e-11 * arma::abs(oracle).max());
}

INSTANTIATE_TEST_SUITE_P(Rho, SolverAgainstDenseTest, ::testing::Values(-0.9, -0.3, 0.0, 0.5, 0.95));

TEST(SpatialSolverTest, SpectralRadiusBoundIsTheSmallerOfMaxRowAndColumnSums) {
  const engine::SpatialWeights rook = engine::BuildLattice(5, 5, engine::Contiguity::kRook);
  EXPECT_EQ(SpectralRadiusBound(rook), 4.0);
  EXPECT_EQ(SpectralRadiusBound(rook.Transform(engine::WeightsStyle::kRowStandardised)), 1.0);
  // Row-standardised rook on 1 x 3: rows (0 1 0), (1/2 0 1/2), (0 1 0); column sums 1/2, 2, 1/2.
  const engine::SpatialWeights line =
      engine::BuildLattice(1, 3, engine::Contiguity::kRook).Transform(engine::WeightsStyle::kRowStandardised);
  EXPECT_EQ(SpectralRadiusBound(line), 1.0);
}

TEST(SpatialSolverTest, BinaryWeightsWorkWithinTheirScaledBound) {
  const engine::SpatialWeights w = engine::BuildLattice(6, 6, engine::Contiguity::kRook);  // bound 4
  const arma::vec v = arma::linspace(-1.0, 2.0, w.n());
  arma::vec y(w.n());
  SolveSpatialSystem(w, 0.2, std::span<const double>(v.memptr(), v.n_elem),
                     std::span<double>(y.memptr(), y.n_elem));
  EXPECT_LE(arma::abs(Residual(w, 0.2, v, y)).max(), 2.0 * 1e-13 * 2.0);
}

TEST(SpatialSolverTest, ParametersOutsideTheConvergenceConditionAreOptionErrors) {
  const engine::SpatialWeights binary = engine::BuildLattice(6, 6, engine::Contiguity::kRook);
  EXPECT_THROW_MENTIONING(engine::OptionError, RequireConvergentParameter("`rho`", 0.3, binary),
                          {"`rho` 0.3", "row-standardised"});
  const engine::SpatialWeights standardised = binary.Transform(engine::WeightsStyle::kRowStandardised);
  EXPECT_THROW(RequireConvergentParameter("`lambda`", 1.0, standardised), engine::OptionError);
  EXPECT_THROW(RequireConvergentParameter("`lambda`", -1.0, standardised), engine::OptionError);
  EXPECT_THROW(RequireConvergentParameter("`lambda`", std::nan(""), standardised), engine::OptionError);
  EXPECT_NO_THROW(RequireConvergentParameter("`lambda`", 0.99, standardised));
}

}  // namespace
}  // namespace hinterland::generators
