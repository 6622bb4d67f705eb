// The within transformation against its definition, computed entry by entry: x_it minus the unit mean
// (individual), the period mean (time) or both plus the grand mean (twoways), on a small random panel
// (N = 3, T = 4). Exact up to rounding (1e-13).
#include "estimators/panel/within_transform.hpp"

#include <gtest/gtest.h>

#include "engine/core/error.hpp"

namespace hinterland::estimators {
namespace {

constexpr arma::uword kUnits = 3;
constexpr arma::uword kPeriods = 4;

double At(const arma::vec& x, arma::uword unit, arma::uword period) { return x[period * kUnits + unit]; }

TEST(WithinTransformTest, MatchesTheDefinitionForEveryEffect) {
  arma::arma_rng::set_seed(3);
  const arma::vec x = arma::randn<arma::vec>(kUnits * kPeriods);
  arma::vec unit_mean(kUnits, arma::fill::zeros);
  arma::vec period_mean(kPeriods, arma::fill::zeros);
  for (arma::uword i = 0; i < kUnits; ++i) {
    for (arma::uword t = 0; t < kPeriods; ++t) {
      unit_mean[i] += At(x, i, t) / kPeriods;
      period_mean[t] += At(x, i, t) / kUnits;
    }
  }
  const double grand_mean = arma::mean(x);
  const arma::vec individual = WithinTransform(x, kUnits, kPeriods, PanelEffects::kIndividual);
  const arma::vec time = WithinTransform(x, kUnits, kPeriods, PanelEffects::kTime);
  const arma::vec twoways = WithinTransform(x, kUnits, kPeriods, PanelEffects::kTwoWays);
  for (arma::uword i = 0; i < kUnits; ++i) {
    for (arma::uword t = 0; t < kPeriods; ++t) {
      EXPECT_NEAR(At(individual, i, t), At(x, i, t) - unit_mean[i], 1e-13);
      EXPECT_NEAR(At(time, i, t), At(x, i, t) - period_mean[t], 1e-13);
      EXPECT_NEAR(At(twoways, i, t), At(x, i, t) - unit_mean[i] - period_mean[t] + grand_mean, 1e-13);
    }
  }
  EXPECT_EQ(arma::norm(WithinTransform(x, kUnits, kPeriods, PanelEffects::kNone) - x), 0.0);
  // A matrix is transformed column by column.
  const arma::mat two = arma::join_rows(x, 2.0 * x);
  const arma::mat transformed = WithinTransform(two, kUnits, kPeriods, PanelEffects::kTwoWays);
  EXPECT_LT(arma::norm(transformed.col(1) - 2.0 * twoways), 1e-13);
}

TEST(WithinTransformTest, EffectsWordsRoundTrip) {
  for (const PanelEffects effects :
       {PanelEffects::kNone, PanelEffects::kIndividual, PanelEffects::kTime, PanelEffects::kTwoWays}) {
    EXPECT_EQ(ParsePanelEffects(ToString(effects)), effects);
  }
  EXPECT_EQ(ParsePanelEffects("TwoWays"), PanelEffects::kTwoWays);
  EXPECT_THROW(ParsePanelEffects("two-way"), engine::OptionError);
}

}  // namespace
}  // namespace hinterland::estimators
