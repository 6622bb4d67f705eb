// ML spatial panels (see panel_ml_model.hpp). Information matrix over (sigma2, rho, beta), with W_A = W (I -
// rho W)^-1 of the N x N W and the vectors over all N T rows (Elhorst 2014, eq. 3.25):
//   I_ss = N T / (2 s2^2), I_sr = T tr(W_A) / s2, I_rr = T (tr(W_A W_A) + tr(W_A' W_A)) + |W_A X b|^2 / s2,
//   I_rb = X' W_A X b / s2, I_bb = X'X / s2 (lag; W_A X b period by period);
// the error model drops the |W_A X b|^2 and X' W_A X b terms and uses the filtered X - lambda W X.
#include "estimators/panel/panel_ml_model.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/inference/distributions.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "engine/logdet/summed_log_determinant.hpp"
#include "estimators/common/concentrated_likelihood.hpp"
#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/result_building.hpp"
#include "estimators/common/spatial_filter.hpp"
#include "estimators/common/spatial_ml_inference.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/panel/bsk_conditional_tests.hpp"
#include "estimators/panel/recovered_effects.hpp"
#include "estimators/panel/unbalanced_frame.hpp"
#include "estimators/panel/within_transform.hpp"

namespace hinterland::estimators {
namespace {

struct PanelShape {
  std::int64_t units = 0;
  std::int64_t periods = 0;
  PanelEffects effects = PanelEffects::kNone;
};

// How many observations and periods the likelihood counts. The direct approach (splm's and Elhorst's default)
// counts N T observations and T Jacobians. Lee & Yu's (2010) transformation approach writes the within
// transformation as orthonormal transformations that drop one period per unit (individual effects) and one
// unit per period (time effects), so the likelihood has (N - 1)(T - 1) observations and T - 1 Jacobians
// under twoways; under time effects the Jacobian is that of F'W F, log|I - rho W| - log(1 - rho) when W's
// rows sum to 1. Sums of squares of within-transformed data are unchanged by the orthonormal transformations,
// so only these counts and the Jacobian differ; sigma2 = SSE / observations is then consistent for small T.
struct Transformation {
  double periods = 0.0;       // the Jacobian's multiplier
  double observations = 0.0;  // the likelihood's observations
  bool drops_unit = false;    // time effects transformed out: the Jacobian is log|I - rho W| - log(1 - rho)
};

Transformation TransformationOf(const PanelShape& shape, bool lee_yu) {
  const bool drops_period = lee_yu && HasIndividualEffects(shape.effects);
  const bool drops_unit = lee_yu && HasTimeEffects(shape.effects);
  const double periods = static_cast<double>(shape.periods) - (drops_period ? 1.0 : 0.0);
  const double units = static_cast<double>(shape.units) - (drops_unit ? 1.0 : 0.0);
  return {periods, periods * units, drops_unit};
}

// W over the panel's rows: I_T (x) W for a balanced panel, the W_t of each period for an unbalanced one.
class PanelRows {
 public:
  explicit PanelRows(const SpatialDesign& design)
      : balanced_(design.IsBalanced() ? &design.W() : nullptr),
        unbalanced_(design.IsBalanced() ? nullptr : &design.PeriodWeights()) {}

  bool IsBalanced() const { return balanced_ != nullptr; }
  const engine::WeightsOperator& Balanced() const { return *balanced_; }
  const engine::UnbalancedWeightsOperator& Unbalanced() const { return *unbalanced_; }
  arma::vec Apply(const arma::vec& x) const {
    return balanced_ ? balanced_->Apply(x) : unbalanced_->Apply(x);
  }
  arma::mat Apply(const arma::mat& x) const {
    return balanced_ ? balanced_->Apply(x) : unbalanced_->Apply(x);
  }
  // T log|I - rho W| through one back-end (the multiplier T is the caller's), or sum_t log|I - rho W_t|.
  std::unique_ptr<engine::LogDeterminant> LogDeterminant(const engine::LogDetOptions& options) const {
    return balanced_ ? engine::CreateLogDeterminant(*balanced_, options)
                     : engine::CreateSummedLogDeterminant(*unbalanced_, options);
  }

 private:
  const engine::WeightsOperator* balanced_;
  const engine::UnbalancedWeightsOperator* unbalanced_;
};

// (I - parameter W)^-1 for the covariance: one filter for a balanced panel's W, one per distinct W_t.
class PanelFilters {
 public:
  PanelFilters(const SpatialDesign& design, double parameter, const FilterTraceOptions& options)
      : rows_(design) {
    if (design.IsBalanced()) {
      filters_.push_back(std::make_unique<SpatialFilter>(design.W(), parameter, options));
      return;
    }
    for (const auto& block : design.PeriodWeights().Blocks()) {
      filters_.push_back(std::make_unique<SpatialFilter>(*block.w, parameter, options));
    }
  }

