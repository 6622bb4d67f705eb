// Unbalanced spatial panels, each period with its own W_t (W restricted to the units observed in it and
// re-standardised). Checked against things that do not share the code under test: the unbalanced within
// transformation against the balanced one on a balanced panel (1e-12) and against the least-squares residual
// on dense unit and period dummies (1e-10); the unbalanced ML path run on a balanced panel against the
// balanced fits, which match splm (tests/reference/panels), to 1e-8; and a seeded Monte Carlo in which y is
// drawn from the model itself, y_t = (I - rho W_t)^-1 (X_t b + mu + alpha_t + e_t) with 20% of the
// unit-periods removed at random, whose mean estimates must recover the DGP.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/formula/model_frame.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"
#include "estimators/panel/panel_ml_model.hpp"
#include "estimators/panel/panel_ols.hpp"
#include "estimators/panel/panel_random_effects.hpp"
#include "estimators/panel/panel_sac_model.hpp"
#include "estimators/panel/within_transform.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::estimators {
namespace {

// A period-major panel frame over W's units: an intercept and x1, x2 from `x` (N T x 2) and y, keeping the
// unit-periods with observed[t N + i].
engine::ModelFrame PanelFrame(const engine::SpatialWeights& w,
                              int periods,
                              const std::vector<bool>& observed,
                              const arma::mat& x,
                              const arma::vec& y) {
  engine::ModelFrame frame;
  frame.source = "<simulated unbalanced panel>";
  frame.dependent = "y";
  frame.column_names = {"(Intercept)", "x1", "x2"};
  frame.column_kinds = {engine::ColumnKind::kIntercept, engine::ColumnKind::kNumeric,
                        engine::ColumnKind::kNumeric};
  std::vector<arma::uword> rows;
  const auto n = static_cast<std::size_t>(w.n());
  for (int t = 0; t < periods; ++t) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!observed[static_cast<std::size_t>(t) * n + i]) continue;
      rows.push_back(static_cast<arma::uword>(t) * n + i);
      frame.ids.push_back(w.Ids()[i]);
      frame.periods.push_back(std::to_string(2000 + t));
      frame.source_lines.push_back(static_cast<int>(rows.size()) + 1);
    }
  }
  const arma::uvec at(rows);
  frame.y = y.elem(at);
  frame.x = arma::join_rows(arma::ones(at.n_elem), x.rows(at));
  return frame;
}

// Each unit-period kept with probability 1 - missing_share, and each unit in at least one period (a unit of W
// with no row at all is an id mismatch, as in a cross-section).
std::vector<bool> ObservedAtRandom(std::size_t units,
                                   std::size_t periods,
                                   double missing_share,
                                   std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform;
  std::vector<bool> observed(units * periods);
  for (std::size_t c = 0; c < observed.size(); ++c) observed[c] = uniform(random) >= missing_share;
  for (std::size_t i = 0; i < units; ++i) {
    bool any = false;
    for (std::size_t t = 0; t < periods; ++t) any = any || observed[t * units + i];
    if (!any) observed[i] = true;
  }
  return observed;
}

// A ring of n units, each linked to the two on either side, row-standardised: W is doubly stochastic, so it
// commutes with the period demeaning as with the unit demeaning.
engine::SpatialWeights Ring(std::int64_t n) {
  std::vector<std::string> ids;
  std::vector<std::int64_t> offsets = {0};
  std::vector<std::int32_t> neighbours;
  for (std::int64_t i = 0; i < n; ++i) {
    ids.push_back(std::to_string(i + 1));
    for (const std::int64_t step : {-2, -1, 1, 2})
      neighbours.push_back(static_cast<std::int32_t>((i + step + n) % n));
    offsets.push_back(static_cast<std::int64_t>(neighbours.size()));
  }
  std::vector<double> values(neighbours.size(), 1.0);
  return engine::SpatialWeights(std::move(ids), std::move(offsets), std::move(neighbours), std::move(values),
                                engine::WeightsStyle::kBinary, "<ring>")
      .Transform(engine::WeightsStyle::kRowStandardised);
}

ModelDataOptions KeepIslands() {
  ModelDataOptions options;
  options.islands = engine::IslandPolicy::kKeep;  // a unit whose neighbours are all missing in a period
  return options;
}

TEST(UnbalancedWithinTest, OnABalancedPanelItIsTheBalancedTransformation) {
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(4, 3, false);
  const int periods = 5;
  std::vector<std::int64_t> all(static_cast<std::size_t>(w.n()));
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
  const engine::UnbalancedWeightsOperator rows(w.n(),
                                               {{all, std::make_shared<const engine::WeightsOperator>(w)}},
                                               std::vector<std::size_t>(periods, 0));
  arma::arma_rng::set_seed(7);
  const arma::vec x = arma::randn(static_cast<arma::uword>(w.n() * periods));
  for (const PanelEffects effects :
       {PanelEffects::kIndividual, PanelEffects::kTime, PanelEffects::kTwoWays}) {
    const arma::vec balanced = WithinTransform(x, w.n(), periods, effects);
    EXPECT_LT(arma::max(arma::abs(UnbalancedWithin(rows, effects).Apply(x) - balanced)), 1e-12)
        << ToString(effects);
  }
}

