// The bundled Columbus data (datasets/columbus, Anselin 1988) read the way the CLI reads it, as the
// SpatialDesign the library fits: shared by the tests of Fit, the capability table and the invariance suite.
#pragma once

#include <string>

#include "engine/formula/formula.hpp"
#include "engine/formula/model_frame.hpp"
#include "engine/table/dta_reader.hpp"
#include "engine/weights/weights_io.hpp"
#include "estimators/common/spatial_design.hpp"
#include "test_paths.hpp"

namespace hinterland::testing {

inline engine::DataTable ColumbusTable() {
  return engine::ReadTable(std::string(kDatasetsDir) + "/columbus/columbus.csv");
}

inline engine::SpatialWeights ColumbusQueenWeights() {
  return engine::ReadWeights(std::string(kDatasetsDir) + "/columbus/columbus_queen.gal", {});
}

inline engine::ModelFrame ColumbusFrame(const engine::DataTable& table, const std::string& formula) {
  engine::ModelFrameOptions options;
  options.id_column = "POLYID";
  return engine::BuildModelFrame(table, engine::ParseFormula(formula), options);
}

// `formula` on `table` (Columbus or a copy with added columns), aligned with the queen W, style W.
inline estimators::SpatialDesign ColumbusDesign(const engine::DataTable& table,
                                                const std::string& formula = "CRIME ~ INC + HOVAL") {
  return estimators::BuildSpatialDesign(ColumbusFrame(table, formula), ColumbusQueenWeights(), nullptr, {});
}

}  // namespace hinterland::testing
