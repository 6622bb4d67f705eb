// Smallest and largest real eigenvalue of a spatial weights matrix W without a dense decomposition, and the
// interval of rho they imply: I - rho W is nonsingular with positive determinant for rho in
// (1/lambda_min, 1/lambda_max) (Anselin 1988, sec. 6.1; Ord 1975). Exact shortcuts first (constant row sums
// give the Perron root; a bipartite graph has a spectrum symmetric about 0); then, for W similar to
// symmetric, plain Lanczos on S = D^1/2 W D^-1/2 (O(n) memory, Ritz values of the tridiagonal T_k); for
// general W, implicitly restarted Arnoldi (Spectra GenEigsSolver). Below `dense_below_n`, dense LAPACK.
#pragma once

#include <cstdint>
#include <string>

#include "engine/linalg/symmetric_form.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "engine/weights/weights_summary.hpp"

namespace hinterland::engine {

// What is known about the spectrum beyond its two extremes.
enum class SpectrumKind {
  kReal,     // W is symmetric or similar to symmetric: every eigenvalue is real
  kComplex,  // W has complex eigenvalues (seen in a dense decomposition or at an extreme)
  kUnknown,  // general W, extremes real, the interior not examined (Arnoldi)
};
std::string ToString(SpectrumKind kind);

struct ExtremeEigenvalues {
  double lambda_min = 0.0;  // smallest real part of an eigenvalue of W
  double lambda_max = 0.0;  // largest real part (the Perron root for non-negative W)
  SpectrumKind spectrum = SpectrumKind::kReal;
  std::string method;  // how each end was found, in words
  // 0 where both ends are exact up to rounding (dense LAPACK, row sums, bipartite); otherwise the last
  // relative movement of the Lanczos Ritz values (doubling the steps) or the Arnoldi residual tolerance.
  double error_estimate = 0.0;
  // lambda_min is the row-sum bound -r, not computed (ExtremeEigenvalueOptions::bound_smallest_by_row_sum).
  bool smallest_is_bound = false;
};

struct ExtremeEigenvalueOptions {
  // Below this n the dense LAPACK route is used: an n x n matrix of n < 500 is under 2 MB and
  // eig_sym/eig_gen beat an iterative solver's start-up there.
  std::int64_t dense_below_n = 500;
  // Use the exact shortcuts (constant row sums, bipartite graph) when they apply. Off only in tests that
  // exercise the iterative path on lattices.
  bool use_structure = true;
  // Lanczos stops when the extreme Ritz values of T_k moved by less than this (relative to max(1, |theta|))
  // between steps about k/2 and k. Ritz values approach the extremes monotonically and settle long before the
  // Ritz vectors do on the clustered spectrum ends of lattices, so this, not a residual test, is the
  // criterion (measured on a 300 x 300 queen lattice: 2 s to 1e-15 here, 40 s for Spectra's restarted
  // SymEigsSolver at residual tolerance 1e-6).
  // 1e-8 gives lambda to about 1e-8 or better (the movement since k/2 overstates the remaining error once
  // the Ritz value converges), i.e. rho bounds to ~1e-7, finer than any ML search resolves. Clustered ends
  // are costly: a 1000 x 1000 queen lattice took 4,931 steps at 1e-9.
  double lanczos_tolerance = 1e-8;
  int max_lanczos_steps = 20000;
  // When every row of W sums to the same r (r = 1 for row-standardised W) and no exact shortcut gives
  // lambda_min: report lambda_min = -r, the Perron-Frobenius bound (every |lambda| <= r), instead of running
  // Lanczos or Arnoldi. The rho interval becomes (-1/r, 1/r): it leaves out only rho < -1/r (below -1 for
  // row-standardised W), where spatial fits rarely look, and it is what the mc series allows anyway. Arnoldi
  // on a 10^5-point k = 8 nearest-neighbour W took 4.9 s (2-core machine, shared); `method` says "bound".
  bool bound_smallest_by_row_sum = false;
  // Arnoldi (general W): Spectra's relative residual tolerance, restarts and basis size (clamped to n).
  double arnoldi_tolerance = 1e-10;
  int max_restarts = 3000;
  int krylov_dimension = 40;
};

// The open interval of rho where log|I - rho W| is defined: (1/lambda_min, 1/lambda_max), with an infinite
// end where lambda_min >= 0 or lambda_max <= 0. When the extreme of smallest real part is a complex pair the
// interval uses its real part, which is conservative (narrower), as spatialreg does.
struct RhoBounds {
  double lower = 0.0;
  double upper = 0.0;
  bool Contains(double rho) const { return rho > lower && rho < upper; }
};
RhoBounds BoundsFromEigenvalues(const ExtremeEigenvalues& eigenvalues);

// Every eigenvalue, dense (O(n^2) memory, O(n^3) time: for callers that chose a dense method; NumericalError
// if LAPACK fails): dsyevd on a symmetric matrix (ascending), dgeev on a general one.
arma::vec SymmetricEigenvalues(const CsrMatrix& symmetric);
arma::cx_vec GeneralEigenvalues(const CsrMatrix& weights);
// W's: from the symmetric form when given (all real), from W otherwise.
arma::cx_vec AllEigenvalues(const SpatialWeights& w, const SymmetricForm* symmetric_form);

// An eigenvalue whose imaginary part exceeds this, relative to max(1, spectral radius), is complex; dgeev
// gives exact zeros for real ones, so this only keeps a numerically split double real eigenvalue real.
inline constexpr double kComplexEigenvalueTolerance = 1e-8;
// 1 where an eigenvalue is complex by that rule.
arma::uvec IsComplexEigenvalue(const arma::cx_vec& eigenvalues);

// Extreme eigenvalues of W. Throws NumericalError when the iterative solver does not converge.
ExtremeEigenvalues ComputeExtremeEigenvalues(const SpatialWeights& w,
                                             const ExtremeEigenvalueOptions& options = {});

// The same when the symmetric form (or its absence) is already known: `symmetric_form` null means W is
// not similar to symmetric; and W's row sums, when known (null: computed here if the structure is used).
ExtremeEigenvalues ComputeExtremeEigenvalues(const SpatialWeights& w,
                                             const SymmetricForm* symmetric_form,
                                             const ExtremeEigenvalueOptions& options = {},
                                             const WeightsRowSums* row_sums = nullptr);

}  // namespace hinterland::engine
