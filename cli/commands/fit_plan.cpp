// Which option applies to which model, and the translation of the option words into library options.
// The library validates values (ValidateSpatialFitOptions, ComputeImpacts); this file refuses options the
// chosen model would ignore, so a user never believes an option took effect when it did not.
#include "cli/commands/fit_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "cli/commands/command_support.hpp"
#include "engine/core/error.hpp"
#include "engine/logdet/log_determinant.hpp"

namespace hinterland::cli {

namespace {

using estimators::ModelKind;

std::string ModelWord(ModelKind model) { return estimators::ToString(model); }

std::string TrimSpaces(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Refuses `option` when it was given for a model it does not apply to, saying which models it applies to.
void RefuseUnless(
    bool applies, bool given, const std::string& option, ModelKind model, const std::string& applies_to) {
  if (applies || !given) return;
  throw engine::OptionError(fmt::format("{} has no effect with --model {}: it applies to {}", option,
                                        ModelWord(model), applies_to));
}

// "lower,upper" -> the interval (order and range are checked with W, in CreateLogDeterminant).
engine::RhoBounds ParseRhoInterval(const std::string& text) {
  const std::size_t comma = text.find(',');
  const auto fail = [&text] {
    return engine::OptionError(fmt::format(
        "--rho-interval \"{}\": give two numbers lower,upper, e.g. --rho-interval -0.9,0.99", text));
  };
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos) throw fail();
  engine::RhoBounds interval;
  try {
    std::size_t used = 0;
    const std::string lower = TrimSpaces(text.substr(0, comma));
    const std::string upper = TrimSpaces(text.substr(comma + 1));
    interval.lower = std::stod(lower, &used);
    if (used != lower.size()) throw fail();
    interval.upper = std::stod(upper, &used);
    if (used != upper.size()) throw fail();
  } catch (const std::logic_error&) {  // std::invalid_argument, std::out_of_range
    throw fail();
  }
  return interval;
}

// A --logdet back-end setting: its flag, the back-ends it acts on, and the LogDetOptions field it sets.
struct BackEndSetting {
  const char* flag;
  const std::optional<int>& value;
  std::vector<engine::LogDetMethod> methods;
  const char* names;  // the back-ends in words, for the refusal
  int engine::LogDetOptions::*field;
};

std::vector<BackEndSetting> BackEndSettings(const FitCommandOptions& options) {
  using engine::LogDetMethod;
  using engine::LogDetOptions;
  return {
      {"--lanczos-steps",
       options.lanczos_steps,
       {LogDetMethod::kLanczos},
       "lanczos",
       &LogDetOptions::lanczos_steps},
      {"--lanczos-probes",
       options.lanczos_probes,
       {LogDetMethod::kLanczos},
       "lanczos",
       &LogDetOptions::lanczos_probes},
      {"--interpolation-nodes",
       options.interpolation_nodes,
       {LogDetMethod::kInterpolated},
       "interpolated",
       &LogDetOptions::interpolation_nodes},
      {"--chebyshev-order",
       options.chebyshev_order,
       {LogDetMethod::kChebyshev},
       "chebyshev",
       &LogDetOptions::chebyshev_order},
      {"--mc-order", options.mc_order, {LogDetMethod::kMonteCarlo}, "mc", &LogDetOptions::monte_carlo_order},
      {"--mc-probes",
       options.mc_probes,
       {LogDetMethod::kChebyshev, LogDetMethod::kMonteCarlo},
       "chebyshev or mc",
       &LogDetOptions::monte_carlo_probes},
      {"--exact-trace-order",
       options.exact_trace_order,
       {LogDetMethod::kChebyshev, LogDetMethod::kMonteCarlo, LogDetMethod::kLanczos},
       "chebyshev, mc or lanczos",
       &LogDetOptions::exact_trace_order},
  };
}

void CheckModelOptions(const FitCommandOptions& options, ModelKind model) {
  const bool maximum_likelihood = IsMaximumLikelihood(model);
  RefuseUnless(maximum_likelihood, !options.logdet.empty(), "--logdet", model, "sar, sem, sdm, sdem and sac");
  for (const BackEndSetting& setting : BackEndSettings(options)) {
    RefuseUnless(maximum_likelihood, setting.value.has_value(), setting.flag, model,
                 "sar, sem, sdm, sdem and sac");
  }
  RefuseUnless(maximum_likelihood, options.tolerance.has_value(), "--tolerance", model,
               "sar, sem, sdm, sdem and sac");
  RefuseUnless(maximum_likelihood, !options.rho_interval.empty(), "--rho-interval", model,
               "sar, sem, sdm, sdem and sac");
  RefuseUnless(maximum_likelihood, options.max_iterations.has_value(), "--max-iterations", model,
               "sar, sem, sdm, sdem and sac");
  RefuseUnless(HasDurbinTerms(model), !options.durbin.empty(), "--durbin", model, "sdm, sdem and slx");
  RefuseUnless(model == ModelKind::kSac, !options.weights2.empty(), "--weights2", model, "sac");
  RefuseUnless(HasImpacts(model), options.impacts, "--impacts", model,
               "sar, sdm, sac, slx and sdem (the impacts of ols and sem are their coefficients)");
  if (!options.impacts) {
    if (options.draws.has_value()) throw engine::OptionError("--draws has no effect without --impacts");
    if (!options.impacts_method.empty()) {
      throw engine::OptionError("--impacts-method has no effect without --impacts");
    }
  }
  // SLX and SDEM impacts are their coefficients with analytic standard errors: nothing is drawn.
  const bool analytic_impacts = model == ModelKind::kSlx || model == ModelKind::kSdem;
  if (options.impacts && analytic_impacts && options.draws.has_value()) {
    throw engine::OptionError(fmt::format(
        "--draws has no effect with --model {}: its impacts are analytic (no simulation)", ModelWord(model)));
  }
  if (model != ModelKind::kOls && options.weights.empty()) {
    throw engine::OptionError(fmt::format("--model {} needs --weights", ModelWord(model)));
  }
}

// The --vcov word for the model's family; a word of the other family gets a message naming both lists.
void ParseCovariance(const FitCommandOptions& options, FitPlan& plan) {
  if (options.vcov.empty()) return;  // the defaults: classical (least squares), analytic (ML)
  const bool maximum_likelihood = IsMaximumLikelihood(plan.model);
  const std::string other_family =
      maximum_likelihood ? "classical, HC0, HC1, HC2 and HC3 apply to ols and slx"
                         : "analytic, hessian and sandwich apply to sar, sem, sdm, sdem and sac";
  try {
    if (maximum_likelihood) {
      plan.spatial.covariance = estimators::ParseCovarianceMethod(options.vcov);
    } else {
      plan.ols.vcov = estimators::ParseVcovType(options.vcov);
    }
  } catch (const engine::OptionError& error) {
    throw engine::OptionError(
        fmt::format("{} (with --model {}; {})", error.what(), ModelWord(plan.model), other_family));
  }
}

void PlanSpatialOptions(const FitCommandOptions& options, FitPlan& plan) {
  estimators::SpatialFitOptions& spatial = plan.spatial;
  if (!options.logdet.empty()) spatial.logdet.method = engine::ParseLogDetMethod(options.logdet);
  // A back-end's settings act only when --logdet names it (auto keeps its own choices): refused otherwise,
  // not ignored.
  for (const BackEndSetting& setting : BackEndSettings(options)) {
    if (!setting.value.has_value()) continue;
    const auto& methods = setting.methods;
    if (std::find(methods.begin(), methods.end(), spatial.logdet.method) == methods.end()) {
      throw engine::OptionError(
          fmt::format("{} has no effect without --logdet {}", setting.flag, setting.names));
    }
    spatial.logdet.*setting.field = *setting.value;
  }
  spatial.logdet.seed = plan.seed;
  spatial.seed = plan.seed;
  if (options.tolerance.has_value()) spatial.tolerance = *options.tolerance;
  if (options.max_iterations.has_value()) spatial.max_iterations = *options.max_iterations;
  if (!options.rho_interval.empty()) spatial.logdet.rho_interval = ParseRhoInterval(options.rho_interval);
  if (!options.durbin.empty()) {
    spatial.durbin_all = false;
    spatial.durbin_terms = SplitDurbinTerms(options.durbin);
  }
  estimators::ValidateSpatialFitOptions(spatial);
}

void PlanImpacts(const FitCommandOptions& options, FitPlan& plan) {
  plan.impacts = options.impacts;
  if (!plan.impacts) return;
  estimators::ImpactOptions& impacts = plan.impact_options;
  impacts.seed = plan.seed;
  if (options.draws.has_value()) {
    if (*options.draws < 0) {
      throw engine::OptionError(
          fmt::format("--draws {}: must be >= 0 (0: point estimates only)", *options.draws));
    }
    impacts.draws = *options.draws;
  }
  if (plan.model == ModelKind::kSlx || plan.model == ModelKind::kSdem) {
    impacts.draws = 0;
    impacts.method = estimators::ImpactMethod::kAnalytic;
  }
  if (!options.impacts_method.empty()) impacts.method = estimators::ParseImpactMethod(options.impacts_method);
}

}  // namespace

bool IsMaximumLikelihood(ModelKind model) {
  return model == ModelKind::kSar || model == ModelKind::kSem || model == ModelKind::kSdm ||
         model == ModelKind::kSdem || model == ModelKind::kSac;
}

bool HasDurbinTerms(ModelKind model) {
  return model == ModelKind::kSdm || model == ModelKind::kSdem || model == ModelKind::kSlx;
}

bool HasImpacts(ModelKind model) { return model != ModelKind::kOls && model != ModelKind::kSem; }

std::vector<std::string> SplitDurbinTerms(const std::string& text) {
  std::vector<std::string> terms;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string term = TrimSpaces(text.substr(start, comma - start));
    if (term.empty()) {
      throw engine::OptionError(
          fmt::format("--durbin \"{}\": empty term name (give names separated by commas, "
                      "e.g. --durbin INC,HOVAL)",
                      text));
    }
    terms.push_back(term);
    start = comma + 1;
  }
  return terms;
}

