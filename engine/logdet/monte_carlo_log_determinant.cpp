// mc back-end: the truncated power series of Barry & Pace (1999, eq. 5) over traces computed at set-up.
#include "engine/logdet/monte_carlo_log_determinant.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hinterland::engine {

namespace {

double SpectralRadius(const ExtremeEigenvalues& eigenvalues) {
  const double radius = std::max(std::fabs(eigenvalues.lambda_min), std::fabs(eigenvalues.lambda_max));
  return radius > 0.0 ? radius : 1.0;  // W = 0: any scale will do
}

}  // namespace

MonteCarloLogDeterminant::MonteCarloLogDeterminant(const SpatialWeights& w,
                                                   const SymmetricForm* symmetric_form,
                                                   const ExtremeEigenvalues& eigenvalues,
                                                   const LogDetOptions& options)
    : LogDeterminant(w.n(), LogDetMethod::kMonteCarlo, eigenvalues),
      order_(options.mc_order),
      radius_(SpectralRadius(eigenvalues)) {
  if (eigenvalues.lambda_max != 0.0 || eigenvalues.lambda_min != 0.0) {  // W = 0: the series is 0 for any rho
    RhoBounds bounds = BoundsFromEigenvalues(eigenvalues);
    bounds.lower = std::max(bounds.lower, -1.0 / radius_);
    bounds.upper = std::min(bounds.upper, 1.0 / radius_);
    SetBounds(bounds);
  }
  const CsrMatrix matrix = symmetric_form != nullptr ? symmetric_form->matrix : ToCsrMatrix(w);
  const int exact_degree =
      w.n() <= options.exact_traces_max_n ? order_ : std::max(options.exact_trace_order, 2);
  traces_ = ComputePolynomialTraces(matrix, PolynomialBasis::Power(1.0 / radius_), order_, exact_degree,
                                    options.mc_probes, options.seed);
}

arma::vec MonteCarloLogDeterminant::SeriesCoefficients(double rho) const {
  arma::vec coefficients(order_ + 1, arma::fill::zeros);
  double power = 1.0;
  for (int k = 1; k <= order_; ++k) {
    power *= rho * radius_;
    coefficients[k] = -power / k;
  }
  return coefficients;
}

double MonteCarloLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  return traces_.Combine(SeriesCoefficients(rho));
}

double MonteCarloLogDeterminant::Derivative(double rho) const {
  RequireInsideBounds(rho);
  // d/drho of -(rho r)^k tr(X^k) / k is -r (rho r)^(k-1) tr(X^k).
  arma::vec coefficients(order_ + 1, arma::fill::zeros);
  double power = 1.0;
  for (int k = 1; k <= order_; ++k) {
    coefficients[k] = -radius_ * power;
    power *= rho * radius_;
  }
  return traces_.Combine(coefficients);
}

double MonteCarloLogDeterminant::ErrorEstimate(double rho) const {
  RequireInsideBounds(rho);
  const double standard_error = traces_.StandardError(SeriesCoefficients(rho));
  const double ratio = std::fabs(rho * radius_);
  const double last_trace =
      std::max(std::fabs(traces_.traces[order_]), std::fabs(traces_.traces[order_ - 1]));
  const double truncation = last_trace * std::pow(ratio, order_ + 1) / ((order_ + 1) * (1.0 - ratio));
  return standard_error + truncation;
}

std::string MonteCarloLogDeterminant::Details() const {
  const std::string traces =
      traces_.IsStochastic()
          ? fmt::format("tr(W^k) exact to order {}{}, Hutchinson with {} Rademacher probes above",
                        traces_.exact_degree, traces_.LoweredNote(), traces_.Probes())
          : std::string("exact tr(W^k)");
  return fmt::format("power series of order {} (Barry & Pace 1999), {}", order_, traces);
}

}  // namespace hinterland::engine
