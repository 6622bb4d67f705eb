// Builds the rendering-neutral ResultTable from a FitResult and formats numbers the way R's summary()
// prints them (common decimals per column, format.pval for p-values, summary.lm's significance codes).
#include "cli/report/result_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace hinterland::cli {

namespace {

using estimators::FitResult;

std::string UnbalancedWords(const estimators::PanelInfo& panel) {
  return fmt::format("unbalanced: {} unit-periods missing, {} periods and {} units affected, {} distinct W_t",
                     panel.missing_unit_periods, panel.incomplete_periods, panel.incomplete_units,
                     panel.distinct_weights);
}

// Titles for the model words of FitResult::model; an unknown word is shown as it is.
std::string ModelTitle(const std::string& model) {
  static const std::map<std::string, std::string> kTitles = {
      {"ols", "Ordinary least squares"},
      {"slx", "Spatial lag of X (SLX), least squares"},
      {"sar", "Spatial autoregressive (lag) model"},
      {"sem", "Spatial error model"},
      {"sdm", "Spatial Durbin model"},
      {"sdem", "Spatial Durbin error model"},
      {"sac", "Spatial autoregressive model with autoregressive errors (SAC)"},
  };
  const auto found = kTitles.find(model);
  return found == kTitles.end() ? model : found->second;
}

// People's labels for the snake_case keys of FitResult::statistics; other keys are shown as they are.
std::string StatisticLabel(const std::string& key) {
  static const std::map<std::string, std::string> kLabels = {
      {"r_squared", "R-squared"},
      {"adj_r_squared", "Adjusted R-squared"},
      {"adjusted_r_squared", "Adjusted R-squared"},
      {"f_statistic", "F-statistic"},
      {"f_df1", "F numerator df"},
      {"f_df2", "F denominator df"},
      {"f_p_value", "F p-value"},
      {"sigma", "Residual standard error"},
      {"df_residual", "Residual df"},
      {"residual_df", "Residual df"},
      {"sigma2_ml", "ML residual variance (SSE/n)"},
      {"sse", "Sum of squared residuals"},
      {"condition_number", "Condition number"},
      {"log_likelihood_ols", "Log likelihood of OLS"},
      {"aic_ols", "AIC of OLS"},
      {"rho_lower", "rho interval, lower end"},
      {"rho_upper", "rho interval, upper end"},
      {"lambda_lower", "lambda interval, lower end"},
      {"lambda_upper", "lambda interval, upper end"},
      {"iterations", "Search iterations"},
  };
  const auto found = kLabels.find(key);
  return found == kLabels.end() ? key : found->second;
}

std::string DescribeWeights(const estimators::WeightsInfo& weights) {
  return fmt::format(
      "{}: style {}, n = {}, {} links, neighbours mean {:.4g} (min {}, max {}), {} islands, {} "
      "component{}, {}",
      weights.source, weights.style, weights.n, weights.links, weights.mean_neighbours,
      weights.min_neighbours, weights.max_neighbours, weights.islands, weights.components,
      weights.components == 1 ? "" : "s", weights.symmetric ? "symmetric" : "asymmetric");
}

std::vector<LabelledText> BuildHeader(const FitResult& result) {
  std::vector<LabelledText> header;
  header.push_back({"Model", result.model});
  header.push_back({"Method", result.method});
  if (!result.data_source.empty()) header.push_back({"Data", result.data_source});
  header.push_back({"Formula", result.formula});
  header.push_back({"Dependent", result.dependent});
  header.push_back({"Observations", fmt::format("n = {}, k = {}", result.n, result.k)});
  if (result.panel) {
    header.push_back(
        {"Panel", fmt::format("N = {} units, T = {} periods, {} observations ({}); effects: {}; bias "
                              "correction: {}",
                              result.panel->units, result.panel->periods, result.panel->observations,
                              result.panel->balanced ? "balanced" : UnbalancedWords(*result.panel),
                              result.panel->effects, result.panel->bias_correction)});
    if (result.panel->phi) {
      header.push_back(
          {"Variance components",
           fmt::format("phi = sigma2_mu / sigma2_nu = {:.6g}, sigma2_mu = {:.6g}, sigma2_nu = {:.6g}",
                       *result.panel->phi, *result.panel->sigma2_mu, result.sigma2)});
    }
  }
  header.push_back({"Weights", result.has_weights ? DescribeWeights(result.weights) : "none"});
  if (result.has_weights2) header.push_back({"Error weights (W2)", DescribeWeights(result.weights2)});
  if (!result.provenance.vcov_method.empty()) header.push_back({"Covariance", result.provenance.vcov_method});
  if (!result.provenance.logdet_used.empty()) {
    std::string logdet = result.provenance.logdet_used;
    if (!result.provenance.logdet_given.empty()) {
      logdet = "given " + result.provenance.logdet_given + ", used " + result.provenance.logdet_used;
    }
    // The back-end in words (solver, options, error control, rho interval and its source), so that a reader
    // of the table knows how log|I - rho W| was obtained without the JSON.
    if (!result.provenance.logdet_description.empty())
      logdet += " -- " + result.provenance.logdet_description;
    header.push_back({"Log-determinant", logdet});
  }
  return header;
}

std::vector<StatisticRow> BuildFitStatistics(const FitResult& result) {
  std::vector<StatisticRow> rows;
  rows.push_back({"Residual variance (sigma^2)", "sigma2", result.sigma2});
  rows.push_back({"Log likelihood", "log_likelihood", result.log_likelihood});
  rows.push_back({"AIC", "aic", result.aic});
  rows.push_back({"BIC", "bic", result.bic});
  for (const estimators::FitStatistic& statistic : result.statistics) {
    rows.push_back({StatisticLabel(statistic.name), statistic.name, statistic.value});
  }
  return rows;
}

std::vector<LabelledText> BuildFooter(const FitResult& result) {
  const estimators::Provenance& provenance = result.provenance;
  std::vector<LabelledText> footer;
  footer.push_back({"Engine", "hinterland " + provenance.engine_version});
  footer.push_back({"BLAS", provenance.blas.empty() ? "unknown" : provenance.blas});
  if (!provenance.blas_library.empty()) footer.push_back({"BLAS library", provenance.blas_library});
  if (!provenance.lapack.empty()) footer.push_back({"LAPACK", provenance.lapack});
  footer.push_back(
      {"Threads", fmt::format("{} BLAS, {} sparse kernels", provenance.threads, provenance.sparse_threads)});
  footer.push_back({"Seed", std::to_string(provenance.seed)});
  return footer;
}

ImpactCell ToCell(const estimators::ImpactEstimate& estimate) {
  return {estimate.estimate, estimate.std_error, estimate.z, estimate.p_value};
}

const estimators::Impact* FindImpact(const std::vector<estimators::Impact>& impacts,
                                     const std::string& name) {
  for (const estimators::Impact& impact : impacts) {
    if (impact.name == name) return &impact;
  }
  return nullptr;
}

// Orders 0..kImpactOrdersShown one row each, the orders above summed into one row, and the running sum of
// the totals; orders a regressor lacks (never, from ComputeImpacts) are skipped.
ImpactOrderTable BuildImpactOrderTable(const estimators::ImpactsResult& impacts,
                                       const std::string& name,
                                       bool has_std_errors) {
  ImpactOrderTable table;
  table.name = name;
  double cumulative = 0.0;
  ImpactOrderRow tail;
  int tail_first = -1, tail_last = -1;
  // A single order above the shown ones (q = kImpactOrdersShown + 1) is a row of its own, SEs included.
  const int last_own_row =
      impacts.power_order == kImpactOrdersShown + 1 ? impacts.power_order : kImpactOrdersShown;
  for (const estimators::OrderImpacts& order : impacts.by_order) {
    const estimators::Impact* impact = FindImpact(order.impacts, name);
    if (impact == nullptr) continue;
    cumulative += impact->total.estimate;
    if (order.order <= last_own_row) {
      table.rows.push_back({std::to_string(order.order), has_std_errors, ToCell(impact->direct),
                            ToCell(impact->indirect), ToCell(impact->total), cumulative});
      continue;
    }
    if (tail_first < 0) tail_first = order.order;
    tail_last = order.order;
    tail.direct.estimate += impact->direct.estimate;
    tail.indirect.estimate += impact->indirect.estimate;
    tail.total.estimate += impact->total.estimate;
    tail.cumulative_total = cumulative;
  }
  if (tail_first >= 0) {
    tail.order = fmt::format("{}-{}", tail_first, tail_last);
    tail.has_std_errors = false;
    table.rows.push_back(tail);
  }
  return table;
}

ImpactsTable BuildImpactsTable(const estimators::ImpactsResult& impacts) {
  ImpactsTable table;
  table.present = true;
  const bool analytic = impacts.method == estimators::ImpactMethod::kAnalytic;
  table.has_std_errors = analytic || impacts.draws > 0;
  table.std_error_label = analytic ? "Analytic standard errors" : "Simulated standard errors";
  for (const estimators::Impact& impact : impacts.impacts) {
    table.rows.push_back({impact.name, ToCell(impact.direct), ToCell(impact.indirect), ToCell(impact.total)});
    if (!impacts.by_order.empty()) {
      table.by_order.push_back(BuildImpactOrderTable(impacts, impact.name, table.has_std_errors));
    }
  }
  table.power_order = impacts.power_order;
  table.details.push_back({"Method", estimators::ToString(impacts.method)});
  if (!impacts.trace_method.empty()) table.details.push_back({"Traces", impacts.trace_method});
  if (!analytic) {
    std::string draws = std::to_string(impacts.draws);
    if (impacts.rejected_draws > 0)
      draws += fmt::format(" ({} redrawn outside the rho interval)", impacts.rejected_draws);
    table.details.push_back({"Draws", draws});
    table.details.push_back({"Seed", std::to_string(impacts.seed)});
    table.details.push_back(
        {"Rho interval", fmt::format("({:.6g}, {:.6g})", impacts.rho_lower, impacts.rho_upper)});
  }
  table.notes = impacts.notes;
  return table;
}

}  // namespace

