// Maximum-likelihood spatial error models: SEM y = X beta + u, u = lambda W u + e, and the spatial Durbin
// error model SDEM, which adds W X theta (LeSage & Pace 2009, sec. 2.3 and 3.3; Anselin 1988, ch. 6). The
// likelihood is concentrated in lambda with the GLS beta(lambda) from the spatially filtered regression of
// y - lambda W y on X - lambda W X, maximised by Brent over the log-determinant's interval, as spatialreg's
// errorsarlm. Assumes the design's W rows are its frame's rows (BuildSpatialDesign).
#pragma once

#include <armadillo>

#include "estimators/common/fit_result.hpp"
#include "estimators/common/model_kind.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/common/spatial_fit_options.hpp"

namespace hinterland::estimators {

struct SpatialErrorFit {
  FitResult result;              // model "sem" or "sdem"; coefficients beta (and W:... theta), then lambda
  arma::vec residuals;           // n: u = y - X beta (spatialreg's residuals are these)
  arma::vec filtered_residuals;  // n: e = (I - lambda W) u
  arma::vec fitted;              // n: y - residuals
};

// kind must be kSem or kSdem (engine::OptionError naming --model otherwise); errors as FitSpatialLag.
SpatialErrorFit FitSpatialError(const SpatialDesign& design,
                                ModelKind kind,
                                const SpatialFitOptions& options);

}  // namespace hinterland::estimators