TEST(UnbalancedWithinTest, TwowaysIsTheResidualOnUnitAndPeriodDummies) {
  const engine::SpatialWeights w = ::hinterland::testing::Lattice(4, 3, false);
  const int periods = 5;
  const auto cells = static_cast<std::size_t>(w.n() * periods);
  const std::vector<bool> observed = ObservedAtRandom(static_cast<std::size_t>(w.n()), periods, 0.2, 3);
  arma::arma_rng::set_seed(9);
  const SpatialDesign design = BuildPanelDesign(
      PanelFrame(w, periods, observed, arma::randn(cells, 2), arma::randn(cells)), w, KeepIslands());
  ASSERT_FALSE(design.IsBalanced());
  const engine::UnbalancedWeightsOperator& rows = design.PeriodWeights();
  // Dense dummies of every unit and every period (rank N + T - 1): the projection does not care.
  arma::mat dummies(static_cast<arma::uword>(design.Rows()), static_cast<arma::uword>(w.n() + periods),
                    arma::fill::zeros);
  for (std::size_t r = 0; r < rows.RowUnits().size(); ++r) {
    dummies(r, static_cast<arma::uword>(rows.RowUnits()[r])) = 1.0;
    dummies(r, static_cast<arma::uword>(w.n() + rows.RowPeriods()[r])) = 1.0;
  }
  const arma::vec y = design.Frame().y;
  const arma::vec residual = y - dummies * (arma::pinv(dummies) * y);
  EXPECT_LT(arma::max(arma::abs(UnbalancedWithin(rows, PanelEffects::kTwoWays).Apply(y) - residual)), 1e-10);
}

// A balanced panel on the doubly stochastic ring of `units` over `periods` (x and y drawn from `seed`), and
// the same rows as an unbalanced design whose every period shares one W_t: the unbalanced path run on a
// balanced panel.
struct RingPanels {
  SpatialDesign balanced;
  SpatialDesign unbalanced_path;
};

RingPanels BalancedRingPanels(std::int64_t units, int periods, arma::uword seed) {
  const engine::SpatialWeights ring = Ring(units);
  const auto cells = static_cast<std::size_t>(ring.n() * periods);
  arma::arma_rng::set_seed(seed);
  const arma::mat x = arma::randn(cells, 2);
  const arma::vec y = x * arma::vec{1.0, -0.5} + arma::randn(cells);
  SpatialDesign balanced =
      BuildPanelDesign(PanelFrame(ring, periods, std::vector<bool>(cells, true), x, y), ring, {});
  std::vector<std::int64_t> all(static_cast<std::size_t>(ring.n()));
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
  auto rows = std::make_shared<const engine::UnbalancedWeightsOperator>(
      ring.n(),
      std::vector<engine::UnbalancedWeightsOperator::Block>{
          {all, std::make_shared<const engine::WeightsOperator>(balanced.W().Weights())}},
      std::vector<std::size_t>(periods, 0));
  SpatialDesign unbalanced_path(balanced.Frame(), balanced.W().Weights(), rows, balanced.PeriodLabels(), {});
  return {std::move(balanced), std::move(unbalanced_path)};
}

