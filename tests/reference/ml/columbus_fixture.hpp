// Columbus model data rebuilt from the reference JSON's own data and neighbour lists
// (tests/reference/data/columbus/columbus_spatialreg.json), row-standardised as spdep's nb2listw(style =
// "W").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/model_data.hpp"

namespace hinterland::estimators::testing {

inline arma::vec JsonColumn(const nlohmann::json& values) {
  return arma::vec(values.get<std::vector<double>>());
}

// CRIME ~ INC + HOVAL.
inline engine::ModelFrame ColumbusFrame(const nlohmann::json& variant) {
  const nlohmann::json& data = variant.at("data");
  engine::ModelFrame frame;
  frame.formula_text = "CRIME ~ INC + HOVAL";
  frame.dependent = "CRIME";
  frame.y = JsonColumn(data.at("CRIME"));
  const arma::uword n = frame.y.n_elem;
  frame.x =
      arma::join_rows(arma::ones<arma::vec>(n), JsonColumn(data.at("INC")), JsonColumn(data.at("HOVAL")));
  frame.column_names = {"(Intercept)", "INC", "HOVAL"};
  frame.column_kinds = {engine::ColumnKind::kIntercept, engine::ColumnKind::kNumeric,
                        engine::ColumnKind::kNumeric};
  for (arma::uword i = 0; i < n; ++i) frame.ids.push_back(std::to_string(i + 1));
  frame.source = "columbus_spatialreg.json";
  return frame;
}

// Binary contiguity from the 1-based neighbour lists, then style W.
inline engine::SpatialWeights ColumbusWeights(const nlohmann::json& variant) {
  const nlohmann::json& lists = variant.at("weights").at("neighbours_1based");
  std::vector<std::string> ids;
  std::vector<std::int64_t> offsets = {0};
  std::vector<std::int32_t> columns;
  std::vector<double> values;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    ids.push_back(std::to_string(i + 1));
    for (const nlohmann::json& neighbour : lists[i]) {
      columns.push_back(neighbour.get<std::int32_t>() - 1);
      values.push_back(1.0);
    }
    offsets.push_back(static_cast<std::int64_t>(columns.size()));
  }
  const engine::SpatialWeights binary(ids, offsets, columns, values, engine::WeightsStyle::kBinary,
                                      "columbus");
  return binary.Transform(engine::WeightsStyle::kRowStandardised);
}

inline ModelData ColumbusData(const nlohmann::json& variant) {
  return ModelData{ColumbusFrame(variant), ColumbusWeights(variant), {}};
}

// spatialreg names lagged regressors "lag.INC"; Hinterland writes "W:INC".
inline std::string HinterlandName(const std::string& spatialreg_name) {
  return spatialreg_name.rfind("lag.", 0) == 0 ? "W:" + spatialreg_name.substr(4) : spatialreg_name;
}

}  // namespace hinterland::estimators::testing
