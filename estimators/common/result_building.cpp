// Shared FitResult filling for the ML estimators (lag, error, sac), so the three cannot drift apart.
#include "estimators/common/result_building.hpp"

#include <fmt/format.h>

#include <algorithm>
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

PanelInfo DescribePanel(const SpatialDesign& design) {
  PanelInfo panel;
  panel.units = design.W().Units();
  panel.periods = design.Periods();
  panel.observations = design.Rows();
  panel.balanced = design.IsBalanced();
  if (panel.balanced) return panel;
  const engine::UnbalancedWeightsOperator& rows = design.PeriodWeights();
  panel.missing_unit_periods = panel.units * panel.periods - panel.observations;
  std::vector<std::int64_t> unit_periods(static_cast<std::size_t>(panel.units), 0);
  for (const std::int64_t unit : rows.RowUnits()) ++unit_periods[static_cast<std::size_t>(unit)];
  panel.incomplete_units = std::count_if(unit_periods.begin(), unit_periods.end(),
                                         [&](std::int64_t count) { return count < panel.periods; });
  for (std::int64_t t = 0; t < panel.periods; ++t)
    panel.incomplete_periods += rows.PeriodRows(t) < panel.units;
  panel.distinct_weights = static_cast<std::int64_t>(rows.Blocks().size());
  return panel;
}

}  // namespace hinterland::estimators
