// Reads delimited text (comma, tab or semicolon; detected from the header unless given) into a DataTable.
// Quoted fields follow RFC 4180 ("" is a literal quote; quoted fields may hold delimiters and newlines).
// NA, empty fields and "." are missing. A column is numeric when every non-missing value parses as a
// number, otherwise it is a string column. Errors are DataError naming file, line and column.
#pragma once

#include <string>

#include "engine/table/data_table.hpp"

namespace hinterland::engine {

struct CsvOptions {
  char delimiter = '\0';  // '\0' = detect from the header line among ',', '\t', ';'
};

DataTable ReadCsv(const std::string& path, const CsvOptions& options = {});
DataTable ParseCsv(const std::string& text, const std::string& source_name, const CsvOptions& options = {});

}  // namespace hinterland::engine
