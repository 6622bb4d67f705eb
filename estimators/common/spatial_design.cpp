// SpatialDesign and its builder (see spatial_design.hpp).
#include "estimators/common/spatial_design.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::estimators {

SpatialDesign::SpatialDesign(engine::ModelFrame frame) : frame_(std::move(frame)) {}

SpatialDesign::SpatialDesign(const ModelData& data)
    : frame_(data.frame),
      w_(std::make_shared<const engine::WeightsOperator>(data.weights)),
      notes_(data.notes) {}

SpatialDesign::SpatialDesign(ModelData&& data, const engine::SpatialWeights* second_weights)
    : frame_(std::move(data.frame)),
      w_(std::make_shared<const engine::WeightsOperator>(std::move(data.weights))),
      notes_(std::move(data.notes)) {
  if (second_weights != nullptr) w2_ = std::make_shared<const engine::WeightsOperator>(*second_weights);
  HINTERLAND_CHECK(w_->Rows() == Rows(), "W and the frame differ in rows");
  HINTERLAND_CHECK(w2_ == nullptr || w2_->Rows() == Rows(), "W2 and the frame differ in rows");
}

SpatialDesign::SpatialDesign(engine::ModelFrame frame,
                             engine::SpatialWeights weights,
                             std::vector<std::string> periods,
                             std::vector<std::string> notes)
    : frame_(std::move(frame)), notes_(std::move(notes)), periods_(std::move(periods)) {
  const auto periods_count = static_cast<std::int64_t>(periods_.size());
  w_ = std::make_shared<const engine::WeightsOperator>(std::move(weights), periods_count);
  HINTERLAND_CHECK(w_->Rows() == Rows(), "W over the periods and the frame differ in rows");
}

SpatialDesign SpatialDesign::WithFrame(engine::ModelFrame frame) const {
  HINTERLAND_CHECK(frame.y.n_elem == frame_.y.n_elem, "WithFrame: a frame of other rows");
  SpatialDesign design = *this;
  design.frame_ = std::move(frame);
  return design;
}

SpatialDesign::SpatialDesign(engine::ModelFrame frame,
                             engine::SpatialWeights weights,
                             std::shared_ptr<const engine::UnbalancedWeightsOperator> rows_w,
                             std::vector<std::string> periods,
                             std::vector<std::string> notes)
    : frame_(std::move(frame)),
      w_(std::make_shared<const engine::WeightsOperator>(std::move(weights))),
      notes_(std::move(notes)),
      periods_(std::move(periods)),
      period_weights_(std::move(rows_w)) {
  HINTERLAND_CHECK(period_weights_ != nullptr && period_weights_->Rows() == Rows(),
                   "the unbalanced panel's W_t and the frame differ in rows");
  HINTERLAND_CHECK(period_weights_->Periods() == static_cast<std::int64_t>(periods_.size()) &&
                       period_weights_->Units() == w_->Units(),
                   "the unbalanced panel's W_t and its units or periods differ");
}

const engine::UnbalancedWeightsOperator& SpatialDesign::PeriodWeights() const {
  HINTERLAND_CHECK(period_weights_ != nullptr, "PeriodWeights asked of a balanced design");
  return *period_weights_;
}

RowKey SpatialDesign::KeyOf(std::int64_t row) const {
  if (period_weights_ != nullptr) {
    const auto r = static_cast<std::size_t>(row);
    return RowKey{period_weights_->RowUnits()[r], period_weights_->RowPeriods()[r]};
  }
  const std::int64_t units = HasWeights() ? w_->Units() : Rows();
  return RowKey{row % units, row / units};
}

const engine::WeightsOperator& SpatialDesign::W() const {
  HINTERLAND_CHECK(w_ != nullptr, "W asked of a design without weights");
  return *w_;
}

const engine::WeightsOperator& SpatialDesign::W2() const { return w2_ != nullptr ? *w2_ : W(); }

SpatialDesign BuildSpatialDesign(engine::ModelFrame frame,
                                 const engine::SpatialWeights& weights,
                                 const engine::SpatialWeights* second_weights,
                                 const ModelDataOptions& options) {
  if (second_weights == nullptr) return SpatialDesign(AlignModelData(std::move(frame), weights, options));
  // W2 is aligned to the rows as read (W's alignment may drop some), then must keep the same units as W.
  const engine::ModelFrame unaligned = frame;
  ModelData first = AlignModelData(std::move(frame), weights, options);
  ModelData second = AlignModelData(unaligned, *second_weights, options);
  if (second.frame.ids != first.frame.ids) {
    throw engine::WeightsError(fmt::format(
        "the second weights ({}) keep {} observations after aligning and the weights ({}) keep {}: both must "
        "keep the same units (check their islands and the island policy)",
        second_weights->Source(), second.frame.ids.size(), weights.Source(), first.frame.ids.size()));
  }
  return SpatialDesign(std::move(first), &second.weights);
}

