// The within transformation and the within model's frame (see within_transform.hpp): an N x T view of each
// column, whose row means are the unit means and column means the period means.
#include "estimators/panel/within_transform.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::estimators {
namespace {

// A transformed column is absorbed when nothing of it is left beyond rounding.
bool IsAbsorbed(const arma::vec& transformed, const arma::vec& original) {
  return arma::norm(transformed, "inf") <= 1e-10 * std::max(1.0, arma::norm(original, "inf"));
}

// Each group's mean of x over its rows (groups[r]: the row's unit or period; counts: the rows of each group,
// a group without rows 0).
arma::vec GroupMeans(const arma::vec& x, const std::vector<std::int64_t>& groups, const arma::vec& counts) {
  arma::vec sums(counts.n_elem, arma::fill::zeros);
  for (std::size_t r = 0; r < groups.size(); ++r) sums[static_cast<arma::uword>(groups[r])] += x[r];
  return sums / arma::clamp(counts, 1.0, arma::datum::inf);
}

// Each row of x less the mean of its group's rows (a group without rows left alone).
arma::vec GroupDemeaned(const arma::vec& x,
                        const std::vector<std::int64_t>& groups,
                        const arma::vec& counts) {
  const arma::vec means = GroupMeans(x, groups, counts);
  arma::vec result(x.n_elem);
  for (std::size_t r = 0; r < groups.size(); ++r)
    result[r] = x[r] - means[static_cast<arma::uword>(groups[r])];
  return result;
}

// Each row's entry of a per-group vector (groups[r]: the row's group).
arma::vec PerRow(const arma::vec& per_group, const std::vector<std::int64_t>& groups) {
  arma::vec rows(groups.size());
  for (std::size_t r = 0; r < groups.size(); ++r) rows[r] = per_group[static_cast<arma::uword>(groups[r])];
  return rows;
}

}  // namespace

bool IsTimeInvariant(const arma::vec& column, std::int64_t units, std::int64_t periods) {
  return IsAbsorbed(WithinTransform(column, units, periods, PanelEffects::kIndividual), column);
}

namespace {

// The within frame for any layout: `transform` demeans a column for `effects`, `time_invariant` says
// whether a column is constant over each unit's periods.
template <typename Transform, typename TimeInvariant>
engine::ModelFrame WithinFrameBy(const engine::ModelFrame& frame,
                                 PanelEffects effects,
                                 const Transform& transform,
                                 const TimeInvariant& time_invariant_column,
                                 std::vector<std::string>& notes,
                                 std::vector<arma::uword>* kept_columns = nullptr) {
  if (effects == PanelEffects::kNone) {
    if (kept_columns != nullptr) {
      kept_columns->resize(frame.x.n_cols);
      for (arma::uword j = 0; j < frame.x.n_cols; ++j) (*kept_columns)[j] = j;
    }
    return frame;
  }
  engine::ModelFrame transformed = frame;
  transformed.y = transform(frame.y);
  transformed.column_names.clear();
  transformed.column_kinds.clear();
  transformed.lag_sources.clear();
  std::vector<arma::uword> kept;
  std::vector<std::string> time_invariant;
  std::vector<std::string> period_only;
  for (arma::uword j = 0; j < frame.x.n_cols; ++j) {
    if (frame.column_kinds[j] == engine::ColumnKind::kIntercept) continue;
    const arma::vec column = frame.x.col(j);
    if (!IsAbsorbed(transform(column), column)) {
      kept.push_back(j);
      continue;
    }
    const bool invariant_over_time = HasIndividualEffects(effects) && time_invariant_column(column);
    (invariant_over_time ? time_invariant : period_only).push_back(frame.column_names[j]);
  }
  if (!time_invariant.empty()) {
    throw engine::DataError(fmt::format(
        "{} {} time-invariant: the individual effects of `effects` {} absorb {} entirely, so no coefficient "
        "can be estimated; to estimate {}, fit random effects (`random`) or correlated random effects "
        "(`mundlak`, robust to effects correlated with the regressors) instead, or interact {} with time",
        engine::JoinWords(time_invariant, "and"), time_invariant.size() == 1 ? "is" : "are",
        ToString(effects), time_invariant.size() == 1 ? "it" : "them",
        time_invariant.size() == 1 ? "it" : "them", time_invariant.size() == 1 ? "it" : "them"));
  }
  if (!period_only.empty()) {
    notes.push_back(fmt::format(
        "dropped {}: {} only over time, so the time effects absorb {}", engine::JoinWords(period_only, "and"),
        period_only.size() == 1 ? "varies" : "vary", period_only.size() == 1 ? "it" : "them"));
  }
  if (kept.empty()) {
    throw engine::DataError(fmt::format(
        "no regressor is left once `effects` {} are removed; the model needs one", ToString(effects)));
  }
  const arma::uvec columns = arma::conv_to<arma::uvec>::from(kept);
  transformed.x = transform(arma::mat(frame.x.cols(columns)));
  for (const arma::uword j : kept) {
    transformed.column_names.push_back(frame.column_names[j]);
    transformed.column_kinds.push_back(frame.column_kinds[j]);
  }
  // A lagged column (W:x, lagged before transforming) keeps its source's new index, or -1 when the effects
  // absorbed the source.
  if (!frame.lag_sources.empty()) {
    for (const arma::uword j : kept) {
      const std::int64_t source = frame.lag_sources[j];
      const auto at = std::find(kept.begin(), kept.end(), static_cast<arma::uword>(source));
      transformed.lag_sources.push_back(source < 0 || at == kept.end() ? -1 : at - kept.begin());
    }
  }
  if (kept_columns != nullptr) *kept_columns = kept;
  return transformed;
}

}  // namespace

