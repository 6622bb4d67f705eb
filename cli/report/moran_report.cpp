// Text and JSON renderings of Moran's I of a variable (see moran_report.hpp).
#include "cli/report/moran_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/report/json_report.hpp"
#include "cli/report/result_table.hpp"
#include "engine/core/error.hpp"

namespace hinterland::cli {

namespace {

std::string RenderText(const estimators::MoranVariableResult& report) {
  std::string text = fmt::format("Moran's I of {}\n", report.variable);
  text += std::string(text.size() - 1, '=') + "\n";
  text += fmt::format("Data:     {} (n = {})\n", report.data_source, report.n);
  text += fmt::format("Weights:  {} (style {}, {} links, {} islands)\n", report.weights.source,
                      report.weights.style, report.weights.links, report.weights.islands);
  text += "Alternative hypothesis: greater (positive spatial autocorrelation)\n\n";
  const std::vector<std::vector<std::string>> rows = {
      {"Assumption", "Moran's I", "E[I]", "Var[I]", "z", "p-value"},
      {"randomisation", FormatStatistic(report.randomisation.statistic),
       FormatStatistic(report.randomisation.expectation), FormatStatistic(report.randomisation.variance),
       FormatStatistic(report.randomisation.z), FormatPValue(report.randomisation.p_value)},
      {"normality", FormatStatistic(report.normality.statistic),
       FormatStatistic(report.normality.expectation), FormatStatistic(report.normality.variance),
       FormatStatistic(report.normality.z), FormatPValue(report.normality.p_value)},
  };
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line = fmt::format("{:<{}}", row[0], widths[0]);
    for (std::size_t c = 1; c < row.size(); ++c) line += fmt::format("  {:>{}}", row[c], widths[c]);
    text += line + "\n";
  }
  if (report.permutation) {
    const estimators::MoranPermutationResult& permutation = *report.permutation;
    text += fmt::format(
        "\nPermutation test: {} permutations (seed {}): observed rank {} of {}, p-value {}\n"
        "  mean of permuted I {}, variance {}\n",
        permutation.permutations, permutation.seed, permutation.rank, permutation.permutations + 1,
        FormatPValue(permutation.p_value), FormatStatistic(permutation.permuted_mean),
        FormatStatistic(permutation.permuted_variance));
  }
  for (const std::string& note : report.notes) text += "Note: " + note + "\n";
  text += fmt::format("---\nEngine: hinterland {}\n", report.engine_version);
  return text;
}

nlohmann::ordered_json MoranResultToJson(const estimators::MoranResult& result) {
  return {{"statistic", JsonNumber(result.statistic)},
          {"expectation", JsonNumber(result.expectation)},
          {"variance", JsonNumber(result.variance)},
          {"z", JsonNumber(result.z)},
          {"p_value", JsonNumber(result.p_value)}};
}

std::string RenderJson(const estimators::MoranVariableResult& report) {
  nlohmann::ordered_json json;
  json["schema"] = "hinterland.moran/1";
  json["variable"] = report.variable;
  json["data"] = report.data_source;
  json["n"] = report.n;
  json["alternative"] = "greater";
  json["weights"] = {{"source", report.weights.source},
                     {"style", report.weights.style},
                     {"n", report.weights.n},
                     {"links", report.weights.links},
                     {"islands", report.weights.islands}};
  json["randomisation"] = MoranResultToJson(report.randomisation);
  json["normality"] = MoranResultToJson(report.normality);
  if (report.permutation) {
    const estimators::MoranPermutationResult& permutation = *report.permutation;
    json["permutation"] = {{"statistic", JsonNumber(permutation.statistic)},
                           {"permutations", permutation.permutations},
                           {"rank", permutation.rank},
                           {"p_value", JsonNumber(permutation.p_value)},
                           {"seed", permutation.seed},
                           {"permuted_mean", JsonNumber(permutation.permuted_mean)},
                           {"permuted_variance", JsonNumber(permutation.permuted_variance)}};
  } else {
    json["permutation"] = nullptr;
  }
  json["notes"] = report.notes;
  json["engine"] = {{"version", report.engine_version}};
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string RenderMoranResult(const estimators::MoranVariableResult& result, ReportFormat format) {
  switch (format) {
    case ReportFormat::kText:
      return RenderText(result);
    case ReportFormat::kJson:
      return RenderJson(result);
    case ReportFormat::kLatex:
    case ReportFormat::kMarkdown:
    case ReportFormat::kCsv:
      break;
  }
  throw engine::OptionError({{"format", ToString(format), ToString(format) + ": moran writes text or json"}});
}

}  // namespace hinterland::cli
