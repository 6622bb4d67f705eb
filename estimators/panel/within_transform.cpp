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

}  // namespace

bool IsTimeInvariant(const arma::vec& column, std::int64_t units, std::int64_t periods) {
  return IsAbsorbed(WithinTransform(column, units, periods, PanelEffects::kIndividual), column);
}

engine::ModelFrame WithinFrame(const engine::ModelFrame& frame,
                               std::int64_t units,
                               std::int64_t periods,
                               PanelEffects effects,
                               std::vector<std::string>& notes) {
  if (effects == PanelEffects::kNone) return frame;
  const auto transform = [&](const arma::vec& x) { return WithinTransform(x, units, periods, effects); };
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
    const bool invariant_over_time = HasIndividualEffects(effects) && IsTimeInvariant(column, units, periods);
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
  transformed.x = WithinTransform(arma::mat(frame.x.cols(columns)), units, periods, effects);
  for (const arma::uword j : kept) {
    transformed.column_names.push_back(frame.column_names[j]);
    transformed.column_kinds.push_back(frame.column_kinds[j]);
  }
  return transformed;
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