namespace {

std::optional<double> NumberOf(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// The periods in order: numerically when every label is a number (1999 before 2000, 9 before 10), else as
// text.
std::vector<std::string> OrderedPeriods(const std::vector<std::string>& labels) {
  std::vector<std::string> periods(labels);
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  std::vector<double> values;
  for (const std::string& label : periods) {
    const std::optional<double> value = NumberOf(label);
    if (!value) return periods;
    values.push_back(*value);
  }
  std::vector<std::size_t> order(periods.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<std::string> sorted;
  for (const std::size_t i : order) sorted.push_back(periods[i]);
  return sorted;
}

// The frame of the panel's units, one row per unit (with its first row's line), in W's order (the units W
// lacks last, for AlignModelData to name), so that the design does not depend on the file's row order.
engine::ModelFrame UnitFrame(const engine::ModelFrame& frame, const engine::SpatialWeights& weights) {
  engine::ModelFrame units;
  units.source = frame.source;
  std::unordered_set<std::string> seen;
  std::vector<std::pair<std::int64_t, std::size_t>> first_rows;  // (position in W, frame row)
  for (std::size_t row = 0; row < frame.ids.size(); ++row) {
    if (!seen.insert(frame.ids[row]).second) continue;
    const std::optional<std::int64_t> position = weights.IndexOf(frame.ids[row]);
    first_rows.emplace_back(position.value_or(weights.n() + static_cast<std::int64_t>(row)), row);
  }
  std::sort(first_rows.begin(), first_rows.end());
  for (const auto& [position, row] : first_rows) {
    units.ids.push_back(frame.ids[row]);
    units.source_lines.push_back(row < frame.source_lines.size() ? frame.source_lines[row] : 0);
  }
  units.y.zeros(units.ids.size());
  units.x.zeros(units.ids.size(), 0);
  return units;
}

// The rows of `frame` at `rows`, in that order, with their ids, periods and lines; what it dropped is kept.
engine::ModelFrame FrameRows(const engine::ModelFrame& frame, const std::vector<std::int64_t>& rows) {
  engine::ModelFrame sorted = frame;
  const arma::uvec at = arma::conv_to<arma::uvec>::from(rows);
  sorted.y = frame.y.elem(at);
  sorted.x = frame.x.rows(at);
  sorted.ids.clear();
  sorted.periods.clear();
  sorted.source_lines.clear();
  for (const std::int64_t row : rows) {
    const auto source = static_cast<std::size_t>(row);
    sorted.ids.push_back(frame.ids[source]);
    sorted.periods.push_back(frame.periods[source]);
    if (source < frame.source_lines.size()) sorted.source_lines.push_back(frame.source_lines[source]);
  }
  return sorted;
}

// The unit frame's rows at `units` (indices into it): the units observed in some period.
engine::ModelFrame UnitsAt(const engine::ModelFrame& unit_frame, const std::vector<std::int64_t>& units) {
  engine::ModelFrame subset;
  subset.source = unit_frame.source;
  for (const std::int64_t i : units) {
    subset.ids.push_back(unit_frame.ids[static_cast<std::size_t>(i)]);
    subset.source_lines.push_back(unit_frame.source_lines[static_cast<std::size_t>(i)]);
  }
  subset.y.zeros(subset.ids.size());
  subset.x.zeros(subset.ids.size(), 0);
  return subset;
}

std::string PeriodList(const std::vector<std::string>& periods, const std::vector<std::size_t>& which) {
  std::vector<std::string> labels;
  for (const std::size_t p : which) labels.push_back("\"" + periods[p] + "\"");
  return engine::JoinWords(labels, "and");
}

// One distinct set of observed units: W restricted to them and aligned under `options` (the style, the
// island policy for this W_t), naming its periods in any error.
engine::UnbalancedWeightsOperator::Block PeriodBlock(const ModelData& units,
                                                     const engine::SpatialWeights& weights,
                                                     const ModelDataOptions& options,
                                                     const std::vector<std::int64_t>& observed,
                                                     const std::string& period_list,
                                                     std::vector<std::string>& notes) {
  engine::ModelFrame subset = UnitsAt(units.frame, observed);
  try {
    ModelData aligned = AlignModelData(subset, weights.Subset(subset.ids), options);
    engine::UnbalancedWeightsOperator::Block block;
    std::unordered_map<std::string, std::int64_t> index;
    for (const std::int64_t i : observed) index.emplace(units.frame.ids[static_cast<std::size_t>(i)], i);
    for (const std::string& id : aligned.frame.ids) block.units.push_back(index.at(id));
    for (const std::string& note : aligned.notes)
      notes.push_back("W_t of period " + period_list + ": " + note);
    block.w = std::make_shared<const engine::WeightsOperator>(std::move(aligned.weights));
    return block;
  } catch (const engine::WeightsError& error) {
    throw engine::WeightsError(
        fmt::format("the unbalanced panel's W_t of period {} (W restricted to the {} "
                    "units observed in it): {}",
                    period_list, observed.size(), error.what()));
  }
}

// An unbalanced panel (see BuildPanelDesign): the distinct sets of observed units, one W_t each, and the rows
// period-major in each W_t's order. `order[t N + i]` is unit i's row in period t, -1 when missing.
SpatialDesign UnbalancedPanelDesign(const engine::ModelFrame& frame,
                                    const engine::SpatialWeights& weights,
                                    const ModelDataOptions& options,
                                    ModelData units,
                                    const std::vector<std::string>& periods,
                                    const std::vector<std::int64_t>& order) {
  const auto n = static_cast<std::int64_t>(units.frame.ids.size());
  std::map<std::vector<std::int64_t>, std::size_t> set_index;
  std::vector<std::vector<std::int64_t>> sets;
  std::vector<std::vector<std::size_t>> set_periods;
  std::vector<std::size_t> period_sets;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    std::vector<std::int64_t> observed;
    for (std::int64_t i = 0; i < n; ++i) {
      if (order[p * static_cast<std::size_t>(n) + static_cast<std::size_t>(i)] >= 0) observed.push_back(i);
    }
    if (observed.size() < 2) {
      throw engine::DataError(fmt::format(
          "{}: period \"{}\" has {} unit(s) with data; a spatial panel needs two or more in every period "
          "(leave the period out)",
          frame.source, periods[p], observed.size()));
    }
    const auto [entry, added] = set_index.emplace(observed, sets.size());
    if (added) {
      sets.push_back(observed);
      set_periods.emplace_back();
    }
    set_periods[entry->second].push_back(p);
    period_sets.push_back(entry->second);
  }
  std::vector<std::string> notes = units.notes;
  std::vector<engine::UnbalancedWeightsOperator::Block> blocks;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    blocks.push_back(
        PeriodBlock(units, weights, options, sets[s], PeriodList(periods, set_periods[s]), notes));
  }
  auto rows_w = std::make_shared<const engine::UnbalancedWeightsOperator>(n, std::move(blocks), period_sets);
  std::vector<std::int64_t> rows;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    for (const std::int64_t i : rows_w->Blocks()[period_sets[p]].units) {
      rows.push_back(order[p * static_cast<std::size_t>(n) + static_cast<std::size_t>(i)]);
    }
  }
  engine::ModelFrame sorted = FrameRows(frame, rows);
  for (const engine::DroppedRow& unit : units.frame.dropped) {
    sorted.dropped.push_back({unit.id, unit.line, unit.reason + " (every period)"});
  }
  const std::int64_t missing = n * static_cast<std::int64_t>(periods.size()) - rows_w->Rows();
  notes.push_back(fmt::format(
      "unbalanced panel: {} of the {} unit-periods ({} units x {} periods) have no row; each period uses W "
      "restricted to the units observed in it, re-standardised (style {}): {} distinct W_t",
      missing, n * static_cast<std::int64_t>(periods.size()), n, periods.size(),
      engine::ToString(options.style), rows_w->Blocks().size()));
  return SpatialDesign(std::move(sorted), std::move(units.weights), std::move(rows_w), periods,
                       std::move(notes));
}

}  // namespace

