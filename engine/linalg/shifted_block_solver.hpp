// Solves (I - rho W) X = B and (I - rho W)' X = B for a block B of n x b right-hand sides at one rho, for
// quantities built from (I - rho W)^-1 at large n (stochastic traces with probes in blocks, the action of
// the inverse on a few vectors). Never dense. Three routes:
//   cholesky  W similar to symmetric (S = D^1/2 W D^-1/2, symmetric_form.hpp): one CHOLMOD LL' of the
//             positive definite I - rho S, then one call per block (BLAS-3 on the supernodes), with
//             (I - rho W)^-1 = D^-1/2 (I - rho S)^-1 D^1/2;
//   lu        any W: one UMFPACK LU of I - rho W, then column by column solves (UMFPACK has no block solve);
//             both direct routes are ShiftedFactorization's (shifted_factorization.hpp), the factorisation
//             the exact log-determinants use: the same singularity checks, single-threaded;
//   iterative no factorisation, O(n b) memory: conjugate gradients on I - rho S (W similar to symmetric) or
//             BiCGSTAB (van der Vorst 1992) on I - rho W; every column keeps its own scalars but all advance
//             together, so W is read once per step for the whole block (CsrMatrix::MultiplyBlock).
// The direct routes cost a factorisation whose fill grows like n log n on planar graphs (and much faster on
// others); the iterative ones cost steps that grow with the condition number of I - rho W, i.e. as rho
// approaches a bound: sqrt((1 + |rho|) / (1 - |rho|)) for CG on row-standardised W. kAuto picks by that.
#pragma once

#include <armadillo>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/linalg/shifted_factorization.hpp"
#include "engine/linalg/symmetric_form.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine {

enum class ShiftedSolverKind { kAuto, kCholesky, kLu, kIterative };
std::string ToString(ShiftedSolverKind kind);  // "auto", "cholesky", "lu", "iterative"

struct ShiftedBlockSolverOptions {
  ShiftedSolverKind kind = ShiftedSolverKind::kAuto;
  // Iterative route: stop a column when ||b - (I - rho W) x|| <= relative_tolerance ||b||. 1e-10 leaves
  // every derived quantity (traces, W (I - rho W)^-1 X beta) exact to far more digits than its use needs.
  double relative_tolerance = 1e-10;
  int max_iterations = 20000;
  // kAuto: the iterative route is chosen when its estimated steps, sqrt of the condition-number bound
  // (1 + |rho| r) / (1 - |rho| r) with r the spectral radius bound, stay at or below this (CG / BiCGSTAB
  // converge in O(sqrt(kappa)) steps); a direct route otherwise. See ChooseShiftedSolver.
  double iterative_max_sqrt_condition = 12.0;
  // Iterative route: right-hand sides are solved as many at a time as keep the solver's vectors (4 n-vectors
  // per column for CG plus the right-hand side and a product, 9 for BiCGSTAB) within this many bytes, at
  // most 16: at n = 10^6, 5 (CG) or 3.
  double iterative_workspace_bytes = 256.0 * 1024 * 1024;
};

// The route kAuto takes for W (symmetric_form null: W not similar to symmetric) at rho, with the reason.
ShiftedSolverKind ChooseShiftedSolver(const SpatialWeights& w,
                                      const SymmetricForm* symmetric_form,
                                      double rho,
                                      const ShiftedBlockSolverOptions& options,
                                      std::string* reason);

class ShiftedBlockSolver {
 public:
  // Sets the route up for this rho (a factorisation for cholesky and lu). `symmetric_form` must outlive
  // the solver when given; null means W is not similar to symmetric (cholesky is then refused). Throws
  // NumericalError naming rho when I - rho W is singular or not positive definite (cholesky): see
  // ShiftedFactorization for the checks.
  ShiftedBlockSolver(const SpatialWeights& w,
                     const SymmetricForm* symmetric_form,
                     double rho,
                     const ShiftedBlockSolverOptions& options = {});
  ~ShiftedBlockSolver();
  ShiftedBlockSolver(const ShiftedBlockSolver&) = delete;
  ShiftedBlockSolver& operator=(const ShiftedBlockSolver&) = delete;

  // X = (I - rho W)^-1 B, or (I - rho W')^-1 B when `transposed`; B is n x b, one column per right-hand
  // side. Throws NumericalError naming rho when an iterative solve does not reach the tolerance.
  arma::mat Solve(const arma::mat& b, bool transposed = false) const;

  ShiftedSolverKind Kind() const { return kind_; }
  // The route in words, with its size (nnz of the factor) or the most steps a column took so far.
  std::string Describe() const;

 private:
  void SetUpIterative();
  arma::mat SolveIterative(const arma::mat& b, bool transposed) const;
  std::size_t BlockColumns(int vectors) const;
  std::vector<double> ConjugateGradients(std::vector<double> r, std::size_t columns) const;
  std::vector<double> BiCgStab(std::vector<double> r, std::size_t columns, bool transposed) const;
  bool TrueResidualIsSmall(const CsrMatrix& m,
                           const std::vector<double>& b,
                           const std::vector<double>& x,
                           std::size_t columns) const;

  const SpatialWeights& w_;
  const SymmetricForm* symmetric_form_;
  double rho_;
  ShiftedBlockSolverOptions options_;
  ShiftedSolverKind kind_;
  std::string reason_;  // why kAuto chose kind_ ("" when given)
  // Iterative route: D^1/2 up to a constant per component (W similar to symmetric), else empty.
  arma::vec scale_;
  // Iterative route: S (W similar to symmetric) or W, and W' for BiCGSTAB's transposed solves, permuted
  // to the breadth-first order order_ (row r is unit order_[r]) for locality.
  std::vector<std::int64_t> order_;
  CsrMatrix operator_;
  CsrMatrix transposed_operator_;
  // Direct routes (cholesky, lu): the factorisation of I - rho W at rho_.
  std::unique_ptr<ShiftedFactorization> factorization_;
  mutable int most_steps_ = 0;  // iterative: the most steps one column needed so far
};

}  // namespace hinterland::engine
