// Shared FitResult filling for the ML estimators (lag, error, sac), so the three cannot drift apart.
#include "estimators/common/result_building.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "estimators/common/durbin_terms.hpp"

namespace hinterland::estimators {

CoefficientRole RoleOfColumn(const engine::ModelFrame& frame, arma::uword column) {
  if (IsLaggedName(frame.column_names[column])) return CoefficientRole::kLaggedRegressor;
  return frame.column_kinds[column] == engine::ColumnKind::kIntercept ? CoefficientRole::kIntercept
                                                                      : CoefficientRole::kRegressor;
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
