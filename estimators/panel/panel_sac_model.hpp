// The SAC / SARAR spatial panel by maximum likelihood on a balanced panel of N units over T periods
// (Elhorst 2014, sec. 3.2; Lee & Yu 2010; splm's spml(..., lag = TRUE, spatial.error = "b") with model =
// "within" or "pooling"): y = rho (I_T (x) W) y + X beta + effects + u, u = lambda (I_T (x) W2) u + e. The
// fixed effects of `effects` are removed by the within transformation of y and X (W then applied to the
// transformed data, as FitPanelSpatial and splm's spfeml do); kNone is the pooled model with an intercept.
// The likelihood is the cross-section SAC's (estimators/sac/sac_likelihood.hpp) with n = N T and the
// Jacobians T log|I - rho W| + T log|I - lambda W2| of the N x N back-ends, concentrated in beta and sigma2
// and maximised over (rho, lambda) by the cross-section's multi-start BFGS (sac_search.hpp). Standard errors
// from the analytic information matrix over (beta, rho, lambda, sigma2) with the N x N traces taken T times
// (exact, through dense N x N inverses, for N <= exact_covariance_max_n; the numerical Hessian above it, with
// a warning): splm's Lee & Yu (2010, eq. 39) matrix. sigma2 = SSE / (N T), as splm.
#pragma once

#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/common/spatial_fit_options.hpp"
#include "estimators/panel/panel_ml_model.hpp"

namespace hinterland::estimators {

// The design must be a panel (Periods() > 1) with W (and W2, W itself unless given). options.covariance
// kAnalytic, kNumericalHessian or kCluster (by unit: the sandwich around the analytic information, a
// balanced panel of at most exact_covariance_max_n units). `fixed_effects` recovers the effects as splm's
// felag does for sarar (recovered_effects.hpp). `lee_yu` is Lee & Yu's transformation approach: under
// individual effects, as splm's LeeYu, (rho, lambda, beta) unchanged, sigma2 = SSE / (N (T - 1)), the
// likelihood and the information matrix with T - 1 Jacobians over N (T - 1) observations; under time effects
// and twoways both Jacobians lose log(1 - parameter) (F_N'W F_N; W and W2 with rows summing to 1), the lags
// lose their period means, (N - 1) T or (N - 1)(T - 1) observations, and the covariance is the numerical
// Hessian of that likelihood (splm's twoways correction differs: see the README). Options a SAC panel does
// not have are engine::OptionErrors naming the option. Throws the within frame's errors (a regressor absorbed
// by individual effects), the OLS errors for a collinear design and engine::NumericalError when no start
// gives a finite likelihood or the covariance cannot be formed.
FitResult FitPanelSac(const SpatialDesign& design,
                      const PanelOptions& panel_options,
                      const SpatialFitOptions& options);

}  // namespace hinterland::estimators
