// ReadDta / ReadTable on Stata files written in the test with ReadStat's writer (formats 114, 117, 118):
// every storage type, system and extended (.a) missing values, a string variable with an empty (missing)
// value, observation numbering, and the errors for unreadable files. Expected values are those written.
#include "engine/table/dta_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <readstat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/error.hpp"
#include "tests/unit/engine/table/table_test_helpers.hpp"

namespace hinterland::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ssize_t WriteBytes(const void* data, size_t length, void* context) {
  return static_cast<ssize_t>(std::fwrite(data, 1, length, static_cast<std::FILE*>(context)));
}

// Three observations:
//   id (long)  income (double)  score (float)  flag (byte)  count (int)  region (str8)
//   1          10.5             1.5            1            100          "north"
//   2          .                2.5            0            -200         ""
//   3          30.25            .a             .            300          "south"
void WriteSurvey(const std::string& path, int format_version) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr) << path;
  readstat_writer_t* writer = readstat_writer_init();
  readstat_set_data_writer(writer, WriteBytes);
  ASSERT_EQ(readstat_writer_set_file_format_version(writer, static_cast<uint8_t>(format_version)),
            READSTAT_OK);
  readstat_variable_t* id = readstat_add_variable(writer, "id", READSTAT_TYPE_INT32, 0);
  readstat_variable_t* income = readstat_add_variable(writer, "income", READSTAT_TYPE_DOUBLE, 0);
  readstat_variable_t* score = readstat_add_variable(writer, "score", READSTAT_TYPE_FLOAT, 0);
  readstat_variable_t* flag = readstat_add_variable(writer, "flag", READSTAT_TYPE_INT8, 0);
  readstat_variable_t* count = readstat_add_variable(writer, "count", READSTAT_TYPE_INT16, 0);
  readstat_variable_t* region = readstat_add_variable(writer, "region", READSTAT_TYPE_STRING, 8);
  ASSERT_EQ(readstat_begin_writing_dta(writer, file, 3), READSTAT_OK);

  const int ids[] = {1, 2, 3};
  const char* regions[] = {"north", "", "south"};
  for (int row = 0; row < 3; ++row) {
    ASSERT_EQ(readstat_begin_row(writer), READSTAT_OK);
    readstat_insert_int32_value(writer, id, ids[row]);
    if (row == 1) {
      readstat_insert_missing_value(writer, income);
    } else {
      readstat_insert_double_value(writer, income, row == 0 ? 10.5 : 30.25);
    }
    if (row == 2) {
      ASSERT_EQ(readstat_insert_tagged_missing_value(writer, score, 'a'), READSTAT_OK);
    } else {
      readstat_insert_float_value(writer, score, row == 0 ? 1.5F : 2.5F);
    }
    if (row == 2) {
      readstat_insert_missing_value(writer, flag);
    } else {
      readstat_insert_int8_value(writer, flag, row == 0 ? 1 : 0);
    }
    readstat_insert_int16_value(writer, count, static_cast<int16_t>(row == 1 ? -200 : 100 * (row + 1)));
    readstat_insert_string_value(writer, region, regions[row]);
    ASSERT_EQ(readstat_end_row(writer), READSTAT_OK);
  }
  ASSERT_EQ(readstat_end_writing(writer), READSTAT_OK);
  readstat_writer_free(writer);
  std::fclose(file);
}

class DtaReaderTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("hinterland_dta_test_" + std::to_string(::getpid()) + "_" + std::to_string(GetParam()));
    std::filesystem::create_directories(directory_);
    path_ = (directory_ / "survey.dta").string();
    WriteSurvey(path_, GetParam());
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path directory_;
  std::string path_;
};

TEST_P(DtaReaderTest, ReadsEveryVariableInOrderWithItsType) {
  const DataTable table = ReadDta(path_);
  ASSERT_EQ(table.RowCount(), 3u);
  ASSERT_EQ(table.ColumnCount(), 6u);
  const char* names[] = {"id", "income", "score", "flag", "count", "region"};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(table.Columns()[i].name, names[i]);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(table.Columns()[i].type, ColumnType::kNumeric) << names[i];
  EXPECT_EQ(table.GetColumn("region").type, ColumnType::kString);
}

TEST_P(DtaReaderTest, ReadsValuesAndMissingValues) {
  const DataTable table = ReadDta(path_);
  EXPECT_THAT(table.GetColumn("id").numbers, ElementsAre(1.0, 2.0, 3.0));
  EXPECT_THAT(table.GetColumn("count").numbers, ElementsAre(100.0, -200.0, 300.0));

  const Column& income = table.GetColumn("income");  // system missing in obs 2
  EXPECT_THAT(income.missing, ElementsAre(0, 1, 0));
  EXPECT_EQ(income.numbers[0], 10.5);
  EXPECT_TRUE(std::isnan(income.numbers[1]));
  EXPECT_EQ(income.numbers[2], 30.25);

  const Column& score = table.GetColumn("score");  // extended missing .a in obs 3
  EXPECT_THAT(score.missing, ElementsAre(0, 0, 1));
  EXPECT_EQ(score.numbers[0], 1.5);
  EXPECT_EQ(score.numbers[1], 2.5);
  EXPECT_TRUE(std::isnan(score.numbers[2]));

  const Column& flag = table.GetColumn("flag");  // byte missing in obs 3
  EXPECT_THAT(flag.missing, ElementsAre(0, 0, 1));
  EXPECT_EQ(flag.numbers[0], 1.0);
  EXPECT_EQ(flag.numbers[1], 0.0);

  const Column& region = table.GetColumn("region");  // "" is Stata's missing string
  EXPECT_THAT(region.strings, ElementsAre("north", "", "south"));
  EXPECT_THAT(region.missing, ElementsAre(0, 1, 0));
}

