// Maximisation of a function of one variable on an interval with Brent's (1973) method (golden section plus
// parabolic interpolation; Boost.Math's brent_find_minima), as R's optimize() does for spatialreg's
// concentrated likelihoods. Reports the evaluations used, convergence, and whether the maximum sits at an
// end of the interval (then the likelihood has no interior maximum there: Ceres-style status, not an error).
#pragma once

#include <functional>
#include <string>

namespace hinterland::engine {

struct ScalarMaximizerOptions {
  // Wanted absolute accuracy of the argument. Brent locates an optimum only to about sqrt(machine epsilon)
  // relative (the function is flat there to first order), so requests below ~3e-8 |x| give that instead.
  double tolerance = 1e-10;
  // Iterations (one function evaluation each) before the search is declared not converged.
  int max_iterations = 500;
  // Distance from an end of the interval, relative to max(1, |end|), within which the maximum counts as
  // at that end. 1e-6 is far above Brent's final bracket (~1e-8) yet far below any meaningful interior
  // optimum's distance from a bound.
  double bound_tolerance = 1e-6;
  // Words for messages: "log-likelihood is not finite at rho=0.97".
  std::string argument_name = "x";
  std::string function_name = "objective";
  // Called after each evaluation with its number (from 1), the argument and the value: an iteration log.
  std::function<void(int evaluation, double argument, double value)> on_evaluation;
};

struct ScalarMaximum {
  double argument = 0.0;
  double value = 0.0;
  int iterations = 0;
  bool converged = false;
  bool at_lower_bound = false;
  bool at_upper_bound = false;
  double tolerance_used = 0.0;  // the absolute tolerance Brent worked to near `argument`
};

// Maximises `function` over [lower, upper] (both finite, lower < upper; the function is only evaluated
// inside). Throws NumericalError naming the argument when the function returns NaN or +-infinity.
ScalarMaximum MaximizeScalar(const std::function<double(double)>& function,
                             double lower,
                             double upper,
                             const ScalarMaximizerOptions& options);

}  // namespace hinterland::engine
