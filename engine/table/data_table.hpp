// DataTable: named numeric and string columns with a missing-value mask, read from CSV or Stata .dta.
// Every row remembers the line of its source file (the header is line 1) so that later stages can cite
// "file:line" in their errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hinterland::engine {

enum class ColumnType { kNumeric, kString };

// What SourceLine() counts. Text files number rows by the line an editor shows (header = line 1);
// Stata .dta files have no lines, so rows carry Stata's observation number _n (first row = 1).
enum class RowNumbering { kLine, kObservation };

struct Column {
  std::string name;
  ColumnType type = ColumnType::kNumeric;
  std::vector<double> numbers;        // kNumeric: values (NaN where missing); empty for kString
  std::vector<std::string> strings;   // kString: values ("" where missing); empty for kNumeric
  std::vector<std::uint8_t> missing;  // 1 where the value is missing (NA, empty, "." in CSV)

  std::size_t Size() const { return missing.size(); }
  bool IsMissing(std::size_t row) const { return missing[row] != 0; }
  // The value as text: strings as they are, numbers without a trailing ".0" for integers
  // (so a numeric id 1001 reads "1001", matching the ids of a GAL file).
  std::string AsText(std::size_t row) const;
};

struct PanelKeys {
  std::vector<std::string> ids;
  std::vector<std::string> periods;
};

class DataTable {
 public:
  // `source` names the file the data came from ("<memory>" for tables built in code).
  explicit DataTable(std::string source = "<memory>");

  const std::string& Source() const { return source_; }
  std::size_t RowCount() const { return row_lines_.size(); }
  std::size_t ColumnCount() const { return columns_.size(); }
  const std::vector<Column>& Columns() const { return columns_; }

  bool HasColumn(const std::string& name) const;
  // Throws DataError naming the column, the file and the closest existing name when it is absent.
  const Column& GetColumn(const std::string& name) const;

  // The line of the source file row `row` came from (1-based, header = line 1); row + 2 if unknown.
  // For RowNumbering::kObservation it is the observation number (1-based) instead.
  int SourceLine(std::size_t row) const { return row_lines_[row]; }
  void SetSourceLines(std::vector<int> lines, RowNumbering numbering = RowNumbering::kLine);
  RowNumbering Numbering() const { return numbering_; }
  // Where row `row` came from, for error messages: "columbus.csv:17" or "survey.dta:obs 3".
  std::string RowLocation(std::size_t row) const;

  // Columns must all have RowCount() values; the first column added fixes the row count.
  // Throws DataError on a duplicate name or a length mismatch.
  void AddColumn(Column column);

  // The values of `id_column` as text, one per row; throws DataError if any is missing or duplicated.
  std::vector<std::string> Ids(const std::string& id_column) const;
  // A panel's keys: the values of `id_column` and `time_column` as text, one pair per row; throws DataError
  // if any is missing or a (unit, period) pair repeats.
  PanelKeys PanelIds(const std::string& id_column, const std::string& time_column) const;

 private:
  std::string source_;
  std::vector<Column> columns_;
  std::vector<int> row_lines_;
  RowNumbering numbering_ = RowNumbering::kLine;
};

}  // namespace hinterland::engine
