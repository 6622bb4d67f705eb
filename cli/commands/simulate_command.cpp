// The `simulate` command: CLI11 options read back as text and parsed here, so every bad value is an
// engine::OptionError naming its option (not a CLI11 conversion error after parsing).
#include "cli/commands/simulate_command.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands/command_support.hpp"
#include "engine/core/error.hpp"
#include "engine/weights/weights_builder.hpp"

namespace hinterland::cli {
namespace {

using engine::OptionError;

constexpr const char* kCommandName = "simulate";

const CLI::App& Subcommand(const CLI::App& app) { return *app.get_subcommand(kCommandName); }

bool Given(const CLI::App& command, const std::string& name) { return command.get_option(name)->count() > 0; }

std::optional<std::string> Text(const CLI::App& command, const std::string& name) {
  const CLI::Option* option = command.get_option(name);
  if (option->count() == 0) return std::nullopt;
  return option->as<std::string>();
}

double ParseNumber(const std::string& name, const std::string& text) {
  std::size_t end = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &end);
  } catch (const std::exception&) {
    end = 0;
  }
  if (end == 0 || end != text.size() || !std::isfinite(value)) {
    throw OptionError(fmt::format("{} {}: not a finite number", name, text));
  }
  return value;
}

std::int64_t ParseInteger(const std::string& name, const std::string& text, std::int64_t minimum) {
  std::size_t end = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &end);
  } catch (const std::exception&) {
    end = 0;
  }
  if (end == 0 || end != text.size() || value < minimum) {
    throw OptionError(fmt::format("{} {}: must be an integer >= {}", name, text, minimum));
  }
  return value;
}

std::vector<double> ParseNumberList(const std::string& name, const std::string& text) {
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    values.push_back(ParseNumber(name, text.substr(start, comma - start)));
    start = comma + 1;
  }
  return values;
}

std::uint64_t ParseSeed(const std::string& text) {
  std::size_t end = 0;
  unsigned long long value = 0;
  try {
    if (!text.empty() && text.front() != '-' && text.front() != '+') value = std::stoull(text, &end);
  } catch (const std::exception&) {
    end = 0;
  }
  if (end == 0 || end != text.size()) {
    throw OptionError("--seed " + text + ": must be an integer between 0 and 2^64 - 1");
  }
  return value;
}

// Refuses each option in `names` that was given, saying which design or model it does not apply to.
void RefuseGiven(const CLI::App& command, const std::vector<std::string>& names, const std::string& context) {
  for (const std::string& name : names) {
    if (Given(command, name)) throw OptionError(fmt::format("{} has no effect {}", name, context));
  }
}

void ReadLatticeDesign(const CLI::App& command, generators::DesignSpec& design) {
  RefuseGiven(command, {"--k", "--distance"}, "with --design lattice (it applies to --design points)");
  if (const auto contiguity = Text(command, "--contiguity")) {
    if (*contiguity != "rook" && *contiguity != "queen") {
      throw OptionError("--contiguity " + *contiguity + ": must be rook or queen");
    }
    design.contiguity = engine::ParseContiguity(*contiguity);
  }
  const auto n = Text(command, "--n");
  const bool rows_given = Given(command, "--rows");
  if (rows_given != Given(command, "--cols")) throw OptionError("--rows and --cols go together");
  if (rows_given) {
    design.rows = ParseInteger("--rows", *Text(command, "--rows"), 1);
    design.columns = ParseInteger("--cols", *Text(command, "--cols"), 1);
    if (n && ParseInteger("--n", *n, 1) != design.rows * design.columns) {
      throw OptionError(fmt::format("--n {} differs from --rows {} x --cols {}; give one or the other", *n,
                                    design.rows, design.columns));
    }
    return;
  }
  if (!n) throw OptionError("--design lattice needs --n N (a square) or --rows R --cols C");
  const std::int64_t cells = ParseInteger("--n", *n, 2);
  auto side = static_cast<std::int64_t>(std::llround(std::sqrt(static_cast<double>(cells))));
  if (side * side != cells) {
    throw OptionError(fmt::format(
        "--n {} is not a square number; give --rows and --cols for a {}-cell lattice", cells, cells));
  }
  design.rows = side;
  design.columns = side;
}

