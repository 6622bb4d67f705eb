// lu back-end: sparse LU (UMFPACK) of I - rho W for any W. Symbolic analysis (column ordering, frontal
// structure) once; a numeric factorisation per rho; log|det| from umfpack_dl_get_determinant's
// mantissa/exponent form, which cannot overflow or underflow where a plain product of pivots would
// (n = 10^6 pivots). As spatialreg's LU_setup/"LU" method. The factored matrix is the transpose
// I - rho W' (W's CSR arrays are W' in CSC), which has the same determinant.
//
// Settings, chosen by measurement (2-core development machine shared with other builds; CPU seconds of
// the whole process per numeric factorisation, standalone UMFPACK runs):
// - Strategy: UMFPACK's automatic choice already takes its symmetric strategy (AMD on the pattern of
//   A + A', diagonal pivots preferred) on lattices and k-nearest-neighbour W, whose patterns are symmetric
//   or nearly so; forcing the unsymmetric strategy cost 0.378 against 0.224 s at n = 10^5 (rook) with
//   30-80% more fill. The defaults stay.
// - Ordering: METIS instead of AMD gave 3.0 against 3.6 s per factorisation on the 1000 x 1000 rook
//   lattice for 5.1 against 2.5 s of symbolic analysis, and 4.4 against 4.7 s (9.9 against 3.7 s) on
//   k = 8 nearest neighbours of 10^6 points: AMD kept.
// - Threads: single-threaded (SingleThreadedSparseSolver): two OpenBLAS threads changed nothing at 10^5
//   (0.235 against 0.234 s) and only spin between fronts.
// - Memory: beside UMFPACK's objects only the pattern, each entry's weight and the values are held (the
//   per-entry index into W and a copy of W's weights are gone: 144 MB less at 10^6 kNN, k = 8).
#pragma once

#include <memory>
#include <mutex>

#include "engine/logdet/log_determinant.hpp"

namespace hinterland::engine {

class LuLogDeterminant final : public LogDeterminant {
 public:
  LuLogDeterminant(const SpatialWeights& w, const ExtremeEigenvalues& eigenvalues);
  ~LuLogDeterminant() override;

  // NumericalError when rho is outside the bounds, I - rho W is singular, or its determinant is negative.
  double Evaluate(double rho) const override;
  double Derivative(double rho) const override { return NumericalDerivative(rho); }
  bool IsExact() const override { return true; }
  double ErrorEstimate(double /*rho*/) const override { return 0.0; }

 protected:
  std::string Details() const override;

 private:
  class Umfpack;  // UMFPACK's symbolic object and the CSC arrays of I - rho W' (lu_log_determinant.cpp)
  std::unique_ptr<Umfpack> umfpack_;
  mutable std::mutex mutex_;
};

}  // namespace hinterland::engine