  const SpatialFilter& Balanced() const { return *filters_.front(); }

  // (W_A) v period by period: W (I - rho W)^-1 applied to each period's entries.
  arma::vec ApplyWa(const arma::vec& v, std::int64_t units) const {
    arma::vec solved(v.n_elem);
    if (rows_.IsBalanced()) {
      const auto n = static_cast<arma::uword>(units);
      for (arma::uword start = 0; start < v.n_elem; start += n) {
        solved.subvec(start, start + n - 1) =
            filters_.front()->Solve(arma::vec(v.subvec(start, start + n - 1)));
      }
      return rows_.Apply(solved);
    }
    const engine::UnbalancedWeightsOperator& w = rows_.Unbalanced();
    for (std::int64_t t = 0; t < w.Periods(); ++t) {
      const auto start = static_cast<arma::uword>(w.PeriodStart(t));
      const auto end = start + static_cast<arma::uword>(w.PeriodRows(t)) - 1;
      solved.subvec(start, end) = filters_[w.BlockOf(t)]->Solve(arma::vec(v.subvec(start, end)));
    }
    return rows_.Apply(solved);
  }

  // The one W's traces (the caller multiplies by T), with `rule` stopping its probes, or sum_t of W_t's with
  // diag(W_A) per row (each W_t's probes the fixed number).
  FilterTraces Traces(const TraceStoppingRule& rule = nullptr) const {
    if (rows_.IsBalanced()) return filters_.front()->Traces(rule);
    FilterTraces sum;
    const engine::UnbalancedWeightsOperator& w = rows_.Unbalanced();
    sum.diagonal_wa.set_size(static_cast<arma::uword>(w.Rows()));
    for (std::size_t b = 0; b < filters_.size(); ++b) {
      const FilterTraces traces = filters_[b]->Traces();
      for (std::int64_t t = 0; t < w.Periods(); ++t) {
        if (w.BlockOf(t) != b) continue;
        const auto start = static_cast<arma::uword>(w.PeriodStart(t));
        sum.diagonal_wa.subvec(start, start + traces.diagonal_wa.n_elem - 1) = traces.diagonal_wa;
      }
      const auto periods = static_cast<double>(w.PeriodsOf(b));
      sum.trace_wa += periods * traces.trace_wa;
      sum.trace_wa_t_wa += periods * traces.trace_wa_t_wa;
      sum.trace_wa_wa += periods * traces.trace_wa_wa;
      sum.trace_t += periods * traces.trace_t;
      sum.trace_t_a += periods * traces.trace_t_a;
      if (b == 0)
        sum.method = fmt::format("summed over the {} distinct W_t, each ", filters_.size()) + traces.method;
    }
    return sum;
  }

 private:
  PanelRows rows_;
  std::vector<std::unique_ptr<SpatialFilter>> filters_;
};

// The likelihood of the transformed lag model (y* on X* and W y*) or error model (y* - lambda W y* on X* -
// lambda W X*), concentrated in beta and sigma2, with the Jacobian of `transformation`.
class ConcentratedPanelLikelihood {
 public:
  ConcentratedPanelLikelihood(bool lag,
                              const arma::vec& y,
                              const arma::mat& x,
                              const arma::vec& wy,
                              const arma::mat& wx,
                              const engine::LogDeterminant& log_determinant,
                              const Transformation& transformation)
      : lag_(lag),
        y_(y),
        x_(x),
        wy_(wy),
        wx_(wx),
        log_determinant_(log_determinant),
        transformation_(transformation),
        products_(lag ? CrossProducts(x, y, wy) : LagCrossProducts{}) {}

  const LagCrossProducts& Products() const { return products_; }
  double Sse(double value) const {
    return lag_ ? products_.Sse(value) : RegressFiltered(y_, wy_, x_, wx_, value).sse;
  }
  double Value(double value) const {
    const double log_det = log_determinant_.Evaluate(value);
    const double jacobian =
        transformation_.periods * (transformation_.drops_unit ? log_det - std::log1p(-value) : log_det);
    return ConcentratedValue(
        jacobian, Sse(value), transformation_.observations, Parameter(), value,
        lag_ ? "y - rho W y is fitted exactly by X" : "the filtered y is fitted exactly");
  }
  engine::ScalarMaximum Maximize(const SpatialFitOptions& options) const {
    return MaximizeOverBounds([this](double value) { return Value(value); }, log_determinant_, options,
                              Parameter());
  }