// The unbalanced path (summed log-determinants, per-period filters, the within transformation of the lags)
// on a balanced panel: one W_t shared by every period must reproduce the balanced estimates and standard
// errors. The balanced path lags the transformed data (splm's convention) and the unbalanced one transforms
// the lagged data; the two agree when W commutes with the demeaning, as a doubly stochastic W does. The
// log-likelihoods agree to rounding (1e-10); the estimates to 1e-6, since Brent's maximiser can place an
// optimum only to about sqrt(machine epsilon) and rounding moves where within that it stops.
TEST(UnbalancedPanelTest, TheUnbalancedPathOnABalancedPanelGivesTheBalancedFit) {
  const RingPanels panels = BalancedRingPanels(36, 5, 5);
  const SpatialDesign& balanced = panels.balanced;
  const SpatialDesign& unbalanced_path = panels.unbalanced_path;
  ASSERT_TRUE(balanced.IsBalanced());
  for (const ModelKind kind : {ModelKind::kSar, ModelKind::kSem, ModelKind::kSdm, ModelKind::kSdem}) {
    for (const PanelEffects effects :
         {PanelEffects::kNone, PanelEffects::kIndividual, PanelEffects::kTime, PanelEffects::kTwoWays}) {
      const FitResult expected = FitPanelSpatial(balanced, kind, {effects}, {}).result;
      const FitResult actual = FitPanelSpatial(unbalanced_path, kind, {effects}, {}).result;
      const std::string label = ToString(kind) + " " + ToString(effects);
      ASSERT_EQ(actual.coefficients.size(), expected.coefficients.size()) << label;
      for (std::size_t j = 0; j < expected.coefficients.size(); ++j) {
        const Coefficient& e = expected.coefficients[j];
        const Coefficient& a = actual.coefficients[j];
        EXPECT_NEAR(a.estimate, e.estimate, 1e-6 * std::max(1.0, std::abs(e.estimate))) << label << e.name;
        EXPECT_NEAR(a.std_error, e.std_error, 1e-6 * e.std_error) << label << e.name;
      }
      EXPECT_NEAR(actual.log_likelihood, expected.log_likelihood, 1e-10 * std::abs(expected.log_likelihood))
          << label;
      ASSERT_TRUE(actual.panel.has_value());
      EXPECT_FALSE(actual.panel->balanced);
      EXPECT_EQ(actual.panel->missing_unit_periods, 0);
    }
  }
  // SAC: the same estimates; the unbalanced path's covariance is always the numerical Hessian, so it is
  // compared with the balanced fit's numerical Hessian (the same differences of the same likelihood).
  SpatialFitOptions hessian;
  hessian.covariance = CovarianceEstimator::kNumericalHessian;
  for (const PanelEffects effects :
       {PanelEffects::kNone, PanelEffects::kIndividual, PanelEffects::kTwoWays}) {
    const FitResult expected = FitPanelSac(balanced, {effects}, hessian);
    const FitResult actual = FitPanelSac(unbalanced_path, {effects}, {});
    ASSERT_EQ(actual.coefficients.size(), expected.coefficients.size());
    for (std::size_t j = 0; j < expected.coefficients.size(); ++j) {
      const Coefficient& e = expected.coefficients[j];
      EXPECT_NEAR(actual.coefficients[j].estimate, e.estimate, 1e-6 * std::max(1.0, std::abs(e.estimate)))
          << "sac " << ToString(effects) << " " << e.name;
      EXPECT_NEAR(actual.coefficients[j].std_error, e.std_error, 1e-4 * e.std_error)
          << "sac " << ToString(effects) << " " << e.name;
    }
    EXPECT_NEAR(actual.log_likelihood, expected.log_likelihood, 1e-10 * std::abs(expected.log_likelihood));
  }
  // The clustered sandwich: each row's unit and diag(W_A) from the layout instead of the N x T reshape.
  SpatialFitOptions cluster;
  cluster.covariance = CovarianceEstimator::kCluster;
  for (const ModelKind kind : {ModelKind::kSar, ModelKind::kSem}) {
    const FitResult expected = FitPanelSpatial(balanced, kind, {PanelEffects::kTwoWays}, cluster).result;
    const FitResult actual = FitPanelSpatial(unbalanced_path, kind, {PanelEffects::kTwoWays}, cluster).result;
    for (std::size_t j = 0; j < expected.coefficients.size(); ++j) {
      EXPECT_NEAR(actual.coefficients[j].std_error, expected.coefficients[j].std_error,
                  1e-6 * expected.coefficients[j].std_error)
          << ToString(kind) << " " << expected.coefficients[j].name;
    }
  }
}

// One Monte Carlo replication on a 20 x 20 rook lattice over 6 periods with a fifth of the unit-periods
// missing at random: X, unit and period effects and the pattern drawn from `seed`, the design of the observed
// rows giving each period's W_t, then y_t = draw(W_t, X_t b, mu + alpha_t, e_t) period by period.
template <typename Draw>
SpatialDesign SimulatedUnbalancedPanel(const arma::vec& beta, int seed, const Draw& draw) {
  const engine::SpatialWeights lattice = ::hinterland::testing::Lattice(20, 20, false);
  const int periods = 6;
  const auto n = static_cast<arma::uword>(lattice.n());
  const auto cells = static_cast<std::size_t>(n) * periods;
  arma::arma_rng::set_seed(static_cast<arma::uword>(seed));
  const arma::mat x = arma::randn(cells, 2);
  const arma::vec unit_effects = arma::randn(n);
  const arma::vec period_effects = arma::randn(periods);
  const std::vector<bool> observed =
      ObservedAtRandom(n, periods, 0.2, static_cast<std::uint64_t>(seed) + 1000);
  const SpatialDesign layout =
      BuildPanelDesign(PanelFrame(lattice, periods, observed, x, arma::zeros(cells)), lattice, KeepIslands());
  const engine::UnbalancedWeightsOperator& rows = layout.PeriodWeights();
  arma::vec y_full(cells, arma::fill::zeros);
  for (std::int64_t t = 0; t < periods; ++t) {
    const auto& block = rows.Blocks()[rows.BlockOf(t)];
    const arma::uvec units = arma::conv_to<arma::uvec>::from(block.units);
    const arma::uvec cell = units + static_cast<arma::uword>(t) * n;
    const arma::mat w_t(block.w->Weights().ToSparseMatrix());
    y_full.elem(cell) =
        draw(w_t, arma::vec(x.rows(cell) * beta),
             arma::vec(unit_effects.elem(units) + period_effects[static_cast<arma::uword>(t)]),
             arma::vec(arma::randn(cell.n_elem)));
  }
  return BuildPanelDesign(PanelFrame(lattice, periods, observed, x, y_full), lattice, KeepIslands());
}

