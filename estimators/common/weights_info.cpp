// DescribeWeights: counts from the CSR structure and the component labels of SpatialWeights.
#include "estimators/common/weights_info.hpp"

#include <algorithm>

namespace hinterland::estimators {

WeightsInfo DescribeWeights(const engine::SpatialWeights& w) {
  WeightsInfo info;
  info.source = w.Source();
  info.style = engine::ToString(w.Style());
  info.n = w.n();
  info.links = w.LinkCount();
  if (w.n() > 0) {
    info.mean_neighbours = static_cast<double>(w.LinkCount()) / static_cast<double>(w.n());
    info.min_neighbours = w.NeighbourCount(0);
    info.max_neighbours = w.NeighbourCount(0);
    for (std::int64_t i = 1; i < w.n(); ++i) {
      info.min_neighbours = std::min(info.min_neighbours, w.NeighbourCount(i));
      info.max_neighbours = std::max(info.max_neighbours, w.NeighbourCount(i));
    }
  }
  info.islands = static_cast<std::int64_t>(w.Islands().size());
  const std::vector<std::int32_t> labels = w.ComponentLabels();
  info.components = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
  info.symmetric = w.IsSymmetric();
  return info;
}

}  // namespace hinterland::estimators
