// ParseCsv / ReadCsv on small texts written in the test: delimiters, RFC 4180 quoting, BOM, line ends,
// missing tokens, the numeric-or-string rule, source lines, and every error with its file:line wording.
// Expected values are the literal contents of the texts below (no external source needed).
#include "engine/table/csv_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "tests/unit/engine/table/table_test_helpers.hpp"

namespace hinterland::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<int> SourceLines(const DataTable& table) {
  std::vector<int> lines;
  for (std::size_t row = 0; row < table.RowCount(); ++row) lines.push_back(table.SourceLine(row));
  return lines;
}

std::vector<std::string> Names(const DataTable& table) {
  std::vector<std::string> names;
  for (const Column& column : table.Columns()) names.push_back(column.name);
  return names;
}

std::string ParseError(const std::string& text, const CsvOptions& options = {}) {
  return ErrorMessage<DataError>([&] { ParseCsv(text, "t.csv", options); });
}

// --- Delimiters -------------------------------------------------------------------------------------

TEST(CsvDelimiterTest, ReadsCommaSeparatedValues) {
  const DataTable table = ParseCsv("a,b\n1,2\n3,4\n", "t.csv");
  EXPECT_THAT(Names(table), ElementsAre("a", "b"));
  ASSERT_EQ(table.RowCount(), 2u);
  EXPECT_THAT(table.GetColumn("b").numbers, ElementsAre(2.0, 4.0));
}

TEST(CsvDelimiterTest, DetectsTab) {
  const DataTable table = ParseCsv("a\tb c\n1\t2\n", "t.tsv");
  EXPECT_THAT(Names(table), ElementsAre("a", "b c"));
  EXPECT_THAT(table.GetColumn("b c").numbers, ElementsAre(2.0));
}

TEST(CsvDelimiterTest, DetectsSemicolon) {
  const DataTable table = ParseCsv("a;b;c\n1;2;3\n", "t.csv");
  EXPECT_THAT(Names(table), ElementsAre("a", "b", "c"));
  EXPECT_THAT(table.GetColumn("c").numbers, ElementsAre(3.0));
}

TEST(CsvDelimiterTest, DetectionIgnoresDelimitersInsideQuotedNames) {
  // Three commas inside quotes, two semicolons outside: semicolon separates.
  const DataTable table = ParseCsv("\"x,y,z\";w;\"v,\"\n1;2;3\n", "t.csv");
  EXPECT_THAT(Names(table), ElementsAre("x,y,z", "w", "v,"));
}

TEST(CsvDelimiterTest, DetectionTreatsAQuoteInsideAnUnquotedNameAsLiteral) {
  // The quote in 5'10" does not open a quoted field, so the two tabs after it still count.
  const DataTable table = ParseCsv("height 5'10\"\tweight, kg\tage\n1\t2\t3\n", "t.tsv");
  EXPECT_THAT(Names(table), ElementsAre("height 5'10\"", "weight, kg", "age"));
}

TEST(CsvDelimiterTest, ExplicitDelimiterOverridesDetection) {
  CsvOptions options;
  options.delimiter = ';';
  const DataTable table = ParseCsv("a,b;c\nx,y;1\n", "t.csv", options);
  EXPECT_THAT(Names(table), ElementsAre("a,b", "c"));
  EXPECT_EQ(table.GetColumn("a,b").strings[0], "x,y");
}

TEST(CsvDelimiterTest, OneColumnWithoutAnyDelimiter) {
  const DataTable table = ParseCsv("value\n1.5\n2.5\n", "t.csv");
  EXPECT_THAT(Names(table), ElementsAre("value"));
  EXPECT_THAT(table.GetColumn("value").numbers, ElementsAre(1.5, 2.5));
}

TEST(CsvDelimiterTest, QuoteOrLineBreakAsDelimiterIsAnOptionError) {
  for (const char delimiter : {'"', '\n', '\r'}) {
    CsvOptions options;
    options.delimiter = delimiter;
    const std::string message = ErrorMessage<OptionError>([&] { ParseCsv("a,b\n1,2\n", "t.csv", options); });
    EXPECT_THAT(message, HasSubstr("cannot separate fields"));
  }
}

TEST(CsvDelimiterTest, TabDelimitedKeepsTabsAsSeparatorsAndTrimsSpaces) {
  const DataTable table = ParseCsv("a\tb\n 1 \t  x y  \n", "t.tsv");
  EXPECT_THAT(table.GetColumn("a").numbers, ElementsAre(1.0));
  EXPECT_EQ(table.GetColumn("b").strings[0], "x y");
}

