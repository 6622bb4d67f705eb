// Brent maximisation on an interval (see scalar_maximizer.hpp; Brent 1973, ch. 5; Boost.Math
// brent_find_minima, whose tolerance is 2^(1 - bits) relative to |x| plus a quarter of that absolute).
#include "engine/optim/scalar_maximizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <cstdint>
#include <limits>

#include "engine/core/error.hpp"

namespace hinterland::engine {
namespace {

// Boost counts precision in bits; it ignores requests above half the mantissa (sqrt(epsilon)).
int BitsFor(double tolerance) {
  const int most = std::numeric_limits<double>::digits / 2;
  const int bits = static_cast<int>(std::ceil(1.0 - std::log2(tolerance)));
  return std::clamp(bits, 1, most);
}

bool NearEnd(double x, double end, double relative) {
  return std::fabs(x - end) <= relative * std::max(1.0, std::fabs(end));
}

}  // namespace

ScalarMaximum MaximizeScalar(const std::function<double(double)>& function,
                             double lower,
                             double upper,
                             const ScalarMaximizerOptions& options) {
  HINTERLAND_CHECK(std::isfinite(lower) && std::isfinite(upper) && lower < upper,
                   "MaximizeScalar needs a finite interval lower < upper");
  HINTERLAND_CHECK(options.tolerance > 0.0 && options.max_iterations >= 1, "invalid maximizer options");
  // Brent minimises: negate. A non-finite value would silently steer the search, so it is an error.
  int evaluations = 0;
  const auto negated = [&](double x) {
    const double value = function(x);
    if (!std::isfinite(value)) {
      throw NumericalError(
          fmt::format("{} is not finite at {}={:.10g}", options.function_name, options.argument_name, x));
    }
    if (options.on_evaluation) options.on_evaluation(++evaluations, x, value);
    return -value;
  };
  const int bits = BitsFor(options.tolerance);
  std::uintmax_t iterations = static_cast<std::uintmax_t>(options.max_iterations);
  const std::pair<double, double> found =
      boost::math::tools::brent_find_minima(negated, lower, upper, bits, iterations);

  ScalarMaximum maximum;
  maximum.argument = found.first;
  maximum.value = -found.second;
  maximum.iterations = static_cast<int>(iterations);
  maximum.converged = iterations < static_cast<std::uintmax_t>(options.max_iterations);
  maximum.at_lower_bound = NearEnd(found.first, lower, options.bound_tolerance);
  maximum.at_upper_bound = NearEnd(found.first, upper, options.bound_tolerance);
  const double relative = std::ldexp(1.0, 1 - bits);
  maximum.tolerance_used = relative * std::fabs(found.first) + relative / 4.0;
  return maximum;
}

}  // namespace hinterland::engine
