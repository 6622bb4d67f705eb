// Central-difference Hessian (see numerical_hessian.hpp; Dennis & Schnabel 1996, sec. 5.6).
#include "engine/inference/numerical_hessian.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace hinterland::engine {
namespace {

// The step for coordinate i, shrunk to half the distance to a limit so that x +- h stays inside.
double StepFor(const arma::vec& x, arma::uword i, const NumericalHessianOptions& options) {
  double step = options.relative_step * std::max(std::fabs(x[i]), 1.0);
  if (!options.lower_limits.is_empty()) step = std::min(step, 0.5 * (x[i] - options.lower_limits[i]));
  if (!options.upper_limits.is_empty()) step = std::min(step, 0.5 * (options.upper_limits[i] - x[i]));
  return step;
}

}  // namespace

arma::mat NumericalHessian(const std::function<double(const arma::vec&)>& function,
                           const arma::vec& x,
                           const NumericalHessianOptions& options) {
  const arma::uword p = x.n_elem;
  HINTERLAND_CHECK(options.lower_limits.is_empty() || options.lower_limits.n_elem == p, "limits size");
  HINTERLAND_CHECK(options.upper_limits.is_empty() || options.upper_limits.n_elem == p, "limits size");
  arma::vec steps(p);
  for (arma::uword i = 0; i < p; ++i) {
    steps[i] = StepFor(x, i, options);
    HINTERLAND_CHECK(steps[i] > 0.0, "a Hessian coordinate sits on its limit");
  }
  const double centre = function(x);
  // f at x + a h_i e_i + b h_j e_j.
  const auto shifted = [&](arma::uword i, double a, arma::uword j, double b) {
    arma::vec point = x;
    point[i] += a * steps[i];
    point[j] += b * steps[j];
    return function(point);
  };
  arma::mat hessian(p, p);
  for (arma::uword i = 0; i < p; ++i) {
    // (f(x + h) - 2 f(x) + f(x - h)) / h^2, with the half steps summing to one full step each way.
    const double plus = shifted(i, 0.5, i, 0.5);
    const double minus = shifted(i, -0.5, i, -0.5);
    hessian(i, i) = (plus - 2.0 * centre + minus) / (steps[i] * steps[i]);
    for (arma::uword j = 0; j < i; ++j) {
      const double value = (shifted(i, 1.0, j, 1.0) - shifted(i, 1.0, j, -1.0) - shifted(i, -1.0, j, 1.0) +
                            shifted(i, -1.0, j, -1.0)) /
                           (4.0 * steps[i] * steps[j]);
      hessian(i, j) = value;
      hessian(j, i) = value;
    }
  }
  return hessian;
}

}  // namespace hinterland::engine
