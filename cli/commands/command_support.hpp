// Small pieces shared by the commands: the flag that names each library option key, reading the weights a
// command was given, and writing a command's output to stdout or atomically to --output.
#pragma once

#include <string>
#include <vector>

#include "engine/core/progress.hpp"
#include "engine/formula/model_frame.hpp"
#include "engine/weights/spatial_weights.hpp"

namespace hinterland::cli {

// The flag of a library option key ("rho_interval" -> "--rho-interval"), for engine::NameOptions; "" for a
// key no command has as a flag (the library's internal settings), which then stays as the library wrote it.
std::string FlagOf(const std::string& key);

// Reads a weights file through engine::ReadWeights. `id_field` names the id attribute of a polygon file
// (.geojson, .json, .shp) and is an OptionError for any other format, where it would have no effect.
// `option` is the command's name for the id-field option, used in that message.
engine::SpatialWeights ReadWeightsFile(const std::string& path,
                                       const std::string& id_field,
                                       const std::string& option = "--weights-id-field");

// Writes `text` to stdout when `output` is empty, else atomically to `output` (refusing any of `inputs`).
void WriteOutput(const std::string& text, const std::string& output, const std::vector<std::string>& inputs);

// Prints each warning to stderr as "hinterland: warning: ...".
void PrintWarnings(const std::vector<std::string>& warnings);

// Progress and iteration-log lines for a person watching: each on standard error, flushed at once.
engine::ProgressLog StandardErrorLog();

}  // namespace hinterland::cli
