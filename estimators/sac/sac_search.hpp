// The multi-start search for the SAC maximum over (rho, lambda): BFGS (engine MaximizeInBox, analytic
// gradient) from a 3 x 3 grid at 0.8 of each interval's ends and midpoint (spatialreg's sacsarlm grid with
// npars != 4) and from the SAR (lambda = 0) and SEM (rho = 0) solutions found by Brent's method; the ends
// are clustered into distinct local maxima, because the SAC likelihood can have two (Anselin 1988, sec. 6.3).
#pragma once

#include <string>
#include <vector>

#include "engine/logdet/log_determinant.hpp"
#include "estimators/common/spatial_fit_options.hpp"
#include "estimators/sac/sac_likelihood.hpp"
#include "estimators/sac/sac_model.hpp"

namespace hinterland::estimators {

struct SacSearch {
  std::vector<LocalOptimum> optima;  // highest log-likelihood first
  int starts = 0;                    // starting points tried
  int iterations = 0;                // BFGS iterations of the run that reached optima[0]
  int evaluations = 0;               // log-likelihood evaluations over all runs
  std::string message;               // Ceres' termination message for optima[0]
  std::vector<std::string> notes;    // starts that failed, and why
};

// Throws engine::NumericalError when an interval is not finite or no start gives a finite likelihood.
SacSearch SearchSacMaximum(const SacData& data,
                           const engine::LogDeterminant& log_det_1,
                           const engine::LogDeterminant& log_det_2,
                           const SpatialFitOptions& options);

}  // namespace hinterland::estimators
