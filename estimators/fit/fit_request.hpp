// FitRequest: everything a fit is asked to do, in the library's vocabulary, for every model; the one object
// the CLI, a Python binding or a benchmark fills and hands to Fit (estimators/fit/fit.hpp). As Ceres's
// Solver::Options, it validates itself: Validate() returns *all* problems at once as structured
// {option key, value, constraint} (engine::OptionProblem), keys being the field names below, so that a front
// end can name each option in its own words. An option the chosen model would ignore is a problem, never a
// silent ignore; which options apply to which model is read from the capability table
// (estimators/common/model_capabilities.hpp). Optional fields are "not given": the defaults are filled in by
// the *Options() accessors, which are what the estimators receive.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/default_seed.hpp"
#include "engine/core/error.hpp"
#include "engine/formula/model_frame.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/covariance.hpp"
#include "estimators/common/model_data.hpp"
#include "estimators/common/model_kind.hpp"
#include "estimators/common/spatial_fit_options.hpp"
#include "estimators/impacts/impacts.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/panel/panel_effects.hpp"
#include "estimators/panel/panel_random_effects.hpp"

namespace hinterland::estimators {

struct FitRequest {
  ModelKind model = ModelKind::kOls;
  // The coefficient covariance; default: the model family's (classical for least squares, analytic for ML).
  std::optional<CovarianceEstimator> vcov;

  // The design's weights: whether the design carries W and a second W (SAC's error process), and how W is
  // prepared from the file's matrix (BuildSpatialDesign). style and islands need W.
  bool weights = false;
  bool weights2 = false;
  std::optional<engine::WeightsStyle> style;    // default W (row-standardised)
  std::optional<engine::IslandPolicy> islands;  // default error
  engine::MissingPolicy missing = engine::MissingPolicy::kError;

  // Panels (ModelCapabilities::panel): the period column, which makes the design a panel of the units over
  // its periods (BuildPanelDesign), and the fixed effects removed by the within transformation (default
  // none: pooled). effects needs time.
  std::optional<std::string> time;
  std::optional<PanelEffects> effects;
  // Lee & Yu's (2010) bias correction of fixed effects (their transformation approach; PanelOptions::lee_yu):
  // off by default, as splm's LeeYu and xsmle, so that replications match. Needs effects other than none.
  bool lee_yu = false;
  // Random unit effects instead of fixed ones (sar, sem: panel_random_effects.hpp), and the Mundlak (1978)
  // correlated random effects (the unit means of the time-varying regressors added; implies random). Both
  // need `time` and no `effects`.
  bool random = false;
  bool mundlak = false;
  // The error process of the random-effects sem: kkp (Kapoor, Kelejian & Prucha 2007, the default) or bsk
  // (Baltagi, Song & Koh 2003; splm's default "b"). Needs `random` (or `mundlak`) and `model` sem.
  std::optional<RandomErrorStructure> random_error;
  // Recover the fixed effects with their SEs (FitResult::fixed_effects; PanelOptions::fixed_effects): the ML
  // panel models with `effects` other than none.
  bool fixed_effects = false;

  // Models with a log-determinant (ModelCapabilities::uses_log_determinant). The back-end settings apply only
  // to the back-ends named beside them (BackEndSettingsOf).
  std::optional<engine::LogDetMethod> logdet;  // default auto
  std::optional<int> lanczos_steps;            // lanczos
  std::optional<int> lanczos_probes;           // lanczos
  std::optional<int> interpolation_nodes;      // interpolated
  std::optional<int> chebyshev_order;          // chebyshev
  std::optional<int> mc_order;                 // mc
  std::optional<int> mc_probes;                // chebyshev, mc
  std::optional<int> exact_trace_order;        // chebyshev, mc, lanczos
  std::optional<engine::RhoBounds> rho_interval;
  std::optional<double> tolerance;
  std::optional<int> max_iterations;

  // Models with Durbin terms: the regressors whose lags W X enter; default every eligible one.
  std::optional<std::vector<std::string>> durbin;

  // Impacts (models whose ModelCapabilities::impacts is not kNone). draws: simulated impacts only.
  bool impacts = false;
  std::optional<int> draws;
  std::optional<ImpactMethod> impacts_method;

  // Every random draw of the fit (stochastic log-determinants and traces, impact draws).
  std::uint64_t seed = engine::kDefaultSeed;
  // The iteration log of the likelihood searches (SpatialFitOptions::iteration_log); empty: silent.
  std::function<void(const std::string&)> iteration_log;
  // Threads of OpenBLAS and of the sparse kernels during the fit (0: leave the process's settings); set for
  // the fit and restored when it returns.
  int threads = 0;

  // Every problem of the request, in order: unknown combinations (an option the model ignores, a model that
  // needs W without it) and values outside their domain. Empty when the request can be fitted.
  std::vector<engine::OptionProblem> Validate() const;

  // The library options the request resolves to, defaults filled in (assume Validate() found nothing).
  OlsOptions LeastSquaresOptions() const;
  SpatialFitOptions MaximumLikelihoodOptions() const;
  ImpactOptions ImpactsOptions() const;
  ModelDataOptions DesignOptions() const;
  CovarianceEstimator Covariance() const;
};

// Throws engine::OptionError carrying every problem of request.Validate(), if any.
void RequireValid(const FitRequest& request);

// A log-determinant back-end setting of FitRequest: its key, the back-ends it acts on and its value.
struct BackEndSetting {
  const char* key;
  std::optional<int> value;
  std::vector<engine::LogDetMethod> methods;
};
std::vector<BackEndSetting> BackEndSettingsOf(const FitRequest& request);

}  // namespace hinterland::estimators
