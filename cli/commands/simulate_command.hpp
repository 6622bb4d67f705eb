// `hinterland simulate`: seeded synthetic spatial data (lattice or random points, SAR/SEM/SDM/SAC/none,
// cross-section or panel) written to an output folder as data.csv, weights.gal, weights.gwt, edges.csv,
// coords.csv (points) and truth.json. The work is datasets/generators' RunSimulation; this file parses
// and checks the options (engine::OptionError naming the option; ignored options are errors too).
#pragma once

#include <CLI/CLI.hpp>

#include "datasets/generators/simulation_request.hpp"

namespace hinterland::cli {

// Adds the `simulate` subcommand to `app`. Options are read back from the parsed subcommand by
// RunSimulateCommand, so no storage outlives this call.
void RegisterSimulateCommand(CLI::App& app);

// True when `app` (the top-level application) parsed the `simulate` subcommand.
bool SimulateCommandParsed(const CLI::App& app);

// The request the parsed `simulate` subcommand of `app` describes; OptionError for invalid values or
// combinations.
generators::SimulationRequest ReadSimulateRequest(const CLI::App& app);

// Runs the parsed `simulate` subcommand of `app` and prints what it wrote; returns the exit code (0).
int RunSimulateCommand(const CLI::App& app);

}  // namespace hinterland::cli
