// Writes every field of a FitResult under the stable key names of the JSON contract (kJsonSchema).
#include "cli/report/json_report.hpp"

#include <cmath>

namespace hinterland::cli {

namespace {

using Json = nlohmann::ordered_json;
using estimators::FitResult;

Json CoefficientsToJson(const FitResult& result) {
  Json coefficients = Json::array();
  for (const estimators::Coefficient& coefficient : result.coefficients) {
    coefficients.push_back({{"name", coefficient.name},
                            {"role", estimators::ToString(coefficient.role)},
                            {"estimate", JsonNumber(coefficient.estimate)},
                            {"std_error", JsonNumber(coefficient.std_error)},
                            {"statistic", JsonNumber(coefficient.statistic)},
                            {"p_value", JsonNumber(coefficient.p_value)}});
  }
  return coefficients;
}

// Rows of the coefficient covariance, in the order of "coefficients"; null when the fit has none.
Json VcovToJson(const arma::mat& vcov) {
  if (vcov.is_empty()) return nullptr;
  Json rows = Json::array();
  for (arma::uword i = 0; i < vcov.n_rows; ++i) {
    Json row = Json::array();
    for (arma::uword j = 0; j < vcov.n_cols; ++j) row.push_back(JsonNumber(vcov(i, j)));
    rows.push_back(std::move(row));
  }
  return rows;
}

// The statistic's ingredients as numbers (Moran's I: I, expectation, variance); null when it has none.
Json DiagnosticValuesToJson(const estimators::Diagnostic& diagnostic) {
  if (diagnostic.values.empty()) return nullptr;
  Json values = Json::object();
  for (const auto& [name, value] : diagnostic.values) values[name] = JsonNumber(value);
  return values;
}

Json DiagnosticsToJson(const FitResult& result) {
  Json diagnostics = Json::array();
  for (const estimators::Diagnostic& diagnostic : result.diagnostics) {
    // df 0 marks a z statistic (normal reference): it has no degrees of freedom, so null.
    diagnostics.push_back({{"name", diagnostic.name},
                           {"statistic", JsonNumber(diagnostic.statistic)},
                           {"df", diagnostic.df > 0 ? JsonNumber(diagnostic.df) : Json(nullptr)},
                           {"p_value", JsonNumber(diagnostic.p_value)},
                           {"note", diagnostic.note},
                           {"values", DiagnosticValuesToJson(diagnostic)}});
  }
  return diagnostics;
}

Json WeightsToJson(bool present, const estimators::WeightsInfo& weights) {
  if (!present) return nullptr;
  return {{"source", weights.source},
          {"style", weights.style},
          {"n", weights.n},
          {"links", weights.links},
          {"mean_neighbours", JsonNumber(weights.mean_neighbours)},
          {"min_neighbours", weights.min_neighbours},
          {"max_neighbours", weights.max_neighbours},
          {"islands", weights.islands},
          {"components", weights.components},
          {"symmetric", weights.symmetric}};
}

Json StatisticsToJson(const FitResult& result) {
  Json statistics = Json::object();
  for (const estimators::FitStatistic& statistic : result.statistics) {
    statistics[statistic.name] = JsonNumber(statistic.value);
  }
  return statistics;
}

Json TimingsToJson(const estimators::Provenance& provenance) {
  Json timings = Json::object();
  for (const auto& [stage, seconds] : provenance.stage_seconds) timings[stage] = JsonNumber(seconds);
  return timings;
}

Json OptionalText(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// A number, or null when the impacts carry no inference (point estimates only).
Json InferenceNumber(double value, bool has_inference) {
  return has_inference ? JsonNumber(value) : Json(nullptr);
}

Json ImpactEstimateToJson(const estimators::ImpactEstimate& estimate, bool has_inference) {
  return {{"estimate", JsonNumber(estimate.estimate)},
          {"std_error", InferenceNumber(estimate.std_error, has_inference)},
          {"z", InferenceNumber(estimate.z, has_inference)},
          {"p_value", InferenceNumber(estimate.p_value, has_inference)},
          {"mean", InferenceNumber(estimate.mean, has_inference)},
          {"lower", InferenceNumber(estimate.lower, has_inference)},
          {"upper", InferenceNumber(estimate.upper, has_inference)}};
}

bool HasImpactInference(const estimators::ImpactsResult& impacts) {
  return impacts.method == estimators::ImpactMethod::kAnalytic || impacts.draws > 0;
}

// The rho^k W^k terms of one regressor, k = 0..q, each {order, direct, indirect, total} with the fields of
// the impacts; null for analytic impacts (slx, sdem), which have no series.
Json ImpactOrdersToJson(const estimators::ImpactsResult& impacts,
                        const std::string& name,
                        bool has_inference) {
  if (impacts.by_order.empty()) return nullptr;
  Json orders = Json::array();
  for (const estimators::OrderImpacts& order : impacts.by_order) {
    for (const estimators::Impact& impact : order.impacts) {
      if (impact.name != name) continue;
      orders.push_back({{"order", order.order},
                        {"direct", ImpactEstimateToJson(impact.direct, has_inference)},
                        {"indirect", ImpactEstimateToJson(impact.indirect, has_inference)},
                        {"total", ImpactEstimateToJson(impact.total, has_inference)}});
    }
  }
  return orders;
}

Json ImpactsToJson(const estimators::ImpactsResult* impacts) {
  if (impacts == nullptr) return nullptr;
  const bool has_inference = HasImpactInference(*impacts);
  Json list = Json::array();
  for (const estimators::Impact& impact : impacts->impacts) {
    list.push_back({{"name", impact.name},
                    {"direct", ImpactEstimateToJson(impact.direct, has_inference)},
                    {"indirect", ImpactEstimateToJson(impact.indirect, has_inference)},
                    {"total", ImpactEstimateToJson(impact.total, has_inference)},
                    {"by_order", ImpactOrdersToJson(*impacts, impact.name, has_inference)}});
  }
  return list;
}

Json ImpactDetailsToJson(const estimators::ImpactsResult* impacts) {
  if (impacts == nullptr) return nullptr;
  const bool analytic = impacts->method == estimators::ImpactMethod::kAnalytic;
  return {{"method", estimators::ToString(impacts->method)},
          {"trace_method", OptionalText(impacts->trace_method)},
          {"simulated", !analytic && impacts->draws > 0},
          {"draws", impacts->draws},
          {"rejected_draws", impacts->rejected_draws},
          {"seed", impacts->seed},
          {"power_order", analytic ? Json(nullptr) : Json(impacts->power_order)},
          {"rho_lower", analytic ? Json(nullptr) : JsonNumber(impacts->rho_lower)},
          {"rho_upper", analytic ? Json(nullptr) : JsonNumber(impacts->rho_upper)},
          {"notes", impacts->notes}};
}

}  // namespace

nlohmann::ordered_json JsonNumber(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

nlohmann::ordered_json FitResultToJson(const estimators::FitResult& result,
                                       const estimators::ImpactsResult* impacts) {
  if (impacts == nullptr && result.impacts) impacts = &*result.impacts;
  const estimators::Provenance& provenance = result.provenance;
  Json json;
  json["schema"] = kJsonSchema;
  json["model"] = result.model;
  json["method"] = {{"estimation", result.method},
                    {"vcov", OptionalText(provenance.vcov_method)},
                    {"logdet_given", OptionalText(provenance.logdet_given)},
                    {"logdet_used", OptionalText(provenance.logdet_used)},
                    {"logdet", OptionalText(provenance.logdet_description)},
                    {"seed", provenance.seed}};
  json["status"] = estimators::ToString(result.status);
  json["status_message"] = result.status_message;
  json["usable"] = result.IsUsable();
  json["data"] = result.data_source;
  json["formula"] = result.formula;
  json["dependent"] = result.dependent;
  json["n"] = result.n;
  json["k"] = result.k;
  json["coefficients"] = CoefficientsToJson(result);
  json["vcov"] = VcovToJson(result.vcov);
  json["sigma2"] = JsonNumber(result.sigma2);
  json["log_likelihood"] = JsonNumber(result.log_likelihood);
  json["aic"] = JsonNumber(result.aic);
  json["bic"] = JsonNumber(result.bic);
  json["statistics"] = StatisticsToJson(result);
  json["diagnostics"] = DiagnosticsToJson(result);
  json["weights"] = WeightsToJson(result.has_weights, result.weights);
  json["weights2"] = WeightsToJson(result.has_weights2, result.weights2);
  if (!result.fixed_effects.empty()) {  // panel fits with `--fixed-effects` only
    Json effects = Json::array();
    for (const estimators::FixedEffect& effect : result.fixed_effects) {
      effects.push_back({{"kind", effect.kind},
                         {"id", effect.id},
                         {"estimate", JsonNumber(effect.estimate)},
                         {"std_error", JsonNumber(effect.std_error)},
                         {"z", JsonNumber(effect.z)},
                         {"p_value", JsonNumber(effect.p_value)}});
    }
    json["fixed_effects"] = effects;
  }
  if (result.panel) {  // panel fits only
    json["panel"] = {{"units", result.panel->units},
                     {"periods", result.panel->periods},
                     {"observations", result.panel->observations},
                     {"balanced", result.panel->balanced},
                     {"effects", result.panel->effects},
                     {"bias_correction", result.panel->bias_correction}};
    if (!result.panel->balanced) {
      json["panel"]["missing_unit_periods"] = result.panel->missing_unit_periods;
      json["panel"]["incomplete_periods"] = result.panel->incomplete_periods;
      json["panel"]["incomplete_units"] = result.panel->incomplete_units;
      json["panel"]["distinct_weights"] = result.panel->distinct_weights;
    }
    if (result.panel->phi) {
      json["panel"]["phi"] = JsonNumber(*result.panel->phi);
      json["panel"]["sigma2_mu"] = JsonNumber(*result.panel->sigma2_mu);
    }
  }
  json["engine"] = {{"version", provenance.engine_version},    {"blas", provenance.blas},
                    {"blas_library", provenance.blas_library}, {"lapack", provenance.lapack},
                    {"threads", provenance.threads},           {"sparse_threads", provenance.sparse_threads}};
  json["seed"] = provenance.seed;
  json["timings"] = TimingsToJson(provenance);
  json["impacts"] = ImpactsToJson(impacts);
  json["impacts_details"] = ImpactDetailsToJson(impacts);
  json["warnings"] = result.warnings;
  json["dropped"] = result.dropped_ids;
  return json;
}

std::string RenderJson(const estimators::FitResult& result, const estimators::ImpactsResult* impacts) {
  // error_handler::replace: a name with invalid UTF-8 (from a Latin-1 CSV header) must not abort a report.
  return FitResultToJson(result, impacts)
             .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace hinterland::cli
