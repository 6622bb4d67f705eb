// `hinterland weights summary` (spdep's summary.nb + the listw constants) and `hinterland weights build`
// (lattice, k nearest neighbours, distance band, inverse distance, polygon contiguity -> .gal/.gwt/.mtx).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace hinterland::cli {

struct WeightsSummaryOptions {
  std::string weights;
  std::string style;     // empty: the weights as read
  std::string id_field;  // polygon files only
};

struct WeightsBuildOptions {
  std::string lattice;            // "RxC"
  int knn = 0;                    // k
  double distance = 0.0;          // distance-band threshold
  double inverse_distance = 0.0;  // inverse-distance threshold
  double power = 1.0;             // inverse-distance power
  std::string polygons;           // polygon file
  bool rook = false;
  bool queen = false;
  std::string coords;  // point file (CSV or .dta)
  std::string x;
  std::string y;
  std::string id;  // id column of --coords, id attribute of --polygons
  bool great_circle = false;
  double tolerance = 0.0;  // polygon snapping tolerance
  std::string output;
  bool verbose = false;  // each step with its time on standard error
};

struct WeightsCommands {
  CLI::App* summary = nullptr;
  CLI::App* build = nullptr;
};

WeightsCommands AddWeightsCommands(CLI::App& app, WeightsSummaryOptions& summary, WeightsBuildOptions& build);

int RunWeightsSummary(const WeightsSummaryOptions& options);
int RunWeightsBuild(const WeightsBuildOptions& options);

}  // namespace hinterland::cli