FitPlan PlanFit(const FitCommandOptions& options) {
  FitPlan plan;
  plan.model = estimators::ParseModelKind(options.model);  // unknown words: OptionError naming --model
  CheckModelOptions(options, plan.model);
  plan.format = ParseReportFormat(options.format);
  plan.missing = ParseMissingPolicy(options.missing);
  plan.seed = options.seed.value_or(kDefaultSeed);
  ParseCovariance(options, plan);
  if (plan.model != ModelKind::kOls) PlanSpatialOptions(options, plan);
  PlanImpacts(options, plan);
  if (options.weights.empty()) {
    // Options that only act on W: refuse them rather than ignore them.
    if (!options.style.empty()) throw engine::OptionError("--style has no effect without --weights");
    if (!options.islands.empty()) throw engine::OptionError("--islands has no effect without --weights");
    if (!options.weights_id_field.empty()) {
      throw engine::OptionError("--weights-id-field has no effect without --weights");
    }
  }
  plan.model_data.missing = plan.missing;
  plan.model_data.style = options.style.empty() ? engine::WeightsStyle::kRowStandardised
                                                : engine::ParseWeightsStyle(options.style);
  plan.model_data.islands =
      options.islands.empty() ? engine::IslandPolicy::kError : engine::ParseIslandPolicy(options.islands);
  if (options.threads < 0)
    throw engine::OptionError(fmt::format("--threads {}: must be >= 0", options.threads));
  return plan;
}

}  // namespace hinterland::cli
