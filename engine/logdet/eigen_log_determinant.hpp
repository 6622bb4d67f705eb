// eigen back-end: all eigenvalues of W once, then log|I - rho W| = sum_i log|1 - rho lambda_i| (Ord 1975,
// eq. 6). Dense: LAPACK dsyevd on the symmetric form S = D^1/2 W D^-1/2 when W is symmetric or similar to
// symmetric (real spectrum, stable), dgeev on W otherwise (complex pairs kept as pairs). O(n^2) memory,
// O(n^3) set-up, O(n) per rho: the method for small n, as in spatialreg's eigen_setup.
#pragma once

#include <armadillo>
#include <cstdint>

#include "engine/linalg/symmetric_form.hpp"
#include "engine/logdet/log_determinant.hpp"

namespace hinterland::engine {

// Above this n the dense n x n copy (8 n^2 bytes: 3.2 GB at 20,000) and the O(n^3) decomposition stop being
// reasonable; CreateLogDeterminant refuses eigen there with an OptionError.
inline constexpr std::int64_t kEigenMaxN = 20000;

class EigenLogDeterminant final : public LogDeterminant {
 public:
  // `symmetric_form` null: W is not similar to symmetric. Throws NumericalError if LAPACK fails.
  EigenLogDeterminant(const SpatialWeights& w, const SymmetricForm* symmetric_form);
  // From W's spectrum already computed (AllEigenvalues; WeightsOperator::Spectrum), `from_symmetric_form`
  // saying whether it came from the symmetric form (all real).
  EigenLogDeterminant(std::int64_t n, const arma::cx_vec& spectrum, bool from_symmetric_form);

  double Evaluate(double rho) const override;
  double Derivative(double rho) const override;
  bool IsExact() const override { return true; }
  double ErrorEstimate(double /*rho*/) const override { return 0.0; }

 protected:
  std::string Details() const override;

 private:
  struct Spectrum {
    arma::vec real;        // real eigenvalues
    arma::cx_vec complex;  // eigenvalues with nonzero imaginary part (both members of each pair)
    ExtremeEigenvalues extremes;
  };
  static Spectrum SplitSpectrum(const arma::cx_vec& all, bool from_symmetric_form);
  EigenLogDeterminant(std::int64_t n, Spectrum spectrum);

  arma::vec real_;
  arma::cx_vec complex_;
};

}  // namespace hinterland::engine
