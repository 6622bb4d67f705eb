// Reads a Stata .dta file (versions 104-119, through Debian's ReadStat) into a DataTable.
// Stata's system missing and extended missing values (.a-.z) are missing; value labels are ignored.
// A .dta file has no lines, so rows are numbered by observation: SourceLine(row) is Stata's _n
// (row + 1) and DataTable::RowLocation(row) reads "survey.dta:obs 3".
#pragma once

#include <string>

#include "engine/table/csv_reader.hpp"
#include "engine/table/data_table.hpp"

namespace hinterland::engine {

// Numeric variables (byte, int, long, float, double) become numeric columns, with every kind of missing
// value (., .a-.z) marked missing; str# and strL variables become string columns, with "" missing.
// Throws DataError naming the file, and ReadStat's own error text for a file it cannot parse.
DataTable ReadDta(const std::string& path);

// Dispatches on the extension: .dta (any case) -> ReadDta, anything else -> ReadCsv(path, csv_options).
// A .dta file's variables are typed by the file, so `csv_options` does not apply to it; asking for
// string_columns on a .dta file is an OptionError rather than a silent no-op.
DataTable ReadTable(const std::string& path, const CsvOptions& csv_options = {});

}  // namespace hinterland::engine
