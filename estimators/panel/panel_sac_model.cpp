// The SAC spatial panel (see panel_sac_model.hpp): the within frame, the cross-section SAC's concentrated
// likelihood and multi-start search on the panel's rows with T Jacobians (sac_likelihood.hpp, SacData's
// jacobian_periods), the covariance with T traces (sac_result.hpp) and a FitResult built as the
// cross-section SAC's, with the panel's shape.
#include "estimators/panel/panel_sac_model.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "engine/logdet/summed_log_determinant.hpp"
#include "estimators/common/result_building.hpp"
#include "estimators/common/spatial_ml_inference.hpp"
#include "estimators/common/weights_info.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/panel/recovered_effects.hpp"
#include "estimators/panel/unbalanced_frame.hpp"
#include "estimators/panel/within_transform.hpp"
#include "estimators/sac/sac_covariance.hpp"
#include "estimators/sac/sac_likelihood.hpp"
#include "estimators/sac/sac_result.hpp"
#include "estimators/sac/sac_search.hpp"

namespace hinterland::estimators {
namespace {

// An unbalanced panel's SAC has one W (the W_t of each period serve both processes), no Lee-Yu (its
// transformation needs every unit-period) and the numerical Hessian's covariance.
void RefuseForUnbalanced(const SpatialDesign& design, const PanelOptions& panel_options) {
  if (design.HasSecondWeights()) {
    throw engine::OptionError(
        "`weights2` is not available for an unbalanced panel: each period's W_t serves both of sac's "
        "processes");
  }
  if (panel_options.lee_yu) {
    throw engine::OptionError(
        "`lee_yu` needs a balanced panel: Lee & Yu's transformation drops one period of every unit");
  }
}

// `vcov` cluster for the SAC is the sandwich around the analytic information with exact traces, so it needs
// a balanced panel of at most exact_covariance_max_n units: refused before the search otherwise.
void RequireClusterable(const SpatialDesign& design, const SpatialFitOptions& options) {
  if (options.covariance != CovarianceEstimator::kCluster) return;
  const std::int64_t units = design.W().Units();
  if (!design.IsBalanced()) {
    throw engine::OptionError(
        "`vcov` cluster is not yet available for `model` sac on an unbalanced panel (its covariance is the "
        "numerical Hessian's)");
  }
  if (units > options.exact_covariance_max_n) {
    throw engine::OptionError(fmt::format(
        "`vcov` cluster for `model` sac needs the exact traces of dense N x N inverses, formed only for N <= "
        "{} (exact_covariance_max_n); N = {}",
        options.exact_covariance_max_n, units));
  }
}

SacCovariance ClusteredSacCovariance(const SpatialDesign& design,
                                     const SacData& data,
                                     const SacEstimates& estimates) {
  const std::int64_t units = design.W().Units();
  SacCovariance covariance;
  covariance.vcov = SacClusteredCovariance(data, design.W().Weights(), design.W2().Weights(), estimates);
  covariance.method = fmt::format(
      "clustered by unit ({} clusters): the analytic information matrix (exact traces, dense N x N inverses) "
      "around the scores summed over each unit's periods, G / (G - 1)",
      units);
  return covariance;
}

// What the SAC panel does not have is refused by the option's name rather than ignored.
void RefuseUnavailableOptions(const PanelOptions& panel_options, const SpatialFitOptions& options) {
  if (options.covariance == CovarianceEstimator::kCluster && panel_options.lee_yu) {
    throw engine::OptionError("`vcov` cluster is not yet available with `lee_yu`");
  }
  if (options.covariance != CovarianceEstimator::kAnalytic &&
      options.covariance != CovarianceEstimator::kNumericalHessian &&
      options.covariance != CovarianceEstimator::kCluster) {
    throw engine::OptionError("`vcov` " + ToString(options.covariance) +
                              " is not available for panel `model` sac (use analytic)");
  }
  if (panel_options.fixed_effects && panel_options.effects == PanelEffects::kNone) {
    throw engine::OptionError(
        "`fixed_effects` recovers fixed effects: it needs `effects` individual, time or twoways");
  }
  if (panel_options.lee_yu && panel_options.effects == PanelEffects::kNone) {
    throw engine::OptionError(
        "`lee_yu` corrects fixed effects: it needs `effects` individual, time or twoways");
  }
}

// The transformation that drops a unit per period needs W 1 = 1 (then F'W F carries W's other eigenvalues).
void RequireRowsSumToOne(const engine::WeightsOperator& w, const char* name) {
  const std::optional<double> common = w.RowSums().common;
  if (!common || std::abs(*common - 1.0) > 1e-12) {
    throw engine::OptionError(fmt::format(
        "`lee_yu` with time effects needs the rows of {} to sum to 1 (`style` W, and no island kept with a "
        "zero row): its transformation removes the period means through {} 1 = 1",
        name, name));
  }
}

// The likelihood's data on the within-transformed rows. Lee & Yu's (2010) transformation approach writes the
// within transformation as orthonormal F_T (individual effects: one period less per unit) and F_N (time
// effects: one unit less per period). Individual effects: T - 1 Jacobians over N (T - 1) observations; the
// likelihood is then (T - 1) / T times the direct one up to a constant, so (rho, lambda) and beta are the
// same and only sigma2, the log-likelihood and the information matrix change (as splm's LeeYu for effect =
// "individual"). Time effects: F_N'W F_N in both processes, so each Jacobian is log|I - rho W| - log(1 - rho)
// over (N - 1) T observations ((N - 1)(T - 1) twoways), and the lags W y*, W2 y*, W2 W y* and W2 X* lose
// their period means, as F_N' takes them (W1 and W2 must have rows summing to 1).
SacData LikelihoodData(const engine::ModelFrame& frame,
                       const engine::WeightsOperator& w1,
                       const engine::WeightsOperator& w2,
                       const PanelOptions& panel_options) {
  SacData data = MakePanelSacData(frame.y, frame.x, w1, w2);
  if (!panel_options.lee_yu) return data;
  const double units = static_cast<double>(w1.Units());
  if (HasIndividualEffects(panel_options.effects)) data.jacobian_periods -= 1.0;
  data.observations = data.jacobian_periods * units;
  if (HasTimeEffects(panel_options.effects)) {
    RequireRowsSumToOne(w1, "W");
    RequireRowsSumToOne(w2, "W2");
    data.unit_eigenvalue_removed = true;
    data.observations = data.jacobian_periods * (units - 1.0);
    const auto demeaned = [&](const arma::mat& v) {
      return WithinTransform(v, w1.Units(), w1.Periods(), PanelEffects::kTime);
    };
    data.wy = demeaned(data.wy);
    data.w2y = demeaned(data.w2y);
    data.w2wy = demeaned(data.w2wy);
    data.w2x = demeaned(data.w2x);
  }
  return data;
}

// An unbalanced panel's likelihood data: lag, then transform (as panel_ml_model.cpp's unbalanced path), so
// that with the effects in the filtered equation, B_t (A_t y_t - X_t b) = mu + alpha_t + e_t, they cancel
// exactly: Q y, Q W y, Q W y (W2 = W), Q W W y and Q W X, with the Jacobians summed over the periods'
// own W_t (jacobian_periods 1, the summed log-determinant carrying the periods).
SacData UnbalancedLikelihoodData(const SpatialDesign& design,
                                 PanelEffects effects,
                                 engine::ModelFrame& frame,
                                 arma::mat& raw_x,
                                 std::vector<std::string>& notes) {
  const engine::UnbalancedWeightsOperator& w = design.PeriodWeights();
  UnbalancedFrame transformed = LaggedThenTransformed(design, effects, nullptr, notes);
  const UnbalancedWithin& within = *transformed.within;
  frame = std::move(transformed.frame);
  raw_x = std::move(transformed.raw_x);
  SacData data;
  data.y = frame.y;
  data.x = frame.x;
  const arma::vec wy = w.Apply(design.Frame().y);
  data.wy = within.Apply(wy);
  data.w2y = data.wy;
  data.w2wy = within.Apply(w.Apply(wy));
  data.w2x = within.Apply(w.Apply(raw_x));
  data.observations = static_cast<double>(frame.y.n_elem);
  data.jacobian_periods = 1.0;
  return data;
}

// The recovered effects. Balanced, as splm's felag for sarar: those of y - rho W y - X b (the error process
// has mean 0). Unbalanced, from the model fitted there, whose effects enter the filtered equation: those of
// B_t (A_t y - X b).
std::vector<FixedEffect> SacFixedEffects(const SpatialDesign& design,
                                         PanelEffects effects,
                                         const engine::ModelFrame& frame,
                                         const SacData& data,
                                         const arma::mat& raw_x,
                                         const SacEstimates& estimates) {
  if (design.IsBalanced()) {
    return RecoverFixedEffects(design, frame, effects, estimates.rho, estimates.beta, estimates.sigma2);
  }
  const engine::UnbalancedWeightsOperator& rows = design.PeriodWeights();
  const arma::vec& y = design.Frame().y;
  const arma::vec v = y - estimates.rho * rows.Apply(y) - raw_x * estimates.beta;
  return RecoverUnbalancedFixedEffects(
      design, UnbalancedWithin(rows, effects), v - estimates.lambda * rows.Apply(v),
      raw_x - estimates.lambda * rows.Apply(raw_x), data.x - estimates.lambda * data.w2x, estimates.sigma2);
}

PanelInfo PanelInfoOf(const SpatialDesign& design, const PanelOptions& panel_options) {
  PanelInfo panel = DescribePanel(design);
  panel.effects = ToString(panel_options.effects);
  panel.bias_correction = panel_options.lee_yu ? "lee-yu" : "none";
  return panel;
}

// The coefficients (betas, rho, lambda), the log-likelihood, the information criteria, the LR test against
// the same likelihood at rho = lambda = 0 (least squares on the transformed data: the within or pooled OLS)
// and the Wald tests.
void AddEstimates(const engine::ModelFrame& frame,
                  const SacData& data,
                  const SacEstimates& estimates,
                  double log_likelihood,
                  const arma::mat& vcov,
                  FitResult& result) {
  const arma::uword k = frame.x.n_cols;
  for (arma::uword j = 0; j < k; ++j) {
    result.coefficients.push_back(
        NormalCoefficient(DesignCoefficient(frame, j), estimates.beta[j], std::sqrt(vcov(j, j))));
  }
  const double rho_se = std::sqrt(vcov(k, k));
  const double lambda_se = std::sqrt(vcov(k + 1, k + 1));
  result.coefficients.push_back(NormalCoefficient("rho", CoefficientRole::kRho, estimates.rho, rho_se));
  result.coefficients.push_back(
      NormalCoefficient("lambda", CoefficientRole::kLambda, estimates.lambda, lambda_se));
  result.vcov = vcov;
  result.sigma2 = estimates.sigma2;
  result.log_likelihood = log_likelihood;
  const double parameters = static_cast<double>(k) + 3.0;  // beta, rho, lambda and sigma2
  result.aic = -2.0 * log_likelihood + 2.0 * parameters;
  result.bic = -2.0 * log_likelihood + std::log(data.observations) * parameters;
  const double null_sse = RegressSac(data, 0.0, 0.0).sse;
  const double null_log_likelihood = SacLogLikelihood(null_sse, data.observations, 0.0, 0.0);
  result.diagnostics.push_back(LikelihoodRatioTest(log_likelihood, null_log_likelihood, 2.0));
  result.diagnostics.push_back(WaldTest("rho", estimates.rho, rho_se));
  result.diagnostics.push_back(WaldTest("lambda", estimates.lambda, lambda_se));
  result.diagnostics.push_back(
      JointWaldTest(arma::vec2{estimates.rho, estimates.lambda}, vcov.submat(k, k, k + 1, k + 1)));
  AddStatistic(result, "log_likelihood_ols", null_log_likelihood);
  AddStatistic(result, "aic_ols", -2.0 * null_log_likelihood + 2.0 * (static_cast<double>(k) + 1.0));
}

void AddSearchStatistics(const SacSearch& search,
                         const engine::LogDeterminant& log_det_1,
                         const engine::LogDeterminant& log_det_2,
                         FitResult& result) {
  AddStatistic(result, "rho_lower", log_det_1.Bounds().lower);
  AddStatistic(result, "rho_upper", log_det_1.Bounds().upper);
  AddStatistic(result, "lambda_lower", log_det_2.Bounds().lower);
  AddStatistic(result, "lambda_upper", log_det_2.Bounds().upper);
  AddStatistic(result, "iterations", search.iterations);
  AddStatistic(result, "evaluations", search.evaluations);
  ReportOptima(search, result);
}

}  // namespace

FitResult FitPanelSac(const SpatialDesign& design,
                      const PanelOptions& panel_options,
                      const SpatialFitOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  HINTERLAND_CHECK(design.Periods() > 1, "FitPanelSac: the design is not a panel");
  ValidateSpatialFitOptions(options);
  RefuseUnavailableOptions(panel_options, options);
  RequireClusterable(design, options);
  const engine::WeightsOperator& w1 = design.W();
  const engine::WeightsOperator& w2 = design.W2();
  std::vector<std::string> notes;
  if (!design.IsBalanced()) RefuseForUnbalanced(design, panel_options);
  engine::ModelFrame frame;
  SacData data;
  arma::mat raw_x;  // unbalanced: the kept regressors as given
  if (design.IsBalanced()) {
    frame = WithinFrame(design.Frame(), w1.Units(), w1.Periods(), panel_options.effects, notes);
    data = LikelihoodData(frame, w1, w2, panel_options);
  } else {
    data = UnbalancedLikelihoodData(design, panel_options.effects, frame, raw_x, notes);
  }
  const OlsFit ols = FitOls(frame, OlsOptions{});  // checks N T > k, finiteness and collinearity

  const SacSolution solution =
      design.IsBalanced()
          ? SolveSac(data, w1, w2, options)
          : SolveSac(data, engine::CreateSummedLogDeterminant(design.PeriodWeights(), options.logdet),
                     nullptr, options);
  // An unbalanced panel's W_t have no common N x N inverse for the analytic traces, and Lee & Yu's
  // transformation under time effects changes them (F_N'W F_N): the numerical Hessian of the likelihood.
  SpatialFitOptions covariance_options = options;
  if (!design.IsBalanced() || data.unit_eigenvalue_removed)
    covariance_options.covariance = CovarianceEstimator::kNumericalHessian;
  const SacCovariance covariance =
      options.covariance == CovarianceEstimator::kCluster
          ? ClusteredSacCovariance(design, data, solution.estimates)
          : ComputeSacCovariance(data, w1.Weights(), w2.Weights(), *solution.log_det_1, solution.LogDet2(),
                                 solution.estimates, covariance_options);

  FitResult result;
  SetMaximumLikelihoodHeader(result, "sac", frame);
  AddEstimates(frame, data, solution.estimates, solution.search.optima.front().log_likelihood,
               covariance.vcov, result);
  AddStatistic(result, "sse", solution.regression.sse);
  AddSearchStatistics(solution.search, *solution.log_det_1, solution.LogDet2(), result);
  result.warnings.insert(result.warnings.begin(), notes.begin(), notes.end());
  result.warnings.insert(result.warnings.end(), solution.search.notes.begin(), solution.search.notes.end());
  result.warnings.insert(result.warnings.end(), covariance.warnings.begin(), covariance.warnings.end());
  WarnApproximateLogDeterminants(*solution.log_det_1, solution.LogDet2(), solution.SameWeights(),
                                 solution.estimates, result);
  RecordDroppedRows(frame, result);
  ApplySacOutcome(solution.search, *solution.log_det_1, solution.LogDet2(), options, result);
  result.panel = PanelInfoOf(design, panel_options);
  if (panel_options.fixed_effects) {
    result.fixed_effects =
        SacFixedEffects(design, panel_options.effects, frame, data, raw_x, solution.estimates);
  }
  result.has_weights = true;
  result.weights = DescribeWeights(w1.Weights());
  result.has_weights2 = true;
  result.weights2 = DescribeWeights(w2.Weights());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  FillMlProvenance(*solution.log_det_1, options, covariance.method, seconds, result.provenance);
  if (!solution.SameWeights())
    result.provenance.logdet_description += "; W2: " + solution.LogDet2().Describe();
  return result;
}

}  // namespace hinterland::estimators
