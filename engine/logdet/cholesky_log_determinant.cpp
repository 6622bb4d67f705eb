// cholesky back-end on the shared factorisation (engine/linalg/shifted_factorization.hpp, CHOLMOD): the
// symbolic analysis at set-up, then per rho one refactorisation of I - rho S and the log of its pivots.
#include "engine/logdet/cholesky_log_determinant.hpp"

namespace hinterland::engine {

namespace {

// W is not needed: the log-determinant never solves, and S carries the pattern and the values.
std::unique_ptr<ShiftedFactorization> AnalysedCholesky(const SymmetricForm& symmetric_form) {
  auto factorization = ShiftedFactorization::Create(FactorizationAlgorithm::kCholesky,
                                                    DefaultLibrary(FactorizationAlgorithm::kCholesky),
                                                    nullptr, &symmetric_form);
  factorization->Analyze(0.0);  // CHOLMOD's analysis reads only the pattern
  return factorization;
}

}  // namespace

CholeskyLogDeterminant::CholeskyLogDeterminant(const SymmetricForm& symmetric_form,
                                               const ExtremeEigenvalues& eigenvalues)
    : LogDeterminant(symmetric_form.matrix.n, LogDetMethod::kCholesky, eigenvalues),
      factorization_(AnalysedCholesky(symmetric_form)) {}

CholeskyLogDeterminant::~CholeskyLogDeterminant() = default;

double CholeskyLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  const std::lock_guard<std::mutex> lock(mutex_);
  factorization_->Factorize(rho);
  return factorization_->LogDeterminant();
}

std::string CholeskyLogDeterminant::Details() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return factorization_->Describe();
}

}  // namespace hinterland::engine
