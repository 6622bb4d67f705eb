// hinterland: the command-line program. Parses arguments (CLI11), calls the commands, and maps errors to
// exit codes in this single top-level catch: input errors 2, numerical failures 3, unexpected errors 1.
// A command-line parse error (unknown option, missing required option) is an input error: 2.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands/command_support.hpp"
#include "cli/commands/fit_command.hpp"
#include "cli/commands/moran_command.hpp"
#include "cli/commands/simulate_command.hpp"
#include "cli/commands/version_command.hpp"
#include "cli/commands/weights_command.hpp"
#include "engine/core/error.hpp"

namespace {

// Runs whichever subcommand was parsed; prints help when none was.
int Dispatch(const CLI::App& app,
             bool show_version,
             const CLI::App* fit,
             const hinterland::cli::FitCommandOptions& fit_options,
             const hinterland::cli::WeightsCommands& weights,
             const hinterland::cli::WeightsSummaryOptions& summary_options,
             const hinterland::cli::WeightsBuildOptions& build_options,
             const CLI::App* moran,
             const hinterland::cli::MoranCommandOptions& moran_options) {
  if (show_version) {
    std::cout << hinterland::cli::VersionText();
    return 0;
  }
  if (fit->parsed()) return hinterland::cli::RunFitCommand(fit_options);
  if (weights.summary->parsed()) return hinterland::cli::RunWeightsSummary(summary_options);
  if (weights.build->parsed()) return hinterland::cli::RunWeightsBuild(build_options);
  if (moran->parsed()) return hinterland::cli::RunMoranCommand(moran_options);
  if (hinterland::cli::SimulateCommandParsed(app)) return hinterland::cli::RunSimulateCommand(app);
  std::cout << app.help();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Hinterland: spatial econometrics regression engine.\n"
      "Errors exit with 2 (bad input or options) or 3 (numerical failure, or a fit that is not usable).",
      "hinterland"};
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("--version", show_version, "Print the engine version, BLAS/LAPACK and library versions");

  hinterland::cli::FitCommandOptions fit_options;
  CLI::App* fit = hinterland::cli::AddFitCommand(app, fit_options);
  hinterland::cli::WeightsSummaryOptions summary_options;
  hinterland::cli::WeightsBuildOptions build_options;
  const hinterland::cli::WeightsCommands weights =
      hinterland::cli::AddWeightsCommands(app, summary_options, build_options);
  hinterland::cli::MoranCommandOptions moran_options;
  CLI::App* moran = hinterland::cli::AddMoranCommand(app, moran_options);
  hinterland::cli::RegisterSimulateCommand(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  try {
    return Dispatch(app, show_version, fit, fit_options, weights, summary_options, build_options, moran,
                    moran_options);
  } catch (const hinterland::engine::HinterlandError& error) {
    // Library messages name options by key (`rho_interval`): here they are named by their flags.
    std::cerr << "hinterland: error: "
              << hinterland::engine::NameOptions(error.what(), hinterland::cli::FlagOf) << "\n";
    return error.ExitCode();
  } catch (const std::exception& error) {
    std::cerr << "hinterland: unexpected error: " << error.what() << "\n";
    return 1;
  }
}
