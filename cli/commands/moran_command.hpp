// `hinterland moran`: Moran's I of one variable with analytic moments (randomisation, spdep's moran.test
// default, and normality) and a seeded permutation test (moran.mc). Rows are aligned to W by id.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace hinterland::cli {

struct MoranCommandOptions {
  std::string data;
  std::string variable;
  std::string weights;
  std::string id;
  std::string weights_id_field;
  std::string style = "W";
  std::string islands = "error";
  std::string missing = "error";
  int permutations = 999;
  std::uint64_t seed = 0;
  std::string format = "text";  // text or json
  std::string output;
};

CLI::App* AddMoranCommand(CLI::App& app, MoranCommandOptions& options);
int RunMoranCommand(const MoranCommandOptions& options);

}  // namespace hinterland::cli
