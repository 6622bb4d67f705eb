// Maximum-likelihood SAC / SARAR model y = rho W1 y + X beta + u, u = lambda W2 u + e (Anselin 1988, sec.
// 6.3; LeSage & Pace 2009, sec. 2.7), as spatialreg's sacsarlm. The likelihood concentrated in (rho, lambda)
// (sac_likelihood.hpp) is maximised by BFGS inside the two open log-determinant intervals (MaximizeInBox).
// It can have two maxima (the "banana trench" along rho + lambda ~ const), so the search starts from a 3 x 3
// grid at 0.8 of the bounds and from the SAR (lambda = 0) and SEM (rho = 0) solutions, and reports every
// distinct local maximum it finds. Assumes the weights' rows are the frame's rows (AlignModelData).
#pragma once

#include <armadillo>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_fit_options.hpp"

namespace hinterland::estimators {

// One distinct local maximum of the concentrated log-likelihood reached by the multi-start search.
struct LocalOptimum {
  double rho = 0.0;
  double lambda = 0.0;
  double log_likelihood = 0.0;
  bool converged = false;  // the BFGS run that reached it reported convergence
  bool at_bound = false;   // rho or lambda within the optimiser's at-bound tolerance of its interval's end
  int starts = 0;          // how many of the starting points ended here
};

struct SacFit {
  FitResult result;                  // model "sac": betas, then rho (kRho), then lambda (kLambda)
  std::vector<LocalOptimum> optima;  // distinct local maxima, highest log-likelihood first
  int kept = 0;                      // index in `optima` of the reported fit (the highest: 0)
  arma::vec residuals;               // n: e = B (A y - X beta), spatialreg's residuals for sac
  arma::vec fitted;                  // n: y - residuals (spatialreg's fitted.values)
};

// Points within this distance, relative to the width of each interval, count as the same local maximum.
inline constexpr double kSacOptimumSeparation = 1e-4;

// W2 is the error process's weights (pass W1 again for spatialreg's default listw2 = listw); the result
// describes W1 in `weights` and W2 in `weights2`. Throws
// engine::WeightsError when a weights matrix does not match the frame's rows, engine::OptionError for
// invalid options (naming the option; --vcov sandwich is not available for sac), the OLS errors for a
// collinear design, and engine::NumericalError when no start gives a finite likelihood or the covariance
// cannot be formed. A maximum at a bound or a search that does not converge is a status with a warning.
// Covariance: kAnalytic uses exact traces (dense inverses) for n <= options.exact_covariance_max_n and the
// numerical Hessian above it (with a warning); kNumericalHessian always uses the numerical Hessian.
SacFit FitSacWithOptima(const engine::ModelFrame& frame,
                        const engine::SpatialWeights& w1,
                        const engine::SpatialWeights& w2,
                        const SpatialFitOptions& options);

// The same with W1 and W2 as the design's operators, whose caches (symmetric form, eigenvalues) the fit
// shares with the impacts; pass the same operator twice for W2 = W1.
SacFit FitSacWithOptima(const engine::ModelFrame& frame,
                        const engine::WeightsOperator& w1,
                        const engine::WeightsOperator& w2,
                        const SpatialFitOptions& options);

// FitSacWithOptima(...).result.
FitResult FitSac(const engine::ModelFrame& frame,
                 const engine::SpatialWeights& w1,
                 const engine::SpatialWeights& w2,
                 const SpatialFitOptions& options);

}  // namespace hinterland::estimators