std::string SignificanceStars(double p_value) {
  if (!std::isfinite(p_value)) return "";
  if (p_value < 0.001) return "***";
  if (p_value < 0.01) return "**";
  if (p_value < 0.05) return "*";
  if (p_value < 0.1) return ".";
  return "";
}

std::vector<std::string> FormatNumberColumn(const std::vector<double>& values, int significant_digits) {
  int decimals = 0;
  double largest = 0.0;
  for (double value : values) {
    if (!std::isfinite(value) || value == 0.0) continue;
    largest = std::max(largest, std::fabs(value));
    const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
    decimals = std::max(decimals, significant_digits - 1 - magnitude);
  }
  const bool scientific = decimals > 8 || largest >= 1e8;
  std::vector<std::string> texts;
  texts.reserve(values.size());
  for (double value : values) {
    if (!std::isfinite(value)) {
      texts.push_back("NA");
    } else if (scientific) {
      texts.push_back(fmt::format("{:.{}e}", value, significant_digits - 1));
    } else {
      texts.push_back(fmt::format("{:.{}f}", value, decimals));
    }
  }
  return texts;
}

std::vector<std::string> FormatFixedColumn(const std::vector<double>& values, int significant_digits) {
  double largest = 0.0;
  for (double value : values) {
    if (std::isfinite(value)) largest = std::max(largest, std::fabs(value));
  }
  const bool scientific = largest >= 1e8 || (largest > 0.0 && largest < 1e-7);
  const int magnitude = largest > 0.0 ? static_cast<int>(std::floor(std::log10(largest))) : 0;
  const int decimals = std::clamp(significant_digits - 1 - magnitude, 0, 8);
  std::vector<std::string> texts;
  texts.reserve(values.size());
  for (double value : values) {
    if (!std::isfinite(value)) {
      texts.push_back("NA");
    } else if (scientific) {
      texts.push_back(fmt::format("{:.{}e}", value, significant_digits - 1));
    } else {
      // -0.00000 reads as a sign error; a value that rounds to zero is written without one.
      std::string text = fmt::format("{:.{}f}", value, decimals);
      if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-') text.erase(0, 1);
      texts.push_back(text);
    }
  }
  return texts;
}

