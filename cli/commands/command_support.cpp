// Shared command pieces: flags of the library option keys, weights reading with the id-field check, output
// writing.
#include "cli/commands/command_support.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <set>

#include "cli/report/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/weights/weights_io.hpp"

namespace hinterland::cli {

namespace {

bool IsPolygonFile(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".geojson" || extension == ".json" || extension == ".shp";
}

}  // namespace

std::string FlagOf(const std::string& key) {
  // Every library key that is also a flag of some command; the flag is the key with '-' for '_'.
  static const std::set<std::string> kFlagKeys = {
      "model", "vcov", "logdet", "lanczos_steps", "lanczos_probes", "interpolation_nodes", "chebyshev_order",
      "mc_order", "mc_probes", "exact_trace_order", "rho_interval", "tolerance", "max_iterations", "durbin",
      "weights", "weights2", "weights_id_field", "style", "islands", "missing", "impacts", "draws",
      "impacts_method", "seed", "threads", "format", "output", "id", "data", "formula", "permutations",
      "variable", "time", "effects", "lee_yu", "random", "random_error", "mundlak", "fixed_effects",
      // hinterland simulate (datasets/generators)
      "design", "n", "rows", "cols", "contiguity", "k", "distance", "rho", "lambda", "beta", "theta",
      "intercept", "sigma", "panel", "unbalanced", "individual_effects", "time_effects", "output_dir",
      "force"};
  if (kFlagKeys.count(key) == 0) return "";
  std::string flag = "--" + key;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

engine::SpatialWeights ReadWeightsFile(const std::string& path,
                                       const std::string& id_field,
                                       const std::string& option) {
  if (!id_field.empty() && !IsPolygonFile(path)) {
    throw engine::OptionError(option + " " + id_field + " has no effect on " + path +
                              ": it names the id attribute of polygon files (.geojson, .json, .shp); "
                              "GAL, GWT, edge-list and Matrix Market files carry their ids themselves");
  }
  engine::WeightsReadOptions options;
  options.id_field = id_field;
  return engine::ReadWeights(path, options);
}

void WriteOutput(const std::string& text, const std::string& output, const std::vector<std::string>& inputs) {
  if (output.empty()) {
    std::cout << text << std::flush;
    return;
  }
  WriteFileAtomically(output, text, inputs);
}

void PrintWarnings(const std::vector<std::string>& warnings) {
  for (const std::string& warning : warnings) std::cerr << "hinterland: warning: " << warning << "\n";
}

engine::ProgressLog StandardErrorLog() {
  return [](const std::string& line) { std::cerr << line << "\n" << std::flush; };
}

}  // namespace hinterland::cli
