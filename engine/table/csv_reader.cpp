// CSV / TSV reader: a single-pass scanner over the whole text (RFC 4180 quoting), then a per-column
// decision numeric-or-string. Assumes the text fits in memory; it tracks the editor line of every record
// so that each error and each row can cite "file:line".
#include "engine/table/csv_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::engine {
namespace {

constexpr char kQuote = '"';
constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// An unquoted field is a view into the text; a quoted one (whose text differs from the file's: "" and
// line breaks are rewritten) a view into the scanner's store of unquoted texts.
struct Field {
  std::string_view text;
  bool quoted = false;
};

struct Record {
  std::vector<Field> fields;
  int line = 0;  // the line on which the record starts

  // A line holding nothing but spaces: one unquoted, empty field.
  bool IsBlank() const { return fields.size() == 1 && !fields[0].quoted && fields[0].text.empty(); }
};

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// Splits the text into records. Column names are used only to word errors; they are known once the
// header has been read.
class CsvScanner {
 public:
  CsvScanner(std::string_view text, char delimiter, const std::string& source)
      : text_(text), delimiter_(delimiter), source_(source) {}

  void SetColumnNames(const std::vector<std::string>& names) { column_names_ = &names; }

  // Reads the next record into `record`; false when the text is exhausted.
  bool Next(Record& record) {
    if (position_ >= text_.size()) return false;
    record.fields.clear();
    record.line = line_;
    while (true) {
      record.fields.push_back(ReadField(record.fields.size()));
      if (AtEnd()) break;
      if (text_[position_] == delimiter_) {
        ++position_;
        continue;
      }
      ConsumeLineBreak();  // ReadField stops only at a delimiter, a line break or the end
      break;
    }
    return true;
  }

 private:
  bool AtEnd() const { return position_ >= text_.size(); }
  bool AtFieldEnd() const {
    return AtEnd() || text_[position_] == delimiter_ || IsLineBreak(text_[position_]);
  }
  // Spaces (and tabs, unless tab separates fields) around unquoted fields and around quotes are padding.
  bool IsPadding(char c) const { return (c == ' ' || c == '\t') && c != delimiter_; }

  // LF, CRLF and a lone CR each end one line.
  void ConsumeLineBreak() {
    if (text_[position_] == '\r' && position_ + 1 < text_.size() && text_[position_ + 1] == '\n') ++position_;
    ++position_;
    ++line_;
  }

  void SkipPadding() {
    while (!AtEnd() && IsPadding(text_[position_])) ++position_;
  }

  Field ReadField(std::size_t field_index) {
    SkipPadding();
    if (!AtEnd() && text_[position_] == kQuote) return ReadQuotedField(field_index);
    Field field;
    const std::size_t start = position_;
    while (!AtFieldEnd()) ++position_;
    std::size_t end = position_;
    while (end > start && IsPadding(text_[end - 1])) --end;
    field.text = text_.substr(start, end - start);
    return field;
  }

  Field ReadQuotedField(std::size_t field_index) {
    std::string& text = quoted_texts_.emplace_back();
    const int start_line = line_;
    ++position_;  // the opening quote
    while (true) {
      if (AtEnd()) Fail(start_line, fmt::format("{}: unterminated quoted field", ColumnLabel(field_index)));
      const char c = text_[position_];
      if (c == kQuote) {
        const bool doubled = position_ + 1 < text_.size() && text_[position_ + 1] == kQuote;
        if (!doubled) break;
        text += kQuote;
        position_ += 2;
      } else if (IsLineBreak(c)) {
        text += '\n';
        ConsumeLineBreak();
      } else {
        text += c;
        ++position_;
      }
    }
    ++position_;  // the closing quote
    SkipPadding();
    if (!AtFieldEnd()) {
      Fail(line_, fmt::format("{}: unexpected text after the closing quote (a quote inside a quoted field "
                              "is written \"\")",
                              ColumnLabel(field_index)));
    }
    return Field{text, true};
  }

  std::string ColumnLabel(std::size_t field_index) const {
    if (column_names_ != nullptr && field_index < column_names_->size()) {
      return fmt::format("column \"{}\"", (*column_names_)[field_index]);
    }
    return fmt::format("column {}", field_index + 1);
  }

  [[noreturn]] void Fail(int line, const std::string& message) const {
    throw DataError(fmt::format("{}:{}: {}", source_, line, message));
  }

