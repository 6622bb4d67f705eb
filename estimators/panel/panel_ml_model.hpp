// Maximum-likelihood spatial panels on a balanced panel of N units over T periods (Elhorst 2003, 2014 ch. 3;
// splm's spml with model = "within" or "pooling"): the lag model y = rho (I_T (x) W) y + X beta + effects + e
// and the error model y = X beta + effects + u, u = lambda (I_T (x) W) u + e, and their Durbin forms (SDM,
// SDEM: W X of the transformed X added, durbin_terms.hpp), with the fixed effects of
// `effects` removed by the within transformation (within_transform.hpp) of y, W y, X and W X; kNone is the
// pooled model with an intercept. The likelihood is the cross-section's with n = N T and the Jacobian
// T log|I_N - rho W| (one N x N back-end for every period), concentrated in rho as in sar_model.hpp and
// sem_model.hpp and maximised by Brent. Standard errors from the analytic information matrix with the
// traces of the N x N W_A = W (I - rho W)^-1 taken T times (Elhorst 2014, eq. 3.25; splm's spfeml), never an
// N T x N T matrix. sigma2 = SSE / (N T), as splm (no degrees-of-freedom correction for the effects).
#pragma once

#include <armadillo>

#include "estimators/common/fit_result.hpp"
#include "estimators/common/model_kind.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/common/spatial_fit_options.hpp"
#include "estimators/panel/panel_effects.hpp"

namespace hinterland::estimators {

struct PanelSpatialFit {
  FitResult
      result;  // model "sar", "sem", "sdm" or "sdem", panel set; coefficients beta (W:...), rho or lambda
  arma::vec residuals;  // N T, period-major: the transformed model's e (lag) or u (error)
};

struct PanelOptions {
  PanelEffects effects = PanelEffects::kNone;
  // Lee & Yu's (2010) transformation approach instead of the direct one (see Transformation in the .cpp):
  // sigma2 on (N - 1)(T - 1) observations under twoways (N (T - 1) individual, (N - 1) T time), T - 1
  // Jacobians under individual effects, and under time effects the Jacobian log|I - rho W| - log(1 - rho)
  // (W's rows must sum to 1). rho and beta are unchanged under individual effects (as splm's LeeYu); under
  // time effects and twoways rho moves, where splm keeps it (time) or applies an analytic bias correction
  // (twoways).
  bool lee_yu = false;
  // Recover the fixed effects with their SEs (FitResult::fixed_effects), as splm's effects(): the intercept
  // ybar - rho (Wy)bar - xbar'b (no rho term for the error models) with SE sqrt(s2 / (N T) + s2 xbar'
  // (X*'X*)^-1 xbar), and each unit's (period's) mean of the same less the intercept with SE sqrt(s2 / T + s2
  // xbar_i' (X*'X*)^-1 xbar_i) (s2 / N for a period), X* the transformed design: conditional on rho, as splm.
  bool fixed_effects = false;
};

// kind must be kSar, kSem, kSdm or kSdem and the design a panel (Periods() > 1). Throws engine::DataError
// naming the regressors that the effects absorb entirely under individual effects (time-invariant ones) and
// dropping those absorbed by time effects with a warning; the cross-section models' errors otherwise.
PanelSpatialFit FitPanelSpatial(const SpatialDesign& design,
                                ModelKind kind,
                                const PanelOptions& panel_options,
                                const SpatialFitOptions& options);

}  // namespace hinterland::estimators
