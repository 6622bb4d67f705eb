// The fixed effects of a within (fixed-effects) panel fit recovered after it, as splm's effects() (felag /
// feerror): the intercept ybar - rho (W y)bar - xbar'b and each unit's (period's) mean of y - rho W y - X b
// less the intercept, from the data as given, with SEs conditional on rho: sqrt(s2 / (N T) + s2 xbar'
// (X*'X*)^-1 xbar) for the intercept and sqrt(s2 / T + s2 xbar_i' (X*'X*)^-1 xbar_i) (s2 / N for a period),
// X* the transformed design. The error models pass rho = 0 (their effects are those of y - X b); the SAC
// passes its rho, as splm's felag does for sarar.
#pragma once

#include <armadillo>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/panel/panel_effects.hpp"
#include "estimators/panel/within_transform.hpp"

namespace hinterland::estimators {

// `frame` is the transformed frame the fit used (its columns, Durbin columns W:x included, are rebuilt from
// the design's data as given); `beta` its coefficients. A balanced design. engine::NumericalError when the
// transformed design's cross-products are singular.
std::vector<FixedEffect> RecoverFixedEffects(const SpatialDesign& design,
                                             const engine::ModelFrame& frame,
                                             PanelEffects effects,
                                             double rho,
                                             const arma::vec& beta,
                                             double sigma2);

// The same for an unbalanced panel, from the fit's own model: `remainder` is what the effects and the noise
// make up at the estimates (y - rho W_t y - X b for the lag models; B_t (y - X b) for the error models and
// B_t (A_t y - X b) for the SAC, whose effects enter the filtered equation on an unbalanced panel),
// `regressors` the rows' regressors as they enter it (X, or B_t X) and `transformed` the fit's transformed
// design. The least-squares effects (`within`'s) are written as the intercept, the mean of the remainder,
// and deviations whose row-weighted means are 0 (each unit's weighted by its periods, each period's by its
// units), as splm's on a balanced panel; SEs as above with each unit's T_i (each period's N_t) rows.
std::vector<FixedEffect> RecoverUnbalancedFixedEffects(const SpatialDesign& design,
                                                       const UnbalancedWithin& within,
                                                       const arma::vec& remainder,
                                                       const arma::mat& regressors,
                                                       const arma::mat& transformed,
                                                       double sigma2);

}  // namespace hinterland::estimators
