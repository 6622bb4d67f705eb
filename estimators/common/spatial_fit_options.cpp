// Validation of SpatialFitOptions (see spatial_fit_options.hpp).
#include "estimators/common/spatial_fit_options.hpp"

#include <cmath>
#include <set>

#include "engine/core/error.hpp"

namespace hinterland::estimators {

void ValidateSpatialFitOptions(const SpatialFitOptions& options) {
  if (!(options.tolerance > 0.0) || !std::isfinite(options.tolerance)) {
    throw engine::OptionError("--tolerance must be a positive finite number, got " +
                              std::to_string(options.tolerance));
  }
  if (options.max_iterations < 1) {
    throw engine::OptionError("--max-iterations must be at least 1, got " +
                              std::to_string(options.max_iterations));
  }
  if (!(options.trace_relative_error > 0.0)) {
    throw engine::OptionError("trace_relative_error must be positive, got " +
                              std::to_string(options.trace_relative_error));
  }
  if (options.trace_probes < 1) {
    throw engine::OptionError("--trace-probes must be at least 1, got " +
                              std::to_string(options.trace_probes));
  }
  std::set<std::string> seen;
  for (const std::string& term : options.durbin_terms) {
    if (term.empty()) {
      throw engine::OptionError("--durbin has an empty term name");
    }
    if (!seen.insert(term).second) {
      throw engine::OptionError("--durbin names \"" + term + "\" twice");
    }
  }
}

}  // namespace hinterland::estimators
