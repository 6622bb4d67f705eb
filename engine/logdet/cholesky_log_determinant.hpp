// cholesky back-end: sparse Cholesky (CHOLMOD) of I - rho S, S = D^1/2 W D^-1/2 the symmetric form of W,
// which has W's determinant. Symbolic analysis (fill-reducing ordering, elimination tree) once; a numeric
// refactorisation per rho; log|I - rho W| = 2 sum_j log L_jj (or sum_j log D_jj for a simplicial LDL').
// Needs W symmetric or similar to symmetric: I - rho S is then positive definite inside the rho bounds.
// As spatialreg's Matrix_setup/"Matrix" method (Pace & Barry 1997 for the sparse determinant).
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
