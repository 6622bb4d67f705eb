// RunSimulation end to end: the files it writes, byte-identical output for the same seed, the weights
// files read back by engine/weights to the W used in the DGP, the CSV layouts, truth.json's fields, and
// refusing to overwrite without `force`.
#include "datasets/generators/simulation_request.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "datasets/generators/simulation_writers.hpp"
#include "engine/core/build_info.hpp"
#include "engine/core/error.hpp"
#include "engine/weights/weights_io.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/same_weights.hpp"

namespace hinterland::generators {
namespace {

using ::testing::HasSubstr;

SimulationRequest LatticeSar(const std::string& folder) {
  SimulationRequest request;
  request.design.rows = 6;
  request.design.columns = 5;
  request.parameters.model = SpatialModel::kSar;
  request.parameters.rho = 0.5;
  request.parameters.beta = {1.0, 2.0, -1.0};
  request.seed = 42;
  request.output_dir = folder;
  return request;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Neighbour id -> weight of row `i` (readers number units in order of appearance, so compare by id).
using hinterland::testing::ExpectSameLinksById;

TEST(SimulationRequestTest, WritesTheDocumentedFiles) {
  const std::string folder = testing::MakeTempDir("simulate_files");
  const SimulationOutcome outcome = RunSimulation(LatticeSar(folder));
  EXPECT_EQ(outcome.n, 30);
  EXPECT_EQ(outcome.observations, 30);
  for (const char* name : {"data.csv", "weights.gal", "weights.gwt", "edges.csv", "truth.json"}) {
    EXPECT_TRUE(std::filesystem::exists(folder + "/" + name)) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(folder + "/coords.csv"));
  const auto lines = Lines(testing::ReadFile(folder + "/data.csv"));
  ASSERT_EQ(lines.size(), 31u);
  EXPECT_EQ(lines[0], "id,y,x1,x2,x3");
  EXPECT_EQ(lines[1].substr(0, 2), "1,");
  EXPECT_EQ(lines[30].substr(0, 3), "30,");
}

TEST(SimulationRequestTest, SameSeedGivesIdenticalBytesAndAnotherSeedDifferentData) {
  SimulationRequest request = LatticeSar(testing::MakeTempDir("simulate_same_a"));
  request.design.kind = DesignKind::kPoints;
  request.design.points = 80;
  request.design.k = 5;
  request.parameters.model = SpatialModel::kSdm;
  request.parameters.theta = {0.5, 0.5, 0.5};
  request.panel.periods = 3;
  request.panel.missing_fraction = 0.1;
  request.panel.individual_effects = true;
  request.panel.time_effects = true;
  SimulationRequest again = request;
  again.output_dir = testing::MakeTempDir("simulate_same_b");
  SimulationRequest other = request;
  other.output_dir = testing::MakeTempDir("simulate_same_c");
  other.seed = 43;
  RunSimulation(request);
  RunSimulation(again);
  RunSimulation(other);
  for (const char* name :
       {"data.csv", "weights.gal", "weights.gwt", "edges.csv", "coords.csv", "truth.json"}) {
    EXPECT_EQ(testing::ReadFile(request.output_dir + "/" + name),
              testing::ReadFile(again.output_dir + "/" + name))
        << name;
  }
  EXPECT_NE(testing::ReadFile(request.output_dir + "/data.csv"),
            testing::ReadFile(other.output_dir + "/data.csv"));
  EXPECT_NE(testing::ReadFile(request.output_dir + "/coords.csv"),
            testing::ReadFile(other.output_dir + "/coords.csv"));
}

TEST(SimulationRequestTest, WeightsFilesReadBackToTheWeightsOfTheDgp) {
  SimulationRequest request = LatticeSar(testing::MakeTempDir("simulate_weights"));
  request.design.kind = DesignKind::kPoints;
  request.design.points = 60;
  request.design.k = 4;  // asymmetric
  RunSimulation(request);
  const SpatialDesign design = BuildSpatialDesign(request.design, request.seed);
  const std::string folder = request.output_dir;
  ExpectSameLinksById(engine::ReadGwt(folder + "/weights.gwt"), design.w);
  ExpectSameLinksById(engine::ReadEdgeList(folder + "/edges.csv", false), design.w);
  // GAL holds the neighbour structure; row-standardising it gives W again.
  ExpectSameLinksById(
      engine::ReadGal(folder + "/weights.gal").Transform(engine::WeightsStyle::kRowStandardised), design.w);
  const auto coordinates = Lines(testing::ReadFile(folder + "/coords.csv"));
  ASSERT_EQ(coordinates.size(), 61u);
  EXPECT_EQ(coordinates[0], "id,x,y");
  EXPECT_EQ(coordinates[1],
            "1," + FormatNumber(design.points->x[0]) + "," + FormatNumber(design.points->y[0]));
}

TEST(SimulationRequestTest, PanelCsvHasIdAndTimeAndOmitsDroppedUnitPeriods) {
  SimulationRequest request = LatticeSar(testing::MakeTempDir("simulate_panel"));
  request.parameters.model = SpatialModel::kSem;
  request.parameters.rho = 0.0;
  request.parameters.lambda = 0.3;
  request.panel.periods = 4;
  request.panel.missing_fraction = 0.25;
  const SimulationOutcome outcome = RunSimulation(request);
  EXPECT_EQ(outcome.observations, 90);  // 120 unit-periods less round(0.25 * 120)
  const auto lines = Lines(testing::ReadFile(request.output_dir + "/data.csv"));
  ASSERT_EQ(lines.size(), 91u);
  EXPECT_EQ(lines[0], "id,time,y,x1,x2,x3");
  EXPECT_THAT(lines.back(), ::testing::StartsWith("30,4,"));
}

TEST(SimulationRequestTest, TruthJsonRecordsTheDgpParametersAndProvenance) {
  SimulationRequest request = LatticeSar(testing::MakeTempDir("simulate_truth"));
  request.parameters.model = SpatialModel::kSac;
  request.parameters.lambda = 0.3;
  request.panel.periods = 2;
  request.panel.individual_effects = true;
  RunSimulation(request);
  const auto truth = nlohmann::json::parse(testing::ReadFile(request.output_dir + "/truth.json"));
  EXPECT_EQ(truth["model"], "sac");
  EXPECT_EQ(truth["seed"], 42);
  EXPECT_EQ(truth["n"], 30);
  EXPECT_EQ(truth["T"], 2);
  EXPECT_EQ(truth["engine_version"], engine::GetBuildInfo().engine_version);
  EXPECT_EQ(truth["parameters"]["rho"], 0.5);
  EXPECT_EQ(truth["parameters"]["lambda"], 0.3);
  EXPECT_EQ(truth["parameters"]["beta"], nlohmann::json({1.0, 2.0, -1.0}));
  EXPECT_TRUE(truth["parameters"]["theta"].is_null());
  EXPECT_EQ(truth["design"]["kind"], "lattice");
  EXPECT_EQ(truth["design"]["contiguity"], "rook");
  EXPECT_EQ(truth["weights"]["style"], engine::ToString(engine::WeightsStyle::kRowStandardised));
  EXPECT_EQ(truth["panel"]["individual_effects"], true);
  EXPECT_EQ(truth["panel"]["time_effects"], false);
  EXPECT_GT(truth["solver"]["iterations"].get<int>(), 0);
}

TEST(SimulationRequestTest, RefusesToOverwriteWithoutForce) {
  SimulationRequest request = LatticeSar(testing::MakeTempDir("simulate_force"));
  RunSimulation(request);
  const std::string before = testing::ReadFile(request.output_dir + "/data.csv");
  request.seed = 7;
  EXPECT_THROW_MENTIONING(engine::OptionError, RunSimulation(request), {"`force`", "data.csv"});
  EXPECT_EQ(testing::ReadFile(request.output_dir + "/data.csv"), before);
  request.force = true;
  RunSimulation(request);
  EXPECT_NE(testing::ReadFile(request.output_dir + "/data.csv"), before);
}

TEST(SimulationRequestTest, InvalidParametersFailBeforeCreatingTheFolder) {
  SimulationRequest request = LatticeSar(testing::MakeTempDir("simulate_invalid") + "/new_folder");
  request.parameters.rho = 1.5;
  EXPECT_THROW_MENTIONING(engine::OptionError, RunSimulation(request), {"`rho` 1.5"});
  EXPECT_FALSE(std::filesystem::exists(request.output_dir));
}

}  // namespace
}  // namespace hinterland::generators
