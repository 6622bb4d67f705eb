// ModelKind and CovarianceMethod: the model and the coefficient-covariance estimator a fit is asked for.
// The only place their words exist ("sar", "hessian", ...): the CLI parses through Parse*, the JSON writes
// ToString (ARCHITECTURE.md section 4, "CLI words = enum words").
#pragma once

#include <string>

namespace hinterland::estimators {

// kOls: least squares; kSlx: least squares on [X, WX]; kSar / kSdm: spatial lag (+ WX);
// kSem / kSdem: spatial error (+ WX); kSac: lag and error together.
enum class ModelKind { kOls, kSlx, kSar, kSem, kSdm, kSdem, kSac };

// "ols", "slx", "sar", "sem", "sdm", "sdem", "sac".
std::string ToString(ModelKind kind);
// The words above (case-insensitive); engine::OptionError naming --model otherwise.
ModelKind ParseModelKind(const std::string& text);

// Covariance of the ML estimates. kAnalytic: the inverse of the asymptotic information matrix (spatialreg's
// default for small n); kNumericalHessian: the inverse of a central-difference Hessian of the
// log-likelihood (spatialreg's fdHess); kSandwich: a heteroskedasticity-robust H^-1 G H^-1.
enum class CovarianceMethod { kAnalytic, kNumericalHessian, kSandwich };

// "analytic", "hessian", "sandwich".
std::string ToString(CovarianceMethod method);
// The words above (case-insensitive); engine::OptionError naming --vcov otherwise.
CovarianceMethod ParseCovarianceMethod(const std::string& text);

}  // namespace hinterland::estimators
