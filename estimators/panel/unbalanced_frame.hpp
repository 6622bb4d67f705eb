// An unbalanced panel's model frame, lagged then transformed: when units come and go, W_t does not commute
// with the within transformation Q, so the data as given are lagged period by period (the Durbin columns
// W_t x) and then transformed (Q y, Q X, Q W_t x), which every unbalanced fit (ML, SAC, OLS / SLX) shares.
#pragma once

#include <armadillo>
#include <memory>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/common/spatial_fit_options.hpp"
#include "estimators/panel/panel_effects.hpp"
#include "estimators/panel/within_transform.hpp"

namespace hinterland::estimators {

struct UnbalancedFrame {
  std::shared_ptr<const UnbalancedWithin> within;
  engine::ModelFrame frame;  // Q y and the kept columns of Q X (Durbin columns Q W_t x)
  arma::mat raw_x;           // the kept columns as given (Durbin columns W_t x)
};

// `durbin`: the Durbin terms' options when W_t x columns are appended (SDM, SDEM, SLX), else null. Throws
// what WithinFrame throws (a regressor the effects absorb).
UnbalancedFrame LaggedThenTransformed(const SpatialDesign& design,
                                      PanelEffects effects,
                                      const SpatialFitOptions* durbin,
                                      std::vector<std::string>& notes);

}  // namespace hinterland::estimators
