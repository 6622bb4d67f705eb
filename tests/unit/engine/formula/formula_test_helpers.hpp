// Builders of small DataTables for the formula tests: numeric and text columns with optional missing
// cells, written in code so the tests do not depend on the CSV reader.
#pragma once

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/table/data_table.hpp"

namespace hinterland::engine::formula_testing {

inline Column NumericColumn(const std::string& name, const std::vector<std::optional<double>>& values) {
  Column column;
  column.name = name;
  column.type = ColumnType::kNumeric;
  for (const std::optional<double>& value : values) {
    column.numbers.push_back(value.value_or(std::numeric_limits<double>::quiet_NaN()));
    column.missing.push_back(value.has_value() ? 0 : 1);
  }
  return column;
}

inline Column TextColumn(const std::string& name, const std::vector<std::optional<std::string>>& values) {
  Column column;
  column.name = name;
  column.type = ColumnType::kString;
  for (const std::optional<std::string>& value : values) {
    column.strings.push_back(value.value_or(""));
    column.missing.push_back(value.has_value() ? 0 : 1);
  }
  return column;
}

// Four rows (source lines 2-5 of "data.csv"):
//   id  y  x   z    w   region  group
//   a   1  1   2    1   west    2
//   b   2  4   0.5  0   east    10
//   c   3  9   1    2   north   2
//   d   4  16  -1   -3  west    1
inline DataTable SmallTable() {
  DataTable table("data.csv");
  table.AddColumn(TextColumn("id", {"a", "b", "c", "d"}));
  table.AddColumn(NumericColumn("y", {1, 2, 3, 4}));
  table.AddColumn(NumericColumn("x", {1, 4, 9, 16}));
  table.AddColumn(NumericColumn("z", {2, 0.5, 1, -1}));
  table.AddColumn(NumericColumn("w", {1, 0, 2, -3}));
  table.AddColumn(TextColumn("region", {"west", "east", "north", "west"}));
  table.AddColumn(NumericColumn("group", {2, 10, 2, 1}));
  return table;
}

}  // namespace hinterland::engine::formula_testing
