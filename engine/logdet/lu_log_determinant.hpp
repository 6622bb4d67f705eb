// lu back-end: sparse LU of I - rho W for any W. Symbolic analysis (column ordering, frontal structure)
// once; a numeric factorisation per rho; log|det| from the LU's pivots in a mantissa/exponent form that
// cannot overflow or underflow where a plain product of pivots would (n = 10^6 pivots). As spatialreg's
// LU_setup/"LU" method.
//
// The factorisation is engine/linalg/shifted_factorization.hpp's (UMFPACK), shared with the covariance
// traces' direct solves; its settings (strategy, ordering, threads, memory) and the measurements behind
// them are in that header. The numeric factor is freed after each evaluation (no solve follows), as before
// the factorisations were merged.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "engine/linalg/shifted_factorization.hpp"
#include "engine/logdet/log_determinant.hpp"

namespace hinterland::engine {

class LuLogDeterminant final : public LogDeterminant {
 public:
  // The symbolic analysis is made here, on the values at a representative rho (0.5 / lambda_max).
  LuLogDeterminant(const SpatialWeights& w, const ExtremeEigenvalues& eigenvalues);
  ~LuLogDeterminant() override;

  // NumericalError when rho is outside the bounds, I - rho W is singular (including a reciprocal condition
  // estimate at or below ShiftedFactorization::kSingularPivot), or its determinant is negative.
  double Evaluate(double rho) const override;
  double Derivative(double rho) const override { return NumericalDerivative(rho); }
  bool IsExact() const override { return true; }
  double ErrorEstimate(double /*rho*/) const override { return 0.0; }

 protected:
  std::string Details() const override;

 private:
  std::unique_ptr<ShiftedFactorization> factorization_;
  // Every value computed, by rho: searches over the same interval share their first (golden-section)
  // points, and at 10^5 units one factorisation costs 0.3 s. The factorisation is deterministic, so a
  // remembered value is the value a new one would give.
  mutable std::map<double, double> values_;
  mutable std::mutex mutex_;
};

}  // namespace hinterland::engine