// --- Quoting ----------------------------------------------------------------------------------------

TEST(CsvQuotingTest, QuotedFieldsHoldDelimitersAndDoubledQuotes) {
  const DataTable table = ParseCsv("name,note\n\"Smith, J.\",\"said \"\"hi\"\"\"\n", "t.csv");
  EXPECT_EQ(table.GetColumn("name").strings[0], "Smith, J.");
  EXPECT_EQ(table.GetColumn("note").strings[0], "said \"hi\"");
}

TEST(CsvQuotingTest, QuotedFieldsHoldLineBreaks) {
  const DataTable table = ParseCsv("id,text\n1,\"line one\nline two\"\n2,plain\n", "t.csv");
  EXPECT_EQ(table.GetColumn("text").strings[0], "line one\nline two");
  EXPECT_EQ(table.GetColumn("text").strings[1], "plain");
}

TEST(CsvQuotingTest, LineBreaksInsideQuotesAreNormalisedToNewline) {
  const DataTable table = ParseCsv("id,text\r\n1,\"a\r\nb\rc\"\r\n", "t.csv");
  EXPECT_EQ(table.GetColumn("text").strings[0], "a\nb\nc");
}

TEST(CsvQuotingTest, QuotedNumbersAreNumbers) {
  const DataTable table = ParseCsv("a,b\n\"1.5\",2\n", "t.csv");
  EXPECT_EQ(table.GetColumn("a").type, ColumnType::kNumeric);
  EXPECT_THAT(table.GetColumn("a").numbers, ElementsAre(1.5));
}

TEST(CsvQuotingTest, PaddingOutsideQuotesIsDroppedAndInsideIsKept) {
  const DataTable table = ParseCsv("a,b\n  \"  x  \"  ,2\n", "t.csv");
  EXPECT_EQ(table.GetColumn("a").strings[0], "  x  ");
}

TEST(CsvQuotingTest, QuoteInsideAnUnquotedFieldIsLiteral) {
  const DataTable table = ParseCsv("height,b\n5'10\",2\n", "t.csv");
  EXPECT_EQ(table.GetColumn("height").strings[0], "5'10\"");
}

TEST(CsvQuotingTest, EmptyQuotedFieldIsMissing) {
  const DataTable table = ParseCsv("a,b\n\"\",2\n3,4\n", "t.csv");
  EXPECT_TRUE(table.GetColumn("a").IsMissing(0));
  EXPECT_EQ(table.GetColumn("a").type, ColumnType::kNumeric);
}

TEST(CsvQuotingTest, TextAfterTheClosingQuoteNamesLineAndColumn) {
  EXPECT_THAT(ParseError("a,b\n1,\"x\"y\n"),
              HasSubstr("t.csv:2: column \"b\": unexpected text after the closing quote"));
}

TEST(CsvQuotingTest, UnterminatedQuoteNamesTheLineWhereItOpensAndTheColumn) {
  EXPECT_THAT(ParseError("a,INC\n1,2\n3,\"4\n5,6\n"),
              HasSubstr("t.csv:3: column \"INC\": unterminated quoted field"));
}

TEST(CsvQuotingTest, UnterminatedQuoteInTheHeaderNamesTheColumnByPosition) {
  EXPECT_THAT(ParseError("a,\"b\n1,2\n"), HasSubstr("t.csv:1: column 2: unterminated quoted field"));
}

// --- Byte-order mark and line ends ------------------------------------------------------------------

TEST(CsvEncodingTest, SkipsUtf8ByteOrderMark) {
  const DataTable table = ParseCsv("\xEF\xBB\xBFid,v\n1,2\n", "t.csv");
  EXPECT_THAT(Names(table), ElementsAre("id", "v"));
}

TEST(CsvEncodingTest, AcceptsCrlfLineEnds) {
  const DataTable table = ParseCsv("a,b\r\n1,x\r\n3,y\r\n", "t.csv");
  EXPECT_THAT(Names(table), ElementsAre("a", "b"));
  EXPECT_THAT(table.GetColumn("b").strings, ElementsAre("x", "y"));
  EXPECT_THAT(SourceLines(table), ElementsAre(2, 3));
}

TEST(CsvEncodingTest, AcceptsCarriageReturnLineEnds) {
  const DataTable table = ParseCsv("a,b\r1,2\r3,4\r", "t.csv");
  EXPECT_THAT(table.GetColumn("a").numbers, ElementsAre(1.0, 3.0));
  EXPECT_THAT(SourceLines(table), ElementsAre(2, 3));
}

