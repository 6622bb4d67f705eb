// mc back-end (Barry & Pace 1999): log|I - rho W| = -sum_{k>=1} rho^k tr(W^k) / k, truncated at order m,
// with tr(W^k) from seeded Rademacher probes (Hutchinson) above the exact low orders (tr W = 0 and tr W^2
// exact as in Barry & Pace; more exact orders by default, see LogDetOptions). The series converges for
// |rho| < 1/r with r = lambda_max the spectral radius (Perron root of the non-negative W), so Bounds() is
// (1/lambda_min, 1/lambda_max) intersected with (-1/r, 1/r). Set-up m/2 (symmetric) or m products per
// probe; each rho then costs O(m).
#pragma once

#include "engine/linalg/symmetric_form.hpp"
#include "engine/linalg/trace_estimators.hpp"
#include "engine/logdet/log_determinant.hpp"

namespace hinterland::engine {

class MonteCarloLogDeterminant final : public LogDeterminant {
 public:
  MonteCarloLogDeterminant(const SpatialWeights& w,
                           const SymmetricForm* symmetric_form,
                           const ExtremeEigenvalues& eigenvalues,
                           const LogDetOptions& options);

  double Evaluate(double rho) const override;
  double Derivative(double rho) const override;  // of the truncated series: -sum rho^(k-1) tr(W^k)
  bool IsExact() const override { return false; }
  // Standard error over probes (Barry & Pace's interval) plus the truncation error estimated from the last
  // traces: max(|tr W^(m-1)|, |tr W^m|) |rho r|^(m+1) / ((m + 1)(1 - |rho r|)) in normalised powers.
  double ErrorEstimate(double rho) const override;

 protected:
  std::string Details() const override;

 private:
  arma::vec SeriesCoefficients(double rho) const;  // -(rho r)^k / k, k = 0..m (0 for k = 0)

  int order_;
  double radius_;            // r: the powers are of W / r, so that they neither overflow nor underflow
  PolynomialTraces traces_;  // tr (W / r)^k, k = 0..order_
};

}  // namespace hinterland::engine