TEST_P(DtaReaderTest, RowsAreNumberedByObservation) {
  const DataTable table = ReadDta(path_);
  EXPECT_EQ(table.Numbering(), RowNumbering::kObservation);
  EXPECT_EQ(table.SourceLine(0), 1);
  EXPECT_EQ(table.SourceLine(2), 3);
  EXPECT_EQ(table.RowLocation(2), path_ + ":obs 3");
  EXPECT_THAT(table.Ids("id"), ElementsAre("1", "2", "3"));
  EXPECT_EQ(ErrorMessage<DataError>([&] { table.Ids("income"); }),
            path_ + ":obs 2: id column \"income\" is missing");
}

TEST_P(DtaReaderTest, ReadTableDispatchesOnTheExtensionInAnyCase) {
  const std::string upper = (directory_ / "SURVEY.DTA").string();
  std::filesystem::copy_file(path_, upper);
  EXPECT_EQ(ReadTable(path_).ColumnCount(), 6u);
  EXPECT_EQ(ReadTable(upper).ColumnCount(), 6u);
}

INSTANTIATE_TEST_SUITE_P(StataFormats,
                         DtaReaderTest,
                         ::testing::Values(114, 117, 118),
                         [](const ::testing::TestParamInfo<int>& format) {
                           return "Format" + std::to_string(format.param);
                         });

// strL variables (format 117 and later) are strings like str#.
TEST(DtaStrlTest, LongStringVariablesAreStringColumns) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("hinterland_dta_strl_test_" + std::to_string(::getpid()) + ".dta");
  std::FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  readstat_writer_t* writer = readstat_writer_init();
  readstat_set_data_writer(writer, WriteBytes);
  readstat_writer_set_file_format_version(writer, 118);
  readstat_variable_t* note = readstat_add_variable(writer, "note", READSTAT_TYPE_STRING_REF, 0);
  readstat_string_ref_t* text = readstat_add_string_ref(writer, "a note longer than any str# needs to be");
  ASSERT_EQ(readstat_begin_writing_dta(writer, file, 2), READSTAT_OK);
  for (int row = 0; row < 2; ++row) {
    readstat_begin_row(writer);
    ASSERT_EQ(readstat_insert_string_ref(writer, note, text), READSTAT_OK);
    readstat_end_row(writer);
  }
  ASSERT_EQ(readstat_end_writing(writer), READSTAT_OK);
  readstat_writer_free(writer);
  std::fclose(file);

  const DataTable table = ReadDta(path.string());
  std::filesystem::remove(path);
  const Column& column = table.GetColumn("note");
  EXPECT_EQ(column.type, ColumnType::kString);
  EXPECT_THAT(column.strings, ElementsAre("a note longer than any str# needs to be",
                                          "a note longer than any str# needs to be"));
}

class DtaErrorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        std::filesystem::temp_directory_path() / ("hinterland_dta_error_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path directory_;
};

TEST_F(DtaErrorTest, MissingFileCannotBeOpened) {
  const std::string path = (directory_ / "absent.dta").string();
  EXPECT_THAT(ErrorMessage<DataError>([&] { ReadDta(path); }),
              HasSubstr("cannot open data file \"" + path + "\""));
  EXPECT_THAT(ErrorMessage<DataError>([&] { ReadTable(path); }), HasSubstr("cannot open data file"));
}

TEST_F(DtaErrorTest, TextFileWithDtaExtensionNamesFileAndReadStatError) {
  const std::string path = (directory_ / "not_stata.dta").string();
  std::ofstream(path) << "POLYID,INC\n1,2\n";
  const std::string message = ErrorMessage<DataError>([&] { ReadDta(path); });
  EXPECT_THAT(message, HasSubstr(path + ": cannot read as a Stata .dta file: "));
  // ReadStat 1.1.8 reads the first byte as a format number it does not know.
  EXPECT_THAT(message, HasSubstr(readstat_error_message(READSTAT_ERROR_UNSUPPORTED_FILE_FORMAT_VERSION)));
  EXPECT_THAT(message, HasSubstr("is it a Stata file?"));
}

TEST_F(DtaErrorTest, EmptyFileIsADataError) {
  const std::string path = (directory_ / "empty.dta").string();
  std::ofstream{path};
  EXPECT_EQ(ErrorMessage<DataError>([&] { ReadDta(path); }), path + ": the file is empty");
}

TEST_F(DtaErrorTest, TruncatedFileIsADataError) {
  const std::string path = (directory_ / "truncated.dta").string();
  WriteSurvey(path, 118);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  EXPECT_THAT(ErrorMessage<DataError>([&] { ReadDta(path); }),
              HasSubstr(path + ": cannot read as a Stata .dta file"));
}

TEST_F(DtaErrorTest, CsvOptionsOnAStataFileAreAnOptionError) {
  const std::string path = (directory_ / "survey.dta").string();
  WriteSurvey(path, 118);
  CsvOptions options;
  options.string_columns = {"id"};
  EXPECT_THAT(ErrorMessage<OptionError>([&] { ReadTable(path, options); }),
              HasSubstr("apply to text files only"));
}

}  // namespace
}  // namespace hinterland::engine
