// String forms of the FitResult enums; these are the words JSON and the tables print.
#include "estimators/common/fit_result.hpp"

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

}  // namespace hinterland::estimators
