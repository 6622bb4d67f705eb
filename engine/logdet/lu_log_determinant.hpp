// lu back-end: sparse LU (UMFPACK) of I - rho W for any W. Symbolic analysis (column ordering, frontal
// structure) once; a numeric factorisation per rho; log|det| from umfpack_dl_get_determinant's
// mantissa/exponent form, which cannot overflow or underflow where a plain product of pivots would
// (n = 10^6 pivots). As spatialreg's LU_setup/"LU" method. The factored matrix is the transpose
// I - rho W' (W's CSR arrays are W' in CSC), which has the same determinant.
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
