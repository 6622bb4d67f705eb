// eigen back-end: sum of log|1 - rho lambda_i| over the spectrum computed once (Ord 1975).
#include "engine/logdet/eigen_log_determinant.hpp"

#include <fmt/format.h>

#include <cmath>
#include <complex>

#include "engine/core/error.hpp"
#include "engine/linalg/extreme_eigenvalues.hpp"

namespace hinterland::engine {

// Real eigenvalues apart, complex pairs kept as pairs, and the extremes of the real parts.
EigenLogDeterminant::Spectrum EigenLogDeterminant::SplitSpectrum(const arma::cx_vec& all,
                                                                 bool from_symmetric_form) {
  Spectrum spectrum;
  if (from_symmetric_form) {
    spectrum.real = arma::real(all);
    spectrum.extremes = {spectrum.real.min(), spectrum.real.max(), SpectrumKind::kReal,
                         "all eigenvalues, dense LAPACK (eig_sym)"};
    return spectrum;
  }
  const arma::uvec complex = IsComplexEigenvalue(all);
  const arma::uvec is_complex = arma::find(complex);
  const arma::uvec is_real = arma::find(complex == 0);
  spectrum.real = arma::real(all.elem(is_real));
  spectrum.complex = all.elem(is_complex);
  const arma::vec real_parts = arma::real(all);
  spectrum.extremes = {real_parts.min(), real_parts.max(),
                       spectrum.complex.is_empty() ? SpectrumKind::kReal : SpectrumKind::kComplex,
                       "all eigenvalues, dense LAPACK (eig_gen)"};
  return spectrum;
}

EigenLogDeterminant::EigenLogDeterminant(const SpatialWeights& w, const SymmetricForm* symmetric_form)
    : EigenLogDeterminant(w.n(),
                          SplitSpectrum(AllEigenvalues(w, symmetric_form), symmetric_form != nullptr)) {}

EigenLogDeterminant::EigenLogDeterminant(std::int64_t n,
                                         const arma::cx_vec& spectrum,
                                         bool from_symmetric_form)
    : EigenLogDeterminant(n, SplitSpectrum(spectrum, from_symmetric_form)) {}

EigenLogDeterminant::EigenLogDeterminant(std::int64_t n, Spectrum spectrum)
    : LogDeterminant(n, LogDetMethod::kEigen, spectrum.extremes),
      real_(std::move(spectrum.real)),
      complex_(std::move(spectrum.complex)) {}

double EigenLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  double sum = 0.0;
  // Inside the bounds 1 - rho lambda > 0 for every real lambda; log1p keeps small rho accurate.
  for (const double lambda : real_) sum += std::log1p(-rho * lambda);
  for (const std::complex<double>& lambda : complex_) sum += std::log(std::abs(1.0 - rho * lambda));
  return sum;
}

double EigenLogDeterminant::Derivative(double rho) const {
  RequireInsideBounds(rho);
  // d/drho log|1 - rho lambda| = -Re(lambda / (1 - rho lambda)); conjugate pairs keep the sum real.
  double sum = 0.0;
  for (const double lambda : real_) sum -= lambda / (1.0 - rho * lambda);
  for (const std::complex<double>& lambda : complex_) sum -= std::real(lambda / (1.0 - rho * lambda));
  return sum;
}

std::string EigenLogDeterminant::Details() const {
  return fmt::format("all {} eigenvalues of W once ({} complex), then sum log|1 - rho lambda| (Ord 1975)",
                     n(), complex_.n_elem);
}

}  // namespace hinterland::engine
