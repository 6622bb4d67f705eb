// `hinterland moran`: the variable is read through a "V ~ 1" model frame, so missing values, unknown
// names and ids follow exactly the rules of `fit`; the frame is aligned with W by id (AlignModelData).
#include "cli/commands/moran_command.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands/command_support.hpp"
#include "cli/report/atomic_write.hpp"
#include "cli/report/json_report.hpp"
#include "cli/report/result_table.hpp"
#include "engine/core/build_info.hpp"
#include "engine/core/error.hpp"
#include "engine/formula/formula.hpp"
#include "engine/table/dta_reader.hpp"
#include "estimators/common/model_data.hpp"
#include "estimators/common/weights_info.hpp"
#include "estimators/ols/spatial_diagnostics.hpp"

namespace hinterland::cli {

namespace {

struct MoranReport {
  std::string variable;
  std::string data;
  estimators::WeightsInfo weights;
  std::int64_t n = 0;
  estimators::MoranResult randomisation;
  estimators::MoranResult normality;
  estimators::MoranPermutationResult permutation;
  bool has_permutation = false;
  std::vector<std::string> notes;
};

std::string RenderMoranText(const MoranReport& report) {
  std::string text = fmt::format("Moran's I of {}\n", report.variable);
  text += std::string(text.size() - 1, '=') + "\n";
  text += fmt::format("Data:     {} (n = {})\n", report.data, report.n);
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
  if (report.has_permutation) {
    const estimators::MoranPermutationResult& permutation = report.permutation;
    text += fmt::format(
        "\nPermutation test: {} permutations (seed {}): observed rank {} of {}, p-value {}\n"
        "  mean of permuted I {}, variance {}\n",
        permutation.permutations, permutation.seed, permutation.rank, permutation.permutations + 1,
        FormatPValue(permutation.p_value), FormatStatistic(permutation.permuted_mean),
        FormatStatistic(permutation.permuted_variance));
  }
  for (const std::string& note : report.notes) text += "Note: " + note + "\n";
  text += fmt::format("---\nEngine: hinterland {}\n", engine::GetBuildInfo().engine_version);
  return text;
}

nlohmann::ordered_json MoranResultToJson(const estimators::MoranResult& result) {
  return {{"statistic", JsonNumber(result.statistic)},
          {"expectation", JsonNumber(result.expectation)},
          {"variance", JsonNumber(result.variance)},
          {"z", JsonNumber(result.z)},
          {"p_value", JsonNumber(result.p_value)}};
}

std::string RenderMoranJson(const MoranReport& report) {
  nlohmann::ordered_json json;
  json["schema"] = "hinterland.moran/1";
  json["variable"] = report.variable;
  json["data"] = report.data;
  json["n"] = report.n;
  json["alternative"] = "greater";
  json["weights"] = {{"source", report.weights.source},
                     {"style", report.weights.style},
                     {"n", report.weights.n},
                     {"links", report.weights.links},
                     {"islands", report.weights.islands}};
  json["randomisation"] = MoranResultToJson(report.randomisation);
  json["normality"] = MoranResultToJson(report.normality);
  if (report.has_permutation) {
    const estimators::MoranPermutationResult& permutation = report.permutation;
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
  json["engine"] = {{"version", engine::GetBuildInfo().engine_version}};
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

MoranReport ComputeMoran(const MoranCommandOptions& options,
                         const estimators::ModelDataOptions& data_options) {
  const engine::DataTable table = engine::ReadTable(options.data);
  engine::ModelFrameOptions frame_options;
  frame_options.id_column = options.id;
  frame_options.missing = data_options.missing;
  engine::ModelFrame frame =
      engine::BuildModelFrame(table, engine::ParseFormula(options.variable + " ~ 1"), frame_options);
  const engine::SpatialWeights raw_weights = ReadWeightsFile(options.weights, options.weights_id_field);
  const estimators::ModelData data = estimators::AlignModelData(std::move(frame), raw_weights, data_options);

  MoranReport report;
  report.variable = data.frame.dependent;
  report.data = options.data;
  report.n = static_cast<std::int64_t>(data.frame.y.n_elem);
  report.weights = estimators::DescribeWeights(data.weights);
  report.randomisation = estimators::MoranTestVariable(data.frame.y, data.weights, true);
  report.normality = estimators::MoranTestVariable(data.frame.y, data.weights, false);
  if (options.permutations > 0) {
    report.permutation =
        estimators::MoranPermutationTest(data.frame.y, data.weights, options.permutations, options.seed);
    report.has_permutation = true;
  }
  report.notes = data.notes;
  for (const engine::DroppedRow& dropped : data.frame.dropped) {
    if (dropped.reason.rfind("island", 0) != 0) {
      report.notes.push_back(
          fmt::format("dropped id {} (line {}): {}", dropped.id, dropped.line, dropped.reason));
    }
  }
  return report;
}

}  // namespace

CLI::App* AddMoranCommand(CLI::App& app, MoranCommandOptions& options) {
  CLI::App* moran = app.add_subcommand(
      "moran", "Moran's I of a variable: analytic (randomisation and normality) and permutation tests");
  moran->add_option("--data", options.data, "Data file: CSV or Stata .dta")->required();
  moran->add_option("--variable", options.variable, "Variable (or expression such as log(x)) to test")
      ->required();
  moran->add_option("--weights", options.weights, "Spatial weights file")->required();
  moran->add_option("--id", options.id, "Data column with the unit ids; rows are matched to W by id")
      ->required();
  moran->add_option("--weights-id-field", options.weights_id_field, "Id attribute of a polygon weights file");
  moran->add_option("--style", options.style, "Weights style: W, B, C or S")->capture_default_str();
  moran->add_option("--islands", options.islands, "Units without neighbours: error, drop or keep")
      ->capture_default_str();
  moran->add_option("--missing", options.missing, "Missing values: error or drop")->capture_default_str();
  moran
      ->add_option("--permutations", options.permutations, "Permutations for the permutation test (0 = none)")
      ->capture_default_str();
  moran->add_option("--seed", options.seed, "Seed of the permutations (the same seed gives the same p-value)")
      ->capture_default_str();
  moran->add_option("--format", options.format, "Output format: text or json")->capture_default_str();
  moran->add_option("--output", options.output, "Write to this file (atomically; never over an input)");
  return moran;
}

int RunMoranCommand(const MoranCommandOptions& options) {
  if (options.format != "text" && options.format != "json") {
    throw engine::OptionError("--format " + options.format + ": moran writes text or json");
  }
  if (options.permutations < 0) {
    throw engine::OptionError(fmt::format("--permutations {}: must be >= 0", options.permutations));
  }
  estimators::ModelDataOptions data_options;
  data_options.missing = ParseMissingPolicy(options.missing);
  data_options.islands = engine::ParseIslandPolicy(options.islands);
  data_options.style = engine::ParseWeightsStyle(options.style);
  const std::vector<std::string> inputs = {options.data, options.weights};
  if (!options.output.empty()) RequireOutputIsNotAnInput(options.output, inputs);
  const MoranReport report = ComputeMoran(options, data_options);
  WriteOutput(options.format == "json" ? RenderMoranJson(report) : RenderMoranText(report), options.output,
              inputs);
  return 0;
}

}  // namespace hinterland::cli
