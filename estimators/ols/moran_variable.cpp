// TestMoranVariable (see moran_variable.hpp).
#include "estimators/ols/moran_variable.hpp"

#include <fmt/format.h>

#include "engine/core/build_info.hpp"
#include "engine/core/error.hpp"
#include "estimators/common/weights_info.hpp"

namespace hinterland::estimators {

MoranVariableResult TestMoranVariable(const SpatialDesign& design, int permutations, std::uint64_t seed) {
  if (permutations < 0) {
    throw engine::OptionError(
        {{"permutations", std::to_string(permutations), fmt::format("{}: must be >= 0", permutations)}});
  }
  const engine::ModelFrame& frame = design.Frame();
  const engine::SpatialWeights& w = design.W().Weights();
  MoranVariableResult result;
  result.variable = frame.dependent;
  result.data_source = frame.source;
  result.n = static_cast<std::int64_t>(frame.y.n_elem);
  result.weights = DescribeWeights(w);
  result.randomisation = MoranTestVariable(frame.y, w, true);
  result.normality = MoranTestVariable(frame.y, w, false);
  if (permutations > 0) result.permutation = MoranPermutationTest(frame.y, w, permutations, seed);
  result.notes = design.Notes();
  for (const engine::DroppedRow& dropped : frame.dropped) {
    // Islands dropped are already in the design's notes.
    if (dropped.reason.rfind("island", 0) != 0) {
      result.notes.push_back(
          fmt::format("dropped id {} (line {}): {}", dropped.id, dropped.line, dropped.reason));
    }
  }
  result.engine_version = engine::GetBuildInfo().engine_version;
  return result;
}

}  // namespace hinterland::estimators
