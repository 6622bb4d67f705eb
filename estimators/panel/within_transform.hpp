// The within transformation of a balanced panel (Baltagi 2021, sec. 2.2 and 3.2; Elhorst 2014, sec. 3.2):
// a column minus its unit means (individual effects), its period means (time effects) or both plus the grand
// mean (twoways), in one O(NT) pass and never as an NT x NT matrix. Rows are period-major (row t N + i is
// unit i in period t), as SpatialDesign orders them.
#pragma once

#include <armadillo>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/linalg/unbalanced_weights_operator.hpp"
#include "estimators/panel/panel_effects.hpp"

namespace hinterland::estimators {

// Every column of `x` (units * periods rows) demeaned for `effects`; kNone returns it unchanged.
arma::mat WithinTransform(const arma::mat& x, std::int64_t units, std::int64_t periods, PanelEffects effects);
arma::vec WithinTransform(const arma::vec& x, std::int64_t units, std::int64_t periods, PanelEffects effects);

// Whether `column` (units * periods rows, period-major) is constant over each unit's periods, beyond
// rounding: what individual effects absorb entirely.
bool IsTimeInvariant(const arma::vec& column, std::int64_t units, std::int64_t periods);

// The random-effects (quasi-demeaning) transformation: with phi = sigma2_mu / sigma2_nu and
// theta = 1 - 1 / sqrt(1 + T phi), Omega^-1/2 sigma_nu maps v to v - theta (each unit's mean over the
// periods) (Baltagi 2021, sec. 2.3). theta in [0, kThetaMax] allows phi up to ~1e12 / T.
constexpr double kThetaMax = 1.0 - 1e-6;
inline double PhiOf(double theta, double periods) {
  return (1.0 / ((1.0 - theta) * (1.0 - theta)) - 1.0) / periods;
}
inline double ThetaOf(double phi, double periods) { return 1.0 - 1.0 / std::sqrt(1.0 + periods * phi); }
arma::mat QuasiDemean(const arma::mat& v, double theta, std::int64_t units, std::int64_t periods);

// The random-effects transformation of a balanced or an unbalanced panel. Unit i observed in T_i periods has
// theta_i = 1 - 1 / sqrt(1 + T_i phi) (Baltagi 2021, sec. 9.2), phi given through theta at the panel's T
// periods (phi = PhiOf(theta, T)), so a balanced panel has theta_i = theta.
class RandomEffectsTransformation {
 public:
  RandomEffectsTransformation(std::int64_t units, std::int64_t periods);  // balanced, period-major
  // Unbalanced: each row's unit (0 .. units - 1); `periods` the panel's T.
  RandomEffectsTransformation(const std::vector<std::int64_t>& row_units,
                              std::int64_t units,
                              std::int64_t periods);

  std::int64_t Periods() const { return periods_; }
  // v less theta_i times its unit's mean over the unit's rows.
  arma::mat QuasiDemean(const arma::mat& v, double theta) const;
  // sum_i log(1 - theta_i) = -1/2 log|Omega / sigma2_nu|: N log(1 - theta) when balanced.
  double LogDeterminantTerm(double theta) const;
  // Each unit's mean of v over its rows (units x columns).
  arma::mat UnitMeans(const arma::mat& v) const;

 private:
  std::int64_t units_;
  std::int64_t periods_;
  const std::vector<std::int64_t>* row_units_ = nullptr;  // null: balanced
  arma::vec unit_counts_;                                 // T_i (unbalanced)
};

// The frame of the within-transformed model: y and the kept columns of X transformed for `effects` (kNone:
// the frame itself). Fixed effects absorb the intercept; a regressor they absorb entirely is an
// engine::DataError under individual effects (it is time-invariant; naming it and suggesting `random` or
// `mundlak`) and is dropped with a note in
// `notes` under time effects (it varies only over time).
engine::ModelFrame WithinFrame(const engine::ModelFrame& frame,
                               std::int64_t units,
                               std::int64_t periods,
                               PanelEffects effects,
                               std::vector<std::string>& notes);

// The within transformation of an unbalanced panel, whose rows are those of an UnbalancedWeightsOperator:
// a column minus its means over each unit's observed periods (individual effects) or over each period's
// observed units (time effects). Twoways is the residual of the column on unit and period dummies
// (Wansbeek & Kapteyn 1989), exact and in one pass: with M_D the unit demeaning and F the dummies of the
// first T - 1 periods, M_D x - M_D F (F' M_D F)^+ F' M_D x, where F' M_D F is (T - 1) x (T - 1) and set up
// once per panel (O(N T^2)); each column then costs O(N T + T^2). The pseudo-inverse keeps it a projection
// when the units and periods fall into groups with no unit-period in common. On a balanced panel it agrees
// with the balanced transformation up to rounding.
class UnbalancedWithin {
 public:
  UnbalancedWithin(const engine::UnbalancedWeightsOperator& rows, PanelEffects effects);

  PanelEffects Effects() const { return effects_; }
  arma::vec Apply(const arma::vec& x) const;
  arma::mat Apply(const arma::mat& x) const;
  // Whether `column` is constant over each unit's observed periods, beyond rounding.
  bool IsTimeInvariant(const arma::vec& column) const;
  // The least-squares effects of `x` on the effects' dummies: each unit's (individual) and each period's
  // (time) coefficient; under twoways the period coefficients with the last period's 0 (Wansbeek & Kapteyn's
  // c) and each unit's mean of x less them. Empty where the effects have none.
  struct GroupEffects {
    arma::vec unit;
    arma::vec period;
  };
  GroupEffects EffectsOf(const arma::vec& x) const;
  // The dimension of what the transformation removes (the rank of the effects' dummies): the units with rows
  // (individual), the periods (time), the units plus the rank of F' M_D F (twoways: N + T - 1 when every
  // period is linked to every other through units observed in both); 0 for none.
  double AbsorbedDimension() const { return absorbed_dimension_; }

 private:
  arma::vec UnitDemeaned(const arma::vec& x) const;
  arma::vec PeriodDemeaned(const arma::vec& x) const;
  arma::vec PeriodCoefficients(const arma::vec& unit_demeaned) const;

  const std::vector<std::int64_t>& row_units_;
  const std::vector<std::int64_t>& row_periods_;
  PanelEffects effects_;
  arma::vec unit_counts_;
  arma::vec period_counts_;
  arma::mat twoways_inverse_;  // (F' M_D F)^+ over the first T - 1 periods (twoways only)
  double absorbed_dimension_ = 0.0;
};

// WithinFrame for an unbalanced panel, with the same errors and notes; `frame` may carry lagged columns
// (their lag sources follow the kept columns), and `kept_columns` receives the indices in `frame` of the
// columns kept, in order.
engine::ModelFrame WithinFrame(const engine::ModelFrame& frame,
                               const UnbalancedWithin& within,
                               std::vector<std::string>& notes,
                               std::vector<arma::uword>& kept_columns);

}  // namespace hinterland::estimators