 private:
  std::string Parameter() const { return lag_ ? "rho" : "lambda"; }

  bool lag_;
  const arma::vec& y_;
  const arma::mat& x_;
  const arma::vec& wy_;
  const arma::mat& wx_;
  const engine::LogDeterminant& log_determinant_;
  Transformation transformation_;
  LagCrossProducts products_;
};

// The transformed model's data: y* and X* (with the Durbin columns) in the frame, and W y*, W X* (error
// models) as the likelihood uses them.
struct TransformedPanel {
  engine::ModelFrame frame;
  arma::vec wy;
  arma::mat wx;
  // Unbalanced panels only: the transformation, and y and W y untransformed (the lag model's covariance).
  std::shared_ptr<const UnbalancedWithin> within;
  arma::vec raw_y;
  arma::vec raw_wy;
  arma::mat raw_x;  // the frame's columns untransformed
  // Balanced, Lee & Yu's transformation under time effects: the lags W y*, W X* less their period means.
  bool period_demeaned_lags = false;
};

// W applied to the frame's columns `columns` as the path lags: W X* (balanced), Q W X (unbalanced).
arma::mat LaggedColumns(const TransformedPanel& data, const PanelRows& rows, const arma::uvec& columns) {
  if (data.within == nullptr) {
    const arma::mat lagged = rows.Apply(arma::mat(data.frame.x.cols(columns)));
    if (!data.period_demeaned_lags) return lagged;
    const engine::WeightsOperator& w = rows.Balanced();
    return WithinTransform(lagged, w.Units(), w.Periods(), PanelEffects::kTime);
  }
  return data.within->Apply(rows.Apply(arma::mat(data.raw_x.cols(columns))));
}

arma::uvec AllColumns(const arma::mat& x) { return arma::regspace<arma::uvec>(0, x.n_cols - 1); }

// A balanced panel: transform, then lag. W is applied to the transformed y and X, as Elhorst (2014, sec. 3.2)
// and splm's spfeml do, and the Durbin terms W X* lag the transformed regressors. Transforming W y instead
// would differ under time effects by the period means of W y* (W's columns need not sum to 1).
// Lee & Yu's transformation under time effects (`drops_unit`) works on F_N' y_t with F_N'F_N = I - J_N / N,
// and F_N'W F_N F_N' y*_t = F_N'W y*_t: its residuals are those of the direct approach less their period
// means, which only the lags carry (y* and X* have none), so W y*, W X* and the Durbin columns are
// period-demeaned.
TransformedPanel BalancedPanelData(const SpatialDesign& design,
                                   const PanelShape& shape,
                                   const SpatialFitOptions& options,
                                   bool durbin,
                                   bool lag,
                                   bool drops_unit,
                                   std::vector<std::string>& notes) {
  const engine::WeightsOperator& w = design.W();
  TransformedPanel data;
  data.period_demeaned_lags = drops_unit;
  data.frame =
      FrameWithDurbinColumns(WithinFrame(design.Frame(), shape.units, shape.periods, shape.effects, notes), w,
                             options, durbin, notes);
  const auto demeaned = [&](const arma::vec& v) {
    return drops_unit ? WithinTransform(v, shape.units, shape.periods, PanelEffects::kTime) : v;
  };
  for (arma::uword j = 0; j < data.frame.x.n_cols; ++j) {
    if (drops_unit && data.frame.column_kinds[j] == engine::ColumnKind::kSpatialLag)
      data.frame.x.col(j) = demeaned(data.frame.x.col(j));
  }
  data.wy = demeaned(w.Apply(data.frame.y));
  if (!lag) data.wx = LaggedColumns(data, PanelRows(design), AllColumns(data.frame.x));
  return data;
}

// An unbalanced panel: lag, then transform. When units come and go, W_t does not commute with the unit
// demeaning, so the lags of the data as given are transformed: Q W y, Q W X, and the Durbin columns Q W x.
// The effects then cancel exactly from y_t = rho W_t y_t + X_t b + mu + alpha_t + e_t, and from the error
// models with the effects in the filtered equation, B_t (y_t - X_t b) = mu + alpha_t + e_t (in a balanced
// panel the same model as effects before the filter, B_t mu being constant over time).
TransformedPanel UnbalancedPanelData(const SpatialDesign& design,
                                     const PanelRows& rows,
                                     PanelEffects effects,
                                     const SpatialFitOptions& options,
                                     bool durbin,
                                     bool lag,
                                     std::vector<std::string>& notes) {
  UnbalancedFrame transformed = LaggedThenTransformed(design, effects, durbin ? &options : nullptr, notes);
  TransformedPanel data;
  data.within = std::move(transformed.within);
  data.frame = std::move(transformed.frame);
  data.raw_y = design.Frame().y;
  data.raw_x = std::move(transformed.raw_x);
  data.raw_wy = rows.Apply(data.raw_y);
  data.wy = data.within->Apply(data.raw_wy);
  if (!lag) data.wx = LaggedColumns(data, rows, AllColumns(data.frame.x));
  return data;
}

// Elhorst's (2010; 2014, sec. 2.3) tests of the SDM against the two models nested in it, by LR with as
// many degrees of freedom as W X columns: the SAR (their coefficients theta = 0) and the SEM (the common
// factor theta = -rho beta). Each restricted likelihood is maximised on the same transformed data with the
// same log-determinant, so the tests cost two Brent searches and no set-up.
void AddDurbinRestrictionTests(const TransformedPanel& data,
                               const PanelRows& rows,
                               const engine::LogDeterminant& log_determinant,
                               const Transformation& transformation,
                               SpatialFitOptions options,
                               FitResult& result) {
  const engine::ModelFrame& frame = data.frame;
  std::vector<arma::uword> own;
  for (arma::uword j = 0; j < frame.x.n_cols; ++j) {
    if (frame.column_kinds[j] != engine::ColumnKind::kSpatialLag) own.push_back(j);
  }
  const auto lags = static_cast<double>(frame.x.n_cols - own.size());
  if (lags == 0.0) return;
  options.iteration_log = nullptr;  // the restricted searches are not the fit's
  const arma::uvec columns(own);
  const arma::mat x = frame.x.cols(columns);
  const arma::mat wx = LaggedColumns(data, rows, columns);
  const struct {
    bool lag;
    const char* name;
  } nested[] = {{true, "LR test (SDM vs SAR: theta = 0)"},
                {false, "LR test (SDM vs SEM: theta = -rho beta)"}};
  for (const auto& model : nested) {
    const engine::ScalarMaximum maximum =
        ConcentratedPanelLikelihood(model.lag, frame.y, x, data.wy, wx, log_determinant, transformation)
            .Maximize(options);
    Diagnostic test = LikelihoodRatioTest(result.log_likelihood, maximum.value, lags);
    test.name = model.name;
    test.note =
        fmt::format("log-likelihood {:.6f} vs {} {:.6f} ({} = {:.6g})", result.log_likelihood,
                    model.lag ? "SAR" : "SEM", maximum.value, model.lag ? "rho" : "lambda", maximum.argument);
    result.diagnostics.push_back(test);
  }
}

// W_A times the lag model's mean, the rho terms of the information matrix. Balanced: W_A X* b period by
// period (splm's spfeml), less its period means when the transformation drops a unit per period (X* is
// time-demeaned already, so only this term changes). Unbalanced: Q W_A m with m = A y - e* = X b + the
// effects' least-squares estimates, since W_A does not commute with Q there.
arma::vec LaggedMean(const TransformedPanel& data,
                     const PanelFilters& filters,
                     const PanelShape& shape,
                     const Transformation& transformation,
                     double rho,
                     const arma::vec& beta,
                     const arma::vec& residuals) {
  if (data.within != nullptr) {
    return data.within->Apply(filters.ApplyWa(data.raw_y - rho * data.raw_wy - residuals, shape.units));
  }
  arma::vec wa_xb = filters.ApplyWa(data.frame.x * beta, shape.units);
  if (transformation.drops_unit)
    wa_xb = WithinTransform(wa_xb, shape.units, shape.periods, PanelEffects::kTime);
  return wa_xb;
}

// The covariance over (beta, parameter) from the inverse information matrix.
// With the unit dropped per period (time effects, Lee-Yu), W_A is F'W_A F: with W's rows summing to 1 (so
// W_A 1 = 1 / (1 - rho)), tr(F'GF) = tr(G) - 1 / (1 - rho), tr((F'GF)^2) = tr(G^2) - 1 / (1 - rho)^2 and
// tr((F'GF)'F'GF) = tr(G'G) - |G'1|^2 / N, with G = W_A.
FilterTraces TracesWithoutUnit(FilterTraces traces,
                               double parameter,
                               const engine::WeightsOperator& w,
                               const SpatialFilter& filter) {
  const double g = 1.0 / (1.0 - parameter);
  const auto units = static_cast<arma::uword>(w.Units());
  const arma::vec ones(units, arma::fill::ones);
  arma::vec column_sums(units);
  w.Weights().MultiplyTransposed(std::span<const double>(ones.memptr(), units),
                                 std::span<double>(column_sums.memptr(), units));
  const arma::vec g_t_ones = filter.Solve(column_sums, /*transposed=*/true);  // G'1 = A'W'1
  traces.trace_wa -= g;
  traces.trace_wa_wa -= g * g;
  traces.trace_wa_t_wa -= arma::dot(g_t_ones, g_t_ones) / static_cast<double>(units);
  return traces;
}

// What the information matrix holds besides the traces: the process, the (filtered) design, the estimates,
// W_A X b (lag) and the transformation's counts.
struct InformationTerms {
  SpatialProcess process;
  const arma::mat& design;
  const arma::vec& beta;
  double parameter;
  double sigma2;
  const arma::vec& wa_xb;
  const Transformation& transformation;
};

arma::mat InformationCovariance(const InformationTerms& terms, const FilterTraces& traces) {
  const SpatialProcess process = terms.process;
  const arma::mat& design = terms.design;
  const double parameter = terms.parameter;
  const double sigma2 = terms.sigma2;
  const arma::vec& wa_xb = terms.wa_xb;
  const Transformation& transformation = terms.transformation;
  const arma::uword k = terms.beta.n_elem;
  const double periods = transformation.periods;
  arma::mat information(k + 2, k + 2, arma::fill::zeros);
  information(0, 0) = transformation.observations / (2.0 * sigma2 * sigma2);
  information(0, 1) = information(1, 0) = periods * traces.trace_wa / sigma2;
  information(1, 1) = periods * (traces.trace_wa_wa + traces.trace_wa_t_wa);
  if (process == SpatialProcess::kLag) {
    information(1, 1) += arma::dot(wa_xb, wa_xb) / sigma2;
    const arma::vec cross = design.t() * wa_xb / sigma2;
    information.submat(2, 1, k + 1, 1) = cross;
    information.submat(1, 2, 1, k + 1) = cross.t();
  }
  information.submat(2, 2, k + 1, k + 1) = design.t() * design / sigma2;
  arma::mat inverse;
  if (!arma::inv_sympd(inverse, arma::symmatu(information)) && !arma::inv(inverse, information)) {
    throw engine::NumericalError(
        fmt::format("the asymptotic information matrix is singular at {}={:.10g}; no covariance",
                    process == SpatialProcess::kLag ? "rho" : "lambda", parameter));
  }
  return inverse;
}

// The stopping rule of a balanced panel's stochastic traces, as the cross-section's (TracesRelativeError in
// spatial_ml_inference.cpp): the relative standard error the probes' noise puts on each standard error by the
// delta method, with V = I^-1 and u_j = V e_j, a change of the traces moving V_jj by -T (2 u_j0 u_j1
// dtr(W_A) / s2 + u_j1^2 (dtr(W_A W_A) + dtr(W_A'W_A))). `traces` are those the information uses (less the
// unit's terms under Lee & Yu's time transformation: constant shifts, so the probes' spread is the raw one).
double PanelTracesRelativeError(const InformationTerms& terms,
                                const FilterTraces& traces,
                                const arma::mat& per_probe) {
  if (per_probe.n_rows < 2) return arma::datum::inf;
  arma::mat variance;
  try {
    variance = InformationCovariance(terms, traces);
  } catch (const engine::NumericalError&) {
    return arma::datum::inf;
  }
  const double sigma2 = terms.sigma2;
  const Transformation& transformation = terms.transformation;
  const double probes = static_cast<double>(per_probe.n_rows);
  double worst = 0.0;
  for (arma::uword j = 1; j < variance.n_rows; ++j) {  // the spatial parameter and the betas, not sigma2
    const arma::vec u = variance.col(j);
    const arma::vec moved = transformation.periods * (2.0 * u[0] * u[1] / sigma2 * per_probe.col(0) +
                                                      u[1] * u[1] * (per_probe.col(2) + per_probe.col(1)));
    worst = std::max(worst, 0.5 * arma::stddev(moved) / std::sqrt(probes) / variance(j, j));
  }
  return worst;
}

// (beta, parameter) from a matrix over (sigma2, parameter, beta).
arma::mat CoefficientBlock(const arma::mat& matrix) {
  const arma::uword k = matrix.n_rows - 2;
  arma::uvec order(k + 1);
  for (arma::uword j = 0; j < k; ++j) order[j] = j + 2;
  order[k] = 1;
  return matrix.submat(order, order);
}

// The sandwich I^-1 M I^-1 with M the outer products of the scores summed over each unit's periods
// (clustered by unit), times G / (G - 1) for G units. Scores per row, in the order (sigma2, parameter, beta):
// (e^2 / s2 - 1) / (2 s2); (W d)_r e_r / s2 - (W_A)_ii, with d = y (lag) or y - X b (error) and the log-
// Jacobian's derivative -T tr(W_A) split by the diagonal of W_A, as the cross-section sandwich; z_r e_r / s2
// with z the (filtered) design. `row_diagonal_wa` and `row_units` give each row's (W_A)_ii and unit.
arma::mat ClusteredCovariance(const arma::mat& inverse,
                              const arma::mat& design,
                              const arma::vec& residuals,
                              const arma::vec& lagged_dependent,
                              const arma::vec& row_diagonal_wa,
                              double sigma2,
                              const std::vector<std::int64_t>& row_units,
                              std::int64_t units) {
  const arma::uword k = design.n_cols;
  arma::mat scores(residuals.n_elem, k + 2);
  scores.col(0) = (arma::square(residuals) / sigma2 - 1.0) / (2.0 * sigma2);
  scores.col(1) = lagged_dependent % residuals / sigma2 - row_diagonal_wa;
  scores.cols(2, k + 1) = design.each_col() % (residuals / sigma2);
  return ClusteredSandwich(inverse, SumByCluster(scores, row_units, units));
}

// Each row's unit (SpatialDesign::KeyOf, balanced or not).
std::vector<std::int64_t> RowUnits(const SpatialDesign& design) {
  std::vector<std::int64_t> units(static_cast<std::size_t>(design.Rows()));
  for (std::size_t r = 0; r < units.size(); ++r) units[r] = design.KeyOf(static_cast<std::int64_t>(r)).unit;
  return units;
}

// What an unbalanced panel does not have: Lee & Yu's transformation (it drops one period of every unit and
// one unit of every period, which needs them all observed).
void RefuseForUnbalanced(const PanelOptions& panel_options) {
  if (panel_options.lee_yu) {
    throw engine::OptionError(
        "`lee_yu` needs a balanced panel: Lee & Yu's transformation drops one period of every unit and one "
        "unit of every period, which an unbalanced panel does not observe");
  }
}

// An unbalanced panel's recovered effects from its own model: those of y - rho W_t y - X b (lag models) or
// of B_t (y - X b) (error models, whose effects enter the filtered equation there).
std::vector<FixedEffect> UnbalancedFixedEffects(const SpatialDesign& design,
                                                const TransformedPanel& data,
                                                const PanelRows& rows,
                                                bool lag,
                                                double estimate,
                                                const arma::vec& beta,
                                                double sigma2,
                                                const arma::mat& transformed) {
  if (lag) {
    return RecoverUnbalancedFixedEffects(design, *data.within,
                                         data.raw_y - estimate * data.raw_wy - data.raw_x * beta, data.raw_x,
                                         transformed, sigma2);
  }
  const arma::vec u = data.raw_y - data.raw_x * beta;
  return RecoverUnbalancedFixedEffects(design, *data.within, u - estimate * rows.Apply(u),
                                       data.raw_x - estimate * rows.Apply(data.raw_x), transformed, sigma2);
}

// The transformation that drops a unit per period needs W 1 = 1 (then F'W F carries W's other eigenvalues).
void RequireRowsSumToOne(const engine::WeightsOperator& w) {
  const std::optional<double> common = w.RowSums().common;
  if (!common || std::abs(*common - 1.0) > 1e-12) {
    throw engine::OptionError(
        "`lee_yu` with time effects needs W's rows to sum to 1 (`style` W, and no island kept with a zero "
        "row): "
        "its transformation removes the period means through W 1 = 1");
  }
}

}  // namespace

PanelSpatialFit FitPanelSpatial(const SpatialDesign& design,
                                ModelKind kind,
                                const PanelOptions& panel_options,
                                const SpatialFitOptions& options) {
  const PanelEffects effects = panel_options.effects;
  const auto start = std::chrono::steady_clock::now();
  if (kind != ModelKind::kSar && kind != ModelKind::kSem && kind != ModelKind::kSdm &&
      kind != ModelKind::kSdem) {
    throw engine::OptionError("`model` " + ToString(kind) +
                              ": panel fits are available for sar, sem, sdm and sdem");
  }
  HINTERLAND_CHECK(design.Periods() > 1, "FitPanelSpatial: the design is not a panel");
  ValidateSpatialFitOptions(options);
  const bool lag = kind == ModelKind::kSar || kind == ModelKind::kSdm;
  const bool durbin = kind == ModelKind::kSdm || kind == ModelKind::kSdem;
  const std::string parameter = lag ? "rho" : "lambda";
  const engine::WeightsOperator& w = design.W();
  const PanelShape shape{w.Units(), design.Periods(), effects};
  if (!design.IsBalanced()) RefuseForUnbalanced(panel_options);
  const PanelRows rows(design);
  std::vector<std::string> notes;
  const TransformedPanel data =
      design.IsBalanced() ? BalancedPanelData(design, shape, options, durbin, lag,
                                              TransformationOf(shape, panel_options.lee_yu).drops_unit, notes)
                          : UnbalancedPanelData(design, rows, effects, options, durbin, lag, notes);
  const engine::ModelFrame& frame = data.frame;
  const OlsFit ols = FitOls(frame, OlsOptions{});  // checks N T > k, finiteness and collinearity
  const arma::vec& wy = data.wy;
  const arma::mat& wx = data.wx;
  if (panel_options.lee_yu && effects == PanelEffects::kNone) {
    throw engine::OptionError(
        "`lee_yu` corrects fixed effects: it needs `effects` individual, time or twoways");
  }
  // An unbalanced panel's Jacobian carries its periods in the summed log-determinant: multiplier 1.
  const Transformation transformation = design.IsBalanced()
                                            ? TransformationOf(shape, panel_options.lee_yu)
                                            : Transformation{1.0, static_cast<double>(frame.y.n_elem), false};
  if (transformation.drops_unit) RequireRowsSumToOne(w);
  const double observations = transformation.observations;

  const std::unique_ptr<engine::LogDeterminant> log_determinant = rows.LogDeterminant(options.logdet);
  const ConcentratedPanelLikelihood likelihood(lag, frame.y, frame.x, wy, wx, *log_determinant,
                                               transformation);
  const LagCrossProducts& products = likelihood.Products();
  const auto sse_at = [&likelihood](double value) { return likelihood.Sse(value); };
  const engine::ScalarMaximum maximum = likelihood.Maximize(options);
  const double estimate = maximum.argument;

  PanelSpatialFit fit;
  arma::vec beta;
  arma::mat covariance_design;  // X (lag) or X - lambda W X (error)
  if (lag) {
    beta = products.b0 - estimate * products.b_lag;
    fit.residuals = frame.y - estimate * wy - frame.x * beta;
    covariance_design = frame.x;
  } else {
    beta = RegressFiltered(frame.y, wy, frame.x, wx, estimate).beta;
    fit.residuals = frame.y - frame.x * beta;
    covariance_design = frame.x - estimate * wx;
  }
  const double sse = sse_at(estimate);
  const double sigma2 = sse / observations;
  const PanelFilters filters(design, estimate, TraceOptionsFrom(options));
  const SpatialProcess process = lag ? SpatialProcess::kLag : SpatialProcess::kError;
  const arma::vec lagged_mean =
      lag ? LaggedMean(data, filters, shape, transformation, estimate, beta, fit.residuals) : arma::vec();
  const auto adjusted = [&](const FilterTraces& raw) {
    return transformation.drops_unit ? TracesWithoutUnit(raw, estimate, w, filters.Balanced()) : raw;
  };
  const InformationTerms terms{process, covariance_design, beta,          estimate,
                               sigma2,  lagged_mean,       transformation};
  // Stochastic traces stop once their noise moves no standard error by more than trace_relative_error.
  const TraceStoppingRule rule = [&](const FilterTraces& raw) {
    return PanelTracesRelativeError(terms, adjusted(raw), raw.per_probe);
  };
  const FilterTraces traces = adjusted(filters.Traces(rule));
  const arma::mat inverse = InformationCovariance(terms, traces);
  const bool clustered = options.covariance == CovarianceEstimator::kCluster;
  if (options.covariance != CovarianceEstimator::kAnalytic && !clustered) {
    throw engine::OptionError("`vcov` " + ToString(options.covariance) +
                              ": panel ML fits have the analytic and cluster covariances");
  }
  if (clustered && panel_options.lee_yu) {
    throw engine::OptionError("`vcov` cluster is not yet available with `lee_yu`");
  }
  // W d with d = y (lag) or the unfiltered residual y - X b (error): the dependent part of the rho score.
  const arma::vec lagged_dependent = lag ? wy : arma::vec(wy - wx * beta);
  const arma::mat vcov = CoefficientBlock(
      clustered ? ClusteredCovariance(
                      inverse, covariance_design,
                      lag ? fit.residuals : arma::vec(frame.y - estimate * wy - covariance_design * beta),
                      lagged_dependent,
                      design.IsBalanced() ? arma::vec(arma::repmat(traces.diagonal_wa, shape.periods, 1))
                                          : traces.diagonal_wa,
                      sigma2, RowUnits(design), shape.units)
                : inverse);
  FitResult& result = fit.result;
  SetMaximumLikelihoodHeader(result, ToString(kind), frame);
  const arma::uword k = frame.x.n_cols;
  for (arma::uword j = 0; j < k; ++j) {
    result.coefficients.push_back(
        NormalCoefficient(DesignCoefficient(frame, j), beta[j], std::sqrt(vcov(j, j))));
  }
  const double estimate_se = std::sqrt(vcov(k, k));
  result.coefficients.push_back(NormalCoefficient(
      parameter, lag ? CoefficientRole::kRho : CoefficientRole::kLambda, estimate, estimate_se));
  result.vcov = vcov;
  result.sigma2 = sigma2;
  result.log_likelihood = maximum.value;
  const double parameters = static_cast<double>(k) + 2.0;  // beta, the spatial parameter and sigma2
  result.aic = -2.0 * result.log_likelihood + 2.0 * parameters;
  result.bic = -2.0 * result.log_likelihood + std::log(observations) * parameters;
  // The null (rho or lambda = 0) of the same likelihood: least squares on the transformed data.
  const double null_log_likelihood =
      ConcentratedValue(0.0, sse_at(0.0), observations, parameter, 0.0, "y is fitted exactly by X");
  result.diagnostics.push_back(LikelihoodRatioTest(result.log_likelihood, null_log_likelihood, 1.0));
  result.diagnostics.push_back(WaldTest(parameter, estimate, estimate_se));
  if (kind == ModelKind::kSdm) {
    AddDurbinRestrictionTests(data, rows, *log_determinant, transformation, options, result);
  }
  if (kind == ModelKind::kSem && effects == PanelEffects::kNone && design.IsBalanced()) {
    try {
      result.diagnostics.push_back(ConditionalMuTest(fit.residuals, estimate, traces, w));
    } catch (const engine::NumericalError& error) {
      result.warnings.push_back(std::string("BSK LM*-mu not computed: ") + error.what());
    }
  }
  AddStatistic(result, "sse", sse);
  AddStatistic(result, "log_likelihood_ols", null_log_likelihood);
  AddStatistic(result, "aic_ols", -2.0 * null_log_likelihood + 2.0 * (static_cast<double>(k) + 1.0));
  AddStatistic(result, parameter + "_lower", log_determinant->Bounds().lower);
  AddStatistic(result, parameter + "_upper", log_determinant->Bounds().upper);
  AddStatistic(result, "iterations", maximum.iterations);
  PanelInfo panel = DescribePanel(design);
  panel.effects = ToString(effects);
  panel.bias_correction = panel_options.lee_yu ? "lee-yu" : "none";
  if (panel_options.fixed_effects) {
    if (effects == PanelEffects::kNone) {
      throw engine::OptionError(
          "`fixed_effects` recovers fixed effects: it needs `effects` individual, time or twoways");
    }
    result.fixed_effects =
        design.IsBalanced()
            ? RecoverFixedEffects(design, frame, effects, lag ? estimate : 0.0, beta, sigma2)
            : UnbalancedFixedEffects(design, data, rows, lag, estimate, beta, sigma2, covariance_design);
  }
  result.panel = panel;
  FinishOneParameterMlResult(
      frame, w.Weights(), *log_determinant, maximum, options, parameter, std::move(notes),
      (clustered ? fmt::format("clustered by unit ({} clusters): the analytic information matrix around the "
                               "scores summed over each unit's periods, G / (G - 1); ",
                               shape.units)
                 : std::string(design.IsBalanced()
                                   ? "analytic asymptotic information matrix (T traces of the N x N W_A); "
                                   : "analytic asymptotic information matrix (each period's traces of its "
                                     "W_t's W_A); ")) +
          traces.method,
      start, result);
  return fit;
}

}  // namespace hinterland::estimators
