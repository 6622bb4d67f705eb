// ML spatial panels (see panel_ml_model.hpp). Information matrix over (sigma2, rho, beta), with W_A = W (I -
// rho W)^-1 of the N x N W and the vectors over all N T rows (Elhorst 2014, eq. 3.25):
//   I_ss = N T / (2 s2^2), I_sr = T tr(W_A) / s2, I_rr = T (tr(W_A W_A) + tr(W_A' W_A)) + |W_A X b|^2 / s2,
//   I_rb = X' W_A X b / s2, I_bb = X'X / s2 (lag; W_A X b period by period);
// the error model drops the |W_A X b|^2 and X' W_A X b terms and uses the filtered X - lambda W X.
#include "estimators/panel/panel_ml_model.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "estimators/common/concentrated_likelihood.hpp"
#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/result_building.hpp"
#include "estimators/common/spatial_filter.hpp"
#include "estimators/common/spatial_ml_inference.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/panel/within_transform.hpp"

namespace hinterland::estimators {
namespace {

struct PanelShape {
  std::int64_t units = 0;
  std::int64_t periods = 0;
  PanelEffects effects = PanelEffects::kNone;

  arma::vec Transform(const arma::vec& x) const { return WithinTransform(x, units, periods, effects); }
  arma::mat Transform(const arma::mat& x) const { return WithinTransform(x, units, periods, effects); }
};

// A transformed column is absorbed when nothing of it is left beyond rounding.
bool IsAbsorbed(const arma::vec& transformed, const arma::vec& original) {
  return arma::norm(transformed, "inf") <= 1e-10 * std::max(1.0, arma::norm(original, "inf"));
}

// The frame of the transformed model: y and the kept columns of X within-transformed. Fixed effects absorb
// the intercept; a regressor they absorb entirely is an error under individual effects (it is
// time-invariant: only random effects or the Mundlak model can estimate it) and is dropped with a note under
// time effects (it varies only over time).
engine::ModelFrame TransformedFrame(const engine::ModelFrame& frame,
                                    const PanelShape& shape,
                                    std::vector<std::string>& notes) {
  if (shape.effects == PanelEffects::kNone) return frame;
  engine::ModelFrame transformed = frame;
  transformed.y = shape.Transform(frame.y);
  transformed.column_names.clear();
  transformed.column_kinds.clear();
  transformed.lag_sources.clear();
  std::vector<arma::uword> kept;
  std::vector<std::string> time_invariant;
  std::vector<std::string> period_only;
  for (arma::uword j = 0; j < frame.x.n_cols; ++j) {
    if (frame.column_kinds[j] == engine::ColumnKind::kIntercept) continue;
    const arma::vec column = frame.x.col(j);
    if (!IsAbsorbed(shape.Transform(column), column)) {
      kept.push_back(j);
      continue;
    }
    const bool invariant_over_time =
        HasIndividualEffects(shape.effects) &&
        IsAbsorbed(WithinTransform(column, shape.units, shape.periods, PanelEffects::kIndividual), column);
    (invariant_over_time ? time_invariant : period_only).push_back(frame.column_names[j]);
  }
  if (!time_invariant.empty()) {
    throw engine::DataError(fmt::format(
        "{} {} time-invariant: the individual effects of `effects` {} absorb {} entirely, so no coefficient "
        "can be estimated; drop {} or interact {} with time",
        engine::JoinWords(time_invariant, "and"), time_invariant.size() == 1 ? "is" : "are",
        ToString(shape.effects), time_invariant.size() == 1 ? "it" : "them",
        time_invariant.size() == 1 ? "it" : "them", time_invariant.size() == 1 ? "it" : "them"));
  }
  if (!period_only.empty()) {
    notes.push_back(fmt::format(
        "dropped {}: {} only over time, so the time effects absorb {}", engine::JoinWords(period_only, "and"),
        period_only.size() == 1 ? "varies" : "vary", period_only.size() == 1 ? "it" : "them"));
  }
  if (kept.empty()) {
    throw engine::DataError(fmt::format(
        "no regressor is left once `effects` {} are removed; the model needs one", ToString(shape.effects)));
  }
  const arma::uvec columns = arma::conv_to<arma::uvec>::from(kept);
  transformed.x = shape.Transform(arma::mat(frame.x.cols(columns)));
  for (const arma::uword j : kept) {
    transformed.column_names.push_back(frame.column_names[j]);
    transformed.column_kinds.push_back(frame.column_kinds[j]);
  }
  return transformed;
}

// (W_A) v period by period: W (I - rho W)^-1 applied to each period's N entries.
arma::vec ApplyWa(const SpatialFilter& filter, const engine::WeightsOperator& w, const arma::vec& v) {
  const auto units = static_cast<arma::uword>(w.Units());
  arma::vec solved(v.n_elem);
  for (arma::uword start = 0; start < v.n_elem; start += units) {
    solved.subvec(start, start + units - 1) = filter.Solve(arma::vec(v.subvec(start, start + units - 1)));
  }
  return w.Apply(solved);
}

// The covariance over (beta, parameter) from the inverse information matrix.
arma::mat InformationCovariance(SpatialProcess process,
                                const arma::mat& design,
                                const arma::vec& beta,
                                double parameter,
                                double sigma2,
                                const engine::WeightsOperator& w,
                                const SpatialFilter& filter,
                                const FilterTraces& traces) {
  const arma::uword k = beta.n_elem;
  const double periods = static_cast<double>(w.Periods());
  const double observations = static_cast<double>(design.n_rows);
  arma::mat information(k + 2, k + 2, arma::fill::zeros);
  information(0, 0) = observations / (2.0 * sigma2 * sigma2);
  information(0, 1) = information(1, 0) = periods * traces.trace_wa / sigma2;
  information(1, 1) = periods * (traces.trace_wa_wa + traces.trace_wa_t_wa);
  if (process == SpatialProcess::kLag) {
    const arma::vec wa_xb = ApplyWa(filter, w, design * beta);
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
  arma::uvec order(k + 1);  // (beta, parameter) from (sigma2, parameter, beta)
  for (arma::uword j = 0; j < k; ++j) order[j] = j + 2;
  order[k] = 1;
  return inverse.submat(order, order);
}

}  // namespace

PanelSpatialFit FitPanelSpatial(const SpatialDesign& design,
                                ModelKind kind,
                                PanelEffects effects,
                                const SpatialFitOptions& options) {
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
  const PanelShape shape{w.Units(), w.Periods(), effects};
  std::vector<std::string> notes;
  // The Durbin terms W X* lag the transformed regressors, as W y* lags the transformed y.
  const engine::ModelFrame frame =
      FrameWithDurbinColumns(TransformedFrame(design.Frame(), shape, notes), w, options, durbin, notes);
  const OlsFit ols = FitOls(frame, OlsOptions{});  // checks N T > k, finiteness and collinearity
  // W applied to the transformed y and X, as Elhorst (2014, sec. 3.2) and splm's spfeml do. Transforming W y
  // instead would differ under time effects by the period means of W y* (W's columns need not sum to 1).
  const arma::vec wy = w.Apply(frame.y);
  const arma::mat wx = lag ? arma::mat() : w.Apply(frame.x);
  const double observations = static_cast<double>(frame.y.n_elem);
  const double periods = static_cast<double>(shape.periods);

  const std::unique_ptr<engine::LogDeterminant> log_determinant =
      engine::CreateLogDeterminant(w, options.logdet);
  const LagCrossProducts products = lag ? CrossProducts(frame.x, frame.y, wy) : LagCrossProducts{};
  const auto sse_at = [&](double value) {
    return lag ? products.Sse(value) : RegressFiltered(frame.y, wy, frame.x, wx, value).sse;
  };
  const auto objective = [&](double value) {
    return ConcentratedValue(periods * log_determinant->Evaluate(value), sse_at(value), observations,
                             parameter, value,
                             lag ? "y - rho W y is fitted exactly by X" : "the filtered y is fitted exactly");
  };
  const engine::ScalarMaximum maximum = MaximizeOverBounds(objective, *log_determinant, options, parameter);
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
  const SpatialFilter filter(w, estimate, TraceOptionsFrom(options));
  const FilterTraces traces = filter.Traces();
  const arma::mat vcov = InformationCovariance(lag ? SpatialProcess::kLag : SpatialProcess::kError,
                                               covariance_design, beta, estimate, sigma2, w, filter, traces);

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
  result.diagnostics.push_back(LikelihoodRatioTest(result.log_likelihood, ols.result.log_likelihood, 1.0));
  result.diagnostics.push_back(WaldTest(parameter, estimate, estimate_se));
  AddStatistic(result, "sse", sse);
  AddStatistic(result, "log_likelihood_ols", ols.result.log_likelihood);
  AddStatistic(result, "aic_ols", ols.result.aic);
  AddStatistic(result, parameter + "_lower", log_determinant->Bounds().lower);
  AddStatistic(result, parameter + "_upper", log_determinant->Bounds().upper);
  AddStatistic(result, "iterations", maximum.iterations);
  PanelInfo panel;
  panel.units = shape.units;
  panel.periods = shape.periods;
  panel.observations = static_cast<std::int64_t>(frame.y.n_elem);
  panel.effects = ToString(effects);
  result.panel = panel;
  FinishOneParameterMlResult(
      frame, w.Weights(), *log_determinant, maximum, options, parameter, std::move(notes),
      "analytic asymptotic information matrix (T traces of the N x N W_A); " + traces.method, start, result);
  return fit;
}

}  // namespace hinterland::estimators
