// cholesky back-end: sparse Cholesky (CHOLMOD) of I - rho S, S = D^1/2 W D^-1/2 the symmetric form of W,
// which has W's determinant. Symbolic analysis (fill-reducing ordering, elimination tree) once; a numeric
// refactorisation per rho; log|I - rho W| = 2 sum_j log L_jj (or sum_j log D_jj for a simplicial LDL').
// Needs W symmetric or similar to symmetric: I - rho S is then positive definite inside the rho bounds.
// As spatialreg's Matrix_setup/"Matrix" method (Pace & Barry 1997 for the sparse determinant).
//
// Settings, chosen by measurement (2-core development machine shared with other builds; row-standardised
// rook lattices; CPU seconds of the whole process per factorisation, standalone CHOLMOD runs):
// - Threads: each factorisation runs single-threaded (SingleThreadedSparseSolver). Debian's CHOLMOD 3.0.14
//   opens a 4-thread OpenMP region per supernode and OpenBLAS's workers spun between calls: n = 10^5
//   0.16 -> 0.11 s, n = 10^6 2.19 -> 1.53 s. That and the load were most of the earlier 7.5 s per rho at
//   10^6 and of cholesky losing to lu at 10^5 (logdet_benchmark now: 0.10 s against lu's 0.29 s).
// - Ordering: CHOLMOD's default, AMD (METIS and NESDIS are tried only when AMD's fill is high), is kept. On
//   the 1000 x 1000 rook lattice METIS cut nnz(L) from 4.47e7 to 3.40e7 and the flops by 31%, but the
//   factorisation only from 1.53 to 1.38 s, for 4.3 s of ordering against 0.8 s (NESDIS: 1.38 s for
//   5.3 s), ~25 evaluations to break even; at n = 10^5 it gained nothing (0.153 against 0.156 s, 0.36 s of
//   ordering against 0.06 s); on the 1000 x 1000 queen lattice it lost (nnz(L) 5.90e7 against 5.63e7,
//   1.90 against 1.83 s). COLAMD (a column ordering of A'A, for unsymmetric factorisations) was not tried.
// - Supernodal or simplicial: CHOLMOD's switch (supernodal when flops / nnz(L) >= 40) is kept: the two tie
//   at n = 10^4 (7 against 8 ms), supernodal wins from 4e4 (0.040 against 0.056 s) and by far at 10^6
//   (1.5 against 17 s).
#pragma once

#include <memory>
#include <mutex>

#include "engine/linalg/symmetric_form.hpp"
#include "engine/logdet/log_determinant.hpp"

namespace hinterland::engine {

class CholeskyLogDeterminant final : public LogDeterminant {
 public:
  CholeskyLogDeterminant(const SymmetricForm& symmetric_form, const ExtremeEigenvalues& eigenvalues);
  ~CholeskyLogDeterminant() override;

  // Refactorises I - rho S (serialised by a mutex: one factor is shared by the calls). NumericalError when
  // rho is outside the bounds or the factorisation finds I - rho S not positive definite.
  double Evaluate(double rho) const override;
  double Derivative(double rho) const override { return NumericalDerivative(rho); }
  bool IsExact() const override { return true; }
  double ErrorEstimate(double /*rho*/) const override { return 0.0; }

 protected:
  std::string Details() const override;

 private:
  class Cholmod;  // CHOLMOD's workspace, the pattern of S and the factor (cholesky_log_determinant.cpp)
  std::unique_ptr<Cholmod> cholmod_;
  mutable std::mutex mutex_;
};

}  // namespace hinterland::engine