// SAR: y_t = (I - rho W_t)^-1 (X_t b + mu + alpha_t + e_t), the model the estimator fits; the mean of 20
// seeded replications of the two-way SAR must be within 0.02 of rho = 0.5 and of b = (1, -1): each
// replication's SE is about 0.015 for rho and 0.023 for b here, so the mean's are about 0.0035 and 0.005
// (over 40 replications the means were 0.5001, 1.0019 and -1.0020).
TEST(UnbalancedPanelTest, MonteCarloRecoversTheDgpWithAFifthOfUnitPeriodsMissing) {
  const double rho = 0.5;
  const arma::vec beta = {1.0, -1.0};
  const int replications = 20;
  arma::vec estimates(3, arma::fill::zeros);
  for (int replication = 0; replication < replications; ++replication) {
    const SpatialDesign design = SimulatedUnbalancedPanel(
        beta, 100 + replication,
        [&](const arma::mat& w_t, const arma::vec& mean, const arma::vec& effects, const arma::vec& errors) {
          return arma::vec(arma::solve(arma::eye(arma::size(w_t)) - rho * w_t, mean + effects + errors));
        });
    const FitResult fit = FitPanelSpatial(design, ModelKind::kSar, {PanelEffects::kTwoWays}, {}).result;
    ASSERT_EQ(fit.coefficients.size(), 3U);
    for (arma::uword j = 0; j < 3; ++j) estimates[j] += fit.coefficients[j].estimate / replications;
    EXPECT_GT(fit.panel->missing_unit_periods, 0.15 * 2400);
  }
  EXPECT_NEAR(estimates[0], beta[0], 0.02);
  EXPECT_NEAR(estimates[1], beta[1], 0.02);
  EXPECT_NEAR(estimates[2], rho, 0.02);
}

// SAC: y_t = (I - rho W_t)^-1 (X_t b + (I - lambda W_t)^-1 (mu + alpha_t + e_t)), the effects inside the
// error filter as the unbalanced SAC assumes; the mean of 10 replications within 0.03 of rho = 0.4 and
// lambda = 0.3 (each replication's SEs are about 0.015 and 0.03 here) and of b = (1, -1).
TEST(UnbalancedPanelTest, MonteCarloRecoversTheSacDgp) {
  const double rho = 0.4;
  const double lambda = 0.3;
  const arma::vec beta = {1.0, -1.0};
  const int replications = 10;
  arma::vec estimates(4, arma::fill::zeros);
  for (int replication = 0; replication < replications; ++replication) {
    const SpatialDesign design = SimulatedUnbalancedPanel(
        beta, 300 + replication,
        [&](const arma::mat& w_t, const arma::vec& mean, const arma::vec& effects, const arma::vec& errors) {
          const arma::mat identity = arma::eye(arma::size(w_t));
          const arma::vec disturbance = arma::solve(identity - lambda * w_t, effects + errors);
          return arma::vec(arma::solve(identity - rho * w_t, mean + disturbance));
        });
    const FitResult fit = FitPanelSac(design, {PanelEffects::kTwoWays}, {});
    ASSERT_EQ(fit.coefficients.size(), 4U);
    for (arma::uword j = 0; j < 4; ++j) estimates[j] += fit.coefficients[j].estimate / replications;
  }
  EXPECT_NEAR(estimates[0], beta[0], 0.03);
  EXPECT_NEAR(estimates[1], beta[1], 0.03);
  EXPECT_NEAR(estimates[2], rho, 0.03);
  EXPECT_NEAR(estimates[3], lambda, 0.03);
}

// The stacked rows' block-diagonal W: each period's W_t over its own rows (ids "unit@period"), the W the
// pooled unbalanced regression's LM tests act with.
engine::SpatialWeights StackedWeights(const SpatialDesign& design) {
  const engine::UnbalancedWeightsOperator& rows = design.PeriodWeights();
  std::vector<std::string> ids;
  std::vector<std::int64_t> offsets = {0};
  std::vector<std::int32_t> neighbours;
  std::vector<double> values;
  for (std::int64_t t = 0; t < rows.Periods(); ++t) {
    const auto& block = rows.Blocks()[rows.BlockOf(t)];
    const arma::sp_mat w_t = block.w->Weights().ToSparseMatrix();
    const arma::sp_mat transposed = w_t.t();  // column c of W_t' is row c of W_t
    for (arma::uword r = 0; r < w_t.n_rows; ++r) {
      ids.push_back(std::to_string(block.units[r]) + "@" + std::to_string(t));
      for (auto it = transposed.begin_col(r); it != transposed.end_col(r); ++it) {
        neighbours.push_back(
            static_cast<std::int32_t>(rows.PeriodStart(t) + static_cast<std::int64_t>(it.row())));
        values.push_back(*it);
      }
      offsets.push_back(static_cast<std::int64_t>(neighbours.size()));
    }
  }
  return engine::SpatialWeights(std::move(ids), std::move(offsets), std::move(neighbours), std::move(values),
                                engine::WeightsStyle::kRowStandardised, "<stacked W_t>");
}

