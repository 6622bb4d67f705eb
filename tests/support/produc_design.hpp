// The bundled Produc panel (datasets/produc: 48 US states x 17 years, Munnell 1990) with splm's usaww
// weights, read the way the CLI reads it (`--id state --time year`), as the SpatialDesign the library fits.
#pragma once

#include <string>

#include "engine/formula/formula.hpp"
#include "engine/formula/model_frame.hpp"
#include "engine/table/dta_reader.hpp"
#include "engine/weights/weights_io.hpp"
#include "estimators/common/spatial_design.hpp"
#include "test_paths.hpp"

namespace hinterland::testing {

// Munnell's production function, as Millo & Piras (2012) and splm's examples write it.
inline constexpr const char* kProducFormula = "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp";

inline engine::DataTable ProducTable() {
  return engine::ReadTable(std::string(kDatasetsDir) + "/produc/produc.csv");
}

inline engine::ModelFrame ProducFrame(const engine::DataTable& table,
                                      const std::string& formula = kProducFormula) {
  engine::ModelFrameOptions options;
  options.id_column = "state";
  options.time_column = "year";
  return engine::BuildModelFrame(table, engine::ParseFormula(formula), options);
}

// The panel design with the row-standardised usaww (style W).
inline estimators::SpatialDesign ProducDesign(const engine::DataTable& table,
                                              const std::string& formula = kProducFormula) {
  return estimators::BuildPanelDesign(
      ProducFrame(table, formula), engine::ReadWeights(std::string(kDatasetsDir) + "/produc/usaww.gal", {}),
      {});
}

}  // namespace hinterland::testing
