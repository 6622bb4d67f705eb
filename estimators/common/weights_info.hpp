// DescribeWeights: the summary of a weights matrix that every FitResult records (FitResult::weights), in
// the terms of spdep's summary.nb/print.listw: units, links, neighbour counts, islands, components, style.
// O(n + links log degree); reads the weights only.
#pragma once

#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/fit_result.hpp"

namespace hinterland::estimators {

// `symmetric` is numerical symmetry of the weights as used (w_ij == w_ji), so a row-standardised contiguity
// matrix is not symmetric even though its neighbour relation is. Islands count towards min_neighbours (0).
WeightsInfo DescribeWeights(const engine::SpatialWeights& w);

}  // namespace hinterland::estimators
