// End-to-end checks of the bundled China and US data sets and of `hinterland simulate`: the engine's own
// polygon contiguity reproduces datasets/china_cities/city_adjacency.csv edge for edge (SOURCE.md step 10),
// the US county graph has the counts datasets/us_counties/SOURCE.md states, a simulated SAR lattice is
// reproducible and its rho is recovered by `fit`, and the SCHEMA.md drop-in path (another yearbook file
// with the same columns) runs the main job's OLS unchanged. Expected values are the counts in those files.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/table/csv_reader.hpp"
#include "engine/weights/weights_builder.hpp"
#include "engine/weights/weights_io.hpp"
#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

using nlohmann::json;
using Edge = std::pair<std::string, std::string>;  // undirected, first < second

// Splits one line of a plain CSV file (the bundled files quote nothing in the columns read here).
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

// Rows of a CSV file as split lines, header first, read without the engine so the oracle is independent.
std::vector<std::vector<std::string>> CsvRows(const std::string& path) {
  std::istringstream stream(ReadFile(path));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) rows.push_back(SplitCsvLine(line));
  }
  return rows;
}

Edge Undirected(const std::string& a, const std::string& b) { return a < b ? Edge(a, b) : Edge(b, a); }

// The undirected edges of the first two columns of an edge-list file (after the header).
std::set<Edge> EdgesOfFile(const std::string& path) {
  std::set<Edge> edges;
  const auto rows = CsvRows(path);
  for (std::size_t r = 1; r < rows.size(); ++r) edges.insert(Undirected(rows[r].at(0), rows[r].at(1)));
  return edges;
}

std::set<Edge> EdgesOfWeights(const engine::SpatialWeights& w) {
  std::set<Edge> edges;
  for (std::int64_t i = 0; i < w.n(); ++i) {
    for (std::int64_t position = w.RowOffsets()[i]; position < w.RowOffsets()[i + 1]; ++position) {
      edges.insert(Undirected(w.Ids()[i], w.Ids()[w.ColumnIndices()[position]]));
    }
  }
  return edges;
}

std::string Describe(const std::set<Edge>& edges) {
  std::string text;
  for (const auto& [a, b] : edges) text += " " + a + "-" + b;
  return text.empty() ? " (none)" : text;
}

// ---------------------------------------------------------------------------------------------------
// 1. China: polygon contiguity of the GeoJSON = the derived city edge set

TEST(ChinaCityContiguity, EnginePolygonQueenContiguityReproducesTheDerivedEdgeSet) {
  // SOURCE.md step 10: the vertex-snap rule of the engine's polygon builder, applied to the simplified
  // GeoJSON with 0.01 degree, gives exactly the 969 edges of city_adjacency.csv (derived there by exact
  // segment distances). Compared as sets of undirected code pairs, so a swap of edges cannot hide.
  const std::set<Edge> derived = EdgesOfFile(Dataset("china_cities/city_adjacency.csv"));
  ASSERT_EQ(derived.size(), 969u);
  const engine::SpatialWeights w = engine::BuildPolygonContiguity(
      Dataset("china_cities/china_cities.geojson"), "code", engine::Contiguity::kQueen, 0.01);
  EXPECT_EQ(w.n(), 367);  // every ECharts feature, HK, MO and TW included
  EXPECT_EQ(w.LinkCount(), 2 * 969);
  const std::set<Edge> built = EdgesOfWeights(w);
  std::set<Edge> only_built;
  std::set<Edge> only_derived;
  for (const Edge& edge : built) {
    if (!derived.count(edge)) only_built.insert(edge);
  }
  for (const Edge& edge : derived) {
    if (!built.count(edge)) only_derived.insert(edge);
  }
  EXPECT_TRUE(only_built.empty()) << "edges only the engine finds:" << Describe(only_built);
  EXPECT_TRUE(only_derived.empty()) << "edges only city_adjacency.csv lists:" << Describe(only_derived);
}

TEST(ChinaCityContiguity, WeightsBuildCommandWritesTheSameNeighbours) {
  const std::string folder = MakeTempDir("datasets_china_contiguity");
  const std::string gal = folder + "/china_cities_queen.gal";
  const CliRun run = RunCli({"weights", "build", "--polygons", Dataset("china_cities/china_cities.geojson"),
                             "--id", "code", "--queen", "--tolerance", "0.01", "--output", gal});
  ASSERT_TRUE(ExitsWith(run, 0));
  EXPECT_NE(run.out.find("367 units, 1938 links"), std::string::npos) << run.out;
  EXPECT_EQ(EdgesOfWeights(engine::ReadGal(gal)), EdgesOfFile(Dataset("china_cities/city_adjacency.csv")));
}

