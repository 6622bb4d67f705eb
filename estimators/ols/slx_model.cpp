// SLX by OLS on [X, WX] (see slx_model.hpp; Halleck Vega & Elhorst 2015), with the residual diagnostics of
// OLS computed on that same regression: the design of the tests is [X, WX], as spdep's lm.morantest and
// lm.LMtests see an lm on the lagged columns.
#include "estimators/ols/slx_model.hpp"

#include <fmt/format.h>

#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/weights_info.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"

namespace hinterland::estimators {

OlsFit FitSlx(const ModelData& data, const SpatialFitOptions& spatial, const OlsOptions& ols) {
  ValidateSpatialFitOptions(spatial);
  const DurbinColumns durbin = BuildDurbinColumns(data.frame, data.weights, spatial);
  const engine::ModelFrame design = AppendDurbinColumns(data.frame, durbin);
  OlsFit fit = FitOls(design, ols);
  fit.result.model = "slx";
  for (Coefficient& coefficient : fit.result.coefficients) {
    if (IsLaggedName(coefficient.name)) coefficient.role = CoefficientRole::kLaggedRegressor;
  }
  fit.result.warnings.insert(fit.result.warnings.begin(), durbin.notes.begin(), durbin.notes.end());
  fit.result.diagnostics = SpatialDiagnostics(fit, design, data.weights);
  if (data.weights.Style() != engine::WeightsStyle::kRowStandardised) {
    fit.result.warnings.push_back(fmt::format(
        "the LM tests assume row-standardised weights (--style W, as spdep's lm.LMtests); W here is style {}",
        engine::ToString(data.weights.Style())));
  }
  fit.result.has_weights = true;
  fit.result.weights = DescribeWeights(data.weights);
  return fit;
}

}  // namespace hinterland::estimators
