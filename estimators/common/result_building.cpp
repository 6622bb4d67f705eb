// Shared FitResult filling for the ML estimators (lag, error, sac), so the three cannot drift apart.
#include "estimators/common/result_building.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace hinterland::estimators {

CoefficientRole RoleOfColumn(const engine::ModelFrame& frame, arma::uword column) {
  // A frame built by hand may carry no kinds: its intercept is then known by its name alone.
  if (frame.column_kinds.empty()) {
    return frame.column_names[column] == "(Intercept)" ? CoefficientRole::kIntercept
                                                       : CoefficientRole::kRegressor;
  }
  switch (frame.column_kinds[column]) {
    case engine::ColumnKind::kIntercept:
      return CoefficientRole::kIntercept;
    case engine::ColumnKind::kSpatialLag:
      return CoefficientRole::kLaggedRegressor;
    case engine::ColumnKind::kNumeric:
    case engine::ColumnKind::kFactorLevel:
    case engine::ColumnKind::kInteraction:
      return CoefficientRole::kRegressor;
  }
  return CoefficientRole::kRegressor;
}

Coefficient DesignCoefficient(const engine::ModelFrame& frame, arma::uword column) {
  Coefficient coefficient;
  coefficient.name = frame.column_names[column];
  coefficient.role = RoleOfColumn(frame, column);
  coefficient.lagged_coefficient = LagSourceOf(frame, column);
  return coefficient;
}

void SetMaximumLikelihoodHeader(FitResult& result,
                                const std::string& model,
                                const engine::ModelFrame& frame) {
  result.model = model;
  result.method = "maximum likelihood";
  result.formula = frame.formula_text;
  result.dependent = frame.dependent;
  result.data_source = frame.source;
  result.n = static_cast<std::int64_t>(frame.y.n_elem);
  result.k = static_cast<std::int64_t>(frame.x.n_cols);
}

void AddStatistic(FitResult& result, const std::string& name, double value) {
  result.statistics.push_back(FitStatistic{name, value});
}

void RecordDroppedRows(const engine::ModelFrame& frame, FitResult& result) {
  for (const engine::DroppedRow& dropped : frame.dropped) {
    result.dropped_ids.push_back(fmt::format("{} ({})", dropped.id, dropped.reason));
  }
}

}  // namespace hinterland::estimators
