// Validation and resolution of a FitRequest (see fit_request.hpp). Which option applies to which model comes
// from the capability table; the value domains from the engine and the estimators' own option checks.
#include "estimators/fit/fit_request.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/text.hpp"
#include "estimators/common/model_capabilities.hpp"

namespace hinterland::estimators {
namespace {

using engine::LogDetMethod;
using engine::OptionProblem;

// The problems of one request, in the order they are found.
class Problems {
 public:
  void Add(std::string key, std::string value, std::string constraint) {
    list_.push_back(OptionProblem{std::move(key), std::move(value), std::move(constraint)});
  }
  // `key` was given for a model it does not apply to: "has no effect with `model` sar: it applies to ...".
  void NotForModel(const std::string& key, ModelKind model, const std::string& applies_to) {
    Add(key, "", fmt::format("has no effect with `model` {}: it applies to {}", ToString(model), applies_to));
  }
  std::vector<OptionProblem> Take() { return std::move(list_); }

 private:
  std::vector<OptionProblem> list_;
};

std::string ModelsUsingLogDeterminant() {
  return ModelsWhere([](const ModelCapabilities& row) { return row.uses_log_determinant; });
}

// The back-ends' names in words for a refusal: "chebyshev or mc".
std::string MethodWords(const std::vector<LogDetMethod>& methods) {
  std::vector<std::string> words;
  for (LogDetMethod method : methods) words.push_back(engine::ToString(method));
  return engine::JoinWords(words, "or");
}

void CheckWeights(const FitRequest& request, const ModelCapabilities& model, Problems& problems) {
  if (model.needs_weights && !request.weights) {
    problems.Add("model", ToString(request.model), ToString(request.model) + " needs `weights`");
  }
  if (request.weights2 && !model.second_weights) {
    problems.NotForModel("weights2", request.model,
                         ModelsWhere([](const ModelCapabilities& row) { return row.second_weights; }));
  }
  if (!request.weights) {
    if (request.style)
      problems.Add("style", engine::ToString(*request.style), "has no effect without `weights`");
    if (request.islands) problems.Add("islands", "", "has no effect without `weights`");
  }
}

void CheckLogDeterminant(const FitRequest& request, const ModelCapabilities& model, Problems& problems) {
  const std::string applies_to = ModelsUsingLogDeterminant();
  if (!model.uses_log_determinant) {
    if (request.logdet) problems.NotForModel("logdet", request.model, applies_to);
    for (const BackEndSetting& setting : BackEndSettingsOf(request)) {
      if (setting.value) problems.NotForModel(setting.key, request.model, applies_to);
    }
    if (request.rho_interval) problems.NotForModel("rho_interval", request.model, applies_to);
    if (request.tolerance) problems.NotForModel("tolerance", request.model, applies_to);
    if (request.max_iterations) problems.NotForModel("max_iterations", request.model, applies_to);
    return;
  }
  // A back-end's settings act only when `logdet` names it (auto keeps its own choices).
  const LogDetMethod method = request.logdet.value_or(LogDetMethod::kAuto);
  for (const BackEndSetting& setting : BackEndSettingsOf(request)) {
    if (!setting.value) continue;
    if (std::find(setting.methods.begin(), setting.methods.end(), method) == setting.methods.end()) {
      problems.Add(setting.key, std::to_string(*setting.value),
                   "has no effect without `logdet` " + MethodWords(setting.methods));
    }
  }
  for (const OptionProblem& problem :
       engine::LogDetOptionProblems(request.MaximumLikelihoodOptions().logdet)) {
    problems.Add(problem.key, problem.value, problem.constraint);
  }
  if (request.rho_interval) {
    const engine::RhoBounds& interval = *request.rho_interval;
    if (!std::isfinite(interval.lower) || !std::isfinite(interval.upper) ||
        !(interval.lower < interval.upper)) {
      const std::string value = fmt::format("{:g},{:g}", interval.lower, interval.upper);
      problems.Add("rho_interval", value, value + ": needs finite lower < upper");
    }
  }
}

void CheckDurbin(const FitRequest& request, const ModelCapabilities& model, Problems& problems) {
  if (request.durbin && !model.durbin_terms) {
    problems.NotForModel("durbin", request.model,
                         ModelsWhere([](const ModelCapabilities& row) { return row.durbin_terms; }));
  }
}

void CheckImpacts(const FitRequest& request, const ModelCapabilities& model, Problems& problems) {
  if (request.impacts && model.impacts == ImpactsKind::kNone) {
    problems.NotForModel(
        "impacts", request.model,
        ModelsWhere([](const ModelCapabilities& row) { return row.impacts != ImpactsKind::kNone; }) +
            " (the "
            "impacts of " +
            ModelsWhere([](const ModelCapabilities& row) { return row.impacts == ImpactsKind::kNone; }) +
            " are their coefficients)");
  }
  if (!request.impacts) {
    if (request.draws)
      problems.Add("draws", std::to_string(*request.draws), "has no effect without `impacts`");
    if (request.impacts_method) problems.Add("impacts_method", "", "has no effect without `impacts`");
    return;
  }
  if (request.draws && model.impacts == ImpactsKind::kAnalytic) {
    problems.Add("draws", std::to_string(*request.draws),
                 fmt::format("has no effect with `model` {}: its impacts are analytic (no simulation)",
                             ToString(request.model)));
  } else if (request.draws && *request.draws < 0) {
    problems.Add("draws", std::to_string(*request.draws),
                 fmt::format("{}: must be >= 0 (0: point estimates only)", *request.draws));
  }
}

// The random-effects error structure chooses between the two error processes of the random-effects sem; for
// any other fit it would be ignored.
void CheckRandomError(const FitRequest& request, Problems& problems) {
  if (!request.random_error) return;
  const std::string value = ToString(*request.random_error);
  if (!request.random && !request.mundlak) {
    problems.Add("random_error", value, "chooses the error of random effects: it needs `random`");
  } else if (request.model != ModelKind::kSem) {
    problems.Add("random_error", value,
                 fmt::format("chooses the error process of the random-effects sem, not `model` {}",
                             ToString(request.model)));
  }
}

// A panel needs a model with a panel estimator; effects need a panel. What panels do not have yet
// (covariances other than the analytic one) is refused by name rather than ignored.
void CheckPanel(const FitRequest& request, const ModelCapabilities& model, Problems& problems) {
  if (!request.time) {
    if (request.effects) problems.Add("effects", ToString(*request.effects), "needs a panel: give `time`");
    if (request.lee_yu)
      problems.Add("lee_yu", "", "needs a panel with fixed effects: give `time` and `effects`");
    if (request.random) problems.Add("random", "", "needs a panel: give `time`");
    if (request.fixed_effects)
      problems.Add("fixed_effects", "", "needs a panel with fixed effects: give `time`");
    if (request.vcov == CovarianceEstimator::kCluster) {
      problems.Add("vcov", "cluster", "clusters by unit: it needs a panel (`time`)");
    }
    if (request.mundlak) problems.Add("mundlak", "", "needs a panel: give `time`");
    if (request.random_error)
      problems.Add("random_error", ToString(*request.random_error),
                   "needs a panel with `random`: give `time`");
    return;
  }
  CheckRandomError(request, problems);
  if (request.fixed_effects &&
      (request.effects.value_or(PanelEffects::kNone) == PanelEffects::kNone || request.random ||
       request.mundlak || model.estimation != EstimationMethod::kMaximumLikelihood)) {
    problems.Add("fixed_effects", "",
                 "recovers the fixed effects of the ML panel models (sar, sem, sdm, sdem, sac) with "
                 "`effects` individual, "
                 "time or twoways");
  }
  if (request.random || request.mundlak) {
    const char* key = request.mundlak ? "mundlak" : "random";
    if (request.effects && *request.effects != PanelEffects::kNone) {
      problems.Add(key, "",
                   fmt::format("replaces the fixed effects of `effects` {}: give one of them",
                               ToString(*request.effects)));
    }
    if (request.model != ModelKind::kSar && request.model != ModelKind::kSem) {
      problems.Add(key, "",
                   fmt::format("random effects are available for sar and sem, not `model` {}",
                               ToString(request.model)));
    }
  }
  if (request.lee_yu && (request.model == ModelKind::kOls || request.model == ModelKind::kSlx)) {
    problems.Add("lee_yu", "",
                 "corrects the ML panel models (sar, sem, sdm, sdem); ols and slx count the absorbed "
                 "effects in its degrees of freedom");
  } else if (request.lee_yu && request.effects.value_or(PanelEffects::kNone) == PanelEffects::kNone) {
    problems.Add("lee_yu", "", "corrects fixed effects: it needs `effects` individual, time or twoways");
  }
  if (!model.panel) {
    problems.Add("time", *request.time,
                 fmt::format("panel fits are available for {}, not `model` {}",
                             ModelsWhere([](const ModelCapabilities& row) { return row.panel; }),
                             ToString(request.model)));
    return;
  }
  if (!request.weights && !model.needs_weights)
    problems.Add("time", *request.time, "a panel fit needs `weights`");
  if (model.estimation == EstimationMethod::kMaximumLikelihood && request.vcov &&
      *request.vcov != CovarianceEstimator::kAnalytic && *request.vcov != CovarianceEstimator::kCluster) {
    problems.Add("vcov", ToString(*request.vcov), "panel ML fits have the analytic and cluster covariances");
  }
  if (request.vcov == CovarianceEstimator::kCluster && request.lee_yu) {
    problems.Add("vcov", "cluster", "is not yet available with `lee_yu`");
  }
}

void CheckCovariance(const FitRequest& request, const ModelCapabilities& model, Problems& problems) {
  if (!request.vcov || FamilyOf(*request.vcov) == model.covariance) return;
  const CovarianceFamily other = FamilyOf(*request.vcov);
  problems.Add(
      "vcov", ToString(*request.vcov),
      fmt::format("{}: not a covariance of `model` {} ({}); {} apply to {}", ToString(*request.vcov),
                  ToString(request.model), CovarianceWords(model.covariance), CovarianceWords(other),
                  ModelsWhere([other](const ModelCapabilities& row) { return row.covariance == other; })));
}

}  // namespace

std::vector<BackEndSetting> BackEndSettingsOf(const FitRequest& request) {
  using enum LogDetMethod;
  return {
      {"lanczos_steps", request.lanczos_steps, {kLanczos}},
      {"lanczos_probes", request.lanczos_probes, {kLanczos}},
      {"interpolation_nodes", request.interpolation_nodes, {kInterpolated}},
      {"chebyshev_order", request.chebyshev_order, {kChebyshev}},
      {"mc_order", request.mc_order, {kMonteCarlo}},
      {"mc_probes", request.mc_probes, {kChebyshev, kMonteCarlo}},
      {"exact_trace_order", request.exact_trace_order, {kChebyshev, kMonteCarlo, kLanczos}},
  };
}

std::vector<engine::OptionProblem> FitRequest::Validate() const {
  const ModelCapabilities& capabilities = CapabilitiesOf(model);
  Problems problems;
  CheckWeights(*this, capabilities, problems);
  CheckLogDeterminant(*this, capabilities, problems);
  CheckDurbin(*this, capabilities, problems);
  CheckImpacts(*this, capabilities, problems);
  CheckCovariance(*this, capabilities, problems);
  CheckPanel(*this, capabilities, problems);
  // The values of the options that apply: tolerance, iterations, Durbin terms (and the trace settings).
  if (capabilities.uses_log_determinant || capabilities.durbin_terms) {
    for (engine::OptionProblem& problem : SpatialFitOptionProblems(MaximumLikelihoodOptions())) {
      problems.Add(std::move(problem.key), std::move(problem.value), std::move(problem.constraint));
    }
  }
  if (threads < 0) problems.Add("threads", std::to_string(threads), fmt::format("{}: must be >= 0", threads));
  return problems.Take();
}

void RequireValid(const FitRequest& request) {
  std::vector<engine::OptionProblem> problems = request.Validate();
  if (!problems.empty()) throw engine::OptionError(std::move(problems));
}

CovarianceEstimator FitRequest::Covariance() const {
  return vcov.value_or(DefaultCovariance(CapabilitiesOf(model).covariance));
}

OlsOptions FitRequest::LeastSquaresOptions() const {
  OlsOptions options;
  if (FamilyOf(Covariance()) == CovarianceFamily::kLeastSquares) options.vcov = Covariance();
  return options;
}

SpatialFitOptions FitRequest::MaximumLikelihoodOptions() const {
  SpatialFitOptions options;
  engine::LogDetOptions& logdet_options = options.logdet;
  logdet_options.method = logdet.value_or(engine::LogDetMethod::kAuto);
  if (lanczos_steps) logdet_options.lanczos_steps = *lanczos_steps;
  if (lanczos_probes) logdet_options.lanczos_probes = *lanczos_probes;
  if (interpolation_nodes) logdet_options.interpolation_nodes = *interpolation_nodes;
  if (chebyshev_order) logdet_options.chebyshev_order = *chebyshev_order;
  if (mc_order) logdet_options.mc_order = *mc_order;
  if (mc_probes) logdet_options.mc_probes = *mc_probes;
  if (exact_trace_order) logdet_options.exact_trace_order = *exact_trace_order;
  logdet_options.rho_interval = rho_interval;
  logdet_options.seed = seed;
  options.seed = seed;
  if (FamilyOf(Covariance()) == CovarianceFamily::kMaximumLikelihood) options.covariance = Covariance();
  options.iteration_log = iteration_log;
  if (tolerance) options.tolerance = *tolerance;
  if (max_iterations) options.max_iterations = *max_iterations;
  if (durbin) {
    options.durbin_all = false;
    options.durbin_terms = *durbin;
  }
  return options;
}

ImpactOptions FitRequest::ImpactsOptions() const {
  ImpactOptions options;
  options.seed = seed;
  if (draws) options.draws = *draws;
  if (CapabilitiesOf(model).impacts == ImpactsKind::kAnalytic) {
    // Direct = beta, indirect = theta with analytic SEs: nothing is drawn.
    options.draws = 0;
    options.method = ImpactMethod::kAnalytic;
  }
  if (impacts_method) options.method = *impacts_method;
  return options;
}

ModelDataOptions FitRequest::DesignOptions() const {
  ModelDataOptions options;
  options.missing = missing;
  options.style = style.value_or(engine::WeightsStyle::kRowStandardised);
  options.islands = islands.value_or(engine::IslandPolicy::kError);
  return options;
}

}  // namespace hinterland::estimators
