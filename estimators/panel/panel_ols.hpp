// The non-spatial panel regression with the spatial diagnostics of a panel: pooled OLS (effects none) or the
// within (fixed effects) estimator, as plm's `plm(model = "pooling" | "within")` and Stata's `xtreg, fe`,
// with the panel LM tests for a spatial lag and a spatial error and their robust forms (Anselin, Le Gallo &
// Jayet 2008; Debarsy & Ertur 2010; splm's slmtest) on its residuals. The within estimator's residual degrees
// of freedom discount the absorbed effects (N T - k - (N - 1) individual, (T - 1) time, both under twoways),
// as plm.
// The pooled regression adds Baltagi, Song & Koh's (2003) LM tests for random effects and a spatial error
// (LM1, LM2, the joint LMH and the standardised SLM1 and SLM2, as splm's bsktest).
#pragma once

#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/common/spatial_fit_options.hpp"
#include "estimators/ols/ols_model.hpp"
#include "estimators/panel/panel_effects.hpp"

namespace hinterland::estimators {

// The design must be a panel with W. Throws what FitOls and WithinFrame throw, and engine::DataError when the
// effects leave no residual degrees of freedom.
FitResult FitPanelOls(const SpatialDesign& design, PanelEffects effects, OlsOptions options);
// SLX on a panel: the same regression on [X*, W X*], W lagging the transformed regressors (the Durbin terms
// of `spatial`, durbin_terms.hpp), model "slx".
FitResult FitPanelSlx(const SpatialDesign& design,
                      PanelEffects effects,
                      OlsOptions options,
                      const SpatialFitOptions& spatial);

}  // namespace hinterland::estimators
