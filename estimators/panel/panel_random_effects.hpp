// Random-effects spatial panels by maximum likelihood on a balanced panel (Elhorst 2003; Elhorst 2014, sec.
// 3.4; splm's spreml): unit effects mu_i ~ N(0, sigma2_mu), independent of X, with phi = sigma2_mu /
// sigma2_nu.
//   sar: y = rho (I_T (x) W) y + X beta + (iota_T (x) I_N) mu + nu,
//   sem: y = X beta + u, u = lambda (I_T (x) W) u + (iota_T (x) I_N) mu + nu (Kapoor, Kelejian & Prucha 2007:
//        the spatial process acts on the whole disturbance; splm's spatial.error = "kkp").
// With theta = 1 - 1 / sqrt(1 + T phi), Omega^-1/2 quasi-demeans each unit's rows (v - theta v_bar_i), so the
// log-likelihood is T log|I_N - rho W| + N log(1 - theta) - N T / 2 (log(2 pi) + log(SSE / (N T)) + 1), SSE
// of the quasi-demeaned regression; it is maximised over rho (Brent, the cross-section's concentrated
// likelihood) inside a Brent search over theta in [0, 1). The covariance of (beta, rho, phi) is the inverse
// of the numerical Hessian of that likelihood (sigma2 concentrated out), as splm's fdHess for (phi, rho).
// Correlated random effects (Mundlak 1978): the unit means of the time-varying regressors enter X (not of
// those varying only over time, such as year dummies, whose means the intercept carries), so that a
// time-invariant regressor (capital status) gets an estimate robust to correlation between X and mu; the fit
// reports the Wald test that the means' coefficients are 0. A plain random-effects fit reports the spatial
// Hausman test against individual fixed effects (as splm's sphtest; it fits the FE model on the regressors FE
// can estimate).
#pragma once

#include "estimators/common/fit_result.hpp"
#include "estimators/common/model_kind.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/common/spatial_fit_options.hpp"

namespace hinterland::estimators {

// kind kSar or kSem; the design a panel. Throws the cross-section models' errors.
FitResult FitPanelRandomEffects(const SpatialDesign& design,
                                ModelKind kind,
                                bool mundlak,
                                const SpatialFitOptions& options);

}  // namespace hinterland::estimators
