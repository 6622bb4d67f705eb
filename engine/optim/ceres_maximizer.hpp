// CeresMaximizer: maximises a smooth function of a few parameters inside an open box with Ceres'
// GradientProblemSolver (BFGS line search). Ceres' gradient problems take no bounds, so each parameter is
// mapped onto its open interval by a logistic transform, x = lower + (upper - lower) / (1 + exp(-u)): the
// search runs over unbounded u, never evaluates on or beyond a bound, and the optimum in x is unchanged
// (the transform is a diffeomorphism). A maximum at a bound shows as u running off to +-infinity.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace hinterland::engine {

// Evaluates f(x); when `gradient` is non-empty also df/dx. Returns false when f is not defined at x
// (the line search then steps back).
using BoxObjective =
    std::function<bool(std::span<const double> x, double* value, std::span<double> gradient)>;

struct CeresMaximizerOptions {
  std::vector<double> lower;  // open lower bounds, one per parameter
  std::vector<double> upper;  // open upper bounds (lower < upper)
  // True when BoxObjective fills the gradient; otherwise central differences in x with step
  // numeric_step * max(1, |x|) (shortened to stay inside the box).
  bool analytic_gradient = false;
  double numeric_step = 1e-6;
  int max_iterations = 500;
  // Ceres' tolerances on the transformed problem: tight, because the callers compare estimates at 1e-6 and
  // the objective is cheap (two parameters).
  double gradient_tolerance = 1e-11;
  double function_tolerance = 1e-15;
  double parameter_tolerance = 1e-12;
  // A solution within this distance (relative to the interval width) of a bound is reported at the bound.
  double at_bound_tolerance = 1e-6;
  // Called after each iteration of the solver (the iteration log of a long fit) with its point and value.
  std::function<void(int iteration, std::span<const double> x, double value)> on_iteration;
};

struct MaximizerResult {
  std::vector<double> x;  // the maximiser found
  double value = 0.0;     // f(x)
  int iterations = 0;
  int evaluations = 0;
  bool converged = false;  // Ceres reported CONVERGENCE
  bool at_bound = false;   // some x_i within at_bound_tolerance of a bound
  std::string message;     // Ceres' termination message
};

// Throws OptionError when the start is not strictly inside the box or the bounds are inconsistent, and
// NumericalError when f is not defined at the start.
MaximizerResult MaximizeInBox(const BoxObjective& objective,
                              const std::vector<double>& start,
                              const CeresMaximizerOptions& options);

}  // namespace hinterland::engine
