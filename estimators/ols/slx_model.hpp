// SLX: the spatial lag of X model y = X beta + W X theta + e (Halleck Vega & Elhorst 2015; spatialreg's
// lmSLX), fitted by OLS on [X, WX] with the lagged columns of durbin_terms.hpp. The result is an OLS result
// with model "slx", the W:... coefficients in role kLaggedRegressor and the residual diagnostics of OLS
// (Moran's I, LMerr, LMlag, RLMerr, RLMlag, SARMA; spatial_diagnostics.hpp) on the regression on [X, WX].
#pragma once

#include "estimators/common/spatial_design.hpp"
#include "estimators/common/spatial_fit_options.hpp"
#include "estimators/ols/ols_model.hpp"

namespace hinterland::estimators {

// Durbin terms from `spatial` (durbin_all / durbin_terms); covariance from `ols` (classical or HC).
// Throws what FitOls, BuildDurbinColumns and SpatialDiagnostics throw.
OlsFit FitSlx(const SpatialDesign& design, const SpatialFitOptions& spatial, const OlsOptions& ols);

}  // namespace hinterland::estimators
