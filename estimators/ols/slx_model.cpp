// SLX by OLS on [X, WX] (see slx_model.hpp; Halleck Vega & Elhorst 2015).
#include "estimators/ols/slx_model.hpp"

#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/weights_info.hpp"

namespace hinterland::estimators {

OlsFit FitSlx(const ModelData& data, const SpatialFitOptions& spatial, const OlsOptions& ols) {
  ValidateSpatialFitOptions(spatial);
  const DurbinColumns durbin = BuildDurbinColumns(data.frame, data.weights, spatial);
  OlsFit fit = FitOls(AppendDurbinColumns(data.frame, durbin), ols);
  fit.result.model = "slx";
  for (Coefficient& coefficient : fit.result.coefficients) {
    if (IsLaggedName(coefficient.name)) coefficient.role = CoefficientRole::kLaggedRegressor;
  }
  fit.result.warnings.insert(fit.result.warnings.begin(), durbin.notes.begin(), durbin.notes.end());
  fit.result.has_weights = true;
  fit.result.weights = DescribeWeights(data.weights);
  return fit;
}

}  // namespace hinterland::estimators