// ---------------------------------------------------------------------------------------------------
// 2. US counties: 3,231 units, 9,341 queen links, 15 islands (datasets/us_counties/SOURCE.md)

// us_county_adjacency.csv lists each queen pair once (fips_a < fips_b) with a third column `rook` (0/1),
// and the 15 counties without neighbours do not appear in it at all. Read as it is, the engine takes the
// third column as weights and knows only the 3,216 counties that have a neighbour. The W of SOURCE.md is
// therefore written here as an edge list: both directions of every pair, no weight column, and every
// county of us_counties.csv without a neighbour declared by a line with an empty `to`.
std::string WriteUsQueenEdgeList(const std::string& folder) {
  const auto pairs = CsvRows(Dataset("us_counties/us_county_adjacency.csv"));
  EXPECT_EQ(pairs.front(), (std::vector<std::string>{"fips_a", "fips_b", "rook"}));
  std::set<std::string> linked;
  std::string text = "from,to\n";
  for (std::size_t r = 1; r < pairs.size(); ++r) {
    text += pairs[r][0] + "," + pairs[r][1] + "\n" + pairs[r][1] + "," + pairs[r][0] + "\n";
    linked.insert(pairs[r][0]);
    linked.insert(pairs[r][1]);
  }
  const auto counties = CsvRows(Dataset("us_counties/us_counties.csv"));
  for (std::size_t r = 1; r < counties.size(); ++r) {
    if (!linked.count(counties[r][0])) text += counties[r][0] + ",\n";
  }
  const std::string path = folder + "/us_queen.csv";
  WriteFile(path, text);
  return path;
}

TEST(UsCountyAdjacency, FileListsEachQueenPairOnceWithRookFlags) {
  const auto pairs = CsvRows(Dataset("us_counties/us_county_adjacency.csv"));
  ASSERT_EQ(pairs.size(), 9341u + 1);
  std::set<Edge> edges;
  std::size_t rook = 0;
  for (std::size_t r = 1; r < pairs.size(); ++r) {
    EXPECT_LT(pairs[r][0], pairs[r][1]) << "line " << r + 1;
    edges.insert(Undirected(pairs[r][0], pairs[r][1]));
    rook += pairs[r][2] == "1";
  }
  EXPECT_EQ(edges.size(), 9341u);  // no pair listed twice
  EXPECT_EQ(rook, 8944u);
}

void CheckUsQueenWeights(const std::string& path);

TEST(UsCountyAdjacency, WeightsSummaryReports3231Units9341QueenLinksAnd15Islands) {
  // Both the shipped GAL (datasets/us_counties/make_queen_gal.py) and an edge list written here from the pair
  // file must give the same W.
  for (const std::string& path : {Dataset("us_counties/us_county_queen.gal"),
                                  WriteUsQueenEdgeList(MakeTempDir("datasets_us_counties"))}) {
    SCOPED_TRACE(path);
    CheckUsQueenWeights(path);
  }
}

