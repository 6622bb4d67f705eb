// Impacts against a dense oracle: S_r = (I - rho W)^-1 (beta_r I + theta_r W) formed densely at small n,
// direct = tr(S_r)/n, total = 1'S_r 1/n (LeSage & Pace 2009, eqs. 2.46-2.48). Covers a binary
// (non-row-standardised) W, where W1 != 1, an SDM with W:(Intercept), the power series against the exact
// method on a 30 x 30 lattice, impacts by order, seeded reproducibility and the typed errors. Tolerances:
// 1e-9 relative where both sides are exact (rounding only); power series of order q at |rho| lambda_max = r
// truncate at about r^(q+1) / (1 - r), and q is chosen below so that is under 1e-10.
#include <gtest/gtest.h>

#include <armadillo>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/impacts/impacts.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::estimators {
namespace {

// Rook contiguity on a rows x columns lattice, binary.
engine::SpatialWeights RookLattice(int rows, int columns) {
  return ::hinterland::testing::Lattice(rows, columns, /*queen=*/false, engine::WeightsStyle::kBinary);
}

arma::mat Dense(const engine::SpatialWeights& w) { return arma::mat(w.ToSparseMatrix()); }

struct OracleEffects {
  double direct, indirect, total;
};

OracleEffects DenseOracle(const engine::SpatialWeights& w, double rho, double beta, double theta) {
  const arma::mat dense_w = Dense(w);
  const arma::uword n = dense_w.n_rows;
  const arma::mat s = arma::inv(arma::eye(n, n) - rho * dense_w) * (beta * arma::eye(n, n) + theta * dense_w);
  const double direct = arma::trace(s) / n;
  const double total = arma::accu(s) / n;
  return {direct, total - direct, total};
}

// An SDM-shaped fit: (Intercept), x1, x2, W:x1, W:x2, rho, with a diagonal-dominant vcov.
FitResult SdmFit(std::int64_t n, double rho, bool lagged_intercept = false) {
  FitResult fit;
  fit.model = "sdm";
  fit.n = n;
  fit.coefficients = {{"(Intercept)", CoefficientRole::kIntercept, 2.0},
                      {"x1", CoefficientRole::kRegressor, 1.5},
                      {"x2", CoefficientRole::kRegressor, -0.7},
                      {"W:x1", CoefficientRole::kLaggedRegressor, 0.4},
                      {"W:x2", CoefficientRole::kLaggedRegressor, 0.25}};
  fit.coefficients[3].lagged_coefficient = 1;  // W:x1 lags x1, W:x2 lags x2 (roles are data)
  fit.coefficients[4].lagged_coefficient = 2;
  if (lagged_intercept) {
    fit.coefficients.push_back({"W:(Intercept)", CoefficientRole::kLaggedRegressor, 0.9});
    fit.coefficients.back().lagged_coefficient = 0;
  }
  fit.coefficients.push_back({"rho", CoefficientRole::kRho, rho});
  const arma::uword k = fit.coefficients.size();
  fit.vcov = 0.0004 * arma::eye(k, k);
  fit.vcov(1, 3) = fit.vcov(3, 1) = 0.0001;
  fit.status = FitStatus::kConverged;
  return fit;
}

ImpactOptions PointsOnly(ImpactMethod method, int power_order = 30) {
  ImpactOptions options;
  options.method = method;
  options.draws = 0;
  options.power_order = power_order;
  return options;
}

void ExpectMatchesOracle(const ImpactsResult& result,
                         const engine::SpatialWeights& w,
                         const FitResult& fit,
                         double tolerance) {
  const double rho = fit.coefficients.back().estimate;
  const std::vector<std::pair<double, double>> coefficients = {{1.5, 0.4}, {-0.7, 0.25}};
  ASSERT_EQ(result.impacts.size(), 2u);
  for (std::size_t v = 0; v < 2; ++v) {
    const OracleEffects oracle = DenseOracle(w, rho, coefficients[v].first, coefficients[v].second);
    const Impact& impact = result.impacts[v];
    EXPECT_NEAR(impact.direct.estimate, oracle.direct, tolerance * std::abs(oracle.direct)) << impact.name;
    EXPECT_NEAR(impact.indirect.estimate, oracle.indirect, tolerance * std::abs(oracle.indirect))
        << impact.name;
    EXPECT_NEAR(impact.total.estimate, oracle.total, tolerance * std::abs(oracle.total)) << impact.name;
  }
}

TEST(ImpactsTest, BinaryWeightsMatchDenseOracleExactly) {
  // Binary rook W: rows sum to 2, 3 or 4, so W1 != 1 and the totals need the solve, not 1 / (1 - rho).
  const engine::SpatialWeights w = RookLattice(6, 5);
  const FitResult fit = SdmFit(w.n(), 0.18);
  ExpectMatchesOracle(ComputeImpacts(fit, w, PointsOnly(ImpactMethod::kExact)), w, fit, 1e-9);
}

TEST(ImpactsTest, BinaryWeightsPowerSeriesMatchesDenseOracle) {
  // lambda_max of a 6 x 5 rook lattice is about 3.5, so rho lambda_max = 0.63 and q = 80 truncates < 1e-15.
  const engine::SpatialWeights w = RookLattice(6, 5);
  const FitResult fit = SdmFit(w.n(), 0.18);
  ExpectMatchesOracle(ComputeImpacts(fit, w, PointsOnly(ImpactMethod::kTraces, 80)), w, fit, 1e-9);
}

TEST(ImpactsTest, RowStandardisedNegativeRhoMatchesDenseOracle) {
  const engine::SpatialWeights w = RookLattice(5, 7).Transform(engine::WeightsStyle::kRowStandardised);
  const FitResult fit = SdmFit(w.n(), -0.6);
  ExpectMatchesOracle(ComputeImpacts(fit, w, PointsOnly(ImpactMethod::kExact)), w, fit, 1e-9);
}

TEST(ImpactsTest, LaggedInterceptIsNotAnImpactVariable) {
  const engine::SpatialWeights w = RookLattice(6, 5);
  const FitResult fit = SdmFit(w.n(), 0.18, /*lagged_intercept=*/true);
  const ImpactsResult result = ComputeImpacts(fit, w, PointsOnly(ImpactMethod::kExact));
  ASSERT_EQ(result.impacts.size(), 2u);
  EXPECT_EQ(result.impacts[0].name, "x1");
  EXPECT_EQ(result.impacts[1].name, "x2");
  ExpectMatchesOracle(result, w, fit, 1e-9);
}

TEST(ImpactsTest, PowerSeriesAgreesWithExactOn30By30Lattice) {
  // Row-standardised, rho = 0.5: q = 30 truncates at 0.5^31 / 0.5 ~ 1e-9 of the direct impact.
  const engine::SpatialWeights w = RookLattice(30, 30).Transform(engine::WeightsStyle::kRowStandardised);
  const FitResult fit = SdmFit(w.n(), 0.5);
  const ImpactsResult exact = ComputeImpacts(fit, w, PointsOnly(ImpactMethod::kExact));
  const ImpactsResult traces = ComputeImpacts(fit, w, PointsOnly(ImpactMethod::kTraces));
  EXPECT_EQ(exact.method, ImpactMethod::kExact);
  EXPECT_EQ(traces.method, ImpactMethod::kTraces);
  for (std::size_t v = 0; v < 2; ++v) {
    EXPECT_NEAR(traces.impacts[v].direct.estimate, exact.impacts[v].direct.estimate, 1e-8);
    EXPECT_NEAR(traces.impacts[v].indirect.estimate, exact.impacts[v].indirect.estimate, 1e-8);
    EXPECT_NEAR(traces.impacts[v].total.estimate, exact.impacts[v].total.estimate, 1e-12);
  }
}

TEST(ImpactsTest, ImpactsByOrderSumToTheImpacts) {
  const engine::SpatialWeights w = RookLattice(6, 5);
  const FitResult fit = SdmFit(w.n(), 0.18);
  const ImpactsResult result = ComputeImpacts(fit, w, PointsOnly(ImpactMethod::kExact, 80));
  ASSERT_EQ(result.by_order.size(), 81u);
  EXPECT_EQ(result.by_order[0].order, 0);
  for (std::size_t v = 0; v < 2; ++v) {
    // Order 0 is the rho^0 term beta I + theta W (spatialreg groups by powers of rho): direct beta (tr W =
    // 0), indirect theta 1'W1 / n = theta * links / n.
    const double theta = v == 0 ? 0.4 : 0.25;
    EXPECT_DOUBLE_EQ(result.by_order[0].impacts[v].direct.estimate, v == 0 ? 1.5 : -0.7);
    EXPECT_NEAR(result.by_order[0].impacts[v].indirect.estimate, theta * w.LinkCount() / 30.0, 1e-14);
    double direct = 0.0, total = 0.0;
    for (const auto& order : result.by_order) {
      direct += order.impacts[v].direct.estimate;
      total += order.impacts[v].total.estimate;
    }
    EXPECT_NEAR(direct, result.impacts[v].direct.estimate, 1e-10);
    EXPECT_NEAR(total, result.impacts[v].total.estimate, 1e-10);
  }
}

TEST(ImpactsTest, SimulationIsReproducibleForASeedAndChangesWithIt) {
  const engine::SpatialWeights w = RookLattice(6, 5).Transform(engine::WeightsStyle::kRowStandardised);
  const FitResult fit = SdmFit(w.n(), 0.4);
  ImpactOptions options;
  options.draws = 200;
  options.seed = 7;
  const ImpactsResult first = ComputeImpacts(fit, w, options);
  const ImpactsResult second = ComputeImpacts(fit, w, options);
  options.seed = 8;
  const ImpactsResult other = ComputeImpacts(fit, w, options);
  EXPECT_EQ(first.draws, 200);
  EXPECT_EQ(first.seed, 7u);
  EXPECT_EQ(first.impacts[0].total.std_error, second.impacts[0].total.std_error);
  EXPECT_EQ(first.impacts[1].indirect.lower, second.impacts[1].indirect.lower);
  EXPECT_NE(first.impacts[0].total.std_error, other.impacts[0].total.std_error);
  // With SD 0.02 on beta and 0.02 on rho the direct SE of x1 is near 0.02 (it is ~ beta_draw * 1.0x).
  EXPECT_GT(first.impacts[0].direct.std_error, 0.01);
  EXPECT_LT(first.impacts[0].direct.std_error, 0.04);
  EXPECT_LT(first.impacts[0].direct.lower, first.impacts[0].direct.estimate);
  EXPECT_GT(first.impacts[0].direct.upper, first.impacts[0].direct.estimate);
}

TEST(ImpactsTest, SlxWithoutALagForOneVariableHasZeroIndirect) {
  FitResult fit;
  fit.model = "slx";
  fit.n = 30;
  fit.coefficients = {{"(Intercept)", CoefficientRole::kIntercept, 1.0},
                      {"x1", CoefficientRole::kRegressor, 2.0},
                      {"x2", CoefficientRole::kRegressor, 3.0},
                      {"W:x1", CoefficientRole::kLaggedRegressor, 0.5}};
  fit.coefficients[3].lagged_coefficient = 1;
  fit.vcov = arma::diagmat(arma::vec{0.1, 0.04, 0.09, 0.01});
  fit.vcov(1, 3) = fit.vcov(3, 1) = -0.005;
  const ImpactsResult result = ComputeImpacts(fit, RookLattice(6, 5), ImpactOptions{});
  EXPECT_EQ(result.method, ImpactMethod::kAnalytic);
  EXPECT_DOUBLE_EQ(result.impacts[0].total.estimate, 2.5);
  EXPECT_DOUBLE_EQ(result.impacts[0].total.std_error, std::sqrt(0.04 + 0.01 - 0.01));
  EXPECT_DOUBLE_EQ(result.impacts[1].indirect.estimate, 0.0);
  EXPECT_DOUBLE_EQ(result.impacts[1].indirect.p_value, 1.0);
}

TEST(ImpactsTest, ErrorModelHasNoImpacts) {
  FitResult fit = SdmFit(30, 0.2);
  fit.model = "sem";
  fit.coefficients = {{"(Intercept)", CoefficientRole::kIntercept, 1.0},
                      {"x1", CoefficientRole::kRegressor, 2.0},
                      {"lambda", CoefficientRole::kLambda, 0.3}};
  fit.vcov = 0.01 * arma::eye(3, 3);
  EXPECT_THROW_MENTIONING(engine::OptionError, ComputeImpacts(fit, RookLattice(6, 5), ImpactOptions{}),
                          {"no spatial lag of y or of X"});
}

TEST(ImpactsTest, NonPositiveDefiniteVcovIsANumericalError) {
  FitResult fit = SdmFit(30, 0.2);
  fit.vcov(1, 1) = -1.0;
  ImpactOptions options;
  options.draws = 10;
  EXPECT_THROW_MENTIONING(engine::NumericalError, ComputeImpacts(fit, RookLattice(6, 5), options),
                          {"not positive definite", "rho, x1"});
}

TEST(ImpactsTest, WeightsOfAnotherSizeAreAWeightsError) {
  const FitResult fit = SdmFit(31, 0.2);
  EXPECT_THROW(ComputeImpacts(fit, RookLattice(6, 5), ImpactOptions{}), engine::WeightsError);
}

TEST(ImpactsTest, InvalidOptionsAreOptionErrors) {
  const FitResult fit = SdmFit(30, 0.2);
  ImpactOptions options;
  options.draws = -1;
  EXPECT_THROW(ComputeImpacts(fit, RookLattice(6, 5), options), engine::OptionError);
  options.draws = 0;
  options.method = ImpactMethod::kAnalytic;
  EXPECT_THROW(ComputeImpacts(fit, RookLattice(6, 5), options), engine::OptionError);
  EXPECT_EQ(ParseImpactMethod("Traces"), ImpactMethod::kTraces);
  EXPECT_THROW(ParseImpactMethod("dense"), engine::OptionError);
}

}  // namespace
}  // namespace hinterland::estimators
