// DataTable look-ups on tables read from small CSV texts: ids as text (numeric ids without ".0"),
// duplicate and missing ids, unknown columns with a suggestion, and row locations for messages.
// Expected values are the literal contents of the texts below.
#include "engine/table/data_table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "engine/core/error.hpp"
#include "engine/table/csv_reader.hpp"
#include "tests/unit/engine/table/table_test_helpers.hpp"

namespace hinterland::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(DataTableIdsTest, NumericIdsRenderWithoutDecimals) {
  const DataTable table = ParseCsv("ID,v\n1001,1\n1002.0,2\n-3,3\n", "t.csv");
  ASSERT_EQ(table.GetColumn("ID").type, ColumnType::kNumeric);
  EXPECT_THAT(table.Ids("ID"), ElementsAre("1001", "1002", "-3"));
}

TEST(DataTableIdsTest, FractionalNumericIdsKeepTheirFraction) {
  const DataTable table = ParseCsv("ID,v\n1.5,1\n2.25,2\n", "t.csv");
  EXPECT_THAT(table.Ids("ID"), ElementsAre("1.5", "2.25"));
}

TEST(DataTableIdsTest, StringIdsKeepTheirText) {
  const DataTable table = ParseCsv("ID,v\nA01,1\n\"B 02\",2\n", "t.csv");
  EXPECT_THAT(table.Ids("ID"), ElementsAre("A01", "B 02"));
}

TEST(DataTableIdsTest, DuplicateIdNamesBothLines) {
  const DataTable table = ParseCsv("ID,v\n1,1\n2,2\n1,3\n", "t.csv");
  const std::string message = ErrorMessage<DataError>([&] { table.Ids("ID"); });
  EXPECT_EQ(message, "t.csv:4: id \"1\" in column \"ID\" appears more than once (first at t.csv:2)");
}

TEST(DataTableIdsTest, NumericIdsEqualAsNumbersAreDuplicates) {
  // 7 and 7.0 are the same number, so the same id.
  const DataTable table = ParseCsv("ID,v\n7,1\n7.0,2\n", "t.csv");
  EXPECT_THAT(ErrorMessage<DataError>([&] { table.Ids("ID"); }), HasSubstr("t.csv:3: id \"7\""));
}

TEST(DataTableIdsTest, MissingIdNamesItsLine) {
  const DataTable table = ParseCsv("ID,v\n1,1\nNA,2\n", "t.csv");
  EXPECT_EQ(ErrorMessage<DataError>([&] { table.Ids("ID"); }), "t.csv:3: id column \"ID\" is missing");
}

TEST(DataTableIdsTest, UnknownIdColumnSuggestsTheClosestName) {
  const DataTable table = ParseCsv("POLYID,v\n1,1\n", "t.csv");
  EXPECT_EQ(ErrorMessage<DataError>([&] { table.Ids("POLY_ID"); }),
            "t.csv: no column \"POLY_ID\"; did you mean \"POLYID\"?");
}

TEST(DataTableTest, HasColumnAndCounts) {
  const DataTable table = ParseCsv("a,b,c\n1,x,3\n4,y,6\n", "t.csv");
  EXPECT_EQ(table.RowCount(), 2u);
  EXPECT_EQ(table.ColumnCount(), 3u);
  EXPECT_TRUE(table.HasColumn("b"));
  EXPECT_FALSE(table.HasColumn("B"));
  EXPECT_EQ(table.Numbering(), RowNumbering::kLine);
}

TEST(DataTableTest, TableBuiltInCodeNumbersRowsFromLineTwo) {
  DataTable table;
  Column column;
  column.name = "v";
  column.numbers = {1.0, 2.0};
  column.missing = {0, 0};
  table.AddColumn(column);
  EXPECT_EQ(table.RowLocation(1), "<memory>:3");
}

TEST(DataTableTest, ObservationNumberingReadsObs) {
  DataTable table("survey.dta");
  table.SetSourceLines({1, 2, 3}, RowNumbering::kObservation);
  Column column;
  column.name = "v";
  column.numbers = {1.0, 2.0, 3.0};
  column.missing = {0, 0, 0};
  table.AddColumn(column);
  EXPECT_EQ(table.RowLocation(2), "survey.dta:obs 3");
}

TEST(DataTableTest, ColumnOfTheWrongLengthIsAnError) {
  DataTable table = ParseCsv("a\n1\n2\n", "t.csv");
  Column column;
  column.name = "b";
  column.numbers = {1.0};
  column.missing = {0};
  EXPECT_THAT(ErrorMessage<DataError>([&] { table.AddColumn(column); }),
              HasSubstr("column \"b\" has 1 values, the table has 2 rows"));
}

}  // namespace
}  // namespace hinterland::engine
