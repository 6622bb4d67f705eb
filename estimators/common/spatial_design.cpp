// SpatialDesign and its builder (see spatial_design.hpp).
#include "estimators/common/spatial_design.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/core/error.hpp"

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

RowKey SpatialDesign::KeyOf(std::int64_t row) const {
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

}  // namespace

SpatialDesign BuildPanelDesign(engine::ModelFrame frame,
                               const engine::SpatialWeights& weights,
                               const ModelDataOptions& options) {
  HINTERLAND_CHECK(frame.periods.size() == frame.ids.size(), "BuildPanelDesign: the frame has no periods");
  if (!frame.dropped.empty()) {
    throw engine::DataError(
        fmt::format("{}: {} rows were dropped for missing values, which leaves the panel unbalanced; "
                    "unbalanced panels are "
                    "not yet supported (first: unit \"{}\")",
                    frame.source, frame.dropped.size(), frame.dropped.front().id));
  }
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
  const auto missing = static_cast<std::size_t>(std::count(order.begin(), order.end(), -1));
  if (missing > 0) {
    const auto first = static_cast<std::int64_t>(std::find(order.begin(), order.end(), -1) - order.begin());
    throw engine::DataError(fmt::format(
        "{}: the panel is unbalanced: {} of its {} unit-periods ({} units x {} periods) have no row, e.g. "
        "unit "
        "\"{}\" in period \"{}\"; unbalanced panels are not yet supported",
        frame.source, missing, order.size(), n, t, units.frame.ids[first % n], periods[first / n]));
  }
  engine::ModelFrame sorted = frame;
  const arma::uvec rows = arma::conv_to<arma::uvec>::from(order);
  sorted.y = frame.y.elem(rows);
  sorted.x = frame.x.rows(rows);
  for (std::size_t r = 0; r < order.size(); ++r) {
    const auto source = static_cast<std::size_t>(order[r]);
    sorted.ids[r] = frame.ids[source];
    sorted.periods[r] = frame.periods[source];
    if (source < frame.source_lines.size()) sorted.source_lines[r] = frame.source_lines[source];
  }
  sorted.ids.resize(order.size());
  sorted.periods.resize(order.size());
  sorted.source_lines.resize(std::min(sorted.source_lines.size(), order.size()));
  for (const engine::DroppedRow& unit : units.frame.dropped) {
    sorted.dropped.push_back({unit.id, unit.line, unit.reason + " (every period)"});
  }
  return SpatialDesign(std::move(sorted), std::move(units.weights), periods, std::move(units.notes));
}

}  // namespace hinterland::estimators
