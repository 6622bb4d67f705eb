// SLX by OLS on [X, WX] (see slx_model.hpp; Halleck Vega & Elhorst 2015), with the residual diagnostics of
// OLS computed on that same regression: the design of the tests is [X, WX], as spdep's lm.morantest and
// lm.LMtests see an lm on the lagged columns.
#include "estimators/ols/slx_model.hpp"

#include "estimators/common/durbin_terms.hpp"
#include "estimators/common/weights_info.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"

namespace hinterland::estimators {

OlsFit FitSlx(const SpatialDesign& design, const SpatialFitOptions& spatial, const OlsOptions& ols) {
  ValidateSpatialFitOptions(spatial);
  const engine::SpatialWeights& w = design.W().Weights();
  const DurbinColumns durbin = BuildDurbinColumns(design.Frame(), design.W(), spatial);
  const engine::ModelFrame frame = AppendDurbinColumns(design.Frame(), durbin);
  OlsFit fit = FitOls(frame, ols);  // the lagged columns' roles come from their kind (kSpatialLag)
  fit.result.model = "slx";
  fit.result.warnings.insert(fit.result.warnings.begin(), durbin.notes.begin(), durbin.notes.end());
  fit.result.diagnostics = SpatialDiagnostics(fit, frame, design.W());
  if (const std::string warning = LmStyleWarning(w); !warning.empty()) fit.result.warnings.push_back(warning);
  fit.result.has_weights = true;
  fit.result.weights = DescribeWeights(w);
  return fit;
}

}  // namespace hinterland::estimators
