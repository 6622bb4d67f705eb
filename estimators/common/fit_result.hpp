// FitResult: the complete outcome of a fit, as Fit (estimators/fit/fit.hpp) returns it: nothing is added or
// changed afterwards. Renderers (cli/report) read only this; the JSON rendering of it is the contract for
// reviewers and later issues (see README "JSON result"). Texts in it (warnings, notes, the status message,
// the log-determinant's description) may name options as `key`: a front end names them in its own words with
// WithOptionNames before showing them (engine::NameOptions).
#pragma once

#include <armadillo>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "estimators/common/impacts_result.hpp"

namespace hinterland::estimators {

enum class CoefficientRole { kIntercept, kRegressor, kLaggedRegressor, kRho, kLambda };
std::string ToString(CoefficientRole role);

struct Coefficient {
  std::string name;  // follows the formula: "(Intercept)", "INC", "log(x)", "W:INC", "rho", "lambda"
  CoefficientRole role = CoefficientRole::kRegressor;
  double estimate = 0.0;
  double std_error = 0.0;
  double statistic = 0.0;  // t (OLS) or z (ML)
  double p_value = 1.0;
  // kLaggedRegressor: the index in FitResult::coefficients of the coefficient of the column it lags (W:INC ->
  // INC); -1 for every other role. Roles are data: nothing reads them from names ("W:" prefixes).
  std::int64_t lagged_coefficient = -1;
};

struct Diagnostic {
  std::string name;  // "Moran's I (residuals)", "LM-error", ...
  double statistic = 0.0;
  double df = 0.0;  // 0 when the statistic is a z (normal reference)
  double p_value = 1.0;
  std::string note;  // e.g. "I = 0.2124, E[I] = -0.0333, Var[I] = 0.0084"
  // The statistic's ingredients as numbers, e.g. Moran's I: {"I", ...}, {"expectation", ...},
  // {"variance", ...} (JSON diagnostics[].values); empty for most tests.
  std::vector<std::pair<std::string, double>> values{};
};

// A named scalar reported with the fit (R-squared, F, its df, condition number, ...).
struct FitStatistic {
  std::string name;  // snake_case key as written to JSON: "r_squared", "f_statistic", ...
  double value = 0.0;
};

enum class FitStatus { kConverged, kAtBound, kNotConverged, kFailed };
std::string ToString(FitStatus status);

// Given-vs-used record: what was asked for and what the engine actually did.
struct Provenance {
  std::string logdet_given;  // "" for OLS
  std::string logdet_used;
  std::string logdet_description;  // LogDeterminant::Describe(): solver, options, rho interval and its source
  std::string vcov_method;         // "classical", "HC0", ..., "analytic information matrix"
  std::string engine_version;
  std::string blas;
  std::string blas_library;
  std::string lapack;
  int threads = 1;         // OpenBLAS threads
  int sparse_threads = 1;  // OpenMP threads of the sparse kernels
  std::uint64_t seed = 0;
  std::vector<std::pair<std::string, double>> stage_seconds;  // ("fit", 0.01), ...
};

// The engine's side of the provenance, the same for every estimator: version, BLAS / LAPACK and the thread
// counts of OpenBLAS and of the sparse kernels (engine::GetBuildInfo()).
void FillEngineProvenance(Provenance& provenance);

// Weights as used in the fit (after subsetting to the data and transformation).
struct WeightsInfo {
  std::string source;
  std::string style;  // "W", "B", ...
  std::int64_t n = 0;
  std::int64_t links = 0;
  double mean_neighbours = 0.0;
  std::int64_t min_neighbours = 0;
  std::int64_t max_neighbours = 0;
  std::int64_t islands = 0;
  std::int64_t components = 0;
  bool symmetric = false;
};

// A recovered fixed effect of a panel fit (on request), as splm's effects(): the intercept, or a unit's or a
// period's effect as a deviation from it.
struct FixedEffect {
  std::string kind;  // "intercept", "unit" or "period"
  std::string id;    // the unit's id or the period's label ("(Intercept)" for the intercept)
  double estimate = 0.0;
  double std_error = 0.0;
  double z = 0.0;
  double p_value = 1.0;
};

// The shape of a panel fit (FitResult::panel; absent for a cross-section).
struct PanelInfo {
  std::int64_t units = 0;         // N
  std::int64_t periods = 0;       // T
  std::int64_t observations = 0;  // rows fitted (N T for a balanced panel)
  bool balanced = true;
  // Unbalanced panels only: the unit-periods without a row (N T - observations), how many periods lack a
  // unit and units lack a period, and the distinct W_t (one log-determinant set-up each).
  std::int64_t missing_unit_periods = 0;
  std::int64_t incomplete_periods = 0;
  std::int64_t incomplete_units = 0;
  std::int64_t distinct_weights = 1;
  std::string effects;  // "none", "individual", "time", "twoways", "random" or "random (Mundlak)"
  std::string bias_correction = "none";  // the Lee-Yu correction, when one is added
  // Random effects: phi = sigma2_mu / sigma2_nu and sigma2_mu (sigma2_nu is FitResult::sigma2).
  std::optional<double> phi;
  std::optional<double> sigma2_mu;
};

struct FitResult {
  std::string model;   // "ols", "sar", ...
  std::string method;  // "least squares", "maximum likelihood"
  std::string formula;
  std::string dependent;
  std::string data_source;
  std::int64_t n = 0;
  std::int64_t k = 0;  // number of regression coefficients (excluding rho, lambda, sigma2)
  std::vector<Coefficient> coefficients;
  arma::mat vcov;  // of the coefficients, in the order of `coefficients`
  double sigma2 = 0.0;
  double log_likelihood = 0.0;
  double aic = 0.0;
  double bic = 0.0;
  std::vector<FitStatistic> statistics;
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> dropped_ids;  // observations dropped for missing values (with reasons)
  std::vector<std::string> warnings;
  FitStatus status = FitStatus::kFailed;
  std::string status_message = "not fitted";
  bool has_weights = false;
  WeightsInfo weights;
  // A model with a second matrix (SAC's W2 of the error process; W2 = W1 unless --weights2 names another)
  // describes it here; false for every model with one W.
  bool has_weights2 = false;
  WeightsInfo weights2;
  Provenance provenance;
  // Direct, indirect and total impacts when they were asked for and the fit is usable.
  std::optional<ImpactsResult> impacts;
  // N, T and the effects of a panel fit; absent for a cross-section.
  std::optional<PanelInfo> panel;
  // The recovered fixed effects, when asked for (FitRequest::fixed_effects); empty otherwise.
  std::vector<FixedEffect> fixed_effects;

  bool IsUsable() const { return status == FitStatus::kConverged; }
};

// `result` with every option named as a front end names it (engine::NameOptions over its warnings, status
// message, diagnostics' notes, log-determinant and covariance descriptions, dropped ids and impacts' notes).
FitResult WithOptionNames(FitResult result, const std::function<std::string(const std::string&)>& name_of);

}  // namespace hinterland::estimators