std::string FormatPValue(double p_value) {
  if (!std::isfinite(p_value)) return "NA";
  // R's format.pval: values below .Machine$double.eps print as "< 2.2e-16".
  if (p_value < 2.220446049250313e-16) return "< 2.2e-16";
  return fmt::format("{:.3g}", p_value);
}

std::string FormatStatistic(double value) {
  if (!std::isfinite(value)) return "NA";
  if (value == std::round(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{:.7g}", value);
}

std::string ImpactOrdersCaption(const ImpactsTable& impacts, const std::string& std_error_note) {
  return fmt::format("Impacts by order of neighbours (rho^k W^k terms, k = 0..{}{}{})", impacts.power_order,
                     impacts.power_order > kImpactOrdersShown
                         ? fmt::format("; orders above {} summed", kImpactOrdersShown)
                         : "",
                     impacts.has_std_errors ? std_error_note : "");
}

ResultTable BuildResultTable(const estimators::FitResult& result, const estimators::ImpactsResult* impacts) {
  if (impacts == nullptr && result.impacts) impacts = &*result.impacts;
  ResultTable table;
  table.title = ModelTitle(result.model);
  table.header = BuildHeader(result);
  // summary.lm's t for least squares; ML and GMM estimators report asymptotic z (spatialreg, spreg).
  table.uses_t = result.method == "least squares";
  table.statistic_label = table.uses_t ? "t value" : "z value";
  table.p_value_label = table.uses_t ? "Pr(>|t|)" : "Pr(>|z|)";
  for (const estimators::Coefficient& coefficient : result.coefficients) {
    table.coefficients.push_back({coefficient.name, estimators::ToString(coefficient.role),
                                  coefficient.estimate, coefficient.std_error, coefficient.statistic,
                                  coefficient.p_value, SignificanceStars(coefficient.p_value)});
  }
  table.fit_statistics = BuildFitStatistics(result);
  for (const estimators::Diagnostic& diagnostic : result.diagnostics) {
    table.diagnostics.push_back({diagnostic.name, diagnostic.statistic, diagnostic.df, diagnostic.p_value,
                                 SignificanceStars(diagnostic.p_value), diagnostic.note});
  }
  table.warnings = result.warnings;
  table.dropped = result.dropped_ids;
  table.status = estimators::ToString(result.status);
  if (!result.status_message.empty() && result.status_message != table.status) {
    table.status += ": " + result.status_message;
  }
  table.usable = result.IsUsable();
  table.footer = BuildFooter(result);
  if (impacts != nullptr) table.impacts = BuildImpactsTable(*impacts);
  return table;
}

}  // namespace hinterland::cli
