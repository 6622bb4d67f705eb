// Ids that do not match between the data and the weights (fixtures: tests/bad_input/fixtures/
// CLI_FIXTURES.md). Rows are matched by id, never by order: each mismatch exits 2 and lists the ids.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

CliRun FitSmall(const std::string& data, const std::string& weights, std::vector<std::string> extra = {}) {
  std::vector<std::string> arguments = {"fit",       "--data",         Fixture(data), "--formula", "y ~ x",
                                        "--weights", Fixture(weights), "--id",        "id"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return RunCli(arguments);
}

TEST(IdMismatch, IdsOnlyInTheDataAreListed) {
  EXPECT_TRUE(ExitsWith(FitSmall("small.csv", "small_without_6.gal"), 2,
                        {"1 id in the data", "small.csv", "has no row in W", "small_without_6.gal", ": 6"}));
}

TEST(IdMismatch, IdsOnlyInTheWeightsAreListed) {
  EXPECT_TRUE(ExitsWith(FitSmall("small.csv", "small_with_7.gal"), 2,
                        {"1 id in W", "small_with_7.gal", "has no row in the data", ": 7"}));
}

TEST(IdMismatch, ColumbusDataAgainstTheAnselinWeightsListsBothSides) {
  // columbus.csv ids are 1..49, columbus_anselin1988.gal ids 1001..1049: nothing matches.
  const CliRun run = RunCli({"fit", "--data", ColumbusCsv(), "--formula", "CRIME ~ INC", "--weights",
                             Dataset("columbus/columbus_anselin1988.gal"), "--id", "POLYID"});
  EXPECT_TRUE(ExitsWith(run, 2, {"49 ids in the data", "49 ids in W", "1001", "and 29 more"}));
}

TEST(IdMismatch, MissingValuesErrorNamesTheIds) {
  EXPECT_TRUE(
      ExitsWith(FitSmall("small_missing_values.csv", "small_path.gal"), 2, {"x", "id 3", "--missing drop"}));
}

TEST(IdMismatch, MissingDropRemovesTheIdFromWAndReportsIt) {
  const CliRun run =
      FitSmall("small_missing_values.csv", "small_path.gal", {"--missing", "drop", "--format", "json"});
  ASSERT_TRUE(ExitsWith(run, 0, {"removed from W: 3"}));
  const nlohmann::json fit = nlohmann::json::parse(run.out);
  EXPECT_EQ(fit["n"], 5);
  EXPECT_EQ(fit["weights"]["n"], 5);
  // The path 1-2-3-4-5-6 without 3 keeps 2 * 3 links: 1-2, 4-5, 5-6.
  EXPECT_EQ(fit["weights"]["links"], 6);
  ASSERT_EQ(fit["dropped"].size(), 1u);
  EXPECT_EQ(fit["dropped"][0].get<std::string>().rfind("3 (", 0), 0u);
}

}  // namespace
}  // namespace hinterland::testing
