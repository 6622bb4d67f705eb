// Columbus inputs of the reference tests, rebuilt from the reference JSON itself
// (tests/reference/data/columbus/columbus_spatialreg.json, R 4.2.2 spatialreg 1.2-6, spdep 1.2-7, script
// tests/reference/generators/reference_columbus.R): the model frame CRIME ~ INC + HOVAL (with or without the
// intercept), W from spdep's 1-based neighbour lists (binary, then nb2listw's style "W" by default), the name
// and role translation from spatialreg's words ("lag.INC") to Hinterland's ("W:INC"), and FitResults
// assembled by hand from spatialreg's estimates and vcov so impacts are tested without the ML estimators;
// and the reading of spatialreg / lm result blocks into the references of
// tests/support/check_spatial_fit.hpp. Merged from tests/reference/ml/columbus_fixture.hpp and
// tests/reference/sac_impacts/columbus_fixture.hpp.
#pragma once

#include <armadillo>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/formula/model_frame.hpp"
#include "engine/weights/spatial_weights.hpp"
#include "estimators/common/fit_result.hpp"
#include "estimators/common/model_data.hpp"
#include "tests/support/check_spatial_fit.hpp"
#include "tests/support/reference.hpp"

namespace hinterland::estimators::columbus {

// One weight variant of columbus_spatialreg.json: "columbus_gal" (col.gal.nb) or "columbus_old" (COL.nb).
inline const nlohmann::json& Variant(const std::string& name) {
  return hinterland::testing::LoadReference("columbus/columbus_spatialreg.json").at(name);
}

inline arma::vec JsonColumn(const nlohmann::json& values) {
  return arma::vec(values.get<std::vector<double>>());
}

// CRIME ~ INC + HOVAL, or CRIME ~ 0 + INC + HOVAL without the intercept; ids "1".."49".
inline engine::ModelFrame Frame(const nlohmann::json& variant, bool intercept = true) {
  const nlohmann::json& data = variant.at("data");
  engine::ModelFrame frame;
  frame.formula_text = intercept ? "CRIME ~ INC + HOVAL" : "CRIME ~ 0 + INC + HOVAL";
  frame.dependent = "CRIME";
  frame.y = JsonColumn(data.at("CRIME"));
  const arma::uword n = frame.y.n_elem;
  frame.x = arma::join_rows(JsonColumn(data.at("INC")), JsonColumn(data.at("HOVAL")));
  frame.column_names = {"INC", "HOVAL"};
  frame.column_kinds = {engine::ColumnKind::kNumeric, engine::ColumnKind::kNumeric};
  if (intercept) {
    frame.x = arma::join_rows(arma::ones<arma::vec>(n), frame.x);
    frame.column_names.insert(frame.column_names.begin(), "(Intercept)");
    frame.column_kinds.insert(frame.column_kinds.begin(), engine::ColumnKind::kIntercept);
  }
  for (arma::uword i = 0; i < n; ++i) frame.ids.push_back(std::to_string(i + 1));
  frame.source = "columbus_spatialreg.json";
  return frame;
}

// Binary contiguity from the 1-based neighbour lists, then `style` (nb2listw(nb, style = "W") by default).
inline engine::SpatialWeights Weights(const nlohmann::json& variant,
                                      engine::WeightsStyle style = engine::WeightsStyle::kRowStandardised) {
  const nlohmann::json& lists = variant.at("weights").at("neighbours_1based");
  std::vector<std::string> ids;
  std::vector<std::int64_t> offsets = {0};
  std::vector<std::int32_t> columns;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    ids.push_back(std::to_string(i + 1));
    for (const nlohmann::json& neighbour : lists[i]) columns.push_back(neighbour.get<std::int32_t>() - 1);
    offsets.push_back(static_cast<std::int64_t>(columns.size()));
  }
  std::vector<double> ones(columns.size(), 1.0);
  const engine::SpatialWeights binary(ids, offsets, columns, ones, engine::WeightsStyle::kBinary,
                                      "columbus_spatialreg.json");
  return style == engine::WeightsStyle::kBinary ? binary : binary.Transform(style);
}

