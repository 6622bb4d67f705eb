// Moran's I of one variable as a library result (the `moran` command's, and a binding's): the analytic tests
// under randomisation (spdep's moran.test default) and normality, and optionally the seeded permutation test
// (moran.mc), on a design whose frame is "variable ~ 1" aligned with W (BuildSpatialDesign), so that missing
// values, ids and islands follow exactly the rules of a fit. Rendered by cli/report (moran_report.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "estimators/common/fit_result.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"

namespace hinterland::estimators {

struct MoranVariableResult {
  std::string variable;  // as the formula deparses it, e.g. "log(pop)"
  std::string data_source;
  std::int64_t n = 0;
  WeightsInfo weights;
  MoranResult randomisation;
  MoranResult normality;
  std::optional<MoranPermutationResult> permutation;
  // What aligning dropped and why, and the rows dropped for missing values (library words: `missing` ...).
  std::vector<std::string> notes;
  std::string engine_version;
};

// permutations = 0: no permutation test. Throws engine::OptionError for permutations < 0 and what
// MoranTestVariable / MoranPermutationTest throw; the design must have W.
MoranVariableResult TestMoranVariable(const SpatialDesign& design, int permutations, std::uint64_t seed);

}  // namespace hinterland::estimators