TEST(CsvEncodingTest, AcceptsALastLineWithoutLineBreak) {
  const DataTable table = ParseCsv("a,b\n1,2\n3,4", "t.csv");
  EXPECT_THAT(table.GetColumn("b").numbers, ElementsAre(2.0, 4.0));
}

TEST(CsvEncodingTest, TrimsSpacesAroundUnquotedFieldsAndNames) {
  const DataTable table = ParseCsv(" a , b \n  1 ,  hello world  \n", "t.csv");
  EXPECT_THAT(Names(table), ElementsAre("a", "b"));
  EXPECT_THAT(table.GetColumn("a").numbers, ElementsAre(1.0));
  EXPECT_EQ(table.GetColumn("b").strings[0], "hello world");
}

// --- Missing values -----------------------------------------------------------------------------------

TEST(CsvMissingTest, NaNanEmptyAndDotAreMissingInNumericColumns) {
  const DataTable table = ParseCsv("id,v\n1,1\n2,NA\n3,NaN\n4,\n5,.\n6,   \n7,2\n", "t.csv");
  const Column& v = table.GetColumn("v");
  ASSERT_EQ(v.type, ColumnType::kNumeric);
  EXPECT_THAT(v.missing, ElementsAre(0, 1, 1, 1, 1, 1, 0));
  EXPECT_EQ(v.numbers[0], 1.0);
  EXPECT_EQ(v.numbers[6], 2.0);
  for (std::size_t row = 1; row <= 5; ++row) EXPECT_TRUE(std::isnan(v.numbers[row])) << row;
}

TEST(CsvMissingTest, MissingTokensInStringColumnsAreMissingAndEmpty) {
  const DataTable table = ParseCsv("id,s\n1,NA\n2,abc\n3,.\n", "t.csv");
  const Column& s = table.GetColumn("s");
  ASSERT_EQ(s.type, ColumnType::kString);
  EXPECT_THAT(s.missing, ElementsAre(1, 0, 1));
  EXPECT_THAT(s.strings, ElementsAre("", "abc", ""));
}

TEST(CsvMissingTest, OnlyTheFourTokensAreMissing) {
  EXPECT_TRUE(IsMissingToken(""));
  EXPECT_TRUE(IsMissingToken("NA"));
  EXPECT_TRUE(IsMissingToken("NaN"));
  EXPECT_TRUE(IsMissingToken("."));
  EXPECT_FALSE(IsMissingToken("na"));
  EXPECT_FALSE(IsMissingToken("N/A"));
  EXPECT_FALSE(IsMissingToken("0"));
}

TEST(CsvMissingTest, AllMissingColumnIsNumeric) {
  const DataTable table = ParseCsv("a,b\n1,NA\n2,\n", "t.csv");
  EXPECT_EQ(table.GetColumn("b").type, ColumnType::kNumeric);
  EXPECT_THAT(table.GetColumn("b").missing, ElementsAre(1, 1));
}

// --- Numeric or string ------------------------------------------------------------------------------

TEST(CsvTypeTest, ColumnOfNumbersInEveryNotationIsNumeric) {
  const DataTable table = ParseCsv("v\n1e3\n-2.5\n+3\n.5\n7.\n-0.125E-2\n", "t.csv");
  const Column& v = table.GetColumn("v");
  ASSERT_EQ(v.type, ColumnType::kNumeric);
  EXPECT_THAT(v.numbers, ElementsAre(1000.0, -2.5, 3.0, 0.5, 7.0, -0.00125));
}

TEST(CsvTypeTest, OneNonNumberMakesAStringColumnKeepingRawText) {
  const DataTable table = ParseCsv("v\n1.50\nabc\n3\n", "t.csv");
  const Column& v = table.GetColumn("v");
  ASSERT_EQ(v.type, ColumnType::kString);
  EXPECT_TRUE(v.numbers.empty());
  EXPECT_THAT(v.strings, ElementsAre("1.50", "abc", "3"));
}

TEST(CsvTypeTest, NonFiniteOrPartialNumbersMakeStringColumns) {
  for (const std::string value : {"inf", "-Infinity", "nan", "1e999", "0x10", "1,5", "12abc", "1 2", "--1"}) {
    CsvOptions options;
    options.delimiter = ';';
    const DataTable table = ParseCsv("v\n1\n\"" + value + "\"\n", "t.csv", options);
    EXPECT_EQ(table.GetColumn("v").type, ColumnType::kString) << value;
  }
}

