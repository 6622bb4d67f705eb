// lu back-end on the shared factorisation (engine/linalg/shifted_factorization.hpp, UMFPACK): symbolic once
// on the pattern of I + W' at a representative rho, numeric per rho, the determinant as mantissa *
// 10^exponent.
#include "engine/logdet/lu_log_determinant.hpp"

namespace hinterland::engine {

namespace {

// A rho inside the bounds and well away from 0, so that the off-diagonal values are representative.
double AnalysisRho(const ExtremeEigenvalues& eigenvalues) {
  return eigenvalues.lambda_max > 0.0 ? 0.5 / eigenvalues.lambda_max : 0.5;
}

std::unique_ptr<ShiftedFactorization> AnalysedLu(const SpatialWeights& w,
                                                 const ExtremeEigenvalues& eigenvalues) {
  auto factorization = ShiftedFactorization::Create(FactorizationAlgorithm::kLu,
                                                    DefaultLibrary(FactorizationAlgorithm::kLu), &w, nullptr);
  factorization->Analyze(AnalysisRho(eigenvalues));
  return factorization;
}

}  // namespace

LuLogDeterminant::LuLogDeterminant(const SpatialWeights& w, const ExtremeEigenvalues& eigenvalues)
    : LogDeterminant(w.n(), LogDetMethod::kLu, eigenvalues), factorization_(AnalysedLu(w, eigenvalues)) {}

LuLogDeterminant::~LuLogDeterminant() = default;

double LuLogDeterminant::Evaluate(double rho) const {
  RequireInsideBounds(rho);
  const std::lock_guard<std::mutex> lock(mutex_);
  if (const auto known = values_.find(rho); known != values_.end()) return known->second;
  // No solve follows: the factor is freed on the way out, thrown or not, so that it is not held beside
  // the caller's next allocations (e.g. the covariance traces' own factorisation).
  struct ReleaseOnExit {
    ShiftedFactorization& factorization;
    ~ReleaseOnExit() { factorization.ReleaseFactor(); }
  } release{*factorization_};
  factorization_->Factorize(rho);
  const double value = factorization_->LogDeterminant();
  values_.emplace(rho, value);
  return value;
}

std::string LuLogDeterminant::Details() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return factorization_->Describe();
}

}  // namespace hinterland::engine
