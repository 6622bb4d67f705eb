// Stata .dta reader on ReadStat's callback parser (readstat_parse_dta), and the CSV-or-.dta dispatch.
// ReadStat reports variables, then values cell by cell; callbacks fill columns indexed by variable.
// Callbacks never let an exception cross ReadStat's C frames: they record it and abort the parse.
#include "engine/table/dta_reader.hpp"

#include <fmt/format.h>
#include <readstat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/table/csv_reader.hpp"

namespace hinterland::engine {
namespace {

struct DtaParseState {
  std::vector<Column> columns;  // by ReadStat's variable index
  std::size_t expected_rows = 0;
  std::size_t rows_seen = 0;
  std::string readstat_messages;      // text ReadStat passed to the error handler
  std::exception_ptr callback_error;  // an exception caught inside a callback
};

DtaParseState& StateOf(void* context) { return *static_cast<DtaParseState*>(context); }

void ResizeColumn(Column& column, std::size_t rows) {
  // Cells ReadStat never reports stay missing.
  column.missing.resize(rows, 1);
  if (column.type == ColumnType::kNumeric) {
    column.numbers.resize(rows, std::nan(""));
  } else {
    column.strings.resize(rows);
  }
}

int OnMetadata(readstat_metadata_t* metadata, void* context) {
  const int rows = readstat_get_row_count(metadata);
  StateOf(context).expected_rows = rows > 0 ? static_cast<std::size_t>(rows) : 0;
  return READSTAT_HANDLER_OK;
}

int OnVariable(int index, readstat_variable_t* variable, const char* /*value_labels*/, void* context) {
  DtaParseState& state = StateOf(context);
  try {
    Column column;
    column.name = readstat_variable_get_name(variable);
    column.type = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING
                      ? ColumnType::kString
                      : ColumnType::kNumeric;
    ResizeColumn(column, state.expected_rows);
    if (state.columns.size() <= static_cast<std::size_t>(index)) state.columns.resize(index + 1);
    state.columns[index] = std::move(column);
    return READSTAT_HANDLER_OK;
  } catch (...) {
    state.callback_error = std::current_exception();
    return READSTAT_HANDLER_ABORT;
  }
}

double NumericValue(readstat_value_t value) {
  switch (readstat_value_type(value)) {
    case READSTAT_TYPE_INT8:
      return readstat_int8_value(value);
    case READSTAT_TYPE_INT16:
      return readstat_int16_value(value);
    case READSTAT_TYPE_INT32:
      return readstat_int32_value(value);
    case READSTAT_TYPE_FLOAT:
      return readstat_float_value(value);
    case READSTAT_TYPE_DOUBLE:
      return readstat_double_value(value);
    default:
      return std::nan("");
  }
}

void StoreValue(Column& column, std::size_t row, readstat_value_t value, readstat_variable_t* variable) {
  if (column.type == ColumnType::kString) {
    const char* text = readstat_string_value(value);
    // Stata's missing string is "".
    column.strings[row] = text != nullptr ? text : "";
    column.missing[row] = column.strings[row].empty() ? 1 : 0;
    return;
  }
  // System missing (.), extended missing (.a-.z) and, for other formats, user-defined missing values.
  const double number = NumericValue(value);
  const bool missing = readstat_value_is_missing(value, variable) != 0 || !std::isfinite(number);
  column.numbers[row] = missing ? std::nan("") : number;
  column.missing[row] = missing ? 1 : 0;
}

int OnValue(int observation_index, readstat_variable_t* variable, readstat_value_t value, void* context) {
  DtaParseState& state = StateOf(context);
  try {
    const auto index = static_cast<std::size_t>(readstat_variable_get_index(variable));
    const auto row = static_cast<std::size_t>(observation_index);
    if (index >= state.columns.size()) return READSTAT_HANDLER_OK;  // a variable we were not told about
    Column& column = state.columns[index];
    if (row >= column.Size()) ResizeColumn(column, row + 1);
    state.rows_seen = std::max(state.rows_seen, row + 1);
    StoreValue(column, row, value, variable);
    return READSTAT_HANDLER_OK;
  } catch (...) {
    state.callback_error = std::current_exception();
    return READSTAT_HANDLER_ABORT;
  }
}

void OnError(const char* message, void* context) {
  DtaParseState& state = StateOf(context);
  if (message == nullptr) return;
  std::string text = message;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  if (text.empty()) return;
  if (!state.readstat_messages.empty()) state.readstat_messages += "; ";
  state.readstat_messages += text;
}

// Opening the file ourselves first gives the operating system's reason, which ReadStat does not report.
void CheckReadable(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    throw DataError(fmt::format("cannot open data file \"{}\": it is a directory", path));
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw DataError(fmt::format("cannot open data file \"{}\": {}", path, std::strerror(errno)));
  if (std::filesystem::file_size(path, ignored) == 0)
    throw DataError(fmt::format("{}: the file is empty", path));
}

struct ParserDeleter {
  void operator()(readstat_parser_t* parser) const { readstat_parser_free(parser); }
};

DtaParseState Parse(const std::string& path) {
  std::unique_ptr<readstat_parser_t, ParserDeleter> parser(readstat_parser_init());
  if (!parser) throw DataError(fmt::format("{}: cannot start the Stata reader (out of memory)", path));
  readstat_set_metadata_handler(parser.get(), OnMetadata);
  readstat_set_variable_handler(parser.get(), OnVariable);
  readstat_set_value_handler(parser.get(), OnValue);
  readstat_set_error_handler(parser.get(), OnError);

  DtaParseState state;
  const readstat_error_t status = readstat_parse_dta(parser.get(), path.c_str(), &state);
  if (state.callback_error) std::rethrow_exception(state.callback_error);
  if (status != READSTAT_OK) {
    std::string details = state.readstat_messages.empty() ? "" : " (" + state.readstat_messages + ")";
    // ReadStat judges a file by its first bytes; a text file named .dta is "an unsupported version".
    if (status == READSTAT_ERROR_PARSE || status == READSTAT_ERROR_UNSUPPORTED_FILE_FORMAT_VERSION) {
      details += "; is it a Stata file? Formats 104-119 can be read (text data must not be named .dta)";
    }
    throw DataError(fmt::format("{}: cannot read as a Stata .dta file: {}{}", path,
                                readstat_error_message(status), details));
  }
  return state;
}

}  // namespace

DataTable ReadDta(const std::string& path) {
  CheckReadable(path);
  DtaParseState state = Parse(path);
  if (state.columns.empty()) throw DataError(fmt::format("{}: the Stata file has no variables", path));
  const std::size_t rows = std::max(state.expected_rows, state.rows_seen);
  if (rows == 0) throw DataError(fmt::format("{}: the Stata file has no observations", path));

  DataTable table(path);
  std::vector<int> observation_numbers(rows);
  for (std::size_t row = 0; row < rows; ++row) observation_numbers[row] = static_cast<int>(row) + 1;
  table.SetSourceLines(std::move(observation_numbers), RowNumbering::kObservation);
  for (Column& column : state.columns) {
    ResizeColumn(column, rows);
    table.AddColumn(std::move(column));
  }
  return table;
}

DataTable ReadTable(const std::string& path, const CsvOptions& csv_options) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension != ".dta") return ReadCsv(path, csv_options);
  if (csv_options.delimiter != '\0' || !csv_options.string_columns.empty()) {
    throw OptionError(
        fmt::format("{} is a Stata file: a delimiter and string columns apply to text files only", path));
  }
  return ReadDta(path);
}

}  // namespace hinterland::engine
