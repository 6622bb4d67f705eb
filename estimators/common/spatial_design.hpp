// SpatialDesign: the rows of a model and W as it acts on them, the one input of every estimator (with the
// FitRequest; estimators/fit/fit.hpp). Rows are keyed by (unit, period), period-major: row t N + i is unit i
// in period t, and W acts within each period (I_T (x) W, engine::WeightsOperator); a cross-section is T = 1,
// so nothing changes for it. W is optional (OLS without W); SAC's error process may have a second W2, aligned
// to the same rows (W2 is W itself, sharing its cache, when no second matrix is given). Built by
// BuildSpatialDesign from a model frame and the weights as read, which aligns them by id (AlignModelData),
// applies the island and missing-value policies and the style, and records what it dropped in Notes().
// Immutable once built; estimators read it by const reference.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/linalg/unbalanced_weights_operator.hpp"
#include "engine/linalg/weights_operator.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/model_data.hpp"

namespace hinterland::estimators {

// A row's unit (index into W's ids) and period (0 for a cross-section).
struct RowKey {
  std::int64_t unit = 0;
  std::int64_t period = 0;
};

class SpatialDesign {
 public:
  // A cross-section without W (OLS without spatial diagnostics).
  explicit SpatialDesign(engine::ModelFrame frame);
  // A cross-section whose frame and W are already aligned (AlignModelData). Implicit, so that code holding a
  // ModelData (tests, benchmarks) can pass it where a design is expected; W is copied then, which
  // BuildSpatialDesign avoids by moving.
  SpatialDesign(const ModelData& data);  // NOLINT(google-explicit-constructor)
  SpatialDesign(ModelData&& data, const engine::SpatialWeights* second_weights = nullptr);
  // A balanced panel: `frame`'s rows are period-major over the units of `weights` (N x N), one block of N
  // rows per period of `periods` (BuildPanelDesign).
  SpatialDesign(engine::ModelFrame frame,
                engine::SpatialWeights weights,
                std::vector<std::string> periods,
                std::vector<std::string> notes);
  // An unbalanced panel: `frame`'s rows are those of `rows_w` (period-major, each period's observed units),
  // `weights` is W over all of the panel's units (what impacts and the report describe).
  SpatialDesign(engine::ModelFrame frame,
                engine::SpatialWeights weights,
                std::shared_ptr<const engine::UnbalancedWeightsOperator> rows_w,
                std::vector<std::string> periods,
                std::vector<std::string> notes);

  const engine::ModelFrame& Frame() const { return frame_; }
  std::int64_t Rows() const { return static_cast<std::int64_t>(frame_.y.n_elem); }
  std::int64_t Periods() const { return periods_.empty() ? 1 : static_cast<std::int64_t>(periods_.size()); }
  // A panel's periods in order (empty for a cross-section, which is one period).
  const std::vector<std::string>& PeriodLabels() const { return periods_; }
  bool IsPanel() const { return !periods_.empty(); }
  // False only for a panel with missing unit-periods; its rows are then PeriodWeights()'s, not W()'s.
  bool IsBalanced() const { return period_weights_ == nullptr; }
  // An unbalanced panel's W_t over its rows; IsBalanced() must be false.
  const engine::UnbalancedWeightsOperator& PeriodWeights() const;
  RowKey KeyOf(std::int64_t row) const;

  bool HasWeights() const { return w_ != nullptr; }
  // W over the rows; HasWeights() must be true. For an unbalanced panel, W over all of its units in one
  // period (impacts, the weights' description); the rows' operator is PeriodWeights().
  const engine::WeightsOperator& W() const;
  // The error process's W of SAC: the second matrix when one was given, else W itself.
  const engine::WeightsOperator& W2() const;
  bool HasSecondWeights() const { return w2_ != nullptr; }

  // The same design (W, W2, an unbalanced panel's W_t, the periods and notes) over another frame of the same
  // rows, e.g. with fewer columns.
  SpatialDesign WithFrame(engine::ModelFrame frame) const;

  // What aligning dropped or kept and why (islands, units dropped for missing values), for the report.
  const std::vector<std::string>& Notes() const { return notes_; }

 private:
  engine::ModelFrame frame_;
  std::shared_ptr<const engine::WeightsOperator> w_;
  std::shared_ptr<const engine::WeightsOperator> w2_;  // null: W2 is W
  std::vector<std::string> notes_;
  std::vector<std::string> periods_;                                         // empty: a cross-section
  std::shared_ptr<const engine::UnbalancedWeightsOperator> period_weights_;  // null: balanced
};

// Aligns `frame` with W (and with W2 when given) by id under `options` and returns the design. Throws what
// AlignModelData throws, and engine::WeightsError when W and W2 keep different units after aligning.
SpatialDesign BuildSpatialDesign(engine::ModelFrame frame,
                                 const engine::SpatialWeights& weights,
                                 const engine::SpatialWeights* second_weights,
                                 const ModelDataOptions& options);

// A panel in long form (frame.periods set: BuildModelFrame with a time column) as a design: W aligned to the
// panel's units by id under `options` (as BuildSpatialDesign, an island dropped takes its rows in every
// period with it), the periods ordered (numerically when every label is a number) and the rows sorted
// period-major, whatever their order in the file. A panel with missing unit-periods (rows absent from the
// file or dropped for missing values) is unbalanced: each period's W_t is W restricted to the units observed
// in it, aligned and re-standardised by AlignModelData under `options` (an island in W_t follows the island
// policy, for that period), one W_t per distinct set of units. Throws engine::DataError for fewer than two
// periods, and what AlignModelData throws (naming the period for a W_t).
SpatialDesign BuildPanelDesign(engine::ModelFrame frame,
                               const engine::SpatialWeights& weights,
                               const ModelDataOptions& options);

}  // namespace hinterland::estimators