SpatialDesign BuildPanelDesign(engine::ModelFrame frame,
                               const engine::SpatialWeights& weights,
                               const ModelDataOptions& options) {
  HINTERLAND_CHECK(frame.periods.size() == frame.ids.size(), "BuildPanelDesign: the frame has no periods");
  const std::vector<std::string> periods = OrderedPeriods(frame.periods);
  if (periods.size() < 2) {
    throw engine::DataError(fmt::format("{}: the panel has {} period; a panel fit needs two or more",
                                        frame.source, periods.size()));
  }
  ModelData units = AlignModelData(UnitFrame(frame, weights), weights, options);
  const auto n = static_cast<std::int64_t>(units.frame.ids.size());
  const auto t = static_cast<std::int64_t>(periods.size());
  std::unordered_map<std::string, std::int64_t> unit_index;
  for (std::int64_t i = 0; i < n; ++i) unit_index.emplace(units.frame.ids[i], i);
  std::unordered_map<std::string, std::int64_t> period_index;
  for (std::int64_t p = 0; p < t; ++p) period_index.emplace(periods[p], p);
  // order[t N + i]: the frame row of unit i in period t (-1 until found); rows of dropped units are left out.
  std::vector<std::int64_t> order(static_cast<std::size_t>(n * t), -1);
  for (std::size_t row = 0; row < frame.ids.size(); ++row) {
    const auto unit = unit_index.find(frame.ids[row]);
    if (unit == unit_index.end()) continue;  // an island dropped with every period (units.frame.dropped)
    order[static_cast<std::size_t>(period_index.at(frame.periods[row]) * n + unit->second)] =
        static_cast<std::int64_t>(row);
  }
  if (std::count(order.begin(), order.end(), -1) > 0) {
    return UnbalancedPanelDesign(frame, weights, options, std::move(units), periods, order);
  }
  engine::ModelFrame sorted = FrameRows(frame, order);
  for (const engine::DroppedRow& unit : units.frame.dropped) {
    sorted.dropped.push_back({unit.id, unit.line, unit.reason + " (every period)"});
  }
  return SpatialDesign(std::move(sorted), std::move(units.weights), periods, std::move(units.notes));
}

}  // namespace hinterland::estimators