void CheckUsQueenWeights(const std::string& path) {
  const CliRun run = RunCli({"weights", "summary", "--weights", path});
  ASSERT_TRUE(ExitsWith(run, 0));
  EXPECT_NE(run.out.find("Number of regions: 3231\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Number of nonzero links: 18682\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("15 regions with no links:"), std::string::npos) << run.out;

  const engine::SpatialWeights w = engine::ReadWeights(path, engine::WeightsReadOptions{});
  ASSERT_EQ(w.n(), 3231);
  EXPECT_EQ(w.LinkCount(), 2 * 9341);
  EXPECT_TRUE(w.IsSymmetric());
  // SOURCE.md names the islands: Aleutians West, Hawaii, Honolulu, Kauai, Nantucket, San Juan WA, Manu'a,
  // Guam, Northern Islands, Rota, Saipan, Tinian, Culebra, Vieques, St. Croix.
  std::set<std::string> islands;
  for (const std::int64_t unit : w.Islands()) islands.insert(w.Ids()[unit]);
  const std::set<std::string> expected = {"02016", "15001", "15003", "15007", "25019",
                                          "53055", "60020", "66010", "69085", "69100",
                                          "69110", "69120", "72049", "72147", "78010"};
  EXPECT_EQ(islands, expected);
  // Degrees agree with the n_queen column of us_counties.csv; Cook County IL has the 6 named neighbours.
  const auto counties = CsvRows(Dataset("us_counties/us_counties.csv"));
  for (std::size_t r = 1; r < counties.size(); ++r) {
    const std::optional<std::int64_t> unit = w.IndexOf(counties[r][0]);
    ASSERT_TRUE(unit.has_value()) << counties[r][0];
    EXPECT_EQ(w.NeighbourCount(*unit), std::stoll(counties[r][4])) << counties[r][0];
  }
}

// ---------------------------------------------------------------------------------------------------
// 3. simulate: reproducible files, rho recovered by fit, existing outputs refused without --force

std::vector<std::string> SimulateArguments(const std::string& folder) {
  return {"simulate", "--design", "lattice", "--rows", "10", "--cols",       "10",  "--model",
          "sar",      "--rho",    "0.5",     "--seed", "7",  "--output-dir", folder};
}

std::map<std::string, std::string> FilesIn(const std::string& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    files[entry.path().filename().string()] = ReadFile(entry.path().string());
  }
  return files;
}

TEST(SimulateSarLattice, WritesTheSameBytesTwiceAndFitRecoversRho) {
  const std::string first = MakeTempDir("datasets_simulate_first") + "/sim";
  const std::string second = MakeTempDir("datasets_simulate_second") + "/sim";
  ASSERT_TRUE(ExitsWith(RunCli(SimulateArguments(first)), 0));
  ASSERT_TRUE(ExitsWith(RunCli(SimulateArguments(second)), 0));
  const auto files = FilesIn(first);
  for (const char* name : {"data.csv", "weights.gal", "weights.gwt", "edges.csv", "truth.json"}) {
    EXPECT_TRUE(files.count(name)) << name;
  }
  EXPECT_EQ(files, FilesIn(second)) << "two runs with --seed 7 differ";

  const json truth = json::parse(files.at("truth.json"));
  EXPECT_EQ(truth["n"], 100);
  EXPECT_EQ(truth["seed"], 7);
  EXPECT_EQ(truth["parameters"]["rho"], 0.5);

  // The formula from the data's own header: y on every x column.
  const std::vector<std::string> header = CsvRows(first + "/data.csv").front();
  ASSERT_GE(header.size(), 3u);
  ASSERT_EQ(header[0], "id");
  ASSERT_EQ(header[1], "y");
  std::string formula = "y ~ " + header[2];
  for (std::size_t c = 3; c < header.size(); ++c) formula += " + " + header[c];
  const CliRun fit = RunCli({"fit", "--model", "sar", "--data", first + "/data.csv", "--formula", formula,
                             "--id", "id", "--weights", first + "/weights.gal", "--format", "json"});
  ASSERT_TRUE(ExitsWith(fit, 0));
  const json result = json::parse(fit.out);
  const json* rho = nullptr;
  for (const json& coefficient : result["coefficients"]) {
    if (coefficient["name"] == "rho") rho = &coefficient;
  }
  ASSERT_NE(rho, nullptr) << fit.out;
  const double estimate = (*rho)["estimate"].get<double>();
  const double std_error = (*rho)["std_error"].get<double>();
  ASSERT_GT(std_error, 0.0);
  // One draw of n = 100: the ML estimate lies within 4 standard errors of the truth unless the estimator
  // or the generator is wrong (a false alarm has probability about 6e-5 under asymptotic normality).
  EXPECT_LT(std::fabs(estimate - 0.5), 4 * std_error) << "rho " << estimate << " se " << std_error;
}

// --verbose reports each step on standard error and leaves the files as they are without it; without it
// (and with standard error not a terminal) nothing is printed there.
TEST(SimulateSarLattice, VerboseReportsEachStepOnStandardErrorOnly) {
  const std::string quiet_folder = MakeTempDir("datasets_simulate_quiet") + "/sim";
  const std::string verbose_folder = MakeTempDir("datasets_simulate_verbose") + "/sim";
  const CliRun quiet = RunCli(SimulateArguments(quiet_folder));
  std::vector<std::string> arguments = SimulateArguments(verbose_folder);
  arguments.push_back("--verbose");
  const CliRun verbose = RunCli(arguments);
  ASSERT_TRUE(ExitsWith(quiet, 0));
  ASSERT_TRUE(ExitsWith(verbose, 0));
  EXPECT_EQ(quiet.err, "");
  EXPECT_NE(verbose.err.find("periods of 100 units simulated: 1 in "), std::string::npos) << verbose.err;
  EXPECT_NE(verbose.err.find("writing data.csv: done in "), std::string::npos) << verbose.err;
  EXPECT_EQ(FilesIn(quiet_folder), FilesIn(verbose_folder));
}

TEST(SimulateSarLattice, AnExistingOutputFolderIsRefusedWithoutForce) {
  const std::string folder = MakeTempDir("datasets_simulate_force") + "/sim";
  ASSERT_TRUE(ExitsWith(RunCli(SimulateArguments(folder)), 0));
  const std::string before = ReadFile(folder + "/data.csv");
  EXPECT_TRUE(ExitsWith(RunCli(SimulateArguments(folder)), 2, {"--output-dir", "--force"}));
  EXPECT_EQ(ReadFile(folder + "/data.csv"), before);
  std::vector<std::string> forced = SimulateArguments(folder);
  forced.push_back("--force");
  EXPECT_TRUE(ExitsWith(RunCli(forced), 0));
}

// ---------------------------------------------------------------------------------------------------
// 4. SCHEMA.md drop-in: another "yearbook" file with the same columns runs the main job's OLS

// The main job's OLS (scripts/main_job.sh, step 2).
const char* const kMainJobFormula =
    "growth_2010_2020 ~ is_provincial_capital + is_municipality + factor(region4_nbs) + log_pop_2010 + "
    "urban_share_2010 + age_0_14_pct_2010 + age_60plus_pct_2010";

// A SIMULATED stand-in for a yearbook file: china_cities_analysis.csv with its numeric model columns
// multiplied by 1 + 0.05 N(0, 1) (seeded), the rows in reverse order (SCHEMA.md: matched by code, not by
// row order), and the missing values kept missing.
std::string WriteSimulatedYearbook(const std::string& folder, std::uint64_t seed) {
  const auto rows = CsvRows(Dataset("china_cities/china_cities_analysis.csv"));
  const std::vector<std::string>& header = rows.front();
  const std::set<std::string> perturbed = {"growth_2010_2020",  "log_pop_2010",        "urban_share_2010",
                                           "age_0_14_pct_2010", "age_60plus_pct_2010", "log_density_2010"};
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::string text;
  for (std::size_t c = 0; c < header.size(); ++c) text += (c ? "," : "") + header[c];
  text += "\n";
  for (std::size_t r = rows.size() - 1; r >= 1; --r) {
    std::vector<std::string> fields = rows[r];
    fields.resize(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (!perturbed.count(header[c]) || fields[c].empty()) continue;
      std::ostringstream value;
      value << std::setprecision(10) << std::stod(fields[c]) * (1.0 + 0.05 * noise(generator));
      fields[c] = value.str();
    }
    for (std::size_t c = 0; c < fields.size(); ++c) text += (c ? "," : "") + fields[c];
    text += "\n";
  }
  const std::string path = folder + "/china_cities_analysis.csv";
  WriteFile(path, text);
  return path;
}

std::vector<std::string> CoefficientNames(const std::string& data) {
  const CliRun run = RunCli({"fit", "--model", "ols", "--data", data, "--id", "code", "--weights",
                             Dataset("china_cities/china_cities_weights.csv"), "--missing", "drop",
                             "--formula", kMainJobFormula, "--format", "json"});
  EXPECT_TRUE(ExitsWith(run, 0));
  std::vector<std::string> names;
  if (run.exit_code != 0) return names;
  const json fit = json::parse(run.out);  // kept alive: a temporary would die before the loop body
  for (const json& coefficient : fit["coefficients"]) names.push_back(coefficient["name"]);
  return names;
}

TEST(ChinaSchemaDropIn, ASecondYearbookFileWithTheSameColumnsRunsTheMainJobOls) {
  const std::string yearbook = WriteSimulatedYearbook(MakeTempDir("datasets_china_yearbook"), 20240602);
  EXPECT_EQ(engine::ReadCsv(yearbook).RowCount(), 336u);
  EXPECT_NE(ReadFile(yearbook), ReadFile(Dataset("china_cities/china_cities_analysis.csv")));
  const std::vector<std::string> real = CoefficientNames(Dataset("china_cities/china_cities_analysis.csv"));
  ASSERT_EQ(real.size(), 10u);
  EXPECT_EQ(CoefficientNames(yearbook), real);
}

}  // namespace
}  // namespace hinterland::testing
