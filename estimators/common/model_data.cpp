// Aligning a ModelFrame with its weights by unit id: the id checks, the subset of W to the kept rows, the
// island policy (spdep's zero.policy for kKeep) and the final style transformation (spdep nb2listw).
// Every step that removes a unit records it in frame.dropped and in a note, so nothing is dropped silently.
#include "estimators/common/model_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::estimators {

namespace {

using engine::IslandPolicy;
using engine::ModelFrame;
using engine::SpatialWeights;
using engine::WeightsError;

std::string Plural(std::size_t count, const std::string& singular, const std::string& plural) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural);
}

// Ids of W that the frame does not have, split by whether the frame dropped them for missing values.
struct IdComparison {
  std::vector<std::string> only_in_data;
  std::vector<std::string> only_in_weights;
  std::vector<std::string> dropped_for_missing;  // in W, dropped from the data (allowed under kDrop)
};

IdComparison CompareIds(const ModelFrame& frame,
                        const SpatialWeights& weights,
                        const ModelDataOptions& options) {
  IdComparison comparison;
  if (frame.ids == weights.Ids()) return comparison;  // the same units in the same order: nothing differs
  // in_frame[i]: W's unit i is an id of the frame (W's ids are distinct, so IndexOf finds each one).
  std::vector<char> in_frame(weights.Ids().size(), 0);
  for (const std::string& id : frame.ids) {
    const auto index = weights.IndexOf(id);
    if (!index) {
      comparison.only_in_data.push_back(id);
    } else {
      in_frame[*index] = 1;
    }
  }
  std::unordered_set<std::string> dropped_ids;
  if (options.missing == engine::MissingPolicy::kDrop) {
    for (const engine::DroppedRow& row : frame.dropped) dropped_ids.insert(row.id);
  }
  for (std::size_t i = 0; i < weights.Ids().size(); ++i) {
    if (in_frame[i] != 0) continue;
    const std::string& id = weights.Ids()[i];
    if (dropped_ids.contains(id)) {
      comparison.dropped_for_missing.push_back(id);
    } else {
      comparison.only_in_weights.push_back(id);
    }
  }
  return comparison;
}

void RequireMatchingIds(const IdComparison& comparison,
                        const ModelFrame& frame,
                        const SpatialWeights& weights) {
  if (comparison.only_in_data.empty() && comparison.only_in_weights.empty()) return;
  std::string message =
      "the ids of the data and of the weights do not match (rows are matched by id, never "
      "by order)";
  if (!comparison.only_in_data.empty()) {
    message += fmt::format("; {} in the data ({}) {} no row in W ({}): {}",
                           Plural(comparison.only_in_data.size(), "id", "ids"), frame.source,
                           comparison.only_in_data.size() == 1 ? "has" : "have", weights.Source(),
                           engine::JoinIds(comparison.only_in_data));
  }
  if (!comparison.only_in_weights.empty()) {
    message += fmt::format("; {} in W ({}) {} no row in the data ({}): {}",
                           Plural(comparison.only_in_weights.size(), "id", "ids"), weights.Source(),
                           comparison.only_in_weights.size() == 1 ? "has" : "have", frame.source,
                           engine::JoinIds(comparison.only_in_weights));
  }
  throw WeightsError(message);
}

// Removes the rows at `rows` (ascending) from the frame and records each in frame.dropped.
void DropFrameRows(ModelFrame& frame, const std::vector<std::int64_t>& rows, const std::string& reason) {
  arma::uvec positions(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto i = static_cast<std::size_t>(rows[r]);
    positions[r] = i;
    const int line = i < frame.source_lines.size() ? frame.source_lines[i] : 0;
    frame.dropped.push_back({frame.ids[i], line, reason});
  }
  frame.y.shed_rows(positions);
  frame.x.shed_rows(positions);
  for (auto r = rows.rbegin(); r != rows.rend(); ++r) {
    frame.ids.erase(frame.ids.begin() + *r);
    if (static_cast<std::size_t>(*r) < frame.source_lines.size()) {
      frame.source_lines.erase(frame.source_lines.begin() + *r);
    }
  }
}

std::vector<std::string> IdsAt(const SpatialWeights& weights, const std::vector<std::int64_t>& rows) {
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (std::int64_t i : rows) ids.push_back(weights.Ids()[i]);
  return ids;
}

// Applies the island policy; under kDrop repeats, since removing an island of an asymmetric W can leave a
// unit whose only neighbour it was without neighbours.
SpatialWeights HandleIslands(ModelFrame& frame,
                             SpatialWeights weights,
                             IslandPolicy policy,
                             bool subset_for_missing,
                             std::vector<std::string>& notes) {
  for (;;) {
    const std::vector<std::int64_t> islands = weights.Islands();
    if (islands.empty()) return weights;
    const std::vector<std::string> island_ids = IdsAt(weights, islands);
    switch (policy) {
      case IslandPolicy::kError:
        throw WeightsError(
            fmt::format("W ({}) has {} (units with no neighbours{}): {}; pass `islands` drop to remove them "
                        "from the data "
                        "and W, or `islands` keep to keep them with zero rows in W (spdep zero.policy)",
                        weights.Source(), Plural(islands.size(), "island", "islands"),
                        subset_for_missing ? ", after removing the units dropped for missing values" : "",
                        engine::JoinIds(island_ids)));
      case IslandPolicy::kKeep:
        notes.push_back(fmt::format("kept {} with zero rows in W (`islands` keep, spdep zero.policy): {}",
                                    Plural(islands.size(), "island", "islands"),
                                    engine::JoinIds(island_ids)));
        return weights;
      case IslandPolicy::kDrop: {
        DropFrameRows(frame, islands, "island: no neighbours in W");
        notes.push_back(fmt::format("dropped {} from the data and W (`islands` drop): {}",
                                    Plural(islands.size(), "island", "islands"),
                                    engine::JoinIds(island_ids)));
        if (frame.ids.empty()) {
          throw WeightsError(fmt::format(
              "W ({}) has no links among the observations: every unit is an island", weights.Source()));
        }
        weights = weights.Subset(frame.ids);
        break;
      }
    }
  }
}

}  // namespace

ModelData AlignModelData(engine::ModelFrame frame,
                         const engine::SpatialWeights& raw_weights,
                         const ModelDataOptions& options) {
  if (frame.ids.empty()) {
    throw engine::DataError(fmt::format("{}: no observations left to fit", frame.source));
  }
  const IdComparison comparison = CompareIds(frame, raw_weights, options);
  RequireMatchingIds(comparison, frame, raw_weights);

  ModelData data;
  if (!comparison.dropped_for_missing.empty()) {
    data.notes.push_back(fmt::format(
        "W subset to the {} units kept: {} dropped from the data for missing values (`missing` drop) also "
        "removed from W: {}",
        frame.ids.size(), Plural(comparison.dropped_for_missing.size(), "unit", "units"),
        engine::JoinIds(comparison.dropped_for_missing)));
  }
  SpatialWeights weights = raw_weights.Subset(frame.ids);
  weights = HandleIslands(frame, std::move(weights), options.islands, !comparison.dropped_for_missing.empty(),
                          data.notes);
  data.weights = weights.Transform(options.style);
  data.frame = std::move(frame);
  return data;
}

}  // namespace hinterland::estimators
