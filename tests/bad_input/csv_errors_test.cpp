// Bad data files through the CLI: each case asserts exit code 2 and that the message names the file, the
// line and the column or value at fault. Fixtures: tests/bad_input/fixtures/README.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

CliRun FitData(const std::string& data, const std::string& formula = "CRIME ~ INC + HOVAL") {
  return RunCli({"fit", "--data", data, "--formula", formula, "--weights", ColumbusGal(), "--id", "POLYID"});
}

TEST(CsvErrors, RaggedRowNamesFileAndLine) {
  EXPECT_TRUE(ExitsWith(FitData(Fixture("ragged_row.csv")), 2,
                        {"ragged_row.csv:17", "expected 14 fields, found 13"}));
}

TEST(CsvErrors, NonNumericValueNamesColumnValueAndLine) {
  EXPECT_TRUE(ExitsWith(FitData(Fixture("non_numeric.csv")), 2, {"non_numeric.csv:4", "\"INC\"", "abc"}));
}

TEST(CsvErrors, UnterminatedQuoteNamesLineAndColumn) {
  EXPECT_TRUE(ExitsWith(FitData(Fixture("unterminated_quote.csv")), 2, {"unterminated_quote.csv:5", "INC"}));
}

TEST(CsvErrors, EmptyFileIsNamed) { EXPECT_TRUE(ExitsWith(FitData(Fixture("empty.csv")), 2, {"empty.csv"})); }

TEST(CsvErrors, MissingFileIsNamed) {
  EXPECT_TRUE(ExitsWith(FitData(Fixture("no_such_file.csv")), 2, {"no_such_file.csv"}));
}

TEST(CsvErrors, DuplicateIdsAreNamedWithTheirLines) {
  EXPECT_TRUE(ExitsWith(FitData(Fixture("duplicate_ids.csv")), 2, {"duplicate_ids.csv:9", "\"7\""}));
}

TEST(CsvErrors, MissingValuesAreAnErrorNamingTheIdsAndTheRemedy) {
  EXPECT_TRUE(ExitsWith(FitData(Fixture("missing_values.csv")), 2,
                        {"missing_values.csv", "id 5", "id 12", "id 30", "--missing drop"}));
}

TEST(CsvErrors, MissingDropReportsTheDroppedIdsAndSubsetsW) {
  const CliRun run =
      RunCli({"fit", "--data", Fixture("missing_values.csv"), "--formula", "CRIME ~ INC + HOVAL", "--weights",
              ColumbusGal(), "--id", "POLYID", "--missing", "drop", "--format", "json"});
  ASSERT_TRUE(ExitsWith(run, 0, {"W subset to the 46 units kept", "5, 12, 30"}));
  const nlohmann::json fit = nlohmann::json::parse(run.out);
  EXPECT_EQ(fit["n"], 46);
  ASSERT_EQ(fit["dropped"].size(), 3u);
  std::string dropped;
  for (const auto& entry : fit["dropped"]) dropped += entry.get<std::string>() + ";";
  for (const char* id : {"5 (", "12 (", "30 ("}) EXPECT_NE(dropped.find(id), std::string::npos) << dropped;
  EXPECT_EQ(fit["weights"]["n"], 46);
}

}  // namespace
}  // namespace hinterland::testing