  std::string_view text_;
  char delimiter_;
  const std::string& source_;
  const std::vector<std::string>* column_names_ = nullptr;
  std::size_t position_ = 0;
  int line_ = 1;
  std::deque<std::string> quoted_texts_;  // a deque: the fields' views stay valid as it grows
};

// The candidate that occurs most often in the header line outside quoted fields; ties go to the earlier
// of comma, tab, semicolon, and a header without any (one column) reads as comma-separated. As in the
// scanner, a quote opens a quoted field only at the start of a field (after padding).
char DetectDelimiter(std::string_view text) {
  constexpr char kCandidates[] = {',', '\t', ';'};
  std::size_t counts[3] = {0, 0, 0};
  bool in_quotes = false;
  bool at_field_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c != kQuote) continue;
      if (i + 1 < text.size() && text[i + 1] == kQuote) {
        ++i;  // "" inside quotes
      } else {
        in_quotes = false;
      }
      continue;
    }
    if (IsLineBreak(c)) break;
    if (c == kQuote && at_field_start) {
      in_quotes = true;
      continue;
    }
    bool is_candidate = false;
    for (int k = 0; k < 3; ++k) {
      if (c == kCandidates[k]) {
        ++counts[k];
        is_candidate = true;
      }
    }
    if (is_candidate) {
      at_field_start = true;
    } else if (c != ' ') {
      at_field_start = false;
    }
  }
  int best = 0;
  for (int k = 1; k < 3; ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return kCandidates[best];
}

char ChooseDelimiter(std::string_view text, const CsvOptions& options) {
  if (options.delimiter == '\0') return DetectDelimiter(text);
  if (options.delimiter == kQuote || IsLineBreak(options.delimiter)) {
    throw OptionError(fmt::format("delimiter {} cannot separate fields; use ',', ';' or a tab",
                                  options.delimiter == kQuote ? "'\"'" : "line break"));
  }
  return options.delimiter;
}

// Header names: present, non-empty and distinct.
std::vector<std::string> ReadHeader(CsvScanner& scanner, const std::string& source) {
  Record header;
  if (!scanner.Next(header)) throw DataError(fmt::format("{}: no header row", source));
  if (header.IsBlank()) {
    Record next;
    while (scanner.Next(next)) {
      if (!next.IsBlank()) {
        throw DataError(fmt::format("{}:{}: the header row is blank; the first line must name the columns",
                                    source, header.line));
      }
    }
    throw DataError(fmt::format("{}: no header row", source));
  }
  std::vector<std::string> names;
  std::unordered_map<std::string, std::size_t> index_of_name;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name(header.fields[i].text);
    if (name.find_first_not_of(" \t") == std::string::npos) {
      throw DataError(fmt::format("{}:{}: column {} has an empty name", source, header.line, i + 1));
    }
    const auto [previous, inserted] = index_of_name.emplace(name, i);
    if (!inserted) {
      throw DataError(fmt::format("{}:{}: column name \"{}\" appears more than once (columns {} and {})",
                                  source, header.line, name, previous->second + 1, i + 1));
    }
    names.push_back(name);
  }
  return names;
}

// The raw text of every field, column by column (views into the text or the scanner's store), and the
// line each row starts on.
struct RawColumns {
  std::vector<std::vector<std::string_view>> values;
  std::vector<int> lines;
};

void AppendRow(RawColumns& raw, Record& record) {
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    raw.values[i].push_back(record.fields[i].text);
  }
  raw.lines.push_back(record.line);
}

RawColumns ReadRows(CsvScanner& scanner,
                    std::size_t column_count,
                    const std::string& source,
                    const ProgressLog& progress) {
  ProgressCounter rows(progress, source + ": rows read", 1000000);
  RawColumns raw;
  raw.values.resize(column_count);
  std::vector<int> pending_blank_lines;  // blank lines not yet known to be trailing
  Record record;
  while (scanner.Next(record)) {
    if (record.IsBlank()) {
      pending_blank_lines.push_back(record.line);
      continue;
    }
    if (!pending_blank_lines.empty()) {
      if (column_count > 1) {
        throw DataError(
            fmt::format("{}:{}: blank line inside the data (expected {} fields); only blank lines at "
                        "the end of the file are ignored",
                        source, pending_blank_lines.front(), column_count));
      }
      // One column: a blank line is an empty (missing) value.
      for (const int line : pending_blank_lines) {
        Record blank{{Field{}}, line};
        AppendRow(raw, blank);
      }
      pending_blank_lines.clear();
    }
    if (record.fields.size() != column_count) {
      throw DataError(fmt::format("{}:{}: expected {} fields, found {}", source, record.line, column_count,
                                  record.fields.size()));
    }
    AppendRow(raw, record);
    rows.Add();
  }
  if (raw.lines.empty()) throw DataError(fmt::format("{}: no data rows below the header", source));
  rows.Finish();
  return raw;
}

