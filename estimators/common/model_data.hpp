// ModelData: a ModelFrame and its spatial weights aligned by unit id (ARCHITECTURE.md section 3, step 4).
// Rows are matched to W by id, never by order; W is subset to the frame's ids in frame order, islands are
// handled by an explicit policy (spdep's zero.policy for kKeep), then W is transformed to the chosen style.
// Assumes the frame's ids are unique (DataTable::Ids guarantees it).
#pragma once

#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::estimators {

struct ModelDataOptions {
  // Must be the policy the frame was built with: under kDrop, ids that are in W but were dropped from the
  // data for missing values are removed from W (with a note) instead of being an id mismatch.
  engine::MissingPolicy missing = engine::MissingPolicy::kError;
  // Default kError: an island silently kept changes every spatial statistic, so the user must choose.
  engine::IslandPolicy islands = engine::IslandPolicy::kError;
  // Default W (row-standardised), as spdep's nb2listw and most of the literature.
  engine::WeightsStyle style = engine::WeightsStyle::kRowStandardised;
};

struct ModelData {
  engine::ModelFrame frame;        // rows possibly reduced (islands dropped); frame.dropped lists all drops
  engine::SpatialWeights weights;  // n x n, rows and columns in frame order, transformed to the style
  std::vector<std::string> notes;  // what was dropped or kept and why, for the report
};

// Throws engine::WeightsError listing ids found on one side only, and naming islands under kError.
ModelData AlignModelData(engine::ModelFrame frame,
                         const engine::SpatialWeights& raw_weights,
                         const ModelDataOptions& options);

}  // namespace hinterland::estimators