double DiagnosticNamed(const FitResult& result, const std::string& name) {
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.name == name) return diagnostic.statistic;
  }
  ADD_FAILURE() << "no diagnostic " << name;
  return arma::datum::nan;
}

constexpr const char* kLmTests[] = {"LMerr", "LMlag", "RLMerr", "RLMlag", "SARMA"};

// The pooled regression of an unbalanced panel is least squares on the stacked rows, and its LM tests are the
// cross-section's with the block-diagonal W of the periods' W_t (spdep's lm.LMtests on the stacked data):
// to 1e-10. The within regression's coefficients and SEs are least squares with dense unit and period dummies
// (residual df net of the N + T - 1 dummies), to 1e-10.
TEST(UnbalancedPanelTest, RegressionsAreLeastSquaresOnTheStackedRows) {
  const engine::SpatialWeights lattice = ::hinterland::testing::Lattice(6, 6, false);
  const int periods = 5;
  const auto cells = static_cast<std::size_t>(lattice.n() * periods);
  arma::arma_rng::set_seed(8);
  const arma::mat x = arma::randn(cells, 2);
  const arma::vec y = x * arma::vec{1.0, -0.5} + arma::randn(cells);
  const SpatialDesign design = BuildPanelDesign(
      PanelFrame(lattice, periods, ObservedAtRandom(36, periods, 0.2, 9), x, y), lattice, KeepIslands());
  ASSERT_FALSE(design.IsBalanced());
  const FitResult pooled = FitPanelOls(design, PanelEffects::kNone, {});
  const engine::SpatialWeights stacked_w = StackedWeights(design);
  engine::ModelFrame stacked_frame = design.Frame();  // rows identified as the stacked W's
  stacked_frame.ids = stacked_w.Ids();
  const OlsFit stacked = FitOls(stacked_frame, {});
  const LmTests expected = LagrangeMultiplierTests(stacked, stacked_frame, stacked_w);
  const Diagnostic* expected_tests[] = {&expected.lm_error, &expected.lm_lag, &expected.robust_lm_error,
                                        &expected.robust_lm_lag, &expected.lm_sarma};
  for (std::size_t j = 0; j < 5; ++j) {
    EXPECT_NEAR(DiagnosticNamed(pooled, kLmTests[j]), expected_tests[j]->statistic,
                1e-10 * std::max(1.0, expected_tests[j]->statistic))
        << kLmTests[j];
  }
  // Two-way within against dense dummies: unit dummies for every unit, period dummies but the first.
  const engine::ModelFrame& frame = design.Frame();
  const auto rows = static_cast<arma::uword>(design.Rows());
  arma::mat dummies(rows, 36 + periods - 1, arma::fill::zeros);
  for (arma::uword r = 0; r < rows; ++r) {
    const RowKey key = design.KeyOf(static_cast<std::int64_t>(r));
    dummies(r, static_cast<arma::uword>(key.unit)) = 1.0;
    if (key.period > 0) dummies(r, 36 + static_cast<arma::uword>(key.period) - 1) = 1.0;
  }
  engine::ModelFrame with_dummies = frame;
  with_dummies.x = arma::join_rows(frame.x.cols(1, 2), dummies);
  with_dummies.column_names = {"x1", "x2"};
  with_dummies.column_kinds = {engine::ColumnKind::kNumeric, engine::ColumnKind::kNumeric};
  for (arma::uword j = 0; j < dummies.n_cols; ++j) {
    with_dummies.column_names.push_back("d" + std::to_string(j));
    with_dummies.column_kinds.push_back(engine::ColumnKind::kNumeric);
  }
  const OlsFit dummy_fit = FitOls(with_dummies, {});
  const FitResult within = FitPanelOls(design, PanelEffects::kTwoWays, {});
  for (arma::uword j = 0; j < 2; ++j) {
    const Coefficient& ours = within.coefficients[j];
    const Coefficient& oracle = dummy_fit.result.coefficients[j];
    EXPECT_NEAR(ours.estimate, oracle.estimate, 1e-10) << oracle.name;
    EXPECT_NEAR(ours.std_error, oracle.std_error, 1e-10) << oracle.name;
  }
}

