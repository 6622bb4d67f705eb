// Parsing of the fit command's words into a FitRequest (see fit_plan.hpp).
#include "cli/commands/fit_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <stdexcept>

#include "engine/core/error.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "estimators/common/covariance.hpp"
#include "estimators/common/model_kind.hpp"
#include "estimators/panel/panel_effects.hpp"
#include "estimators/panel/panel_random_effects.hpp"

namespace hinterland::cli {
namespace {

using engine::OptionProblem;

std::string TrimSpaces(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Runs `parse`, adding the problems of an OptionError it throws to `problems` instead of stopping.
void Collect(std::vector<OptionProblem>& problems, const std::function<void()>& parse) {
  try {
    parse();
  } catch (const engine::OptionError& error) {
    if (error.Problems().empty()) throw;
    problems.insert(problems.end(), error.Problems().begin(), error.Problems().end());
  }
}

// "lower,upper" -> the interval (order and range are the library's to check).
engine::RhoBounds ParseRhoInterval(const std::string& text) {
  const auto fail = [&text] {
    return engine::OptionError(
        {{"rho_interval", text,
          fmt::format("\"{}\": give two numbers lower,upper, e.g. `rho_interval` -0.9,0.99", text)}});
  };
  const std::size_t comma = text.find(',');
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

// The words of the model, its covariance and log-determinant, the data's policies and the report format.
void ParseWords(const FitCommandOptions& options, FitPlan& plan, std::vector<OptionProblem>& problems) {
  estimators::FitRequest& request = plan.request;
  Collect(problems, [&] { request.model = estimators::ParseModelKind(options.model); });
  Collect(problems, [&] { plan.format = ParseReportFormat(options.format); });
  Collect(problems, [&] { request.missing = engine::ParseMissingPolicy(options.missing); });
  if (!options.vcov.empty()) {
    Collect(problems, [&] { request.vcov = estimators::ParseCovarianceEstimator(options.vcov); });
  }
  if (!options.logdet.empty()) {
    Collect(problems, [&] { request.logdet = engine::ParseLogDetMethod(options.logdet); });
  }
  if (!options.style.empty()) {
    Collect(problems, [&] { request.style = engine::ParseWeightsStyle(options.style); });
  }
  if (!options.islands.empty()) {
    Collect(problems, [&] { request.islands = engine::ParseIslandPolicy(options.islands); });
  }
  if (!options.impacts_method.empty()) {
    Collect(problems,
            [&] { request.impacts_method = estimators::ParseImpactMethod(options.impacts_method); });
  }
  if (!options.rho_interval.empty()) {
    Collect(problems, [&] { request.rho_interval = ParseRhoInterval(options.rho_interval); });
  }
  if (!options.effects.empty()) {
    Collect(problems, [&] { request.effects = estimators::ParsePanelEffects(options.effects); });
  }
  if (!options.random_error.empty()) {
    Collect(problems,
            [&] { request.random_error = estimators::ParseRandomErrorStructure(options.random_error); });
  }
}

// What the files given say of the design, and the Durbin names (the numbers are bound to the request).
void CopyFiles(const FitCommandOptions& options, estimators::FitRequest& request) {
  request.weights = !options.weights.empty();
  request.weights2 = !options.weights2.empty();
  if (!options.time.empty()) request.time = options.time;
  request.fixed_effects = !options.fixed_effects_output.empty();
  if (!options.durbin.empty()) request.durbin = SplitDurbinTerms(options.durbin);
}

}  // namespace

std::vector<std::string> SplitDurbinTerms(const std::string& text) {
  std::vector<std::string> terms;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    terms.push_back(TrimSpaces(text.substr(start, comma - start)));
    start = comma + 1;
  }
  return terms;
}

FitPlan PlanFit(const FitCommandOptions& options) {
  FitPlan plan;
  plan.request = options.request;
  std::vector<OptionProblem> problems;
  ParseWords(options, plan, problems);
  CopyFiles(options, plan.request);
  // Which options apply to the model can only be judged once the model is known.
  const bool model_known = std::none_of(problems.begin(), problems.end(),
                                        [](const OptionProblem& problem) { return problem.key == "model"; });
  if (model_known) {
    for (OptionProblem& problem : plan.request.Validate()) problems.push_back(std::move(problem));
  }
  if (options.weights.empty() && !options.weights_id_field.empty()) {
    problems.push_back({"weights_id_field", options.weights_id_field, "has no effect without `weights`"});
  }
  if (!problems.empty()) throw engine::OptionError(std::move(problems));
  return plan;
}

}  // namespace hinterland::cli
