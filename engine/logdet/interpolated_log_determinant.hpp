// interpolated back-end: log|I - rho W| interpolated from a fixed set of exact evaluations, as LeSage's
// lndetint (Econometrics Toolbox) interpolates a grid of sparse-LU log-determinants. The point is a fixed
// number of factorisations however often the likelihood is evaluated: the exact back-end (cholesky when W
// is similar to symmetric, else lu) runs N + 5 times at set-up, and each Evaluate after that costs O(N)
// arithmetic, so SAC's two-parameter search from several starts, numerical Hessians, profile likelihoods
// and repeated fits on one W pay no factorisation per rho. A single SAR fit (~30 evaluations) is cheaper
// with the exact back-end itself.
//
// The scheme. f(rho) = log|I - rho W| = sum_i log(1 - rho lambda_i) is analytic in the rho-plane cut along
// (-inf, 1/lambda_min] and [1/lambda_max, inf): its singularities, one log branch point per eigenvalue, pile
// up at both bounds (on a lattice the spectrum is dense up to its ends, so f' grows like n log distance
// there). Polynomials in rho converge slowly on such a function (Chebyshev interpolation of f itself with
// 128 nodes: errors of 1e-5 n to 1e-3 n near the bounds of rook lattices). The substitution rho = c + h
// tanh(a t), c and h the centre and half-width of (1/lambda_min, 1/lambda_max), maps the cut plane onto the
// strip |Im a t| < pi/2, where f is analytic, so f(rho(t)) is analytic in a neighbourhood of t in [-1, 1]
// whatever the eigenvalues near the bounds (the only singularities left are those of tanh, at t = +-i pi /
// (2a)). It is interpolated at N Chebyshev nodes of the first kind in t (coefficients by the discrete cosine
// transform, evaluation and the derivative by Clenshaw's recurrence), converging geometrically, like (pi/(2a)
// + sqrt(1 + (pi/(2a))^2))^-N. t in [-1, 1] covers rho within h (1 - tanh a) of each bound; closer than that
// (6.7e-4 h for a = 4, i.e. |rho| > 0.99933 on a row-standardised W), Evaluate and Derivative call the exact
// back-end (counted in Details()), so the answer stays right up to the bounds, where the likelihood is rarely
// searched. Subtracting log(1 - rho lambda_max) and log(1 - rho lambda_min) and mapping t = +-1 onto the
// bounds themselves was tried and dropped: it needs each end's multiplicity (components of W; not recoverable
// from the nodes at n = 10^6) and an exact lambda (a 1e-8 error in lambda_min gave 2e-5 n errors).
//
// Measured (eigenvalues of 20 x 20 and 50 x 50 row-standardised rook lattices, binary rook lattices up to
// 1000 x 1000 scaled by 1/4 with their closed-form spectra, row-standardised 5 and 8 nearest neighbours,
// n = 400 and 1500, complex spectra): the maximum error over the covered interval, per unit (/ n), was the
// same on all of them, because the tanh poles, not W, set it:
//   a = 4:  N = 48: 2.1e-9, N = 56: 8.6e-11, N = 64: 3.5e-12, N = 72: 1.5e-13, N = 80: 7e-15
//   a = 5:  N = 64: 4.8e-10, N = 80: 2.8e-12 (covers to 9.1e-5 h of the bounds)
//   a = 6:  N = 64: 1.4e-8,  N = 80: 1.8e-10 (to 1.2e-5 h)
// and the derivative's, per unit, for |rho| <= 0.99 of the bounds with a = 4: N = 48: 3.9e-7, N = 56:
// 2e-8, N = 64: 9.7e-10 (nearest neighbours: 4.5e-9). Hence a = 4 and N = 64 by default
// (--interpolation-nodes): values to ~4e-12 n (3.5e-8 at n = 10^4 against cholesky) and derivatives to
// ~1e-9 n; in SAR fits rho-hat moved by 5e-12 to 3e-8 against the exact back-end's
// (tests/unit/estimators/lag/sar_interpolated_logdet_test.cpp). Set-up (logdet_benchmark, rook lattices,
// CPU, shared 2-core machine): 0.79 s at n = 10^4, 7.8 s at 10^5, 120 s at 10^6; then ~0.1 us per rho.
//
// ErrorEstimate(rho), for rho inside the covered interval (0 outside, where the exact back-end answers):
// the larger of (a) the Chebyshev tail, 2 |c_last| r / (1 - r) with c_last the larger of the last two
// coefficients and r their geometric decay rate over the upper half (r <= 0.9), which over-stated the
// measured error by 2-3x above, and (b) twice the largest error seen at 5 set-up checks (exact evaluations
// at the midpoints in t between nodes at both ends, the middle and the quarters, where the interpolation
// error peaks); plus rounding, 256 eps (n + |f|). Details() reports N, the checks' largest error and the
// estimate.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/linalg/symmetric_form.hpp"
#include "engine/logdet/log_determinant.hpp"

namespace hinterland::engine {

class InterpolatedLogDeterminant final : public LogDeterminant {
 public:
  // symmetric_form null: W is not similar to symmetric and lu evaluates the nodes. NumericalError when the
  // rho interval is not finite on one side (W with no negative or no positive eigenvalue) or the exact
  // back-end fails at a node.
  InterpolatedLogDeterminant(const SpatialWeights& w,
                             const SymmetricForm* symmetric_form,
                             const ExtremeEigenvalues& eigenvalues,
                             const LogDetOptions& options);
  ~InterpolatedLogDeterminant() override;

  double Evaluate(double rho) const override;
  // The derivative of the interpolant (the exact back-end's outside the covered interval).
  double Derivative(double rho) const override;
  bool IsExact() const override { return false; }
  double ErrorEstimate(double rho) const override;

  // The substitution's scale a (see above).
  static constexpr double kMapScale = 4.0;
  int Nodes() const { return static_cast<int>(coefficients_.size()); }
  // Whether rho lies where the interpolant answers (otherwise the exact back-end does).
  bool Covers(double rho) const;
  // The largest |interpolant - exact| at the set-up checks.
  double CheckError() const { return check_error_; }
  // Evaluations answered by the exact back-end so far (rho beyond the covered interval).
  std::int64_t ExactEvaluations() const { return exact_evaluations_.load(); }

 protected:
  std::string Details() const override;

 private:
  double ToT(double rho) const;
  double Interpolant(double t) const;
  void CheckAtMidpoints();

  std::unique_ptr<LogDeterminant> exact_;
  double centre_ = 0.0;
  double half_width_ = 1.0;
  std::vector<double> coefficients_;             // Chebyshev coefficients in t
  std::vector<double> derivative_coefficients_;  // of d/dt
  double tail_estimate_ = 0.0;
  double check_error_ = 0.0;
  int checks_ = 0;
  double error_estimate_ = 0.0;  // max(tail, 2 * check_error), before rounding
  mutable std::atomic<std::int64_t> exact_evaluations_{0};
};

}  // namespace hinterland::engine
