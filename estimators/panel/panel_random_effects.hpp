// Random-effects spatial panels by maximum likelihood (Elhorst 2003; Elhorst 2014, sec.
// 3.4; splm's spreml): unit effects mu_i ~ N(0, sigma2_mu), independent of X, with phi = sigma2_mu /
// sigma2_nu.
//   sar: y = rho (I_T (x) W) y + X beta + (iota_T (x) I_N) mu + nu,
//   sem: y = X beta + u with one of two error structures (RandomErrorStructure):
//        kkp (default): u = lambda (I_T (x) W) u + (iota_T (x) I_N) mu + nu (Kapoor, Kelejian & Prucha 2007:
//        the spatial process acts on the whole disturbance, effects included; splm's spatial.error = "kkp");
//        bsk: u = (iota_T (x) I_N) mu + e, e = lambda (I_T (x) W) e + nu (Baltagi, Song & Koh 2003: only the
//        remainder is spatially filtered; splm's spatial.error = "b", its default).
// With theta = 1 - 1 / sqrt(1 + T phi), Omega^-1/2 quasi-demeans each unit's rows (v - theta v_bar_i), so the
// log-likelihood is T log|I_N - rho W| + N log(1 - theta) - N T / 2 (log(2 pi) + log(SSE / (N T)) + 1), SSE
// of the quasi-demeaned regression; the joint likelihood in (rho, theta) is maximised by Ceres (BFGS on the
// logistic-transformed box, central-difference gradient) from the best of a coarse profile over theta (rho by
// Brent at theta = 0.2, 0.5, 0.8); a maximum at theta = 0, which that search can only approach, is located
// by Brent over theta in [0, 1) with rho's Brent inside, and then held at 0 exactly (the pooled model; phi
// gets no standard error). An unbalanced panel (kkp and sar only) gives unit i theta_i = 1 - 1 / sqrt(1 + T_i
// phi) from its own T_i periods, the Jacobian sum_t log|I - rho W_t| + sum_i log(1 - theta_i), and the sem's
// effects inside the filter (B_t (y_t - X_t b) = mu + nu_t). With the bsk error, B = I - lambda W and
// Omega = sigma2_nu [phi J_T (x) I_N + I_T (x) (B'B)^-1] has no quasi-demeaning: Omega^-1 / sigma2_nu =
// J_T / T (x) (T phi I + (B'B)^-1)^-1 + (I_T - J_T / T) (x) B'B, so the GLS regression whitens each unit's
// mean by sqrt(T) L^-1 B (L L' = I + T phi B B', the push-through identity) and the deviations from it by B,
// and the log-likelihood is T log|B| - 1/2 log|I + T phi B'B| - N T / 2 (log(2 pi) + log(SSE / (N T)) + 1)
// (Baltagi, Song & Koh 2003, eq. 2.5; splm's semREmod). That needs dense N x N matrices (a Cholesky
// factorisation per evaluation), so it is refused above kMaxBskUnits units. The covariance of (beta, rho,
// phi) is the inverse of the numerical Hessian of that likelihood (sigma2 concentrated out), as splm's fdHess
// for (phi, rho). Correlated random effects (Mundlak 1978): the unit means of the time-varying regressors
// enter X (not of those varying only over time, such as year dummies, whose means the intercept carries), so
// that a time-invariant regressor (capital status) gets an estimate robust to correlation between X and mu;
// the fit reports the Wald test that the means' coefficients are 0. A plain random-effects fit reports the
// spatial Hausman test against individual fixed effects (as splm's sphtest; it fits the FE model on the
// regressors FE can estimate).
#pragma once

#include <cstdint>
#include <string>

#include "estimators/common/fit_result.hpp"
#include "estimators/common/model_kind.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/common/spatial_fit_options.hpp"

namespace hinterland::estimators {

// The error process of the random-effects sem (see above); sar has neither.
enum class RandomErrorStructure { kKkp, kBsk };
std::string ToString(RandomErrorStructure error);  // "kkp", "bsk"
// "kkp", "bsk" or splm's "b" (= bsk), ignoring case (engine::OptionError keyed "random_error" otherwise).
RandomErrorStructure ParseRandomErrorStructure(const std::string& text);

// The most units the bsk error is fitted for: each likelihood evaluation factorises a dense N x N matrix
// (~N^3 / 3 flops) and five N x N doubles are held; measured 11 s and 0.3 GB at N = 2000, T = 5 (a rook
// lattice; 5 s at N = 1000), so the time grows as N^3 past it and a larger N would be refused rather than
// left to run for many minutes.
inline constexpr std::int64_t kMaxBskUnits = 2000;

// kind kSar or kSem (error kBsk: kSem only); the design a panel. Throws the cross-section models' errors,
// and engine::OptionError keyed "random_error" for the bsk error above kMaxBskUnits units.
FitResult FitPanelRandomEffects(const SpatialDesign& design,
                                ModelKind kind,
                                bool mundlak,
                                const SpatialFitOptions& options,
                                RandomErrorStructure error = RandomErrorStructure::kKkp);

}  // namespace hinterland::estimators
