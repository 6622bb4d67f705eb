// DataTable storage and look-ups. Column look-up errors suggest the closest existing name.
#include "engine/table/data_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/position_index.hpp"
#include "engine/core/text.hpp"

namespace hinterland::engine {

std::string Column::AsText(std::size_t row) const {
  if (type == ColumnType::kString) return strings[row];
  const double value = numbers[row];
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

DataTable::DataTable(std::string source) : source_(std::move(source)) {}

bool DataTable::HasColumn(const std::string& name) const {
  return std::any_of(columns_.begin(), columns_.end(), [&](const Column& c) { return c.name == name; });
}

const Column& DataTable::GetColumn(const std::string& name) const {
  for (const Column& column : columns_) {
    if (column.name == name) return column;
  }
  std::vector<std::string> names;
  for (const Column& column : columns_) names.push_back(column.name);
  throw DataError(fmt::format("{}: no column \"{}\"{}", source_, name, DidYouMean(name, names)));
}

void DataTable::SetSourceLines(std::vector<int> lines, RowNumbering numbering) {
  HINTERLAND_CHECK(lines.size() == RowCount() || columns_.empty(), "source lines must match the row count");
  row_lines_ = std::move(lines);
  numbering_ = numbering;
}

std::string DataTable::RowLocation(std::size_t row) const {
  const char* prefix = numbering_ == RowNumbering::kObservation ? "obs " : "";
  return fmt::format("{}:{}{}", source_, prefix, SourceLine(row));
}

void DataTable::AddColumn(Column column) {
  if (HasColumn(column.name)) {
    throw DataError(fmt::format("{}: column \"{}\" appears more than once", source_, column.name));
  }
  const std::size_t size = column.Size();
  const bool sizes_agree =
      column.type == ColumnType::kNumeric ? column.numbers.size() == size : column.strings.size() == size;
  HINTERLAND_CHECK(sizes_agree, "column values and missing mask differ in length");
  if (columns_.empty() && row_lines_.empty()) {
    row_lines_.resize(size);
    for (std::size_t row = 0; row < size; ++row) row_lines_[row] = static_cast<int>(row) + 2;
  }
  if (size != RowCount()) {
    throw DataError(fmt::format("{}: column \"{}\" has {} values, the table has {} rows", source_,
                                column.name, size, RowCount()));
  }
  columns_.push_back(std::move(column));
}

PanelKeys DataTable::PanelIds(const std::string& id_column, const std::string& time_column) const {
  const Column& units = GetColumn(id_column);
  const Column& periods = GetColumn(time_column);
  PanelKeys keys;
  keys.ids.resize(units.Size());
  keys.periods.resize(units.Size());
  std::vector<std::string> pairs(units.Size());
  PositionIndex rows_seen(units.Size());
  for (std::size_t row = 0; row < units.Size(); ++row) {
    for (const Column* column : {&units, &periods}) {
      if (column->IsMissing(row)) {
        throw DataError(fmt::format("{}: {} column \"{}\" is missing", RowLocation(row),
                                    column == &units ? "id" : "time", column->name));
      }
    }
    keys.ids[row] = units.AsText(row);
    keys.periods[row] = periods.AsText(row);
    pairs[row] = keys.ids[row] + '\x1f' + keys.periods[row];  // a separator no id or period holds
    if (const auto first = rows_seen.Insert(pairs, static_cast<std::int64_t>(row))) {
      throw DataError(fmt::format(
          "{}: unit \"{}\" has more than one row for period \"{}\" of \"{}\" (first at {})", RowLocation(row),
          keys.ids[row], keys.periods[row], time_column, RowLocation(static_cast<std::size_t>(*first))));
    }
  }
  return keys;
}

std::vector<std::string> DataTable::Ids(const std::string& id_column) const {
  const Column& column = GetColumn(id_column);
  std::vector<std::string> ids(column.Size());
  PositionIndex rows_seen(column.Size());
  for (std::size_t row = 0; row < column.Size(); ++row) {
    if (column.IsMissing(row)) {
      throw DataError(fmt::format("{}: id column \"{}\" is missing", RowLocation(row), id_column));
    }
    ids[row] = column.AsText(row);
    if (const auto first = rows_seen.Insert(ids, static_cast<std::int64_t>(row))) {
      throw DataError(fmt::format("{}: id \"{}\" in column \"{}\" appears more than once (first at {})",
                                  RowLocation(row), ids[row], id_column,
                                  RowLocation(static_cast<std::size_t>(*first))));
    }
  }
  return ids;
}

}  // namespace hinterland::engine
