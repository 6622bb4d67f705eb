// Shared command pieces: --missing words, weights reading with the id-field check, output writing.
#include "cli/commands/command_support.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>

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

engine::MissingPolicy ParseMissingPolicy(const std::string& text) {
  if (text == "error") return engine::MissingPolicy::kError;
  if (text == "drop") return engine::MissingPolicy::kDrop;
  throw engine::OptionError("--missing " + text + ": must be error or drop");
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

}  // namespace hinterland::cli
