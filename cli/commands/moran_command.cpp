// `hinterland moran`: the variable is read through a "V ~ 1" model frame, so missing values, unknown
// names and ids follow exactly the rules of `fit`; the library aligns it with W (BuildSpatialDesign), tests
// it (TestMoranVariable) and the report layer renders it (RenderMoranResult).
#include "cli/commands/moran_command.hpp"

#include <fmt/format.h>

#include "cli/commands/command_support.hpp"
#include "cli/report/atomic_write.hpp"
#include "cli/report/moran_report.hpp"
#include "engine/core/error.hpp"
#include "engine/formula/formula.hpp"
#include "engine/table/dta_reader.hpp"
#include "estimators/common/spatial_design.hpp"
#include "estimators/ols/moran_variable.hpp"

namespace hinterland::cli {

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

namespace {

// The variable as a "V ~ 1" frame aligned with W, exactly as a fit reads its data.
estimators::SpatialDesign ReadDesign(const MoranCommandOptions& options,
                                     const estimators::ModelDataOptions& data_options) {
  const engine::DataTable table = engine::ReadTable(options.data);
  engine::ModelFrameOptions frame_options;
  frame_options.id_column = options.id;
  frame_options.missing = data_options.missing;
  engine::ModelFrame frame =
      engine::BuildModelFrame(table, engine::ParseFormula(options.variable + " ~ 1"), frame_options);
  const engine::SpatialWeights weights = ReadWeightsFile(options.weights, options.weights_id_field);
  return estimators::BuildSpatialDesign(std::move(frame), weights, nullptr, data_options);
}

}  // namespace

int RunMoranCommand(const MoranCommandOptions& options) {
  const ReportFormat format = ParseReportFormat(options.format);
  if (format != ReportFormat::kText && format != ReportFormat::kJson) {
    throw engine::OptionError({{"format", options.format, options.format + ": moran writes text or json"}});
  }
  if (options.permutations < 0) {
    throw engine::OptionError({{"permutations", std::to_string(options.permutations),
                                fmt::format("{}: must be >= 0", options.permutations)}});
  }
  estimators::ModelDataOptions data_options;
  data_options.missing = engine::ParseMissingPolicy(options.missing);
  data_options.islands = engine::ParseIslandPolicy(options.islands);
  data_options.style = engine::ParseWeightsStyle(options.style);
  const std::vector<std::string> inputs = {options.data, options.weights};
  if (!options.output.empty()) RequireOutputIsNotAnInput(options.output, inputs);
  const estimators::MoranVariableResult result =
      estimators::TestMoranVariable(ReadDesign(options, data_options), options.permutations, options.seed);
  WriteOutput(RenderMoranResult(result, format), options.output, inputs);
  return 0;
}

}  // namespace hinterland::cli