// On a balanced panel with a doubly stochastic W (which commutes with every demeaning), the unbalanced path
// (lag, then transform) gives the balanced regressions and LM tests, for OLS and SLX under every effect
// (1e-9).
TEST(UnbalancedPanelTest, TheUnbalancedPathOnABalancedPanelGivesTheBalancedRegressions) {
  const RingPanels panels = BalancedRingPanels(30, 4, 6);
  const SpatialDesign& balanced = panels.balanced;
  const SpatialDesign& unbalanced_path = panels.unbalanced_path;
  for (const bool slx : {false, true}) {
    for (const PanelEffects effects :
         {PanelEffects::kNone, PanelEffects::kIndividual, PanelEffects::kTime, PanelEffects::kTwoWays}) {
      const FitResult expected =
          slx ? FitPanelSlx(balanced, effects, {}, {}) : FitPanelOls(balanced, effects, {});
      const FitResult actual =
          slx ? FitPanelSlx(unbalanced_path, effects, {}, {}) : FitPanelOls(unbalanced_path, effects, {});
      const std::string label = std::string(slx ? "slx " : "ols ") + ToString(effects);
      ASSERT_EQ(actual.coefficients.size(), expected.coefficients.size()) << label;
      for (std::size_t j = 0; j < expected.coefficients.size(); ++j) {
        EXPECT_NEAR(actual.coefficients[j].estimate, expected.coefficients[j].estimate, 1e-9) << label;
        EXPECT_NEAR(actual.coefficients[j].std_error, expected.coefficients[j].std_error, 1e-9) << label;
      }
      for (const char* test : kLmTests) {
        const double value = DiagnosticNamed(expected, test);
        EXPECT_NEAR(DiagnosticNamed(actual, test), value, 1e-9 * std::max(1.0, value))
            << label << " " << test;
      }
    }
  }
}

// The random-effects log-likelihood of an unbalanced panel written out densely, as the oracle: the stacked
// rows with the block-diagonal W_t, Omega / sigma2_nu = I + phi Z Z' (Z the rows' unit dummies), beta by GLS,
// and log L = sum_t log|I - rho W_t| (lag) or |I - lambda W_t| (error, the effects inside the filter:
// B (y - X b) = Z mu + nu) - 1/2 log|Omega / sigma2_nu| - n / 2 (log(2 pi) + log(SSE / n) + 1).
double DenseRandomEffectsLogLikelihood(const SpatialDesign& design, bool lag, double parameter, double phi) {
  const arma::mat w(StackedWeights(design).ToSparseMatrix());
  const engine::ModelFrame& frame = design.Frame();
  const auto rows = static_cast<arma::uword>(design.Rows());
  arma::mat z(rows, static_cast<arma::uword>(design.W().Units()), arma::fill::zeros);
  for (arma::uword r = 0; r < rows; ++r)
    z(r, static_cast<arma::uword>(design.KeyOf(static_cast<std::int64_t>(r)).unit)) = 1.0;
  const arma::mat omega = arma::eye(rows, rows) + phi * z * z.t();
  const arma::mat omega_inverse = arma::inv_sympd(omega);
  const arma::mat filter = arma::eye(rows, rows) - parameter * w;
  const arma::vec y = filter * frame.y;
  const arma::mat x = lag ? frame.x : arma::mat(filter * frame.x);
  const arma::vec beta = arma::solve(x.t() * omega_inverse * x, x.t() * omega_inverse * y);
  const arma::vec e = y - x * beta;
  const double n = static_cast<double>(rows);
  const double sse = arma::as_scalar(e.t() * omega_inverse * e);
  double log_det_filter = 0.0;
  double log_det_omega = 0.0;
  double sign = 0.0;
  arma::log_det(log_det_filter, sign, filter);
  arma::log_det(log_det_omega, sign, omega);
  return log_det_filter - 0.5 * log_det_omega -
         n / 2.0 * (std::log(2.0 * arma::datum::pi) + std::log(sse / n) + 1.0);
}

