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

// Tolerances against the "polished" optima of ../shared/reference/panels (splm's FE optimiser stops ~1e-8
// short; the polished optima are ~1e-10 for SAR / SEM and ~3e-10 for SAC): relative, with an absolute floor
// of 0.1 for parameters near 0.
inline constexpr double kPolishedTolerance = 1e-7;
inline constexpr double kPolishedFloor = 0.1;

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
