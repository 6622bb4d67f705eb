// Traces of matrix polynomials tr p_k(M), k = 0..degree, for the approximate log-determinants: the power
// basis (Barry & Pace 1999, tr W^k) and the Chebyshev basis on an interval (Pace & LeSage 2004, tr T_k).
// Exact traces propagate e_i' p_k(M) as sparse vectors from every unit (cost O(n * links reached), small
// for low degrees on spatial graphs); stochastic traces are Hutchinson's estimator v' p_k(M) v with seeded
// Rademacher probes v (Hutchinson 1990; Girard 1989). Both use the three-term recurrence of the basis, and
// when M is exactly symmetric they reach degree m with m/2 products (p_a p_b identities). Never dense.
#pragma once

#include <armadillo>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/linalg/sparse_matrix.hpp"

namespace hinterland::engine {

// p_k(M) = (scale M)^k (power) or T_k(scale M + shift I) with T_0 = I, T_1 = X, T_{k+1} = 2 X T_k - T_{k-1}
// (Chebyshev).
struct PolynomialBasis {
  enum class Kind { kPower, kChebyshev };
  Kind kind = Kind::kPower;
  double scale = 1.0;
  double shift = 0.0;

  static PolynomialBasis Power(double scale = 1.0) { return {Kind::kPower, scale, 0.0}; }
  // T_k of the affine map of [lower, upper] onto [-1, 1]; needs lower < upper.
  static PolynomialBasis Chebyshev(double lower, double upper);
};

// tr p_k(M) for k = 0..degree, exact up to rounding. Units run in parallel blocks (engine/core/
// parallel_rows.hpp), each propagating e_i' p_k(X) and p_k(X) e_i to depth degree / 2.
std::vector<double> ExactPolynomialTraces(const CsrMatrix& matrix, const PolynomialBasis& basis, int degree);

// The nonzeros of M that ExactPolynomialTraces(matrix, basis, k) would visit, k = 0..degree, projected from
// 64 evenly spaced units (the cost grows with how far each unit's neighbourhood reaches in k / 2 steps).
std::vector<double> ProjectedExactTraceWork(const CsrMatrix& matrix,
                                            const PolynomialBasis& basis,
                                            int degree);

// Hutchinson estimates, one row per probe: per_probe(p, k) = v_p' p_k(M) v_p, unbiased for tr p_k(M).
struct StochasticTraces {
  arma::mat per_probe;  // probes x (degree + 1)

  std::vector<double> Mean() const;
  std::vector<double> StandardError() const;  // standard deviation over probes / sqrt(probes)
};

// `probes` Rademacher vectors drawn from std::mt19937_64 seeded with `seed` (bits taken straight from the
// engine, so the probes are the same on every platform).
StochasticTraces HutchinsonPolynomialTraces(
    const CsrMatrix& matrix, const PolynomialBasis& basis, int degree, int probes, std::uint64_t seed);

// Traces for a log-determinant expansion: exact for k <= exact_degree, Hutchinson above (with the exact
// values substituted in every probe's row, so a probe's weighted sum is an unbiased estimate whose spread
// over probes gives the standard error of the whole expansion).
struct PolynomialTraces {
  std::vector<double> traces;  // degree + 1: exact, or the probe mean above exact_degree
  arma::mat per_probe;         // probes x (degree + 1); empty when every trace is exact
  int exact_degree = 0;
  int requested_exact_degree = 0;  // when the exact degree was lowered for cost (below), what was asked

  bool IsStochastic() const { return per_probe.n_rows > 0; }
  // " (8 asked: higher orders would cost more than half the probes' time)" when lowered, else "".
  std::string LoweredNote() const;
  int Probes() const { return static_cast<int>(per_probe.n_rows); }
  // sum_k coefficients[k] tr p_k(M), and the standard error of that sum (0 when every trace is exact).
  double Combine(const arma::vec& coefficients) const;
  double StandardError(const arma::vec& coefficients) const;
};

// exact_degree >= degree gives exact traces only (no probes drawn). Otherwise an exact degree above 2 is
// lowered where its projected cost (ProjectedExactTraceWork) exceeds about half the probes' time: where a
// unit's neighbourhood grows fast (kNN graphs, long probe-free series) the probes buy more accuracy per
// second.
PolynomialTraces ComputePolynomialTraces(const CsrMatrix& matrix,
                                         const PolynomialBasis& basis,
                                         int degree,
                                         int exact_degree,
                                         int probes,
                                         std::uint64_t seed);

}  // namespace hinterland::engine
