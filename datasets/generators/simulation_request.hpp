// One complete simulation as `hinterland simulate` runs it: design -> weights -> DGP -> files in an
// output folder (data.csv, weights.gal, weights.gwt, edges.csv, coords.csv for points, truth.json).
// truth.json records the DGP, the true parameters, the seed, n, T and the engine version; it holds no
// time stamp, so the same request gives the same bytes in every file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/generators/spatial_design.hpp"
#include "datasets/generators/spatial_dgp.hpp"

namespace hinterland::generators {

struct SimulationRequest {
  DesignSpec design;
  DgpParameters parameters;
  PanelSpec panel;  // periods >= 2 writes a panel (id, time columns)
  std::uint64_t seed = 42;
  std::string output_dir;
  bool force = false;            // replace existing output files
  double tolerance = 1e-13;      // fixed-point solver, relative to max(1, max |v|)
  engine::ProgressLog progress;  // each step and period as it finishes; empty: silent
};

struct SimulationOutcome {
  std::vector<std::string> files;  // paths written, in order
  std::int64_t n = 0;
  std::int64_t periods = 1;
  std::int64_t observations = 0;  // rows of data.csv
  std::int64_t links = 0;
  std::int64_t solver_iterations = 0;
  double max_solver_residual = 0.0;
};

// The files a request writes, in `output_dir`.
std::vector<std::string> PlannedOutputFiles(const SimulationRequest& request);

// Validates everything (OptionError naming the option), refuses existing output files unless `force`
// (before any work), creates `output_dir` if needed, simulates and writes. truth.json is written last.
SimulationOutcome RunSimulation(const SimulationRequest& request);

// The truth.json text for a finished simulation.
std::string FormatTruthJson(const SimulationRequest& request,
                            const SpatialDesign& design,
                            const SimulatedData& data,
                            std::int64_t observations);

}  // namespace hinterland::generators
