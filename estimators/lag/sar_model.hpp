// Maximum-likelihood spatial lag models: SAR y = rho W y + X beta + e and the spatial Durbin model SDM,
// which adds W X theta (LeSage & Pace 2009, ch. 3; Anselin 1988, ch. 6). The likelihood is concentrated in
// rho (Anselin 1988, sec. 6.2): beta(rho) = b0 - rho bL from the OLS of y and of W y on X, and
// SSE(rho) = e0'e0 - 2 rho eL'e0 + rho^2 eL'eL, maximised by Brent over the log-determinant's interval,
// as spatialreg's lagsarlm. Assumes the design's W rows are its frame's rows (BuildSpatialDesign).
#pragma once

#include <armadillo>

#include "estimators/common/fit_result.hpp"
#include "estimators/common/model_kind.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/common/spatial_fit_options.hpp"

namespace hinterland::estimators {

struct SpatialLagFit {
  FitResult result;     // model "sar" or "sdm"; coefficients beta (and W:... theta), then rho (kRho)
  arma::vec residuals;  // n: y - rho W y - X beta
  arma::vec fitted;     // n: y - residuals (spatialreg's fitted.values)
};

// kind must be kSar or kSdm (engine::OptionError naming --model otherwise). Throws the OLS errors for a
// collinear design, engine::OptionError for invalid options or --durbin terms, engine::NumericalError when
// the log-likelihood is not finite at some rho (naming it) or the covariance cannot be formed. A maximum at a
// bound or a search that does not converge is a status with a warning, not an error.
SpatialLagFit FitSpatialLag(const SpatialDesign& design, ModelKind kind, const SpatialFitOptions& options);

}  // namespace hinterland::estimators
