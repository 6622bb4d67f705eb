// log|I - rho W|: one enum of methods, one options struct, one interface and one factory (ARCHITECTURE.md
// sections 1-3). Set-up (eigenvalues, symbolic factorisation, traces) happens once in CreateLogDeterminant;
// each back-end then evaluates log|I - rho W| and its derivative per rho, as in spatialreg's *_setup /
// do_ldet split. Exact: eigen (Ord 1975), cholesky (CHOLMOD), lu (UMFPACK). Approximate: chebyshev
// (Pace & LeSage 2004), mc (Barry & Pace 1999). W is non-negative (SpatialWeights enforces it).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/linalg/extreme_eigenvalues.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine {

enum class LogDetMethod { kAuto, kEigen, kCholesky, kLu, kChebyshev, kMonteCarlo };

// "auto", "eigen", "cholesky", "lu", "chebyshev", "mc": the CLI words of --logdet and the JSON words.
// The only place method strings exist.
std::string ToString(LogDetMethod method);
LogDetMethod ParseLogDetMethod(const std::string& text);  // OptionError naming --logdet otherwise

struct LogDetOptions {
  LogDetMethod method = LogDetMethod::kAuto;
  // --chebyshev-order: degree q of the Chebyshev interpolant of log(1 - rho x). At 30 the interpolation
  // error is negligible next to the stochastic traces (measured, exact traces, 40 x 40 rook lattice: 2e-8
  // relative at rho = 0.95 / lambda_max); Pace & LeSage use q = 3..8 for moderate rho, and the traces of
  // the extra orders cost little.
  int chebyshev_order = 30;
  // --mc-order: terms m of the power series -sum rho^k tr(W^k) / k. Truncation shrinks like
  // (rho lambda_max)^m / m: at 100 it was 2e-5 relative at rho = 0.95 / lambda_max on a 40 x 40 rook lattice
  // and 2e-4 on 5 nearest neighbours (measured, exact traces). spatialreg's default 30 suits |rho| <= 0.7.
  int monte_carlo_order = 100;
  // --mc-probes: Rademacher probes for the stochastic traces of mc and chebyshev; the standard error falls
  // like 1 / sqrt(probes). With 64 (and exact_trace_order 8) both stayed within 5e-4 relative of cholesky on
  // a 100 x 100 rook lattice for rho in [-0.9, 0.95] (tests/agreement).
  int monte_carlo_probes = 64;
  // --exact-trace-order: traces of order <= this are exact even when the others are stochastic (Barry &
  // Pace use exact tr W and tr W^2); the low orders carry most of the value at moderate rho, so this removes
  // most of the variance there for O(n * links within that many steps).
  int exact_trace_order = 8;
  // Up to this n every trace is exact (no probes, no stochastic error). The exact traces propagate from every
  // unit until the whole graph is reached, so their cost grows like n^2 * order on small W: 1000 keeps it
  // around a second for mc's 100 orders.
  std::int64_t exact_traces_max_n = 1000;
  // --seed: the probes are drawn from std::mt19937_64(seed); the same seed gives the same estimate.
  std::uint64_t seed = 20240601;
};

// log|I - rho W| for one W, set up once. Back-ends that need symmetry work on the symmetric form
// S = D^1/2 W D^-1/2, which has the same determinant.
class LogDeterminant {
 public:
  virtual ~LogDeterminant() = default;
  LogDeterminant(const LogDeterminant&) = delete;
  LogDeterminant& operator=(const LogDeterminant&) = delete;

  // log|I - rho W|, the natural log of det(I - rho W), which is positive inside Bounds(). Throws
  // NumericalError when rho is not inside the open interval Bounds() (including NaN): outside it I - rho W is
  // singular or its determinant is negative, and an ML search must never get there, so a silent NaN would
  // hide a bug.
  virtual double Evaluate(double rho) const = 0;
  // d/drho log|I - rho W| = -tr((I - rho W)^-1 W). Exact for eigen; the derivative of the approximation for
  // chebyshev and mc; a Richardson-extrapolated central difference of Evaluate for cholesky and lu.
  virtual double Derivative(double rho) const = 0;
  virtual bool IsExact() const = 0;
  // An estimate of |Evaluate(rho) - log|I - rho W||: 0 for exact back-ends; for approximate ones the
  // standard error of the stochastic traces plus an estimate of the truncation error.
  virtual double ErrorEstimate(double rho) const = 0;
  // One line: the method used (and why, when auto chose it), the solver and the rho interval.
  virtual std::string Describe() const;

  // The open interval of rho where Evaluate is defined: (1/lambda_min, 1/lambda_max), narrowed by mc to
  // where its power series converges (and by chebyshev to (-1, 1) when W has no links).
  RhoBounds Bounds() const { return bounds_; }
  const ExtremeEigenvalues& Eigenvalues() const { return eigenvalues_; }
  LogDetMethod MethodGiven() const { return method_given_; }
  LogDetMethod MethodUsed() const { return method_used_; }
  std::int64_t n() const { return n_; }

 protected:
  LogDeterminant(std::int64_t n, LogDetMethod method_used, const ExtremeEigenvalues& eigenvalues);

  // The back-end's solver in a few words, for Describe().
  virtual std::string Details() const = 0;
  void SetBounds(const RhoBounds& bounds) { bounds_ = bounds; }
  // Throws NumericalError naming rho and the interval when rho is not inside Bounds().
  void RequireInsideBounds(double rho) const;
  // Richardson extrapolation of central differences of Evaluate (error O(h^4)); the step stays well inside
  // the bounds.
  double NumericalDerivative(double rho) const;

 private:
  friend std::unique_ptr<LogDeterminant> CreateLogDeterminant(const SpatialWeights& w,
                                                              const LogDetOptions& options);
  std::int64_t n_;
  LogDetMethod method_given_;
  LogDetMethod method_used_;
  ExtremeEigenvalues eigenvalues_;
  RhoBounds bounds_;
  std::string auto_reason_;  // why auto chose method_used_ ("" when the method was given)
};

// Validates the options against W (OptionError naming the option), sets the chosen back-end up once, and
// returns it. auto: eigen for n <= 1000, cholesky for larger W similar to symmetric, lu otherwise.
std::unique_ptr<LogDeterminant> CreateLogDeterminant(const SpatialWeights& w, const LogDetOptions& options);

// The method auto picks for W, with the reason in words.
LogDetMethod ChooseLogDetMethod(const SpatialWeights& w, bool similar_to_symmetric, std::string* reason);

}  // namespace hinterland::engine
