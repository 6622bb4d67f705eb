// The fixed effects recovered after a panel fit (see recovered_effects.hpp).
#include "estimators/panel/recovered_effects.hpp"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/inference/distributions.hpp"

namespace hinterland::estimators {
namespace {

// The design's columns in the data's units (not transformed): a Durbin column W:x is W applied to x.
arma::mat UntransformedDesign(const engine::ModelFrame& frame,
                              const engine::ModelFrame& raw,
                              const engine::WeightsOperator& w) {
  arma::mat x(frame.x.n_rows, frame.x.n_cols);
  for (arma::uword j = 0; j < frame.x.n_cols; ++j) {
    const std::int64_t source = LagSourceOf(frame, j);
    const std::string& name =
        source >= 0 ? frame.column_names[static_cast<std::size_t>(source)] : frame.column_names[j];
    arma::uword raw_column = raw.x.n_cols;
    for (arma::uword r = 0; r < raw.x.n_cols; ++r) {
      if (raw.column_names[r] == name) raw_column = r;
    }
    HINTERLAND_CHECK(raw_column < raw.x.n_cols, "a design column without its data column");
    x.col(j) =
        source >= 0 ? arma::vec(w.Apply(arma::vec(raw.x.col(raw_column)))) : arma::vec(raw.x.col(raw_column));
  }
  return x;
}

FixedEffect RecoveredEffect(const std::string& kind,
                            const std::string& id,
                            double estimate,
                            double variance) {
  FixedEffect effect;
  effect.kind = kind;
  effect.id = id;
  effect.estimate = estimate;
  effect.std_error = std::sqrt(variance);
  effect.z = estimate / effect.std_error;
  effect.p_value = engine::NormalTwoSided(effect.z);
  return effect;
}

}  // namespace

// splm's effects() (see PanelOptions::fixed_effects): y - rho W y - X b averaged over the panel, each unit
// and each period, from the data as given.
std::vector<FixedEffect> RecoverFixedEffects(const SpatialDesign& design,
                                             const engine::ModelFrame& frame,
                                             PanelEffects effects,
                                             double rho,
                                             const arma::vec& beta,
                                             double sigma2) {
  const engine::WeightsOperator& w = design.W();
  const engine::ModelFrame& raw = design.Frame();
  const auto units = static_cast<arma::uword>(w.Units());
  const auto periods = static_cast<arma::uword>(w.Periods());
  const arma::mat x = UntransformedDesign(frame, raw, w);
  const arma::vec remainder =
      raw.y - (rho != 0.0 ? arma::vec(rho * w.Apply(raw.y)) : arma::vec(raw.y.n_elem, arma::fill::zeros)) -
      x * beta;
  arma::mat xtx_inverse;
  if (!arma::inv_sympd(xtx_inverse, arma::symmatu(frame.x.t() * frame.x))) {
    throw engine::NumericalError("the transformed design's cross-products are singular: no fixed effects");
  }
  const auto variance = [&](const arma::rowvec& mean_x, double observations) {
    return sigma2 / observations + sigma2 * arma::as_scalar(mean_x * xtx_inverse * mean_x.t());
  };
  const double intercept = arma::mean(remainder);
  std::vector<FixedEffect> recovered;
  recovered.push_back(RecoveredEffect("intercept", "(Intercept)", intercept,
                                      variance(arma::mean(x, 0), static_cast<double>(units * periods))));
  const arma::mat unit_remainder = arma::reshape(remainder, units, periods);
  arma::mat unit_means_x(units, x.n_cols);      // each unit's mean of each column over the periods
  arma::mat period_means_x(periods, x.n_cols);  // each period's mean over the units
  for (arma::uword j = 0; j < x.n_cols; ++j) {
    const arma::mat view = arma::reshape(x.col(j), units, periods);
    unit_means_x.col(j) = arma::mean(view, 1);
    period_means_x.col(j) = arma::mean(view, 0).t();
  }
  if (HasIndividualEffects(effects)) {
    const arma::vec means = arma::mean(unit_remainder, 1);
    for (arma::uword i = 0; i < units; ++i) {
      recovered.push_back(RecoveredEffect("unit", w.Weights().Ids()[i], means[i] - intercept,
                                          variance(unit_means_x.row(i), static_cast<double>(periods))));
    }
  }
  if (HasTimeEffects(effects)) {
    const arma::rowvec means = arma::mean(unit_remainder, 0);
    for (arma::uword t = 0; t < periods; ++t) {
      recovered.push_back(RecoveredEffect("period", design.PeriodLabels()[t], means[t] - intercept,
                                          variance(period_means_x.row(t), static_cast<double>(units))));
    }
  }
  return recovered;
}

std::vector<FixedEffect> RecoverUnbalancedFixedEffects(const SpatialDesign& design,
                                                       const UnbalancedWithin& within,
                                                       const arma::vec& remainder,
                                                       const arma::mat& regressors,
                                                       const arma::mat& transformed,
                                                       double sigma2) {
  const engine::UnbalancedWeightsOperator& rows = design.PeriodWeights();
  arma::mat xtx_inverse;
  if (!arma::inv_sympd(xtx_inverse, arma::symmatu(transformed.t() * transformed))) {
    throw engine::NumericalError("the transformed design's cross-products are singular: no fixed effects");
  }
  const auto variance = [&](const arma::rowvec& mean_x, double observations) {
    return sigma2 / observations + sigma2 * arma::as_scalar(mean_x * xtx_inverse * mean_x.t());
  };
  // Each group's row count and mean of the regressors.
  const auto group_means = [&](const std::vector<std::int64_t>& groups, arma::uword count) {
    arma::mat sums(count, regressors.n_cols, arma::fill::zeros);
    arma::vec counts(count, arma::fill::zeros);
    for (std::size_t r = 0; r < groups.size(); ++r) {
      sums.row(static_cast<arma::uword>(groups[r])) += regressors.row(r);
      counts[static_cast<arma::uword>(groups[r])] += 1.0;
    }
    sums.each_col() /= arma::clamp(counts, 1.0, arma::datum::inf);
    return std::make_pair(arma::mat(sums), counts);
  };
  const double intercept = arma::mean(remainder);
  std::vector<FixedEffect> recovered;
  recovered.push_back(
      RecoveredEffect("intercept", "(Intercept)", intercept,
                      variance(arma::mean(regressors, 0), static_cast<double>(remainder.n_elem))));
  const UnbalancedWithin::GroupEffects effects = within.EffectsOf(remainder);
  const double n = static_cast<double>(remainder.n_elem);
  // Deviations with row-weighted means of 0: the unit part's shift and the period part's add up to the
  // intercept (the least-squares fit keeps the remainder's mean).
  if (!effects.unit.is_empty()) {
    const auto [unit_x, unit_counts] = group_means(rows.RowUnits(), effects.unit.n_elem);
    const double shift = arma::dot(unit_counts, effects.unit) / n;
    for (arma::uword i = 0; i < effects.unit.n_elem; ++i) {
      recovered.push_back(RecoveredEffect("unit", design.W().Weights().Ids()[i], effects.unit[i] - shift,
                                          variance(unit_x.row(i), unit_counts[i])));
    }
  }
  if (!effects.period.is_empty()) {
    const auto [period_x, period_counts] = group_means(rows.RowPeriods(), effects.period.n_elem);
    const double shift = arma::dot(period_counts, effects.period) / n;
    for (arma::uword t = 0; t < effects.period.n_elem; ++t) {
      recovered.push_back(RecoveredEffect("period", design.PeriodLabels()[t], effects.period[t] - shift,
                                          variance(period_x.row(t), period_counts[t])));
    }
  }
  return recovered;
}

}  // namespace hinterland::estimators