arma::mat QuasiDemean(const arma::mat& v, double theta, std::int64_t units, std::int64_t periods) {
  arma::mat result = v;
  for (arma::uword j = 0; j < v.n_cols; ++j) {
    const arma::mat view =
        arma::reshape(v.col(j), static_cast<arma::uword>(units), static_cast<arma::uword>(periods));
    arma::mat demeaned = view;
    demeaned.each_col() -= theta * arma::mean(view, 1);
    result.col(j) = arma::vectorise(demeaned);
  }
  return result;
}

RandomEffectsTransformation::RandomEffectsTransformation(std::int64_t units, std::int64_t periods)
    : units_(units), periods_(periods) {}

RandomEffectsTransformation::RandomEffectsTransformation(const std::vector<std::int64_t>& row_units,
                                                         std::int64_t units,
                                                         std::int64_t periods)
    : units_(units),
      periods_(periods),
      row_units_(&row_units),
      unit_counts_(static_cast<arma::uword>(units), arma::fill::zeros) {
  for (const std::int64_t unit : row_units) unit_counts_[static_cast<arma::uword>(unit)] += 1.0;
}

arma::mat RandomEffectsTransformation::UnitMeans(const arma::mat& v) const {
  const auto units = static_cast<arma::uword>(units_);
  arma::mat means(units, v.n_cols, arma::fill::zeros);
  if (row_units_ == nullptr) {
    for (arma::uword j = 0; j < v.n_cols; ++j) {
      means.col(j) = arma::mean(arma::reshape(v.col(j), units, static_cast<arma::uword>(periods_)), 1);
    }
    return means;
  }
  for (arma::uword r = 0; r < v.n_rows; ++r)
    means.row(static_cast<arma::uword>((*row_units_)[r])) += v.row(r);
  means.each_col() /= arma::clamp(unit_counts_, 1.0, arma::datum::inf);
  return means;
}

arma::mat RandomEffectsTransformation::QuasiDemean(const arma::mat& v, double theta) const {
  if (row_units_ == nullptr) return estimators::QuasiDemean(v, theta, units_, periods_);
  const double phi = PhiOf(theta, static_cast<double>(periods_));
  arma::vec thetas(unit_counts_.n_elem);
  for (arma::uword i = 0; i < thetas.n_elem; ++i) thetas[i] = ThetaOf(phi, unit_counts_[i]);
  const arma::mat means = UnitMeans(v);
  arma::mat result = v;
  for (arma::uword r = 0; r < v.n_rows; ++r) {
    const auto unit = static_cast<arma::uword>((*row_units_)[r]);
    result.row(r) -= thetas[unit] * means.row(unit);
  }
  return result;
}

