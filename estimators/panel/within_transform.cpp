// The within transformation (see within_transform.hpp): an N x T view of each column, whose row means are
// the unit means and column means the period means.
#include "estimators/panel/within_transform.hpp"

#include "engine/core/error.hpp"

namespace hinterland::estimators {

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
