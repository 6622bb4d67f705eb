// Spatial Durbin terms: the lagged regressors WX of SDM, SDEM and SLX (LeSage & Pace 2009, sec. 2.2;
// spatialreg's create_WX). Which columns are lagged: every non-intercept column by default, or those named
// by --durbin. The intercept is never lagged under a row-standardised W (W 1 = 1 duplicates it); under any
// other style spatialreg includes W 1 as "W:(Intercept)" (its "lag.(Intercept)") and so does this. A lagged
// column collinear with the design and the lags before it (e.g. the lag of a factor dummy that is constant
// within neighbourhoods, or a zero lag) is left out with a note, as spatialreg drops aliased columns.
#pragma once

#include <armadillo>
#include <functional>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/spatial_fit_options.hpp"

namespace hinterland::estimators {

struct DurbinColumns {
  arma::mat lagged;                         // n x m: W x_j for the chosen columns j
  std::vector<std::string> names;           // m: "W:INC", "W:(Intercept)"
  std::vector<arma::uword> source_columns;  // m: index j of x_j in the frame's design
  std::vector<std::string> notes;           // columns left out and why
};

// The lagged columns for `frame` under W. With options.durbin_all false only options.durbin_terms are
// lagged; a name that is not a design column, or the intercept under a row-standardised W, is an
// engine::OptionError naming `durbin`. W acts on the frame's rows (a panel's period by period).
DurbinColumns BuildDurbinColumns(const engine::ModelFrame& frame,
                                 const engine::WeightsOperator& w,
                                 const SpatialFitOptions& options);

// W applied to one column of the frame's rows (an unbalanced panel's W_t period by period).
using LagOperator = std::function<arma::vec(const arma::vec&)>;
// The same with W as `lag`; `w` decides only whether the intercept is lagged (its style).
DurbinColumns BuildDurbinColumns(const engine::ModelFrame& frame,
                                 const engine::SpatialWeights& w,
                                 const LagOperator& lag,
                                 const SpatialFitOptions& options);

// The frame with the lagged columns appended to X ([X, WX]); names "W:...", kind kSpatialLag and their
// source columns in lag_sources. The coefficients of the appended columns take the role
// CoefficientRole::kLaggedRegressor (RoleOfColumn), found by kind, never by name.
engine::ModelFrame AppendDurbinColumns(const engine::ModelFrame& frame, const DurbinColumns& durbin);

// The frame a model fits: `frame` itself, or with its Durbin columns appended when `durbin` is true (SDM,
// SDEM); the notes of BuildDurbinColumns are appended to `notes`.
engine::ModelFrame FrameWithDurbinColumns(const engine::ModelFrame& frame,
                                          const engine::WeightsOperator& w,
                                          const SpatialFitOptions& options,
                                          bool durbin,
                                          std::vector<std::string>& notes);
engine::ModelFrame FrameWithDurbinColumns(const engine::ModelFrame& frame,
                                          const engine::SpatialWeights& w,
                                          const LagOperator& lag,
                                          const SpatialFitOptions& options,
                                          bool durbin,
                                          std::vector<std::string>& notes);

}  // namespace hinterland::estimators