double RandomEffectsTransformation::LogDeterminantTerm(double theta) const {
  if (row_units_ == nullptr) return static_cast<double>(units_) * std::log1p(-theta);
  const double phi = PhiOf(theta, static_cast<double>(periods_));
  double sum = 0.0;  // log(1 - theta_i) = -1/2 log(1 + T_i phi)
  for (const double count : unit_counts_) sum -= 0.5 * std::log1p(count * phi);
  return sum;
}

engine::ModelFrame WithinFrame(const engine::ModelFrame& frame,
                               std::int64_t units,
                               std::int64_t periods,
                               PanelEffects effects,
                               std::vector<std::string>& notes) {
  return WithinFrameBy(
      frame, effects, [&](const auto& x) { return WithinTransform(x, units, periods, effects); },
      [&](const arma::vec& column) { return IsTimeInvariant(column, units, periods); }, notes);
}

engine::ModelFrame WithinFrame(const engine::ModelFrame& frame,
                               const UnbalancedWithin& within,
                               std::vector<std::string>& notes,
                               std::vector<arma::uword>& kept_columns) {
  return WithinFrameBy(
      frame, within.Effects(), [&](const auto& x) { return within.Apply(x); },
      [&](const arma::vec& column) { return within.IsTimeInvariant(column); }, notes, &kept_columns);
}

UnbalancedWithin::UnbalancedWithin(const engine::UnbalancedWeightsOperator& rows, PanelEffects effects)
    : row_units_(rows.RowUnits()),
      row_periods_(rows.RowPeriods()),
      effects_(effects),
      unit_counts_(static_cast<arma::uword>(rows.Units()), arma::fill::zeros),
      period_counts_(static_cast<arma::uword>(rows.Periods()), arma::fill::zeros) {
  for (std::size_t r = 0; r < row_units_.size(); ++r) {
    unit_counts_[static_cast<arma::uword>(row_units_[r])] += 1.0;
    period_counts_[static_cast<arma::uword>(row_periods_[r])] += 1.0;
  }
  const auto present = [](const arma::vec& counts) { return static_cast<double>(arma::accu(counts > 0.0)); };
  if (HasIndividualEffects(effects)) absorbed_dimension_ = present(unit_counts_);
  if (effects == PanelEffects::kTime) absorbed_dimension_ = present(period_counts_);
  if (effects != PanelEffects::kTwoWays) return;
  // F' M_D F over the first T - 1 periods: diag(n_t) less, for each unit, 1 / T_i for every pair of its
  // periods.
  const auto kept = static_cast<arma::uword>(rows.Periods() - 1);
  arma::mat cross = arma::diagmat(period_counts_.head(kept));
  std::vector<std::vector<arma::uword>> unit_periods(unit_counts_.n_elem);
  for (std::size_t r = 0; r < row_units_.size(); ++r) {
    const auto period = static_cast<arma::uword>(row_periods_[r]);
    if (period < kept) unit_periods[static_cast<std::size_t>(row_units_[r])].push_back(period);
  }
  for (std::size_t i = 0; i < unit_periods.size(); ++i) {
    const double share = 1.0 / unit_counts_[i];
    for (const arma::uword s : unit_periods[i]) {
      for (const arma::uword t : unit_periods[i]) cross(s, t) -= share;
    }
  }
  twoways_inverse_ = arma::pinv(cross);
  absorbed_dimension_ += static_cast<double>(arma::rank(cross));
}

arma::vec UnbalancedWithin::UnitDemeaned(const arma::vec& x) const {
  return GroupDemeaned(x, row_units_, unit_counts_);
}

arma::vec UnbalancedWithin::PeriodDemeaned(const arma::vec& x) const {
  return GroupDemeaned(x, row_periods_, period_counts_);
}