// Random effects on an unbalanced panel (sar, and sem with the kkp error), each unit's theta_i from its own
// periods: the fit's log-likelihood is the dense oracle's at the fitted (rho or lambda, phi) to 1e-9, and
// they maximise it (lower 1e-3 either side of each). The Mundlak device and the Hausman test run on it too;
// the bsk error, one N x N whitening for every period, is refused.
TEST(UnbalancedPanelTest, RandomEffectsMaximiseTheDenseUnbalancedLikelihood) {
  const engine::SpatialWeights lattice = ::hinterland::testing::Lattice(6, 6, false);
  const int periods = 4;
  const auto cells = static_cast<std::size_t>(lattice.n() * periods);
  arma::arma_rng::set_seed(12);
  const arma::mat x = arma::randn(cells, 2);
  const arma::vec effects = arma::repmat(arma::vec(arma::randn(36)), periods, 1);
  const arma::vec y = x * arma::vec{1.0, -0.5} + effects + arma::randn(cells);
  const SpatialDesign design = BuildPanelDesign(
      PanelFrame(lattice, periods, ObservedAtRandom(36, periods, 0.25, 13), x, y), lattice, KeepIslands());
  ASSERT_FALSE(design.IsBalanced());
  for (const ModelKind kind : {ModelKind::kSar, ModelKind::kSem}) {
    const bool lag = kind == ModelKind::kSar;
    const FitResult fit = FitPanelRandomEffects(design, kind, false, {}, RandomErrorStructure::kKkp);
    ASSERT_TRUE(fit.panel.has_value() && fit.panel->phi.has_value());
    const double parameter = ::hinterland::testing::FindCoefficient(fit, lag ? "rho" : "lambda").estimate;
    const double phi = *fit.panel->phi;
    const double best = DenseRandomEffectsLogLikelihood(design, lag, parameter, phi);
    EXPECT_NEAR(fit.log_likelihood, best, 1e-9 * std::abs(best)) << ToString(kind);
    EXPECT_GT(best, DenseRandomEffectsLogLikelihood(design, lag, parameter - 1e-3, phi)) << ToString(kind);
    EXPECT_GT(best, DenseRandomEffectsLogLikelihood(design, lag, parameter + 1e-3, phi)) << ToString(kind);
    EXPECT_GT(best, DenseRandomEffectsLogLikelihood(design, lag, parameter, phi * 1.01)) << ToString(kind);
    EXPECT_GT(best, DenseRandomEffectsLogLikelihood(design, lag, parameter, phi * 0.99)) << ToString(kind);
    EXPECT_GT(phi, 0.3) << ToString(kind);  // the simulated sigma2_mu / sigma2_nu is 1
    bool hausman = false;
    for (const Diagnostic& diagnostic : fit.diagnostics)
      hausman = hausman || diagnostic.name == "Hausman test (FE vs RE)";
    EXPECT_TRUE(hausman) << ToString(kind);
    const FitResult mundlak = FitPanelRandomEffects(design, kind, true, {}, RandomErrorStructure::kKkp);
    EXPECT_EQ(::hinterland::testing::FindCoefficient(mundlak, "mean(x1)").name, "mean(x1)");
  }
  EXPECT_THROW_MENTIONING(
      engine::OptionError,
      FitPanelRandomEffects(design, ModelKind::kSem, false, {}, RandomErrorStructure::kBsk),
      {"`random_error` bsk needs a balanced panel"});
  // Clustered SEs split the Jacobian by the one N x N W_A's diagonal: balanced panels only, named.
  SpatialFitOptions cluster;
  cluster.covariance = CovarianceEstimator::kCluster;
  EXPECT_THROW_MENTIONING(
      engine::OptionError,
      FitPanelRandomEffects(design, ModelKind::kSar, false, cluster, RandomErrorStructure::kKkp),
      {"`vcov` cluster for random effects", "balanced panel"});
  EXPECT_THROW_MENTIONING(engine::OptionError, FitPanelSac(design, {PanelEffects::kIndividual}, cluster),
                          {"`vcov` cluster is not yet available for `model` sac on an unbalanced panel"});
}

