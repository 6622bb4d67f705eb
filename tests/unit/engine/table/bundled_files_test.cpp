// The readers on files shipped with the repository: datasets/columbus/columbus.csv (expected values are
// the file's own lines 1, 2 and 50, compared exactly as parsed decimals) and each bad-input fixture, which
// must fail exactly as tests/bad_input/fixtures/README.md says.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "engine/core/error.hpp"
#include "engine/table/csv_reader.hpp"
#include "engine/table/dta_reader.hpp"
#include "test_paths.hpp"
#include "tests/unit/engine/table/table_test_helpers.hpp"

namespace hinterland::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;

std::string Columbus() { return std::string(hinterland::testing::kDatasetsDir) + "/columbus/columbus.csv"; }
std::string Fixture(const std::string& name) {
  return std::string(hinterland::testing::kFixturesDir) + "/" + name;
}

TEST(ColumbusCsvTest, Has49RowsAnd14NumericColumns) {
  const DataTable table = ReadTable(Columbus());
  EXPECT_EQ(table.RowCount(), 49u);
  ASSERT_EQ(table.ColumnCount(), 14u);
  const char* names[] = {"POLYID", "NEIG", "HOVAL", "INC", "CRIME", "OPEN", "PLUMB",
                         "DISCBD", "X",    "Y",     "NSA", "NSB",   "EW",   "CP"};
  for (std::size_t i = 0; i < 14; ++i) {
    EXPECT_EQ(table.Columns()[i].name, names[i]);
    EXPECT_EQ(table.Columns()[i].type, ColumnType::kNumeric) << names[i];
  }
}

TEST(ColumbusCsvTest, FirstAndLastRowsMatchTheFile) {
  const DataTable table = ReadCsv(Columbus());
  // Line 2: 1,5,80.467003,19.531,15.72598,...
  EXPECT_EQ(table.GetColumn("HOVAL").numbers[0], 80.467003);
  EXPECT_EQ(table.GetColumn("INC").numbers[0], 19.531);
  EXPECT_EQ(table.GetColumn("CRIME").numbers[0], 15.72598);
  // Line 50: 49,26,35.799999,18.796,22.541491,...,0,0,1,0
  EXPECT_EQ(table.GetColumn("HOVAL").numbers[48], 35.799999);
  EXPECT_EQ(table.GetColumn("INC").numbers[48], 18.796);
  EXPECT_EQ(table.GetColumn("EW").numbers[48], 1.0);
  EXPECT_EQ(table.SourceLine(0), 2);
  EXPECT_EQ(table.SourceLine(48), 50);
}

TEST(ColumbusCsvTest, PolyidIsAnIdColumn) {
  const std::vector<std::string> ids = ReadCsv(Columbus()).Ids("POLYID");
  ASSERT_EQ(ids.size(), 49u);
  EXPECT_EQ(ids.front(), "1");
  EXPECT_EQ(ids.back(), "49");
}

std::string ReadError(const std::string& fixture) {
  return ErrorMessage<DataError>([&] { ReadCsv(Fixture(fixture)); });
}

TEST(BadInputFixtureTest, RaggedRow) {
  EXPECT_THAT(ReadError("ragged_row.csv"), EndsWith("ragged_row.csv:17: expected 14 fields, found 13"));
}

TEST(BadInputFixtureTest, UnterminatedQuote) {
  EXPECT_THAT(ReadError("unterminated_quote.csv"),
              EndsWith("unterminated_quote.csv:5: column \"INC\": unterminated quoted field"));
}

TEST(BadInputFixtureTest, NonNumericValueMakesAStringColumnNamedByLine) {
  const DataTable table = ReadCsv(Fixture("non_numeric.csv"));
  const Column& income = table.GetColumn("INC");
  ASSERT_EQ(income.type, ColumnType::kString);
  EXPECT_THAT(DescribeNonNumericColumn(table, income),
              EndsWith("non_numeric.csv:4: column \"INC\": \"abc\" is not a number"));
  EXPECT_EQ(table.GetColumn("HOVAL").type, ColumnType::kNumeric);
}

TEST(BadInputFixtureTest, MissingValuesAreMarkedWhereTheReadmeSays) {
  const DataTable table = ReadCsv(Fixture("missing_values.csv"));
  const std::vector<std::string> ids = table.Ids("POLYID");
  for (const auto& [column_name, id] :
       {std::pair{"INC", "5"}, std::pair{"HOVAL", "12"}, std::pair{"CRIME", "30"}}) {
    const Column& column = table.GetColumn(column_name);
    ASSERT_EQ(column.type, ColumnType::kNumeric) << column_name;
    for (std::size_t row = 0; row < ids.size(); ++row) {
      EXPECT_EQ(column.IsMissing(row), ids[row] == id) << column_name << " at POLYID " << ids[row];
    }
  }
  EXPECT_EQ(table.SourceLine(4), 6);  // POLYID 5
}

TEST(BadInputFixtureTest, DuplicateHeader) {
  EXPECT_THAT(
      ReadError("duplicate_header.csv"),
      EndsWith("duplicate_header.csv:1: column name \"INC\" appears more than once (columns 2 and 4)"));
}

TEST(BadInputFixtureTest, EmptyHeaderName) {
  EXPECT_THAT(ReadError("empty_header_name.csv"),
              EndsWith("empty_header_name.csv:1: column 3 has an empty name"));
}

TEST(BadInputFixtureTest, BlankLine) {
  EXPECT_THAT(ReadError("blank_line.csv"), HasSubstr("blank_line.csv:10: blank line inside the data"));
}

TEST(BadInputFixtureTest, DuplicateIds) {
  const DataTable table = ReadCsv(Fixture("duplicate_ids.csv"));
  EXPECT_THAT(
      ErrorMessage<DataError>([&] { table.Ids("POLYID"); }),
      HasSubstr("duplicate_ids.csv:9: id \"7\" in column \"POLYID\" appears more than once (first at "));
}

TEST(BadInputFixtureTest, MissingId) {
  const DataTable table = ReadCsv(Fixture("missing_id.csv"));
  EXPECT_THAT(ErrorMessage<DataError>([&] { table.Ids("POLYID"); }),
              EndsWith("missing_id.csv:20: id column \"POLYID\" is missing"));
}

TEST(BadInputFixtureTest, EmptyFile) {
  EXPECT_THAT(ReadError("empty.csv"), EndsWith("empty.csv: no header row"));
}

TEST(BadInputFixtureTest, HeaderOnly) {
  EXPECT_THAT(ReadError("header_only.csv"), EndsWith("header_only.csv: no data rows below the header"));
}

}  // namespace
}  // namespace hinterland::engine