void ReadPointsDesign(const CLI::App& command, generators::DesignSpec& design) {
  RefuseGiven(command, {"--rows", "--cols", "--contiguity"},
              "with --design points (it applies to --design lattice)");
  const auto n = Text(command, "--n");
  if (!n) throw OptionError("--design points needs --n N");
  design.points = ParseInteger("--n", *n, 2);
  if (Given(command, "--k") && Given(command, "--distance")) {
    throw OptionError(
        "--k and --distance exclude each other: points get k nearest neighbours or a distance band");
  }
  if (const auto k = Text(command, "--k")) design.k = static_cast<int>(ParseInteger("--k", *k, 1));
  if (const auto distance = Text(command, "--distance")) {
    design.distance = ParseNumber("--distance", *distance);
    if (!(design.distance > 0.0)) throw OptionError("--distance " + *distance + ": must be positive");
  }
}

void ReadParameters(const CLI::App& command, generators::DgpParameters& parameters) {
  parameters.model = generators::ParseSpatialModel(*Text(command, "--model"));
  const std::string context = "with --model " + generators::ToString(parameters.model);
  if (generators::UsesRho(parameters.model)) {
    parameters.rho = ParseNumber("--rho", Text(command, "--rho").value_or("0.5"));
  } else {
    RefuseGiven(command, {"--rho"}, context);
  }
  if (generators::UsesLambda(parameters.model)) {
    parameters.lambda = ParseNumber("--lambda", Text(command, "--lambda").value_or("0.3"));
  } else {
    RefuseGiven(command, {"--lambda"}, context);
  }
  parameters.beta = ParseNumberList("--beta", Text(command, "--beta").value_or("1,2,-1"));
  if (parameters.model == generators::SpatialModel::kSdm) {
    const auto theta = Text(command, "--theta");
    if (!theta) throw OptionError("--model sdm needs --theta: one coefficient of W x per --beta coefficient");
    parameters.theta = ParseNumberList("--theta", *theta);
  } else {
    RefuseGiven(command, {"--theta"}, context);
  }
  parameters.intercept = ParseNumber("--intercept", Text(command, "--intercept").value_or("0"));
  parameters.sigma = ParseNumber("--sigma", Text(command, "--sigma").value_or("1"));
}

void ReadPanel(const CLI::App& command, generators::PanelSpec& panel) {
  if (!Given(command, "--panel")) {
    RefuseGiven(command, {"--unbalanced", "--individual-effects", "--time-effects"}, "without --panel T");
    return;
  }
  panel.periods = ParseInteger("--panel", *Text(command, "--panel"), 2);
  if (const auto fraction = Text(command, "--unbalanced")) {
    panel.missing_fraction = ParseNumber("--unbalanced", *fraction);
  }
  panel.individual_effects = Given(command, "--individual-effects");
  panel.time_effects = Given(command, "--time-effects");
}

}  // namespace

void RegisterSimulateCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      kCommandName,
      "Simulate seeded spatial data (SAR, SEM, SDM, SAC or none; cross-section or panel) and write data.csv, "
      "weights.gal, weights.gwt, edges.csv, coords.csv (points) and truth.json");
  command->add_option("--design", "lattice or points (uniform in the unit square)")->required();
  command->add_option("--n", "Number of units (a square number for a lattice without --rows/--cols)");
  command->add_option("--rows", "Lattice rows");
  command->add_option("--cols", "Lattice columns");
  command->add_option("--contiguity", "Lattice neighbours: rook (default) or queen");
  command->add_option("--k", "Points: k nearest neighbours (default 8)");
  command->add_option("--distance", "Points: distance band radius instead of --k (unit-square units)");
  command->add_option("--style",
                      "Weights style used by the DGP and written to .gwt/edges.csv: W (default), B, C, S");
  command->add_option("--model", "sar, sem, sdm, sac or none")->required();
  command->add_option("--rho", "Spatial lag parameter (sar, sdm, sac; default 0.5)");
  command->add_option("--lambda", "Spatial error parameter (sem, sac; default 0.3)");
  command->add_option("--beta", "Coefficients of x1..xk, comma-separated (default 1,2,-1)");
  command->add_option("--theta", "sdm: coefficients of W x1..W xk, comma-separated (required for sdm)");
  command->add_option("--intercept", "Constant term (default 0)");
  command->add_option("--sigma", "Standard deviation of the errors (default 1)");
  command->add_option("--panel", "Number of periods T >= 2: a balanced panel of n units x T periods");
  command->add_option(
      "--unbalanced",
      "Panel: fraction of unit-periods missing at random (seeded), in [0, 1); each period's y "
      "is drawn with W over its observed units, re-standardised (islands keep zero rows)");
  command->add_flag("--individual-effects")->description("Panel: add unit effects mu_i ~ N(0, 1)");
  command->add_flag("--time-effects")->description("Panel: add period effects alpha_t ~ N(0, 1)");
  command->add_option("--seed", "Seed of every random draw (same seed, same bytes)")->required();
  command->add_option("--output-dir", "Folder for the output files (created if missing)")->required();
  command->add_flag("--force")->description("Replace existing output files");
  command->add_flag("--verbose")
      ->description(
          "Print each step (design, periods simulated, files written) with its time on standard error; "
          "without "
          "it shown for 10^6 observations or more when standard error is a terminal");
}

// From this many observations simulating takes long enough (seconds to minutes) to show its progress.
constexpr std::int64_t kLargeSimulation = 1000000;

bool SimulateCommandParsed(const CLI::App& app) { return app.get_subcommand(kCommandName)->parsed(); }

generators::SimulationRequest ReadSimulateRequest(const CLI::App& app) {
  const CLI::App& command = Subcommand(app);
  generators::SimulationRequest request;
  request.design.kind = generators::ParseDesignKind(*Text(command, "--design"));
  if (request.design.kind == generators::DesignKind::kLattice) {
    ReadLatticeDesign(command, request.design);
  } else {
    ReadPointsDesign(command, request.design);
  }
  if (const auto style = Text(command, "--style")) request.design.style = engine::ParseWeightsStyle(*style);
  ReadParameters(command, request.parameters);
  ReadPanel(command, request.panel);
  request.seed = ParseSeed(*Text(command, "--seed"));
  request.output_dir = *Text(command, "--output-dir");
  request.force = Given(command, "--force");
  // Progress on standard error: asked for, or 10^6 observations or more watched on a terminal.
  const std::int64_t units = request.design.kind == generators::DesignKind::kLattice
                                 ? request.design.rows * request.design.columns
                                 : request.design.points;
  if (Given(command, "--verbose") ||
      (units * request.panel.periods >= kLargeSimulation && isatty(STDERR_FILENO) != 0)) {
    request.progress = StandardErrorLog();
  }
  return request;
}

int RunSimulateCommand(const CLI::App& app) {
  const generators::SimulationRequest request = ReadSimulateRequest(app);
  const generators::SimulationOutcome outcome = generators::RunSimulation(request);
  std::cout << fmt::format(
      "simulate: model {}, n = {}, T = {}, {} observations, {} links, seed {}; wrote {} files to {}\n",
      generators::ToString(request.parameters.model), outcome.n, outcome.periods, outcome.observations,
      outcome.links, request.seed, outcome.files.size(), request.output_dir);
  return 0;
}

}  // namespace hinterland::cli
