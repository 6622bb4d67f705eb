// Columbus inputs for the SAC and impacts reference tests, rebuilt from the reference JSON itself
// (data/columbus/columbus_spatialreg.json, R 4.2.2 spatialreg 1.2-6, script generators/reference_columbus.R):
// the model frame CRIME ~ INC + HOVAL, W from spdep's 1-based neighbour lists (style "W"), and FitResults
// assembled by hand from spatialreg's estimates and vcov so impacts are tested without the ML estimators.
#pragma once

#include <armadillo>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/fit_result.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators::columbus {

inline const nlohmann::json& Variant(const std::string& name) {
  return hinterland::testing::LoadReference("columbus/columbus_spatialreg.json").at(name);
}

inline engine::ModelFrame Frame(const nlohmann::json& variant) {
  const nlohmann::json& data = variant.at("data");
  auto column = [&data](const char* name) { return arma::vec(data.at(name).get<std::vector<double>>()); };
  engine::ModelFrame frame;
  frame.formula_text = "CRIME ~ INC + HOVAL";
  frame.dependent = "CRIME";
  frame.y = column("CRIME");
  frame.x = arma::join_rows(arma::ones<arma::vec>(frame.y.n_elem), column("INC"), column("HOVAL"));
  frame.column_names = {"(Intercept)", "INC", "HOVAL"};
  frame.column_kinds = {engine::ColumnKind::kIntercept, engine::ColumnKind::kNumeric,
                        engine::ColumnKind::kNumeric};
  for (arma::uword i = 0; i < frame.y.n_elem; ++i) frame.ids.push_back(std::to_string(i + 1));
  frame.source = "columbus_spatialreg.json";
  return frame;
}

inline engine::SpatialWeights Weights(const nlohmann::json& variant,
                                      engine::WeightsStyle style = engine::WeightsStyle::kRowStandardised) {
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
  const engine::SpatialWeights binary(ids, offsets, columns, values, engine::WeightsStyle::kBinary);
  return style == engine::WeightsStyle::kBinary ? binary : binary.Transform(style);
}

// spatialreg writes lags as "lag.INC"; Hinterland names them "W:INC".
inline std::string HinterlandName(const std::string& name) {
  return name.rfind("lag.", 0) == 0 ? "W:" + name.substr(4) : name;
}

inline CoefficientRole RoleOf(const std::string& name) {
  if (name == "(Intercept)") return CoefficientRole::kIntercept;
  if (name == "rho") return CoefficientRole::kRho;
  if (name == "lambda") return CoefficientRole::kLambda;
  if (name.rfind("lag.", 0) == 0) return CoefficientRole::kLaggedRegressor;
  return CoefficientRole::kRegressor;
}

// A FitResult with the regression coefficients of `block` (in the JSON's order), then rho / lambda when
// present, and the vcov restricted to those names from `vcov_key` (which may include "sigma", dropped).
inline FitResult FitFromBlock(const std::string& model,
                              const nlohmann::json& block,
                              const std::string& vcov_key) {
  FitResult fit;
  fit.model = model;
  std::vector<std::string> names;
  for (const auto& [name, value] : block.at("coefficients").items()) {
    names.push_back(name);
    fit.coefficients.push_back({HinterlandName(name), RoleOf(name), value.get<double>()});
  }
  for (const char* spatial : {"rho", "lambda"}) {
    if (block.contains(spatial)) {
      names.push_back(spatial);
      fit.coefficients.push_back({spatial, RoleOf(spatial), block.at(spatial).get<double>()});
    }
  }
  // spatialreg's "lag.INC" lags "INC": the index the library keeps on a lagged coefficient (roles are data).
  for (Coefficient& coefficient : fit.coefficients) {
    if (coefficient.role != CoefficientRole::kLaggedRegressor) continue;
    const std::string source = coefficient.name.substr(2);  // "W:INC" -> "INC"
    for (std::size_t j = 0; j < fit.coefficients.size(); ++j) {
      if (fit.coefficients[j].name == source) coefficient.lagged_coefficient = static_cast<std::int64_t>(j);
    }
  }
  const nlohmann::json& vcov = block.at(vcov_key);
  fit.vcov.set_size(names.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < names.size(); ++j)
      fit.vcov(i, j) = vcov.at(names[i]).at(names[j]).get<double>();
  }
  fit.n = static_cast<std::int64_t>(block.contains("n") ? block.at("n").get<int>() : 49);
  fit.status = FitStatus::kConverged;
  return fit;
}

}  // namespace hinterland::estimators::columbus