Column MakeColumn(std::string name, const std::vector<std::string_view>& values, bool keep_as_text) {
  Column column;
  column.name = std::move(name);
  const std::size_t rows = values.size();
  column.missing.resize(rows, 0);
  std::vector<double> numbers(rows, std::nan(""));
  bool all_numbers = !keep_as_text;
  for (std::size_t row = 0; row < rows; ++row) {
    if (IsMissingToken(values[row])) {
      column.missing[row] = 1;
      continue;
    }
    if (all_numbers && !ParseFiniteNumber(values[row], numbers[row])) all_numbers = false;
  }
  if (all_numbers) {
    column.type = ColumnType::kNumeric;
    column.numbers = std::move(numbers);
    return column;
  }
  column.type = ColumnType::kString;
  column.strings.reserve(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    column.strings.emplace_back(column.missing[row] != 0 ? std::string_view() : values[row]);
  }
  return column;
}

void CheckStringColumns(const std::vector<std::string>& requested,
                        const std::vector<std::string>& names,
                        const std::string& source) {
  for (const std::string& name : requested) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      throw OptionError(
          fmt::format("string column \"{}\" is not a column of {}{}", name, source, DidYouMean(name, names)));
    }
  }
}

std::string ReadWholeFile(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    throw DataError(fmt::format("cannot open data file \"{}\": it is a directory", path));
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw DataError(fmt::format("cannot open data file \"{}\": {}", path, std::strerror(errno)));
  std::ostringstream contents;
  contents << stream.rdbuf();
  if (stream.bad()) throw DataError(fmt::format("cannot read data file \"{}\"", path));
  return std::move(contents).str();
}

}  // namespace

bool IsMissingToken(std::string_view text) {
  return text.empty() || text == "NA" || text == "NaN" || text == ".";
}

bool ParseFiniteNumber(std::string_view text, double& value) {
  // from_chars rejects a leading '+', which spreadsheets write; accept it before a digit or point only.
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
  if (text.empty()) return false;
  double parsed = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(parsed)) return false;
  value = parsed;
  return true;
}

std::string DescribeNonNumericColumn(const DataTable& table, const Column& column) {
  if (column.type == ColumnType::kNumeric) return "";
  if (table.Numbering() == RowNumbering::kObservation) {
    return fmt::format("{}: column \"{}\" is a string variable, not a number", table.Source(), column.name);
  }
  for (std::size_t row = 0; row < column.Size(); ++row) {
    double ignored = 0.0;
    if (!column.IsMissing(row) && !ParseFiniteNumber(column.strings[row], ignored)) {
      return fmt::format("{}: column \"{}\": \"{}\" is not a number", table.RowLocation(row), column.name,
                         column.strings[row]);
    }
  }
  return fmt::format("{}: column \"{}\" is not numeric", table.Source(), column.name);
}

DataTable ParseCsv(const std::string& text, const std::string& source_name, const CsvOptions& options) {
  std::string_view body = text;
  if (body.substr(0, kUtf8ByteOrderMark.size()) == kUtf8ByteOrderMark)
    body.remove_prefix(kUtf8ByteOrderMark.size());
  CsvScanner scanner(body, ChooseDelimiter(body, options), source_name);
  const std::vector<std::string> names = ReadHeader(scanner, source_name);
  scanner.SetColumnNames(names);
  CheckStringColumns(options.string_columns, names, source_name);
  RawColumns raw = ReadRows(scanner, names.size(), source_name, options.progress);

  DataTable table(source_name);
  table.SetSourceLines(std::move(raw.lines), RowNumbering::kLine);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const bool keep_as_text = std::find(options.string_columns.begin(), options.string_columns.end(),
                                        names[i]) != options.string_columns.end();
    table.AddColumn(MakeColumn(names[i], raw.values[i], keep_as_text));
  }
  return table;
}

DataTable ReadCsv(const std::string& path, const CsvOptions& options) {
  return ParseCsv(ReadWholeFile(path), path, options);
}

}  // namespace hinterland::engine
