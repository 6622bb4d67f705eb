// Reads delimited text (comma, tab or semicolon; detected from the header unless given) into a DataTable.
// Quoted fields follow RFC 4180 ("" is a literal quote; quoted fields may hold delimiters and newlines).
// NA, NaN, empty fields and "." are missing. A column is numeric when every non-missing value parses as a
// finite number, otherwise it is a string column. Errors are DataError naming file, line and column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/progress.hpp"
#include "engine/table/data_table.hpp"

namespace hinterland::engine {

struct CsvOptions {
  char delimiter = '\0';  // '\0' = detect from the header line among ',', '\t', ';'
  // Columns kept as text even when every value is a number: ids with leading zeros such as FIPS codes
  // ("01001" would otherwise become the number 1001 and its id "1001"). Unknown names are an OptionError.
  std::vector<std::string> string_columns;
  // Reports the rows read every million and when done (progress.hpp); empty: silent.
  ProgressLog progress;
};

// Reads the file at `path`; error messages cite `path` as given. Throws DataError when the file cannot be
// opened or is malformed, OptionError for a delimiter that cannot work ('"', '\r', '\n') or an unknown
// name in `string_columns`.
//
// Rules: the first record is the header (names trimmed, none empty, none repeated). A UTF-8 byte-order
// mark is skipped; line ends may be LF, CRLF or CR. Unquoted fields lose surrounding spaces (and tabs,
// unless tab is the delimiter); quoted fields keep their content exactly, with "" read as one quote and
// line breaks inside normalised to '\n'. Blank lines at the end are ignored; a blank line before the end
// is an error, except in a one-column file, where it is a missing value. Each row's SourceLine() is the
// line on which its record starts (header = line 1), counting the line breaks inside quoted fields.
DataTable ReadCsv(const std::string& path, const CsvOptions& options = {});

// The same from text in memory; `source_name` is the name errors cite.
DataTable ParseCsv(const std::string& text, const std::string& source_name, const CsvOptions& options = {});

// True when `text` is missing in a data file: "", "NA", "NaN" or "." (after trimming unquoted spaces).
bool IsMissingToken(std::string_view text);

// The rule that makes a column numeric: `text` is entirely one finite number ("-1.5e3", "+2", ".5"; not
// "inf", "1e999", "0x10", " 1", "1,5"). Writes the value on success.
bool ParseFiniteNumber(std::string_view text, double& value);

// For the error raised when a string column is used as a number: names the first non-missing value that
// is not a number, e.g. `columbus.csv:4: column "INC": "abc" is not a number`. For a column of .dta
// strings it says that the variable is a string variable. Empty when `column` is numeric.
std::string DescribeNonNumericColumn(const DataTable& table, const Column& column);

}  // namespace hinterland::engine
