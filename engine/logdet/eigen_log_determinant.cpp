// eigen back-end: sum of log|1 - rho lambda_i| over the spectrum computed once (Ord 1975).
#include "engine/logdet/eigen_log_determinant.hpp"

#include <fmt/format.h>

#include <cmath>
#include <complex>

#include "engine/core/error.hpp"

namespace hinterland::engine {

namespace {

arma::mat DenseCopy(const CsrMatrix& matrix) {
  arma::mat dense(matrix.n, matrix.n, arma::fill::zeros);
  for (std::int64_t i = 0; i < matrix.n; ++i) {
    for (std::int64_t p = matrix.row_offsets[i]; p < matrix.row_offsets[i + 1]; ++p) {
      dense(i, matrix.column_indices[p]) = matrix.values[p];
    }
  }
  return dense;
}

}  // namespace

EigenLogDeterminant::Spectrum EigenLogDeterminant::ComputeSpectrum(const SpatialWeights& w,
                                                                   const SymmetricForm* symmetric_form) {
  Spectrum spectrum;
  if (symmetric_form != nullptr) {
    if (!arma::eig_sym(spectrum.real, DenseCopy(symmetric_form->matrix))) {
      throw NumericalError("--logdet eigen: LAPACK dsyevd did not converge on the symmetric form of W");
    }
    spectrum.extremes = {spectrum.real.min(), spectrum.real.max(), SpectrumKind::kReal,
                         "all eigenvalues, dense LAPACK (eig_sym)"};
    return spectrum;
  }
  arma::cx_vec all;
  if (!arma::eig_gen(all, DenseCopy(ToCsrMatrix(w)))) {
    throw NumericalError("--logdet eigen: LAPACK dgeev did not converge on W");
  }
  // dgeev returns exactly zero imaginary parts for real eigenvalues; the tolerance only keeps a numerically
  // split double real eigenvalue in the real set.
  const double radius = std::max(1.0, arma::max(arma::abs(all)));
  const arma::uvec is_complex = arma::find(arma::abs(arma::imag(all)) > 1e-8 * radius);
  const arma::uvec is_real = arma::find(arma::abs(arma::imag(all)) <= 1e-8 * radius);
  spectrum.real = arma::real(all.elem(is_real));
  spectrum.complex = all.elem(is_complex);
  const arma::vec real_parts = arma::real(all);
  spectrum.extremes = {real_parts.min(), real_parts.max(),
                       spectrum.complex.is_empty() ? SpectrumKind::kReal : SpectrumKind::kComplex,
                       "all eigenvalues, dense LAPACK (eig_gen)"};
  return spectrum;
}

EigenLogDeterminant::EigenLogDeterminant(const SpatialWeights& w, const SymmetricForm* symmetric_form)
    : EigenLogDeterminant(w.n(), ComputeSpectrum(w, symmetric_form)) {}

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
