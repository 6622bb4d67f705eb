// Thin wrappers over Boost.Math; non-finite statistics give NaN p-values rather than a Boost exception,
// and callers report them.
#include "engine/inference/distributions.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace hinterland::engine {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double NormalUpperTail(double z) {
  if (std::isnan(z)) return kNaN;
  if (std::isinf(z)) return z > 0 ? 0.0 : 1.0;
  return boost::math::cdf(boost::math::complement(boost::math::normal(), z));
}

double NormalTwoSided(double z) { return std::isnan(z) ? kNaN : 2.0 * NormalUpperTail(std::fabs(z)); }

double StudentTTwoSided(double t, double degrees_of_freedom) {
  if (std::isnan(t) || !(degrees_of_freedom > 0)) return kNaN;
  if (std::isinf(t)) return 0.0;
  return 2.0 *
         boost::math::cdf(boost::math::complement(boost::math::students_t(degrees_of_freedom), std::fabs(t)));
}

double ChiSquaredUpperTail(double x, double degrees_of_freedom) {
  if (std::isnan(x) || !(degrees_of_freedom > 0)) return kNaN;
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared(degrees_of_freedom), x));
}

double FUpperTail(double f, double numerator_df, double denominator_df) {
  if (std::isnan(f) || !(numerator_df > 0) || !(denominator_df > 0)) return kNaN;
  if (f <= 0) return 1.0;
  if (std::isinf(f)) return 0.0;
  return boost::math::cdf(boost::math::complement(boost::math::fisher_f(numerator_df, denominator_df), f));
}

double NormalQuantile(double probability) {
  if (!(probability > 0.0 && probability < 1.0)) return kNaN;
  return boost::math::quantile(boost::math::normal(), probability);
}

}  // namespace hinterland::engine
