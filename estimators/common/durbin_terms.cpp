// Spatial Durbin terms WX (see durbin_terms.hpp; LeSage & Pace 2009 sec. 2.2, spatialreg create_WX).
#include "estimators/common/durbin_terms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::estimators {
namespace {

// Relative size of the part of a lagged column outside the span of the columns already in the design
// below which it is treated as collinear: the same order as OLS's rank tolerance.
constexpr double kCollinearityTolerance = 1e-10;

bool IsRowStandardised(const engine::SpatialWeights& w) {
  return w.Style() == engine::WeightsStyle::kRowStandardised;
}

// Indices of the design columns to lag, in design order.
std::vector<arma::uword> ChooseColumns(const engine::ModelFrame& frame,
                                       const engine::SpatialWeights& w,
                                       const SpatialFitOptions& options) {
  std::vector<arma::uword> chosen;
  const arma::uword k = frame.x.n_cols;
  if (options.durbin_all) {
    for (arma::uword j = 0; j < k; ++j) {
      const bool intercept = frame.column_kinds[j] == engine::ColumnKind::kIntercept;
      if (!intercept || !IsRowStandardised(w)) chosen.push_back(j);
    }
    return chosen;
  }
  for (const std::string& term : options.durbin_terms) {
    const auto found = std::find(frame.column_names.begin(), frame.column_names.end(), term);
    if (found == frame.column_names.end()) {
      throw engine::OptionError(fmt::format("`durbin`: \"{}\" is not a column of the design{}", term,
                                            engine::DidYouMean(term, frame.column_names)));
    }
    const auto j = static_cast<arma::uword>(found - frame.column_names.begin());
    if (frame.column_kinds[j] == engine::ColumnKind::kIntercept && IsRowStandardised(w)) {
      throw engine::OptionError(
          "`durbin`: the intercept has no spatial lag under a row-standardised W (W 1 = 1 repeats it)");
    }
    chosen.push_back(j);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

// Norm of the part of `column` orthogonal to the columns of `basis` (orthonormal), relative to its norm.
double RelativeResidualNorm(const arma::vec& column, const arma::mat& basis) {
  const double norm = arma::norm(column);
  if (norm == 0.0) return 0.0;
  const arma::vec residual = basis.n_cols == 0 ? column : arma::vec(column - basis * (basis.t() * column));
  return arma::norm(residual) / norm;
}

// An orthonormal basis of the column space of `x` (thin QR; columns assumed independent, as OLS checks).
arma::mat OrthonormalBasis(const arma::mat& x) {
  arma::mat q;
  arma::mat r;
  if (!arma::qr_econ(q, r, x)) {
    throw engine::NumericalError("QR decomposition of the design failed while building Durbin terms");
  }
  return q;
}

}  // namespace

DurbinColumns BuildDurbinColumns(const engine::ModelFrame& frame,
                                 const engine::WeightsOperator& w,
                                 const SpatialFitOptions& options) {
  HINTERLAND_CHECK(static_cast<std::int64_t>(frame.x.n_rows) == w.Rows(), "W and the frame differ in rows");
  return BuildDurbinColumns(
      frame, w.Weights(), [&w](const arma::vec& column) { return w.Apply(column); }, options);
}

DurbinColumns BuildDurbinColumns(const engine::ModelFrame& frame,
                                 const engine::SpatialWeights& w,
                                 const LagOperator& lag,
                                 const SpatialFitOptions& options) {
  DurbinColumns durbin;
  durbin.lagged.set_size(frame.x.n_rows, 0);
  arma::mat basis = OrthonormalBasis(frame.x);
  for (const arma::uword j : ChooseColumns(frame, w, options)) {
    const arma::vec lagged = lag(arma::vec(frame.x.col(j)));
    const std::string name = "W:" + frame.column_names[j];
    const double residual = RelativeResidualNorm(lagged, basis);
    if (!(residual > kCollinearityTolerance)) {
      const std::string note =
          fmt::format("{} left out: it is collinear with the design and the lags before it", name);
      if (!options.durbin_all) throw engine::OptionError("`durbin`: " + note);
      durbin.notes.push_back(note);
      continue;
    }
    const arma::vec direction = (lagged - basis * (basis.t() * lagged));
    basis = arma::join_rows(basis, direction / arma::norm(direction));
    durbin.lagged = arma::join_rows(durbin.lagged, lagged);
    durbin.names.push_back(name);
    durbin.source_columns.push_back(j);
  }
  return durbin;
}

engine::ModelFrame AppendDurbinColumns(const engine::ModelFrame& frame, const DurbinColumns& durbin) {
  engine::ModelFrame extended = frame;
  extended.x = arma::join_rows(frame.x, durbin.lagged);
  extended.lag_sources.resize(frame.x.n_cols, -1);
  for (std::size_t m = 0; m < durbin.names.size(); ++m) {
    extended.column_names.push_back(durbin.names[m]);
    extended.column_kinds.push_back(engine::ColumnKind::kSpatialLag);
    extended.lag_sources.push_back(static_cast<std::int64_t>(durbin.source_columns[m]));
  }
  return extended;
}

engine::ModelFrame FrameWithDurbinColumns(const engine::ModelFrame& frame,
                                          const engine::WeightsOperator& w,
                                          const SpatialFitOptions& options,
                                          bool durbin,
                                          std::vector<std::string>& notes) {
  if (!durbin) return frame;
  HINTERLAND_CHECK(static_cast<std::int64_t>(frame.x.n_rows) == w.Rows(), "W and the frame differ in rows");
  return FrameWithDurbinColumns(
      frame, w.Weights(), [&w](const arma::vec& column) { return w.Apply(column); }, options, durbin, notes);
}

engine::ModelFrame FrameWithDurbinColumns(const engine::ModelFrame& frame,
                                          const engine::SpatialWeights& w,
                                          const LagOperator& lag,
                                          const SpatialFitOptions& options,
                                          bool durbin,
                                          std::vector<std::string>& notes) {
  if (!durbin) return frame;
  const DurbinColumns columns = BuildDurbinColumns(frame, w, lag, options);
  notes.insert(notes.end(), columns.notes.begin(), columns.notes.end());
  return AppendDurbinColumns(frame, columns);
}

}  // namespace hinterland::estimators