TEST(CsvTypeTest, ParseFiniteNumberNeedsTheWholeText) {
  double value = 0.0;
  EXPECT_TRUE(ParseFiniteNumber("-12.5e-1", value));
  EXPECT_EQ(value, -1.25);
  EXPECT_TRUE(ParseFiniteNumber("+4", value));
  EXPECT_EQ(value, 4.0);
  EXPECT_FALSE(ParseFiniteNumber("4 ", value));
  EXPECT_FALSE(ParseFiniteNumber("+", value));
  EXPECT_FALSE(ParseFiniteNumber("+-4", value));
  EXPECT_FALSE(ParseFiniteNumber("", value));
  EXPECT_FALSE(ParseFiniteNumber("1e400", value));
  EXPECT_FALSE(ParseFiniteNumber("NaN", value));
}

TEST(CsvTypeTest, StringColumnsOptionKeepsNumbersAsText) {
  CsvOptions options;
  options.string_columns = {"fips"};
  const DataTable table = ParseCsv("fips,v\n01001,1\n01003,2\n", "t.csv", options);
  EXPECT_EQ(table.GetColumn("fips").type, ColumnType::kString);
  EXPECT_THAT(table.Ids("fips"), ElementsAre("01001", "01003"));
  EXPECT_EQ(table.GetColumn("v").type, ColumnType::kNumeric);
}

TEST(CsvTypeTest, StringColumnsOptionWithAnUnknownNameIsAnOptionError) {
  CsvOptions options;
  options.string_columns = {"FIPs"};
  const std::string message = ErrorMessage<OptionError>([&] { ParseCsv("FIPS,v\n1,2\n", "t.csv", options); });
  EXPECT_THAT(message, HasSubstr("string column \"FIPs\" is not a column of t.csv; did you mean \"FIPS\"?"));
}

TEST(CsvTypeTest, DescribeNonNumericColumnNamesTheFirstBadValueAndItsLine) {
  const DataTable table = ParseCsv("id,INC\n1,2\n2,NA\n3,abc\n4,xyz\n", "t.csv");
  EXPECT_EQ(DescribeNonNumericColumn(table, table.GetColumn("INC")),
            "t.csv:4: column \"INC\": \"abc\" is not a number");
  EXPECT_EQ(DescribeNonNumericColumn(table, table.GetColumn("id")), "");
}

// --- Source lines -----------------------------------------------------------------------------------

TEST(CsvSourceLineTest, RowsStartOnTheLineAfterTheHeader) {
  const DataTable table = ParseCsv("a\n1\n2\n3\n", "t.csv");
  EXPECT_THAT(SourceLines(table), ElementsAre(2, 3, 4));
  EXPECT_EQ(table.RowLocation(2), "t.csv:4");
}

TEST(CsvSourceLineTest, MultiLineQuotedFieldsAdvanceTheCount) {
  // Row 1 spans lines 2-4; row 2 is on line 5; row 3 spans 6-7; row 4 is on line 8.
  const DataTable table = ParseCsv("id,text\n1,\"a\nb\nc\"\n2,d\n3,\"e\r\nf\"\n4,g\n", "t.csv");
  EXPECT_THAT(SourceLines(table), ElementsAre(2, 5, 6, 8));
}

TEST(CsvSourceLineTest, MultiLineHeaderShiftsTheRows) {
  const DataTable table = ParseCsv("\"long\nname\",b\n1,2\n", "t.csv");
  EXPECT_EQ(table.Columns()[0].name, "long\nname");
  EXPECT_THAT(SourceLines(table), ElementsAre(3));
}

TEST(CsvSourceLineTest, ErrorsAfterAMultiLineFieldCiteTheEditorLine) {
  EXPECT_THAT(ParseError("a,b\n1,\"x\ny\"\n2\n"), HasSubstr("t.csv:4: expected 2 fields, found 1"));
}

// --- Header errors ----------------------------------------------------------------------------------

TEST(CsvHeaderTest, EmptyTextHasNoHeaderRow) {
  EXPECT_EQ(ParseError(""), "t.csv: no header row");
  EXPECT_EQ(ParseError("\xEF\xBB\xBF"), "t.csv: no header row");
  EXPECT_EQ(ParseError("\n\n  \n"), "t.csv: no header row");
}

TEST(CsvHeaderTest, BlankFirstLineBeforeDataIsAnError) {
  EXPECT_THAT(ParseError("\na,b\n1,2\n"), HasSubstr("t.csv:1: the header row is blank"));
}

