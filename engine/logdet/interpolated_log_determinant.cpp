// interpolated back-end: nodes, Chebyshev coefficients, set-up checks and the error estimate (the scheme
// and its measurements are in the header).
#include "engine/logdet/interpolated_log_determinant.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <set>

#include "engine/core/error.hpp"
#include "engine/logdet/cholesky_log_determinant.hpp"
#include "engine/logdet/lu_log_determinant.hpp"

namespace hinterland::engine {

namespace {

// The Chebyshev nodes of the first kind, t_k = cos(pi (k + 1/2) / N).
double Node(int k, int count) { return std::cos(std::numbers::pi * (k + 0.5) / count); }

// c_j = (2 / N) sum_k v_k T_j(t_k), halved for j = 0: the interpolant sum_j c_j T_j(t) through the nodes.
std::vector<double> ChebyshevCoefficients(const std::vector<double>& values) {
  const int count = static_cast<int>(values.size());
  std::vector<double> coefficients(count);
  for (int j = 0; j < count; ++j) {
    double sum = 0.0;
    for (int k = 0; k < count; ++k) sum += values[k] * std::cos(std::numbers::pi * j * (k + 0.5) / count);
    coefficients[j] = 2.0 * sum / count;
  }
  coefficients[0] *= 0.5;
  return coefficients;
}

// Coefficients of d/dt sum_j c_j T_j(t), by d_{k-1} = d_{k+1} + 2 k c_k (d_0 halved).
std::vector<double> DerivativeCoefficients(const std::vector<double>& coefficients) {
  const int count = static_cast<int>(coefficients.size());
  std::vector<double> derivative(count + 1, 0.0);
  for (int k = count - 1; k >= 1; --k) derivative[k - 1] = derivative[k + 1] + 2.0 * k * coefficients[k];
  derivative[0] *= 0.5;
  derivative.resize(std::max(count - 1, 1));
  return derivative;
}

// sum_j c_j T_j(t) by Clenshaw's recurrence (stable on [-1, 1]).
double Clenshaw(const std::vector<double>& coefficients, double t) {
  double b1 = 0.0;
  double b2 = 0.0;
  for (std::size_t k = coefficients.size() - 1; k >= 1; --k) {
    const double b = 2.0 * t * b1 - b2 + coefficients[k];
    b2 = b1;
    b1 = b;
  }
  return t * b1 - b2 + coefficients[0];
}

// The interpolation error beyond the computed coefficients: the larger of the last two (odd or even ones
// vanish for a spectrum symmetric about 0), continued geometrically at their decay rate over the upper
// half (at most 0.9 per step), twice for the aliasing of interpolation.
double TailEstimate(const std::vector<double>& coefficients) {
  const int count = static_cast<int>(coefficients.size());
  const auto pair = [&](int k) {
    return std::max(std::fabs(coefficients[k]), std::fabs(coefficients[k - 1]));
  };
  const double last = pair(count - 1);
  const double middle = pair(count / 2);
  if (!(last > 0.0) || !(middle > 0.0)) return 0.0;
  const double steps = std::max(1, count - 1 - count / 2);
  const double rate = std::min(std::pow(last / middle, 1.0 / steps), 0.9);
  return 2.0 * last * rate / (1.0 - rate);
}

std::unique_ptr<LogDeterminant> ExactBackEnd(const SpatialWeights& w,
                                             const SymmetricForm* symmetric_form,
                                             const ExtremeEigenvalues& eigenvalues) {
  if (symmetric_form != nullptr)
    return std::make_unique<CholeskyLogDeterminant>(*symmetric_form, eigenvalues);
  return std::make_unique<LuLogDeterminant>(w, eigenvalues);
}

// "cholesky: CHOLMOD ... of I - rho S, ..., symbolic analysis once" from the exact back-end's Describe(),
// without its interval.
std::string SolverOf(const LogDeterminant& exact) {
  const std::string text = exact.Describe();
  return text.substr(0, text.find("; rho in ("));
}

}  // namespace

InterpolatedLogDeterminant::InterpolatedLogDeterminant(const SpatialWeights& w,
                                                       const SymmetricForm* symmetric_form,
                                                       const ExtremeEigenvalues& eigenvalues,
                                                       const LogDetOptions& options)
    : LogDeterminant(w.n(), LogDetMethod::kInterpolated, eigenvalues) {
  const RhoBounds bounds = Bounds();
  if (!std::isfinite(bounds.lower) || !std::isfinite(bounds.upper)) {
    if (!(eigenvalues.lambda_min == 0.0 && eigenvalues.lambda_max == 0.0)) {
      throw NumericalError(fmt::format(
          "`logdet` interpolated: the rho interval ({}, {}) is not finite (W has no negative or no positive "
          "eigenvalue); use `logdet` cholesky or lu",
          bounds.lower, bounds.upper));
    }
    SetBounds({-1.0, 1.0});  // W = 0: log|I| = 0 for every rho; interpolate on (-1, 1) as chebyshev does
  }
  exact_ = ExactBackEnd(w, symmetric_form, eigenvalues);
  centre_ = 0.5 * (Bounds().lower + Bounds().upper);
  half_width_ = 0.5 * (Bounds().upper - Bounds().lower);

  const int count = options.interpolation_nodes;
  std::vector<double> values(count);
  for (int k = 0; k < count; ++k) {
    values[k] = exact_->Evaluate(centre_ + half_width_ * std::tanh(kMapScale * Node(k, count)));
  }
  coefficients_ = ChebyshevCoefficients(values);
  derivative_coefficients_ = DerivativeCoefficients(coefficients_);
  tail_estimate_ = TailEstimate(coefficients_);
  CheckAtMidpoints();
  error_estimate_ = std::max(tail_estimate_, 2.0 * check_error_);
}

InterpolatedLogDeterminant::~InterpolatedLogDeterminant() = default;

// Exact evaluations halfway (in t) between neighbouring nodes at both ends, in the middle and at the
// quarters: the interpolation error of this scheme peaks between nodes and is spread over t.
void InterpolatedLogDeterminant::CheckAtMidpoints() {
  const int count = Nodes();
  const std::set<int> lefts = {0, count / 4, count / 2 - 1, (3 * count) / 4, count - 2};
  for (const int k : lefts) {
    const double t = 0.5 * (Node(k, count) + Node(k + 1, count));
    const double rho = centre_ + half_width_ * std::tanh(kMapScale * t);
    check_error_ = std::max(check_error_, std::fabs(Interpolant(t) - exact_->Evaluate(rho)));
    ++checks_;
  }
}

bool InterpolatedLogDeterminant::Covers(double rho) const {
  return std::fabs(rho - centre_) <= half_width_ * std::tanh(kMapScale);
}

double InterpolatedLogDeterminant::ToT(double rho) const {
  return std::atanh((rho - centre_) / half_width_) / kMapScale;
}

double InterpolatedLogDeterminant::Interpolant(double t) const { return Clenshaw(coefficients_, t); }

double InterpolatedLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  if (!Covers(rho)) {
    ++exact_evaluations_;
    return exact_->Evaluate(rho);
  }
  return Interpolant(ToT(rho));
}