// The recovered fixed effects of an unbalanced two-way SAR: intercept + unit + period effect is, row by row,
// the least-squares fit of y - rho W_t y - X b on dense unit and period dummies (1e-9), the unit effects'
// mean weighted by their periods is 0 (so is the periods'), and the intercept is the remainder's mean. The
// SEM's are those of its filtered remainder B_t (y - X b) (individual effects: the units' means, 1e-10).
TEST(UnbalancedPanelTest, RecoveredEffectsAreTheLeastSquaresEffectsOfTheModelsRemainder) {
  const SpatialDesign design = SimulatedUnbalancedPanel(
      arma::vec{1.0, -1.0}, 77,
      [&](const arma::mat& w_t, const arma::vec& mean, const arma::vec& effects, const arma::vec& errors) {
        return arma::vec(arma::solve(arma::eye(arma::size(w_t)) - 0.4 * w_t, mean + effects + errors));
      });
  PanelOptions options{PanelEffects::kTwoWays};
  options.fixed_effects = true;
  const FitResult sar = FitPanelSpatial(design, ModelKind::kSar, options, {}).result;
  const engine::UnbalancedWeightsOperator& rows = design.PeriodWeights();
  const engine::ModelFrame& frame = design.Frame();
  const double rho = ::hinterland::testing::FindCoefficient(sar, "rho").estimate;
  const arma::vec beta = {::hinterland::testing::FindCoefficient(sar, "x1").estimate,
                          ::hinterland::testing::FindCoefficient(sar, "x2").estimate};
  const arma::vec remainder = frame.y - rho * rows.Apply(frame.y) - frame.x.cols(1, 2) * beta;
  const auto n = static_cast<arma::uword>(design.Rows());
  const auto units = static_cast<arma::uword>(design.W().Units());
  const auto periods = static_cast<arma::uword>(design.Periods());
  arma::mat dummies(n, units + periods - 1, arma::fill::zeros);
  for (arma::uword r = 0; r < n; ++r) {
    const RowKey key = design.KeyOf(static_cast<std::int64_t>(r));
    dummies(r, static_cast<arma::uword>(key.unit)) = 1.0;
    if (key.period > 0) dummies(r, units + static_cast<arma::uword>(key.period) - 1) = 1.0;
  }
  const arma::vec fitted = dummies * arma::vec(arma::solve(dummies, remainder));
  ASSERT_EQ(sar.fixed_effects.size(), 1 + units + periods);
  const double intercept = sar.fixed_effects[0].estimate;
  EXPECT_NEAR(intercept, arma::mean(remainder), 1e-10);
  arma::vec unit_effects(units), period_effects(periods);
  for (arma::uword i = 0; i < units; ++i) unit_effects[i] = sar.fixed_effects[1 + i].estimate;
  for (arma::uword t = 0; t < periods; ++t) period_effects[t] = sar.fixed_effects[1 + units + t].estimate;
  double unit_weighted = 0.0;
  double period_weighted = 0.0;
  for (arma::uword r = 0; r < n; ++r) {
    const RowKey key = design.KeyOf(static_cast<std::int64_t>(r));
    const double unit_effect = unit_effects[static_cast<arma::uword>(key.unit)];
    const double period_effect = period_effects[static_cast<arma::uword>(key.period)];
    EXPECT_NEAR(intercept + unit_effect + period_effect, fitted[r], 1e-9) << "row " << r;
    unit_weighted += unit_effect;
    period_weighted += period_effect;
  }
  EXPECT_NEAR(unit_weighted, 0.0, 1e-8);
  EXPECT_NEAR(period_weighted, 0.0, 1e-8);
  for (const FixedEffect& effect : sar.fixed_effects) EXPECT_GT(effect.std_error, 0.0) << effect.id;

  options.effects = PanelEffects::kIndividual;
  const FitResult sem = FitPanelSpatial(design, ModelKind::kSem, options, {}).result;
  const double lambda = ::hinterland::testing::FindCoefficient(sem, "lambda").estimate;
  const arma::vec sem_beta = {::hinterland::testing::FindCoefficient(sem, "x1").estimate,
                              ::hinterland::testing::FindCoefficient(sem, "x2").estimate};
  const auto expect_unit_means = [&](const FitResult& fit, const arma::vec& filtered, const char* model) {
    arma::vec sums(units, arma::fill::zeros), counts(units, arma::fill::zeros);
    for (arma::uword r = 0; r < n; ++r) {
      const auto unit = static_cast<arma::uword>(design.KeyOf(static_cast<std::int64_t>(r)).unit);
      sums[unit] += filtered[r];
      counts[unit] += 1.0;
    }
    ASSERT_EQ(fit.fixed_effects.size(), 1 + units) << model;
    for (arma::uword i = 0; i < units; ++i) {
      EXPECT_NEAR(fit.fixed_effects[1 + i].estimate + fit.fixed_effects[0].estimate, sums[i] / counts[i],
                  1e-10)
          << model << " " << i;
    }
  };
  const arma::vec u = frame.y - frame.x.cols(1, 2) * sem_beta;
  expect_unit_means(sem, u - lambda * rows.Apply(u), "sem");
  // The SAC's: B_t (A_t y - X b).
  const FitResult sac = FitPanelSac(design, options, {});
  const arma::vec v =
      frame.y - ::hinterland::testing::FindCoefficient(sac, "rho").estimate * rows.Apply(frame.y) -
      frame.x.cols(1, 2) * arma::vec{::hinterland::testing::FindCoefficient(sac, "x1").estimate,
                                     ::hinterland::testing::FindCoefficient(sac, "x2").estimate};
  expect_unit_means(sac, v - ::hinterland::testing::FindCoefficient(sac, "lambda").estimate * rows.Apply(v),
                    "sac");
}

TEST(UnbalancedPanelTest, LeeYuIsRefusedNamingTheOption) {
  const engine::SpatialWeights lattice = ::hinterland::testing::Lattice(4, 4, false);
  const int periods = 4;
  const auto cells = static_cast<std::size_t>(lattice.n() * periods);
  std::vector<bool> observed(cells, true);
  observed[3] = false;
  arma::arma_rng::set_seed(1);
  const SpatialDesign design = BuildPanelDesign(
      PanelFrame(lattice, periods, observed, arma::randn(cells, 2), arma::randn(cells)), lattice, {});
  PanelOptions lee_yu{PanelEffects::kTwoWays};
  lee_yu.lee_yu = true;
  EXPECT_THROW_MENTIONING(engine::OptionError, FitPanelSpatial(design, ModelKind::kSar, lee_yu, {}),
                          {"`lee_yu` needs a balanced panel"});
}

// A period whose observed units leave one without neighbours: an error naming the period under the default
// island policy.
TEST(UnbalancedPanelTest, AnIslandInAPeriodsWIsNamedWithThePeriod) {
  const engine::SpatialWeights lattice = ::hinterland::testing::Lattice(1, 4, false);  // a path 1-2-3-4
  const int periods = 3;
  std::vector<bool> observed(12, true);
  observed[4 + 1] = false;  // unit 2 missing in 2001 leaves unit 1 alone
  arma::arma_rng::set_seed(2);
  EXPECT_THROW_MENTIONING(
      engine::WeightsError,
      BuildPanelDesign(PanelFrame(lattice, periods, observed, arma::randn(12, 2), arma::randn(12)), lattice,
                       {}),
      {"W_t of period \"2001\"", "island", "1"});
}

}  // namespace
}  // namespace hinterland::estimators