TEST(CsvHeaderTest, EmptyColumnNameNamesItsPosition) {
  EXPECT_EQ(ParseError("a,,c\n1,2,3\n"), "t.csv:1: column 2 has an empty name");
  EXPECT_EQ(ParseError("a,b,  \n1,2,3\n"), "t.csv:1: column 3 has an empty name");
  EXPECT_EQ(ParseError("\"\",b\n1,2\n"), "t.csv:1: column 1 has an empty name");
  EXPECT_EQ(ParseError("\" \",b\n1,2\n"), "t.csv:1: column 1 has an empty name");
}

TEST(CsvHeaderTest, DuplicateNamesAreAnError) {
  EXPECT_EQ(ParseError("a,b,a\n1,2,3\n"),
            "t.csv:1: column name \"a\" appears more than once (columns 1 and 3)");
}

TEST(CsvHeaderTest, HeaderWithoutRowsIsAnError) {
  EXPECT_EQ(ParseError("a,b\n"), "t.csv: no data rows below the header");
  EXPECT_EQ(ParseError("a,b\n\n\n"), "t.csv: no data rows below the header");
}

// --- Row errors and blank lines ---------------------------------------------------------------------

TEST(CsvRowTest, TooFewOrTooManyFieldsNameLineAndCounts) {
  EXPECT_EQ(ParseError("a,b,c\n1,2,3\n4,5\n"), "t.csv:3: expected 3 fields, found 2");
  EXPECT_EQ(ParseError("a,b,c\n1,2,3,4\n"), "t.csv:2: expected 3 fields, found 4");
}

TEST(CsvRowTest, TrailingBlankLinesAreIgnored) {
  const DataTable table = ParseCsv("a,b\n1,2\n\n  \n\r\n", "t.csv");
  EXPECT_EQ(table.RowCount(), 1u);
}

TEST(CsvRowTest, BlankLineInTheMiddleIsAnErrorNamingItsLine) {
  EXPECT_THAT(ParseError("a,b\n1,2\n\n3,4\n"), HasSubstr("t.csv:3: blank line inside the data"));
  EXPECT_THAT(ParseError("a,b\n1,2\n\n\n3,4\n"), HasSubstr("t.csv:3: blank line inside the data"));
}

TEST(CsvRowTest, BlankLineInAOneColumnFileIsAMissingValue) {
  const DataTable table = ParseCsv("v\n1\n\n2\n\n", "t.csv");
  ASSERT_EQ(table.RowCount(), 3u);
  EXPECT_THAT(table.GetColumn("v").missing, ElementsAre(0, 1, 0));
  EXPECT_THAT(SourceLines(table), ElementsAre(2, 3, 4));
}

TEST(CsvRowTest, RowOfEmptyFieldsIsNotBlank) {
  const DataTable table = ParseCsv("a,b\n,\n1,2\n", "t.csv");
  EXPECT_EQ(table.RowCount(), 2u);
  EXPECT_TRUE(table.GetColumn("a").IsMissing(0));
}

// --- Files ------------------------------------------------------------------------------------------

class CsvFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("hinterland_csv_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                  "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string Write(const std::string& name, const std::string& contents) {
    const std::string path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  std::filesystem::path directory_;
};

TEST_F(CsvFileTest, ReadsAFileAndCitesItsPath) {
  const std::string path = Write("ok.csv", "\xEF\xBB\xBFid;v\r\n7;1,5\r\n");
  const DataTable table = ReadCsv(path);
  EXPECT_EQ(table.Source(), path);
  EXPECT_EQ(table.GetColumn("v").strings[0], "1,5");  // a decimal comma is text, not 1.5
  EXPECT_THAT(table.Ids("id"), ElementsAre("7"));
}

TEST_F(CsvFileTest, ErrorsNameTheFileAsGiven) {
  const std::string path = Write("bad.csv", "a,b\n1,2\n3\n");
  EXPECT_EQ(ErrorMessage<DataError>([&] { ReadCsv(path); }), path + ":3: expected 2 fields, found 1");
}

TEST_F(CsvFileTest, MissingFileCannotBeOpened) {
  const std::string path = (directory_ / "x.csv").string();
  const std::string message = ErrorMessage<DataError>([&] { ReadCsv(path); });
  EXPECT_THAT(message, HasSubstr("cannot open data file \"" + path + "\""));
  EXPECT_THAT(message, HasSubstr("No such file"));
}

TEST_F(CsvFileTest, DirectoryCannotBeOpened) {
  const std::string message = ErrorMessage<DataError>([&] { ReadCsv(directory_.string()); });
  EXPECT_THAT(message, HasSubstr("cannot open data file"));
  EXPECT_THAT(message, HasSubstr("it is a directory"));
}

}  // namespace
}  // namespace hinterland::engine
