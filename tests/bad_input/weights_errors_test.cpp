// Weights problems through the CLI: islands under each --islands policy, unreadable or unknown files.
// Fixtures: tests/bad_input/fixtures/CLI_FIXTURES.md (small_island.gal: id 6 has no neighbours).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

CliRun FitWithIsland(std::vector<std::string> extra) {
  std::vector<std::string> arguments = {
      "fit",  "--data", Fixture("small.csv"), "--formula", "y ~ x", "--weights", Fixture("small_island.gal"),
      "--id", "id",     "--format",           "json"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return RunCli(arguments);
}

TEST(WeightsErrors, AnIslandIsAnErrorNamingItAndSuggestingIslandsPolicies) {
  EXPECT_TRUE(ExitsWith(FitWithIsland({}), 2, {"1 island", ": 6;", "--islands drop", "--islands keep"}));
}

TEST(WeightsErrors, IslandsDropRemovesAndReportsThem) {
  const CliRun run = FitWithIsland({"--islands", "drop"});
  ASSERT_TRUE(ExitsWith(run, 0, {"dropped 1 island"}));
  const nlohmann::json fit = nlohmann::json::parse(run.out);
  EXPECT_EQ(fit["n"], 5);
  EXPECT_EQ(fit["weights"]["islands"], 0);
  ASSERT_EQ(fit["dropped"].size(), 1u);
  EXPECT_NE(fit["dropped"][0].get<std::string>().find("island"), std::string::npos);
}

TEST(WeightsErrors, IslandsKeepKeepsZeroRowsAndSaysSo) {
  const CliRun run = FitWithIsland({"--islands", "keep"});
  ASSERT_TRUE(ExitsWith(run, 0, {"kept 1 island"}));
  const nlohmann::json fit = nlohmann::json::parse(run.out);
  EXPECT_EQ(fit["n"], 6);
  EXPECT_EQ(fit["weights"]["islands"], 1);
}

TEST(WeightsErrors, MissingWeightsFileIsNamed) {
  const CliRun run = RunCli({"fit", "--data", Fixture("small.csv"), "--formula", "y ~ x", "--weights",
                             Fixture("no_such_weights.gal"), "--id", "id"});
  EXPECT_TRUE(ExitsWith(run, 2, {"no_such_weights.gal"}));
}

TEST(WeightsErrors, UnknownWeightsExtensionIsNamed) {
  const CliRun run = RunCli({"fit", "--data", Fixture("small.csv"), "--formula", "y ~ x", "--weights",
                             Fixture("small.csv.bak"), "--id", "id"});
  EXPECT_TRUE(ExitsWith(run, 2, {"small.csv.bak"}));
}

TEST(WeightsErrors, WeightsSummaryOfAMissingFileFails) {
  EXPECT_TRUE(ExitsWith(RunCli({"weights", "summary", "--weights", Fixture("no_such_weights.gal")}), 2,
                        {"no_such_weights.gal"}));
}

TEST(WeightsErrors, MoranRefusesAnIslandToo) {
  const CliRun run = RunCli({"moran", "--data", Fixture("small.csv"), "--variable", "y", "--weights",
                             Fixture("small_island.gal"), "--id", "id"});
  EXPECT_TRUE(ExitsWith(run, 2, {"island", "--islands"}));
}

}  // namespace
}  // namespace hinterland::testing
