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

}  // namespace hinterland::estimators