inline ModelData Data(const nlohmann::json& variant) {
  return ModelData{Frame(variant), Weights(variant), {}};
}

// spatialreg writes lags as "lag.INC"; Hinterland names them "W:INC".
inline std::string HinterlandName(const std::string& spatialreg_name) {
  return spatialreg_name.rfind("lag.", 0) == 0 ? "W:" + spatialreg_name.substr(4) : spatialreg_name;
}

inline CoefficientRole RoleOf(const std::string& name) {
  if (name == "(Intercept)") return CoefficientRole::kIntercept;
  if (name == "rho") return CoefficientRole::kRho;
  if (name == "lambda") return CoefficientRole::kLambda;
  if (name.rfind("lag.", 0) == 0) return CoefficientRole::kLaggedRegressor;
  return CoefficientRole::kRegressor;
}

// spatialreg's "lag.INC" lags "INC": the index the library keeps on a lagged coefficient (roles are data).
inline void LinkLaggedCoefficients(FitResult& fit) {
  for (Coefficient& coefficient : fit.coefficients) {
    if (coefficient.role != CoefficientRole::kLaggedRegressor) continue;
    const std::string source = coefficient.name.substr(2);  // "W:INC" -> "INC"
    for (std::size_t j = 0; j < fit.coefficients.size(); ++j) {
      if (fit.coefficients[j].name == source) coefficient.lagged_coefficient = static_cast<std::int64_t>(j);
    }
  }
}

// The columns of a coefficient table in a spatialreg / lm result block; "" leaves a column unchecked.
struct CoefficientKeys {
  std::string estimate = "coefficients";
  std::string std_error = "std_errors";
  std::string statistic = "";  // "t_values" (lm) or "z_values" (spatialreg)
  std::string p_value = "";    // "p_values"
};

inline std::optional<double> Entry(const nlohmann::json& block,
                                   const std::string& key,
                                   const std::string& name) {
  if (key.empty()) return std::nullopt;
  return block.at(key).at(name).get<double>();
}

// One reference per name of the block's table (its SE column, else its estimates), names translated.
inline std::vector<hinterland::testing::CoefficientReference> CoefficientTable(
    const nlohmann::json& block, const CoefficientKeys& keys = {}) {
  const nlohmann::json& names = block.at(keys.std_error.empty() ? keys.estimate : keys.std_error);
  std::vector<hinterland::testing::CoefficientReference> table;
  for (const auto& [name, value] : names.items()) {
    table.push_back({.name = HinterlandName(name),
                     .estimate = Entry(block, keys.estimate, name),
                     .std_error = Entry(block, keys.std_error, name),
                     .statistic = Entry(block, keys.statistic, name),
                     .p_value = Entry(block, keys.p_value, name)});
  }
  return table;
}

// rho or lambda of a spatialreg block: the estimate, "<name>_se", and "<name>_z" when `with_z`.
inline hinterland::testing::CoefficientReference SpatialParameter(const nlohmann::json& block,
                                                                  const std::string& name,
                                                                  bool with_z = false) {
  return {.name = name,
          .estimate = block.at(name).get<double>(),
          .std_error = block.at(name + "_se").get<double>(),
          .statistic = with_z ? std::optional<double>(block.at(name + "_z").get<double>()) : std::nullopt};
}

// Every entry of a vcov keyed by names, less spatialreg's sigma2 row and column ("sigma"), names translated.
inline std::vector<hinterland::testing::VcovReference> VcovEntries(const nlohmann::json& vcov) {
  std::vector<hinterland::testing::VcovReference> entries;
  for (const auto& [row, columns] : vcov.items()) {
    if (row == "sigma") continue;
    for (const auto& [column, value] : columns.items()) {
      if (column == "sigma") continue;
      entries.push_back({HinterlandName(row), HinterlandName(column), value.get<double>()});
    }
  }
  return entries;
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
  LinkLaggedCoefficients(fit);
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
