// String forms of the FitResult enums (the words JSON and the tables print), and the engine provenance.
#include "estimators/common/fit_result.hpp"

#include "engine/core/build_info.hpp"

namespace hinterland::estimators {

std::string ToString(CoefficientRole role) {
  switch (role) {
    case CoefficientRole::kIntercept:
      return "intercept";
    case CoefficientRole::kRegressor:
      return "regressor";
    case CoefficientRole::kLaggedRegressor:
      return "lagged_regressor";
    case CoefficientRole::kRho:
      return "rho";
    case CoefficientRole::kLambda:
      return "lambda";
  }
  return "regressor";
}

std::string ToString(FitStatus status) {
  switch (status) {
    case FitStatus::kConverged:
      return "converged";
    case FitStatus::kAtBound:
      return "at_bound";
    case FitStatus::kNotConverged:
      return "not_converged";
    case FitStatus::kFailed:
      return "failed";
  }
  return "failed";
}

void FillEngineProvenance(Provenance& provenance) {
  const engine::BuildInfo info = engine::GetBuildInfo();
  provenance.engine_version = info.engine_version;
  provenance.blas = info.blas;
  provenance.blas_library = info.blas_library;
  provenance.lapack = info.lapack;
  provenance.threads = info.blas_threads;
  provenance.sparse_threads = info.sparse_threads;
}

}  // namespace hinterland::estimators