UnbalancedWithin::GroupEffects UnbalancedWithin::EffectsOf(const arma::vec& x) const {
  HINTERLAND_CHECK(x.n_elem == row_units_.size(), "UnbalancedWithin: a column of another length");
  GroupEffects effects;
  if (effects_ == PanelEffects::kIndividual) effects.unit = GroupMeans(x, row_units_, unit_counts_);
  if (effects_ == PanelEffects::kTime) effects.period = GroupMeans(x, row_periods_, period_counts_);
  if (effects_ != PanelEffects::kTwoWays) return effects;
  effects.period = PeriodCoefficients(UnitDemeaned(x));
  effects.unit = GroupMeans(x - PerRow(effects.period, row_periods_), row_units_, unit_counts_);
  return effects;
}

// c = (F' M_D F)^+ F' M_D x from M_D x (the unit-demeaned column), the last period's 0.
arma::vec UnbalancedWithin::PeriodCoefficients(const arma::vec& unit_demeaned) const {
  const arma::uword kept = twoways_inverse_.n_rows;
  arma::vec period_sums(kept + 1, arma::fill::zeros);
  for (std::size_t r = 0; r < row_periods_.size(); ++r) {
    period_sums[static_cast<arma::uword>(row_periods_[r])] += unit_demeaned[r];
  }
  arma::vec c(kept + 1, arma::fill::zeros);
  c.head(kept) = twoways_inverse_ * period_sums.head(kept);
  return c;
}

arma::vec UnbalancedWithin::Apply(const arma::vec& x) const {
  HINTERLAND_CHECK(x.n_elem == row_units_.size(), "UnbalancedWithin: a column of another length");
  switch (effects_) {
    case PanelEffects::kNone:
      return x;
    case PanelEffects::kIndividual:
      return UnitDemeaned(x);
    case PanelEffects::kTime:
      return PeriodDemeaned(x);
    case PanelEffects::kTwoWays:
      break;
  }
  // M_D x - M_D F c: row (i, t) less c_t (0 for the last period) and plus unit i's mean of c over its
  // periods.
  const arma::vec demeaned = UnitDemeaned(x);
  return demeaned - UnitDemeaned(PerRow(PeriodCoefficients(demeaned), row_periods_));
}

arma::mat UnbalancedWithin::Apply(const arma::mat& x) const {
  if (effects_ == PanelEffects::kNone) return x;
  arma::mat result(x.n_rows, x.n_cols);
  for (arma::uword j = 0; j < x.n_cols; ++j) result.col(j) = Apply(arma::vec(x.col(j)));
  return result;
}

bool UnbalancedWithin::IsTimeInvariant(const arma::vec& column) const {
  return IsAbsorbed(UnitDemeaned(column), column);
}

arma::vec WithinTransform(const arma::vec& x,
                          std::int64_t units,
                          std::int64_t periods,
                          PanelEffects effects) {
  HINTERLAND_CHECK(static_cast<std::int64_t>(x.n_elem) == units * periods, "WithinTransform: rows != N T");
  if (effects == PanelEffects::kNone) return x;
  // Column t of the view is period t (period-major rows): unit means are row means, period means column
  // means.
  const arma::mat view = arma::reshape(x, static_cast<arma::uword>(units), static_cast<arma::uword>(periods));
  arma::mat demeaned = view;
  if (HasIndividualEffects(effects)) demeaned.each_col() -= arma::mean(view, 1);
  if (HasTimeEffects(effects)) demeaned.each_row() -= arma::mean(view, 0);
  if (effects == PanelEffects::kTwoWays) demeaned += arma::mean(arma::vectorise(view));
  return arma::vectorise(demeaned);
}

arma::mat WithinTransform(const arma::mat& x,
                          std::int64_t units,
                          std::int64_t periods,
                          PanelEffects effects) {
  if (effects == PanelEffects::kNone) return x;
  arma::mat result(x.n_rows, x.n_cols);
  for (arma::uword j = 0; j < x.n_cols; ++j) {
    result.col(j) = WithinTransform(arma::vec(x.col(j)), units, periods, effects);
  }
  return result;
}

}  // namespace hinterland::estimators
