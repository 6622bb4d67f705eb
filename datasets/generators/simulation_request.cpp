// RunSimulation: checks the output folder, builds the design, simulates, and writes the data, weights
// (GAL and GWT through engine/weights, edge list and coordinates here) and the truth JSON.
#include "datasets/generators/simulation_request.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "datasets/generators/simulation_writers.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/build_info.hpp"
#include "engine/core/error.hpp"
#include "engine/weights/weights_io.hpp"

namespace hinterland::generators {
namespace {

using engine::OptionError;

std::string JoinPath(const std::string& folder, const std::string& name) {
  return (std::filesystem::path(folder) / name).string();
}

// Called before any work, so that a forgotten --force fails at once.
void RefuseExistingOutputs(const SimulationRequest& request) {
  if (request.output_dir.empty()) throw OptionError("`output_dir`: an output folder is required");
  std::error_code error;
  if (std::filesystem::exists(request.output_dir, error) &&
      !std::filesystem::is_directory(request.output_dir, error)) {
    throw OptionError("`output_dir` " + request.output_dir + ": exists and is not a folder");
  }
  if (!request.force) {
    std::vector<std::string> existing;
    for (const std::string& path : PlannedOutputFiles(request)) {
      if (std::filesystem::exists(path, error)) existing.push_back(path);
    }
    if (!existing.empty()) {
      std::string names;
      for (const std::string& path : existing) names += (names.empty() ? "" : ", ") + path;
      throw OptionError(fmt::format("`output_dir` {}: would overwrite {}; pass `force` to replace them",
                                    request.output_dir, names));
    }
  }
}

void CreateOutputFolder(const SimulationRequest& request) {
  std::error_code error;
  std::filesystem::create_directories(request.output_dir, error);
  if (error)
    throw OptionError("`output_dir` " + request.output_dir + ": cannot create it: " + error.message());
}

// JSON text of a string we produce ourselves (ASCII); quotes and backslashes escaped all the same.
std::string Quote(const std::string& text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string NumberList(const std::vector<double>& values) {
  std::string text = "[";
  for (std::size_t i = 0; i < values.size(); ++i) text += (i == 0 ? "" : ", ") + FormatNumber(values[i]);
  return text + "]";
}

std::string DgpEquation(SpatialModel model) {
  switch (model) {
    case SpatialModel::kNone:
      return "y = c + X beta + e";
    case SpatialModel::kSar:
      return "y = (I - rho W)^-1 (c + X beta + e)";
    case SpatialModel::kSem:
      return "y = c + X beta + (I - lambda W)^-1 e";
    case SpatialModel::kSdm:
      return "y = (I - rho W)^-1 (c + X beta + W X theta + e)";
    case SpatialModel::kSac:
      return "y = (I - rho W)^-1 (c + X beta + (I - lambda W)^-1 e)";
  }
  return "";
}

std::string DesignJson(const DesignSpec& spec, const SpatialDesign& design) {
  std::string text = fmt::format("{{\"kind\": {}, \"description\": {}", Quote(ToString(spec.kind)),
                                 Quote(design.description));
  if (spec.kind == DesignKind::kLattice) {
    text += fmt::format(", \"rows\": {}, \"columns\": {}, \"contiguity\": {}", spec.rows, spec.columns,
                        Quote(engine::ToString(spec.contiguity)));
  } else if (spec.distance > 0.0) {
    text += fmt::format(", \"region\": \"unit square\", \"distance\": {}", FormatNumber(spec.distance));
  } else {
    text += fmt::format(", \"region\": \"unit square\", \"k\": {}", spec.k);
  }
  return text + "}";
}

}  // namespace

std::vector<std::string> PlannedOutputFiles(const SimulationRequest& request) {
  std::vector<std::string> files;
  for (const char* name : {"data.csv", "weights.gal", "weights.gwt", "edges.csv"}) {
    files.push_back(JoinPath(request.output_dir, name));
  }
  if (request.design.kind == DesignKind::kPoints) files.push_back(JoinPath(request.output_dir, "coords.csv"));
  files.push_back(JoinPath(request.output_dir, "truth.json"));
  return files;
}

std::string FormatTruthJson(const SimulationRequest& request,
                            const SpatialDesign& design,
                            const SimulatedData& data,
                            std::int64_t observations) {
  const DgpParameters& parameters = request.parameters;
  const PanelSpec& panel = request.panel;
  std::string text = "{\n";
  text += "  \"generator\": \"hinterland simulate\",\n";
  text += fmt::format("  \"engine_version\": {},\n", Quote(engine::GetBuildInfo().engine_version));
  text += fmt::format("  \"seed\": {},\n", request.seed);
  text += fmt::format("  \"model\": {},\n", Quote(ToString(parameters.model)));
  text += fmt::format("  \"dgp\": {},\n", Quote(DgpEquation(parameters.model)));
  text += fmt::format("  \"n\": {},\n  \"T\": {},\n  \"observations\": {},\n", data.n, data.periods,
                      observations);
  text += fmt::format("  \"design\": {},\n", DesignJson(request.design, design));
  text += fmt::format(
      "  \"weights\": {{\"style\": {}, \"links\": {}, \"files\": [\"weights.gal\", "
      "\"weights.gwt\", \"edges.csv\"]}},\n",
      Quote(engine::ToString(design.w.Style())), design.w.LinkCount());
  text += "  \"parameters\": {";
  text += fmt::format("\"rho\": {}, ", UsesRho(parameters.model) ? FormatNumber(parameters.rho) : "null");
  text += fmt::format("\"lambda\": {}, ",
                      UsesLambda(parameters.model) ? FormatNumber(parameters.lambda) : "null");
  text += fmt::format("\"intercept\": {}, \"beta\": {}, ", FormatNumber(parameters.intercept),
                      NumberList(parameters.beta));
  text += fmt::format("\"theta\": {}, ",
                      parameters.model == SpatialModel::kSdm ? NumberList(parameters.theta) : "null");
  text += fmt::format("\"sigma\": {}}},\n", FormatNumber(parameters.sigma));
  text += "  \"regressors\": \"x1..xk independent standard normal\",\n";
  text += fmt::format(
      "  \"panel\": {{\"T\": {}, \"unbalanced_fraction\": {}, \"dropped\": {}, \"order\": \"period-major\", "
      "{}\"individual_effects\": {}, \"individual_effects_sd\": {}, \"time_effects\": {}, "
      "\"time_effects_sd\": "
      "{}}},\n",
      data.periods, FormatNumber(panel.missing_fraction),
      data.y.n_elem - static_cast<arma::uword>(observations),
      panel.missing_fraction > 0.0
          ? "\"unbalanced_weights\": \"each period's W_t: W over the units observed in it, re-standardised "
            "from "
            "the binary links (an island keeps a zero row: fit with islands keep to match); sem and sac put "
            "the "
            "effects inside the error filter, u_t = (I - lambda W_t)^-1 (mu + alpha_t + e_t)\", "
          : "",
      panel.individual_effects, panel.individual_effects ? FormatNumber(panel.individual_effects_sd) : "null",
      panel.time_effects, panel.time_effects ? FormatNumber(panel.time_effects_sd) : "null");
  text += fmt::format(
      "  \"solver\": {{\"method\": \"fixed-point iteration y <- rho W y + v\", \"tolerance\": {}, "
      "\"iterations\": {}, \"max_residual\": {}}}\n",
      FormatNumber(request.tolerance), data.solver_iterations, FormatNumber(data.max_solver_residual));
  return text + "}\n";
}

SimulationOutcome RunSimulation(const SimulationRequest& request) {
  RefuseExistingOutputs(request);
  SpatialDesign design;
  engine::ReportStep(request.progress, "building the design and W",
                     [&] { design = BuildSpatialDesign(request.design, request.seed); });
  ValidateDgp(request.parameters, request.panel, design.w);
  CreateOutputFolder(request);
  const SimulatedData data = SimulateSpatialData(design.w, request.parameters, request.panel, request.seed,
                                                 request.tolerance, request.progress);
  SimulationOutcome outcome;
  outcome.n = data.n;
  outcome.periods = data.periods;
  outcome.links = design.w.LinkCount();
  outcome.solver_iterations = data.solver_iterations;
  outcome.max_solver_residual = data.max_solver_residual;
  for (const std::uint8_t kept : data.observed) outcome.observations += kept;

  const std::vector<std::string> files = PlannedOutputFiles(request);
  const auto path_of = [&](const std::string& name) { return JoinPath(request.output_dir, name); };
  engine::ReportStep(request.progress, "writing data.csv",
                     [&] { WriteDataCsv(data, design.w.Ids(), data.periods > 1, path_of("data.csv")); });
  engine::ReportStep(request.progress, "writing the weights and coordinates", [&] {
    engine::WriteGal(design.w, path_of("weights.gal"));
    engine::WriteGwt(design.w, path_of("weights.gwt"));
    engine::WriteEdgeList(design.w, path_of("edges.csv"));
    if (design.points) WriteCoordinatesCsv(*design.points, path_of("coords.csv"));
  });
  const std::string truth = FormatTruthJson(request, design, data, outcome.observations);
  engine::WriteFileAtomically(path_of("truth.json"), truth);
  outcome.files = files;
  return outcome;
}

}  // namespace hinterland::generators
