// Checks the China files the main job (scripts/main_job.sh) runs on: the analysis tables and W parse with
// the engine's readers, ids match one-to-one (336 units, Laiwu merged into Jinan), W has exactly the links
// its file lists, the SIMULATED panel hits the census anchors, and the CLI's OLS of the main job runs and
// names its coefficients. Oracle for the OLS: least squares solved here with Armadillo on a design matrix
// built by hand from the same table (tolerance 1e-8 x max(1, |oracle|): two solvers of one system with
// scaled condition number 81).
#include <gtest/gtest.h>

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/table/csv_reader.hpp"
#include "engine/weights/weights_io.hpp"
#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

using nlohmann::json;

constexpr std::size_t kUnits = 336;  // 2020 census boundaries: 337 ECharts prefecture units less Laiwu
constexpr double kRelativeTolerance = 1e-8;

std::string China(const std::string& name) { return Dataset("china_cities/" + name); }

const char* const kMainJobFormula =
    "growth_2010_2020 ~ is_provincial_capital + is_municipality + factor(region4_nbs) + log_pop_2010 + "
    "urban_share_2010 + age_0_14_pct_2010 + age_60plus_pct_2010";

// Data lines of an edge-list file (all lines but the header), counted without the engine's reader.
std::vector<std::string> DataLines(const std::string& path) {
  std::istringstream stream(ReadFile(path));
  std::vector<std::string> lines;
  std::string line;
  std::getline(stream, line);  // header
  while (std::getline(stream, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::set<std::string> AsSet(const std::vector<std::string>& values) { return {values.begin(), values.end()}; }

engine::SpatialWeights ReadChinaWeights(const std::string& name) {
  return engine::ReadWeights(China(name), engine::WeightsReadOptions{});
}

TEST(ChinaAnalysisFiles, AnalysisTableHas336UniqueCodesAndTheModelColumns) {
  const engine::DataTable table = engine::ReadCsv(China("china_cities_analysis.csv"));
  ASSERT_EQ(table.RowCount(), kUnits);
  const std::vector<std::string> ids = table.Ids("code");  // throws on a missing or repeated code
  EXPECT_EQ(AsSet(ids).size(), kUnits);
  EXPECT_EQ(AsSet(ids).count("371200"), 0u) << "Laiwu is merged into Jinan (370100)";
  EXPECT_EQ(AsSet(ids).count("370100"), 1u);
  for (const char* name :
       {"growth_2010_2020", "log_pop_2010", "is_provincial_capital", "is_municipality", "urban_share_2010",
        "age_0_14_pct_2010", "age_60plus_pct_2010", "centroid_lon", "centroid_lat"}) {
    EXPECT_EQ(table.GetColumn(name).type, engine::ColumnType::kNumeric) << name;
  }
  EXPECT_EQ(table.GetColumn("region4_nbs").type, engine::ColumnType::kString);
  EXPECT_EQ(table.GetColumn("name_pinyin").type, engine::ColumnType::kString);
}

TEST(ChinaAnalysisFiles, GrowthIsTheLogDifferenceOfTheCensusPopulations) {
  // Definition (SOURCE.md, derive_analysis.py): growth = ln(pop_2020 / pop_2010), written with 6 decimals.
  const engine::DataTable table = engine::ReadCsv(China("china_cities_analysis.csv"));
  const engine::Column& growth = table.GetColumn("growth_2010_2020");
  const engine::Column& pop_2010 = table.GetColumn("pop_2010");
  const engine::Column& pop_2020 = table.GetColumn("pop_2020");
  for (std::size_t row = 0; row < table.RowCount(); ++row) {
    ASSERT_FALSE(growth.IsMissing(row)) << table.RowLocation(row);
    EXPECT_NEAR(growth.numbers[row], std::log(pop_2020.numbers[row] / pop_2010.numbers[row]), 5e-7)
        << table.RowLocation(row);
  }
}

TEST(ChinaAnalysisFiles, WeightsIdsMatchTheTableOneToOneAndLinksMatchTheFile) {
  const engine::DataTable table = engine::ReadCsv(China("china_cities_analysis.csv"));
  const std::set<std::string> codes = AsSet(table.Ids("code"));
  for (const char* name : {"china_cities_weights.csv", "china_cities_weights_no_ferry.csv"}) {
    const engine::SpatialWeights w = ReadChinaWeights(name);
    EXPECT_EQ(w.n(), static_cast<std::int64_t>(kUnits)) << name;
    EXPECT_EQ(AsSet(w.Ids()), codes) << name;
    EXPECT_EQ(w.LinkCount(), static_cast<std::int64_t>(DataLines(China(name)).size())) << name;
    EXPECT_TRUE(w.IsSymmetric()) << name;
    EXPECT_TRUE(w.Islands().empty()) << name;
  }
}

TEST(ChinaAnalysisFiles, TheFerryLinkJoinsHainanAndIsTheOnlyDifference) {
  // island_links.csv: the labelled Qiongzhou Strait ferry Zhanjiang 440800 - Haikou 460100.
  const engine::SpatialWeights with_ferry = ReadChinaWeights("china_cities_weights.csv");
  const engine::SpatialWeights without_ferry = ReadChinaWeights("china_cities_weights_no_ferry.csv");
  EXPECT_EQ(with_ferry.LinkCount(), without_ferry.LinkCount() + 2);
  const auto components = [](const engine::SpatialWeights& w) {
    const std::vector<std::int32_t> labels = w.ComponentLabels();
    return std::set<std::int32_t>(labels.begin(), labels.end()).size();
  };
  EXPECT_EQ(components(with_ferry), 1u);
  EXPECT_EQ(components(without_ferry), 2u);  // the mainland and Hainan
  const std::set<std::string> with_lines = AsSet(DataLines(China("china_cities_weights.csv")));
  const std::set<std::string> without_lines = AsSet(DataLines(China("china_cities_weights_no_ferry.csv")));
  EXPECT_TRUE(with_lines.count("440800,460100") && with_lines.count("460100,440800"));
  EXPECT_FALSE(without_lines.count("440800,460100") || without_lines.count("460100,440800"));
  EXPECT_NE(ReadFile(China("island_links.csv")).find("prefecture,440800,460100,ferry"), std::string::npos);
}

TEST(ChinaSimulatedFiles, CrossSectionKeepsTheRealColumnsAndAddsOnlySimColumns) {
  const engine::DataTable real = engine::ReadCsv(China("china_cities_analysis.csv"));
  const engine::DataTable with_sim = engine::ReadCsv(China("china_cities_analysis_with_sim.csv"));
  EXPECT_EQ(with_sim.Ids("code"), real.Ids("code"));
  std::set<std::string> real_names;
  for (const engine::Column& column : real.Columns()) real_names.insert(column.name);
  std::vector<std::string> added;
  for (const engine::Column& column : with_sim.Columns()) {
    if (!real_names.count(column.name)) added.push_back(column.name);
  }
  EXPECT_EQ(added, (std::vector<std::string>{"sim_relocation_2011_2020", "sim_migrant_share_change"}));
}

TEST(ChinaSimulatedFiles, PanelCoversEveryUnitAndYearAndHitsTheCensusAnchors) {
  // The DGP pins simulated population to the census in 2010 and 2020 (SOURCE.md, "Simulated panel").
  const engine::DataTable real = engine::ReadCsv(China("china_cities_analysis.csv"));
  const engine::DataTable panel = engine::ReadCsv(China("sim_panel_2003_2023.csv"));
  ASSERT_EQ(panel.RowCount(), kUnits * 21);
  std::map<std::string, std::pair<double, double>> census;
  for (std::size_t row = 0; row < real.RowCount(); ++row) {
    census[real.GetColumn("code").AsText(row)] = {real.GetColumn("pop_2010").numbers[row],
                                                  real.GetColumn("pop_2020").numbers[row]};
  }
  std::set<std::pair<std::string, int>> seen;
  for (std::size_t row = 0; row < panel.RowCount(); ++row) {
    const std::string code = panel.GetColumn("code").AsText(row);
    const int year = static_cast<int>(panel.GetColumn("year").numbers[row]);
    ASSERT_TRUE(census.count(code)) << panel.RowLocation(row);
    ASSERT_GE(year, 2003);
    ASSERT_LE(year, 2023);
    seen.insert({code, year});
    const double population = panel.GetColumn("sim_population").numbers[row];
    if (year == 2010) {
      EXPECT_EQ(population, census[code].first) << panel.RowLocation(row);
    }
    if (year == 2020) {
      EXPECT_EQ(population, census[code].second) << panel.RowLocation(row);
    }
    const double share = panel.GetColumn("sim_migrant_share").numbers[row];
    EXPECT_TRUE(share > 0.0 && share < 1.0) << panel.RowLocation(row);
  }
  EXPECT_EQ(seen.size(), kUnits * 21);
  for (const engine::Column& column : panel.Columns()) {
    if (column.name != "code" && column.name != "year") {
      EXPECT_EQ(column.name.rfind("sim_", 0), 0u) << column.name;
    }
  }
}

// Least squares on a design built here: intercept, the two flags, East/Northeast/West dummies (Central is
// the reference level, first alphabetically as R's factor()), and the five numeric regressors.
arma::vec OracleCoefficients(const engine::DataTable& table) {
  const std::vector<std::string> numeric = {"is_provincial_capital", "is_municipality",
                                            "log_pop_2010",          "urban_share_2010",
                                            "age_0_14_pct_2010",     "age_60plus_pct_2010"};
  std::vector<std::vector<double>> rows;
  std::vector<double> response;
  for (std::size_t row = 0; row < table.RowCount(); ++row) {
    bool complete = !table.GetColumn("growth_2010_2020").IsMissing(row);
    for (const std::string& name : numeric) complete = complete && !table.GetColumn(name).IsMissing(row);
    if (!complete) continue;
    const std::string region = table.GetColumn("region4_nbs").strings[row];
    const auto value = [&](const std::string& name) { return table.GetColumn(name).numbers[row]; };
    rows.push_back({1.0, value(numeric[0]), value(numeric[1]), region == "East" ? 1.0 : 0.0,
                    region == "Northeast" ? 1.0 : 0.0, region == "West" ? 1.0 : 0.0, value(numeric[2]),
                    value(numeric[3]), value(numeric[4]), value(numeric[5])});
    response.push_back(value("growth_2010_2020"));
  }
  arma::mat design(rows.size(), rows.front().size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < rows[i].size(); ++j) design(i, j) = rows[i][j];
  }
  return arma::solve(design, arma::vec(response));
}

TEST(ChinaMainJob, OlsThroughTheCliRunsAndNamesItsCoefficients) {
  const std::string data = China("china_cities_analysis.csv");
  const CliRun run =
      RunCli({"fit", "--model", "ols", "--data", data, "--formula", kMainJobFormula, "--weights",
              China("china_cities_weights.csv"), "--id", "code", "--missing", "drop", "--format", "json"});
  ASSERT_TRUE(ExitsWith(run, 0));
  const json fit = json::parse(run.out);
  EXPECT_EQ(fit["n"], kUnits - 1);  // Danzhou (460400) has no 2010 urban share in the census source
  ASSERT_EQ(fit["dropped"].size(), 1u);
  EXPECT_EQ(fit["dropped"][0].get<std::string>().rfind("460400", 0), 0u);
  EXPECT_EQ(fit["weights"]["components"], 1);
  const std::vector<std::string> expected_names = {"(Intercept)",
                                                   "is_provincial_capital",
                                                   "is_municipality",
                                                   "factor(region4_nbs)East",
                                                   "factor(region4_nbs)Northeast",
                                                   "factor(region4_nbs)West",
                                                   "log_pop_2010",
                                                   "urban_share_2010",
                                                   "age_0_14_pct_2010",
                                                   "age_60plus_pct_2010"};
  ASSERT_EQ(fit["coefficients"].size(), expected_names.size());
  const arma::vec oracle = OracleCoefficients(engine::ReadCsv(data));
  for (std::size_t j = 0; j < expected_names.size(); ++j) {
    const json& coefficient = fit["coefficients"][j];
    EXPECT_EQ(coefficient["name"], expected_names[j]);
    const double estimate = coefficient["estimate"].get<double>();
    EXPECT_NEAR(estimate, oracle(j), kRelativeTolerance * std::max(1.0, std::abs(oracle(j))))
        << expected_names[j];
  }
  std::set<std::string> diagnostics;
  for (const json& diagnostic : fit["diagnostics"]) diagnostics.insert(diagnostic["name"].get<std::string>());
  for (const char* name : {"Moran's I (residuals)", "LMerr", "LMlag", "RLMerr", "RLMlag"}) {
    EXPECT_TRUE(diagnostics.count(name)) << name;
  }
}

}  // namespace
}  // namespace hinterland::testing