double InterpolatedLogDeterminant::Derivative(double rho) const {
  RequireInsideBounds(rho);
  if (!Covers(rho)) {
    ++exact_evaluations_;
    return exact_->Derivative(rho);
  }
  const double x = (rho - centre_) / half_width_;
  const double dt_drho = 1.0 / (kMapScale * half_width_ * (1.0 - x * x));
  return Clenshaw(derivative_coefficients_, ToT(rho)) * dt_drho;
}

double InterpolatedLogDeterminant::ErrorEstimate(double rho) const {
  RequireInsideBounds(rho);
  if (!Covers(rho)) return 0.0;
  constexpr double kRounding = 256.0 * std::numeric_limits<double>::epsilon();
  return error_estimate_ + kRounding * (static_cast<double>(n()) + std::fabs(Interpolant(ToT(rho))));
}

std::string InterpolatedLogDeterminant::Details() const {
  const double reach = half_width_ * std::tanh(kMapScale);
  return fmt::format(
      "Chebyshev interpolation in t = atanh((rho - {:.8g}) / {:.8g}) / {:g} at {} nodes, each an exact "
      "log-determinant by {}; {} set-up checks: largest error {:.2g} (error estimate {:.2g}); rho in "
      "[{:.8g}, {:.8g}] interpolated, beyond by the exact back-end ({} evaluations so far)",
      centre_, half_width_, kMapScale, Nodes(), SolverOf(*exact_), checks_, check_error_, error_estimate_,
      centre_ - reach, centre_ + reach, ExactEvaluations());
}

}  // namespace hinterland::engine
