// chebyshev back-end: Chebyshev interpolation at the q + 1 Chebyshev nodes (Pace & LeSage 2004, eqs. 10-14)
// combined with the traces of T_j(X) computed at set-up.
#include "engine/logdet/chebyshev_log_determinant.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "engine/core/error.hpp"

namespace hinterland::engine {

namespace {

// The interval the interpolant lives on: the spectrum's real extent, or [-1, 1] for W = 0.
std::pair<double, double> Interval(const ExtremeEigenvalues& eigenvalues) {
  if (!(eigenvalues.lambda_max > eigenvalues.lambda_min)) return {-1.0, 1.0};
  return {eigenvalues.lambda_min, eigenvalues.lambda_max};
}

}  // namespace

arma::vec ChebyshevLogDeterminant::Coefficients(
    double rho, double lower, double upper, int degree, bool derivative) {
  const int nodes = degree + 1;
  arma::vec samples(nodes);
  arma::vec angles(nodes);
  for (int k = 0; k < nodes; ++k) {
    angles[k] = std::numbers::pi * (k + 0.5) / nodes;
    const double x = 0.5 * (upper - lower) * std::cos(angles[k]) + 0.5 * (upper + lower);
    samples[k] = derivative ? -x / (1.0 - rho * x) : std::log1p(-rho * x);
  }
  arma::vec coefficients(nodes);
  for (int j = 0; j < nodes; ++j) {
    double sum = 0.0;
    for (int k = 0; k < nodes; ++k) sum += samples[k] * std::cos(j * angles[k]);
    coefficients[j] = 2.0 * sum / nodes;
  }
  coefficients[0] *= 0.5;
  return coefficients;
}

ChebyshevLogDeterminant::ChebyshevLogDeterminant(const SpatialWeights& w,
                                                 const SymmetricForm* symmetric_form,
                                                 const ExtremeEigenvalues& eigenvalues,
                                                 const LogDetOptions& options)
    : LogDeterminant(w.n(), LogDetMethod::kChebyshev, eigenvalues),
      order_(options.chebyshev_order),
      lower_(Interval(eigenvalues).first),
      upper_(Interval(eigenvalues).second),
      real_spectrum_(eigenvalues.spectrum == SpectrumKind::kReal) {
  // The interpolant is valid while 1/rho stays outside the interval: the usual bounds, and (-1, 1) for W = 0.
  SetBounds(BoundsFromEigenvalues({lower_, upper_, eigenvalues.spectrum, eigenvalues.method, 0.0}));
  // The symmetric form has W's traces and lets the traces use half the products.
  const CsrMatrix matrix = symmetric_form != nullptr ? symmetric_form->matrix : ToCsrMatrix(w);
  const int exact_degree = w.n() <= options.exact_traces_max_n ? order_ : options.exact_trace_order;
  traces_ = ComputePolynomialTraces(matrix, PolynomialBasis::Chebyshev(lower_, upper_), order_, exact_degree,
                                    options.mc_probes, options.seed);
}

double ChebyshevLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  return traces_.Combine(Coefficients(rho, lower_, upper_, order_, false));
}

double ChebyshevLogDeterminant::Derivative(double rho) const {
  RequireInsideBounds(rho);
  return traces_.Combine(Coefficients(rho, lower_, upper_, order_, true));
}

double ChebyshevLogDeterminant::ErrorEstimate(double rho) const {
  RequireInsideBounds(rho);
  const double standard_error = traces_.StandardError(Coefficients(rho, lower_, upper_, order_, false));
  const arma::vec fine = Coefficients(rho, lower_, upper_, 3 * order_, false);
  const double tail = arma::accu(arma::abs(fine.subvec(order_ + 1, fine.n_elem - 1)));
  return standard_error + 2.0 * static_cast<double>(n()) * tail;
}

std::string ChebyshevLogDeterminant::Details() const {
  const std::string traces =
      traces_.IsStochastic()
          ? fmt::format("traces exact to order {}{}, Hutchinson with {} Rademacher probes above",
                        traces_.exact_degree, traces_.LoweredNote(), traces_.Probes())
          : std::string("exact traces");
  return fmt::format(
      "Chebyshev interpolation of order {} on [{:.6g}, {:.6g}] (Pace & LeSage 2004), {}{}", order_, lower_,
      upper_, traces,
      real_spectrum_ ? "" : "; W has a complex or unexamined spectrum: accuracy not guaranteed");
}

}  // namespace hinterland::engine
