// Small pieces every ML estimator uses to fill a FitResult from its ModelFrame: the coefficient role of a
// design column, the header fields (model, formula, n, k, ...) and named statistics.
#pragma once

#include <armadillo>
#include <string>

#include "engine/formula/model_frame.hpp"
#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_design.hpp"

namespace hinterland::estimators {

// From the column's kind: kLaggedRegressor for the spatial lags W x, kIntercept for the intercept,
// kRegressor otherwise (never from the name: a data column may be called "W:x").
CoefficientRole RoleOfColumn(const engine::ModelFrame& frame, arma::uword column);

// The coefficient of design column `column`: its name, role and, for a lag, the index of the column it lags
// (coefficients are in design order); estimate and inference are left for the caller.
Coefficient DesignCoefficient(const engine::ModelFrame& frame, arma::uword column);

// Sets model, method ("maximum likelihood"), formula, dependent, data source, n and k from the frame.
void SetMaximumLikelihoodHeader(FitResult& result, const std::string& model, const engine::ModelFrame& frame);

void AddStatistic(FitResult& result, const std::string& name, double value);

// Appends "id (reason)" for every row the frame dropped (missing values, islands) to result.dropped_ids.
void RecordDroppedRows(const engine::ModelFrame& frame, FitResult& result);

// A panel design's shape for FitResult::panel: N, T, the rows, and for an unbalanced panel the missing
// unit-periods, the periods and units they touch and the distinct W_t (effects and bias correction are the
// estimator's to fill).
PanelInfo DescribePanel(const SpatialDesign& design);

}  // namespace hinterland::estimators
