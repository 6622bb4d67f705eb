// Validation of SpatialFitOptions (see spatial_fit_options.hpp).
#include "estimators/common/spatial_fit_options.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

namespace hinterland::estimators {

std::vector<engine::OptionProblem> SpatialFitOptionProblems(const SpatialFitOptions& options) {
  std::vector<engine::OptionProblem> problems;
  if (!(options.tolerance > 0.0) || !std::isfinite(options.tolerance)) {
    problems.push_back({"tolerance", fmt::format("{:g}", options.tolerance),
                        fmt::format("must be a positive finite number, got {:g}", options.tolerance)});
  }
  if (options.max_iterations < 1) {
    problems.push_back({"max_iterations", std::to_string(options.max_iterations),
                        fmt::format("must be at least 1, got {}", options.max_iterations)});
  }
  if (!(options.trace_relative_error > 0.0)) {
    problems.push_back({"trace_relative_error", fmt::format("{:g}", options.trace_relative_error),
                        fmt::format("must be positive, got {:g}", options.trace_relative_error)});
  }
  if (options.trace_probes < 1) {
    problems.push_back({"trace_probes", std::to_string(options.trace_probes),
                        fmt::format("must be at least 1, got {}", options.trace_probes)});
  }
  if (FamilyOf(options.covariance) != CovarianceFamily::kMaximumLikelihood) {
    problems.push_back({"vcov", ToString(options.covariance),
                        ToString(options.covariance) + ": not a maximum-likelihood covariance (" +
                            CovarianceWords(CovarianceFamily::kMaximumLikelihood) + ")"});
  }
  std::set<std::string> seen;
  for (const std::string& term : options.durbin_terms) {
    if (term.empty()) {
      problems.push_back({"durbin", "", "has an empty term name"});
    } else if (!seen.insert(term).second) {
      problems.push_back({"durbin", term, "names \"" + term + "\" twice"});
    }
  }
  return problems;
}

void ValidateSpatialFitOptions(const SpatialFitOptions& options) {
  std::vector<engine::OptionProblem> problems = SpatialFitOptionProblems(options);
  if (!problems.empty()) throw engine::OptionError(std::move(problems));
}

}  // namespace hinterland::estimators
