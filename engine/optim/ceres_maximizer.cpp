// MaximizeInBox through ceres::GradientProblemSolver on the logistic-transformed parameters. Ceres
// minimises, so the cost is -f and its gradient -df/dx * dx/du (chain rule through the transform).
#include "engine/optim/ceres_maximizer.hpp"

#include <ceres/ceres.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/core/error.hpp"

namespace hinterland::engine {

namespace {

double Logistic(double u) {
  return u >= 0.0 ? 1.0 / (1.0 + std::exp(-u)) : std::exp(u) / (1.0 + std::exp(u));
}

class TransformedObjective final : public ceres::FirstOrderFunction {
 public:
  TransformedObjective(const BoxObjective& objective, const CeresMaximizerOptions& options, int* evaluations)
      : objective_(objective), options_(options), evaluations_(evaluations) {}

  int NumParameters() const override { return static_cast<int>(options_.lower.size()); }

  bool Evaluate(const double* parameters, double* cost, double* gradient) const override {
    const int d = NumParameters();
    std::vector<double> x(d), dx_du(d);
    for (int i = 0; i < d; ++i) {
      const double width = options_.upper[i] - options_.lower[i];
      const double p = Logistic(parameters[i]);
      x[i] = options_.lower[i] + width * p;
      dx_du[i] = width * p * (1.0 - p);
      if (!(x[i] > options_.lower[i] && x[i] < options_.upper[i])) return false;
    }
    double value = 0.0;
    std::vector<double> gradient_x(d, 0.0);
    if (!EvaluateAt(x, &value, gradient == nullptr ? nullptr : &gradient_x)) return false;
    *cost = -value;
    if (gradient != nullptr) {
      for (int i = 0; i < d; ++i) gradient[i] = -gradient_x[i] * dx_du[i];
    }
    return std::isfinite(value);
  }

  bool EvaluateAt(const std::vector<double>& x, double* value, std::vector<double>* gradient) const {
    ++*evaluations_;
    if (gradient == nullptr) return objective_(x, value, {});
    if (options_.analytic_gradient) return objective_(x, value, *gradient);
    if (!objective_(x, value, {})) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      // Central difference with a step that keeps both points strictly inside the box.
      const double room = std::min(x[i] - options_.lower[i], options_.upper[i] - x[i]);
      const double step = std::min(options_.numeric_step * std::max(1.0, std::abs(x[i])), 0.5 * room);
      std::vector<double> forward = x, backward = x;
      forward[i] += step;
      backward[i] -= step;
      double value_forward = 0.0, value_backward = 0.0;
      if (!objective_(forward, &value_forward, {}) || !objective_(backward, &value_backward, {}))
        return false;
      (*gradient)[i] = (value_forward - value_backward) / (2.0 * step);
    }
    return true;
  }

 private:
  const BoxObjective& objective_;
  const CeresMaximizerOptions& options_;
  int* evaluations_;
};

// Reports each iteration's point (the solver updates `u` in place every iteration) in the box's coordinates.
class IterationReporter final : public ceres::IterationCallback {
 public:
  IterationReporter(const std::vector<double>& u, const CeresMaximizerOptions& options)
      : u_(u), options_(options) {}
  ceres::CallbackReturnType operator()(const ceres::IterationSummary& summary) override {
    std::vector<double> x(u_.size());
    for (std::size_t i = 0; i < u_.size(); ++i) {
      x[i] = options_.lower[i] + (options_.upper[i] - options_.lower[i]) * Logistic(u_[i]);
    }
    options_.on_iteration(summary.iteration, x, -summary.cost);
    return ceres::SOLVER_CONTINUE;
  }

 private:
  const std::vector<double>& u_;
  const CeresMaximizerOptions& options_;
};

void ValidateBox(const std::vector<double>& start, const CeresMaximizerOptions& options) {
  if (options.lower.size() != start.size() || options.upper.size() != start.size() || start.empty()) {
    throw OptionError("optimizer: lower, upper and start must have the same (non-zero) number of parameters");
  }
  for (std::size_t i = 0; i < start.size(); ++i) {
    if (!(options.lower[i] < options.upper[i])) {
      std::ostringstream message;
      message << "optimizer: parameter " << i << " has lower bound " << options.lower[i]
              << " not below upper bound " << options.upper[i];
      throw OptionError(message.str());
    }
    if (!(start[i] > options.lower[i] && start[i] < options.upper[i])) {
      std::ostringstream message;
      message << "optimizer: start value " << start[i] << " of parameter " << i << " is not inside ("
              << options.lower[i] << ", " << options.upper[i] << ")";
      throw OptionError(message.str());
    }
  }
}

}  // namespace

MaximizerResult MaximizeInBox(const BoxObjective& objective,
                              const std::vector<double>& start,
                              const CeresMaximizerOptions& options) {
  ValidateBox(start, options);
  const int d = static_cast<int>(start.size());
  std::vector<double> u(d);
  for (int i = 0; i < d; ++i) {
    const double p = (start[i] - options.lower[i]) / (options.upper[i] - options.lower[i]);
    u[i] = std::log(p / (1.0 - p));
  }
  MaximizerResult result;
  auto* function = new TransformedObjective(objective, options, &result.evaluations);
  double start_value = 0.0;
  if (!function->EvaluateAt(start, &start_value, nullptr) || !std::isfinite(start_value)) {
    delete function;
    std::ostringstream message;
    message << "optimizer: the objective is not defined at the start point (";
    for (int i = 0; i < d; ++i) message << (i ? ", " : "") << start[i];
    message << ")";
    throw NumericalError(message.str());
  }
  ceres::GradientProblem problem(function);  // takes ownership
  ceres::GradientProblemSolver::Options solver_options;
  solver_options.line_search_direction_type = ceres::BFGS;
  solver_options.max_num_iterations = options.max_iterations;
  solver_options.gradient_tolerance = options.gradient_tolerance;
  solver_options.function_tolerance = options.function_tolerance;
  solver_options.parameter_tolerance = options.parameter_tolerance;
  solver_options.logging_type = ceres::SILENT;
  IterationReporter reporter(u, options);
  if (options.on_iteration) {
    solver_options.update_state_every_iteration = true;
    solver_options.callbacks.push_back(&reporter);
  }
  ceres::GradientProblemSolver::Summary summary;
  ceres::Solve(solver_options, problem, u.data(), &summary);

  result.x.resize(d);
  for (int i = 0; i < d; ++i) {
    const double width = options.upper[i] - options.lower[i];
    result.x[i] = options.lower[i] + width * Logistic(u[i]);
    const double room = std::min(result.x[i] - options.lower[i], options.upper[i] - result.x[i]);
    if (room <= options.at_bound_tolerance * width) result.at_bound = true;
  }
  result.value = -summary.final_cost;
  result.iterations = static_cast<int>(summary.iterations.size());
  result.converged = summary.termination_type == ceres::CONVERGENCE;
  result.message = summary.message;
  return result;
}

}  // namespace hinterland::engine
