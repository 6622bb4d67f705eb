// BuildModelFrame: evaluates a parsed Formula on a DataTable as R's model.frame + model.matrix do:
// rows with a missing value in any variable the model reads are an error or dropped (MissingPolicy),
// factors are coded by treatment contrasts (a dummy per level but the reference) or by a dummy per
// level where R's rule asks for it (Term::Factor::all_levels), and interaction columns are products of
// their factors' columns with the first factor varying fastest, as model.matrix orders them.
#include "engine/formula/model_frame.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>

#include "engine/core/enum_words.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/formula/design_columns.hpp"

namespace hinterland::engine {

namespace {

constexpr EnumWords<MissingPolicy, 2> kMissingWords = {{
    {MissingPolicy::kError, "error"},
    {MissingPolicy::kDrop, "drop"},
}};

}  // namespace

std::string ToString(MissingPolicy policy) { return WordOf(kMissingWords, policy); }

MissingPolicy ParseMissingPolicy(const std::string& text) {
  return ParseWord(kMissingWords, text, "missing");
}

std::int64_t LagSourceOf(const ModelFrame& frame, std::size_t j) {
  return j < frame.lag_sources.size() ? frame.lag_sources[j] : -1;
}
namespace {

using formula_internal::ColumnBlock;
using formula_internal::DesignEvaluator;

std::vector<std::string> ColumnNames(const DataTable& table) {
  std::vector<std::string> names;
  for (const Column& column : table.Columns()) names.push_back(column.name);
  return names;
}

void RequireIdColumn(const DataTable& table, const std::string& id_column) {
  if (id_column.empty()) {
    throw OptionError({{"id", "", "is required: rows are matched to weights by id, never by row order"}});
  }
  if (!table.HasColumn(id_column)) {
    throw DataError(fmt::format("{}: id column \"{}\" not found{}", table.Source(), id_column,
                                DidYouMean(id_column, ColumnNames(table))));
  }
}

bool StartsWithIgnoringCase(const std::string& text, const std::string& prefix) {
  return prefix.size() <= text.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// DidYouMean's edit distance, or else a column that the name starts with or that starts with the name
// ("INCOME" for "INC"): abbreviated and spelled-out names are the commonest slips in formulas.
std::string SuggestColumn(const std::string& name, const std::vector<std::string>& columns) {
  std::string suggestion = DidYouMean(name, columns);
  if (!suggestion.empty()) return suggestion;
  for (const std::string& column : columns) {
    const bool related = std::min(column.size(), name.size()) >= 2 &&
                         (StartsWithIgnoringCase(name, column) || StartsWithIgnoringCase(column, name));
    if (related) return "; did you mean \"" + column + "\"?";
  }
  return "";
}

void RequireVariablesExist(const DataTable& table, const Formula& formula) {
  const std::vector<std::string> columns = ColumnNames(table);
  for (const std::string& name : formula.Variables()) {
    if (table.HasColumn(name)) continue;
    const std::string suggestion = SuggestColumn(name, columns);
    throw FormulaError(fmt::format(
        "{}: unknown variable \"{}\" in formula{}", table.Source(), name,
        suggestion.empty() ? fmt::format(" \"{}\"; the columns are {}", formula.text, JoinIds(columns))
                           : suggestion));
  }
}

bool ParsesAsNumber(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// A text column read as a number: names the column, the first value that is not a number and its row.
void RequireNumericColumn(const DataTable& table, const std::string& name, const std::string& used_in) {
  const Column& column = table.GetColumn(name);
  if (column.type == ColumnType::kNumeric) return;
  for (std::size_t row = 0; row < column.Size(); ++row) {
    if (column.IsMissing(row) || ParsesAsNumber(column.strings[row])) continue;
    throw FormulaError(fmt::format(
        "{}: column \"{}\" holds text (\"{}\"), not numbers, but the formula uses it as a number in \"{}\"; "
        "write factor({}) to use it as a categorical variable",
        table.RowLocation(row), name, column.strings[row], used_in, name));
  }
  throw FormulaError(
      fmt::format("{}: column \"{}\" is a text column but the formula uses it as a number in "
                  "\"{}\"; write factor({}) to use it as a categorical variable",
                  table.Source(), name, used_in, name));
}

void CollectVariableNames(const Expression& expression, std::vector<std::string>& names) {
  if (expression.kind == Expression::Kind::kVariable) names.push_back(expression.name);
  for (const auto& argument : expression.arguments) CollectVariableNames(*argument, names);
}

void RequireNumericUse(const DataTable& table, const Formula& formula) {
  const auto check = [&](const Expression& expression) {
    std::vector<std::string> names;
    CollectVariableNames(expression, names);
    for (const std::string& name : names) RequireNumericColumn(table, name, expression.text);
  };
  check(*formula.response);
  for (const Term& term : formula.terms) {
    for (const Term::Factor& factor : term.factors) {
      if (!factor.is_factor) check(*factor.expression);
    }
  }
}

bool IsMissingValue(const Column& column, std::size_t row) {
  return column.IsMissing(row) || (column.type == ColumnType::kNumeric && std::isnan(column.numbers[row]));
}

// Rows with a missing value in a model variable, per variable (in the formula's order).
struct MissingRows {
  std::vector<std::uint8_t> row_is_missing;                                   // per table row
  std::vector<std::pair<std::string, std::vector<std::size_t>>> by_variable;  // variables with any
  std::size_t count = 0;
};

MissingRows FindMissingRows(const DataTable& table, const Formula& formula) {
  MissingRows missing;
  missing.row_is_missing.assign(table.RowCount(), 0);
  for (const std::string& name : formula.Variables()) {
    const Column& column = table.GetColumn(name);
    std::vector<std::size_t> rows;
    for (std::size_t row = 0; row < column.Size(); ++row) {
      if (!IsMissingValue(column, row)) continue;
      rows.push_back(row);
      if (missing.row_is_missing[row] == 0) ++missing.count;
      missing.row_is_missing[row] = 1;
    }
    if (!rows.empty()) missing.by_variable.emplace_back(name, std::move(rows));
  }
  return missing;
}

std::vector<std::string> IdsOfRows(const std::vector<std::string>& ids,
                                   const std::vector<std::size_t>& rows) {
  std::vector<std::string> selected;
  selected.reserve(rows.size());
  for (const std::size_t row : rows) selected.push_back(ids[row]);
  return selected;
}

[[noreturn]] void ThrowMissingValues(const DataTable& table,
                                     const MissingRows& missing,
                                     const std::vector<std::string>& ids) {
  std::string details;
  for (const auto& [name, rows] : missing.by_variable) {
    details += fmt::format("{}{}: {} {}", details.empty() ? "" : "; ", name, rows.size() == 1 ? "id" : "ids",
                           JoinIds(IdsOfRows(ids, rows)));
  }
  throw DataError(fmt::format("{}: {} {} missing values in the model ({}); pass `missing` drop to drop {}",
                              table.Source(), missing.count,
                              missing.count == 1 ? "observation has" : "observations have", details,
                              missing.count == 1 ? "it" : "them"));
}

std::vector<DroppedRow> DescribeDroppedRows(const DataTable& table,
                                            const MissingRows& missing,
                                            const std::vector<std::string>& ids) {
  std::map<std::size_t, std::vector<std::string>> variables_of_row;
  for (const auto& [name, rows] : missing.by_variable) {
    for (const std::size_t row : rows) variables_of_row[row].push_back(name);
  }
  std::vector<DroppedRow> dropped;
  for (const auto& [row, names] : variables_of_row) {
    std::string reason = "missing ";
    for (std::size_t i = 0; i < names.size(); ++i) reason += (i > 0 ? ", " : "") + names[i];
    dropped.push_back({ids[row], table.SourceLine(row), reason});
  }
  return dropped;
}

ColumnKind KindOf(const Term& term) {
  if (term.factors.size() > 1) return ColumnKind::kInteraction;
  return term.factors[0].is_factor ? ColumnKind::kFactorLevel : ColumnKind::kNumeric;
}

void AppendBlock(ColumnBlock block, ColumnKind kind, std::vector<arma::vec>& columns, ModelFrame& frame) {
  for (std::size_t i = 0; i < block.names.size(); ++i) {
    frame.column_names.push_back(std::move(block.names[i]));
    frame.column_kinds.push_back(kind);
    columns.push_back(std::move(block.columns[i]));
  }
}

// Fills y, x, column names and kinds from the kept rows.
void BuildDesign(const DataTable& table,
                 const Formula& formula,
                 const std::vector<std::size_t>& kept_rows,
                 const std::vector<std::string>& kept_ids,
                 ModelFrame& frame) {
  DesignEvaluator evaluator(table, kept_rows, kept_ids);
  frame.y = evaluator.Numeric(*formula.response);
  std::vector<arma::vec> columns;
  if (formula.has_intercept) {
    AppendBlock({{"(Intercept)"}, {arma::vec(kept_rows.size(), arma::fill::ones)}}, ColumnKind::kIntercept,
                columns, frame);
  }
  for (const Term& term : formula.terms) {
    ColumnBlock block = evaluator.Block(term.factors[0]);
    for (std::size_t i = 1; i < term.factors.size(); ++i) {
      block = formula_internal::Multiply(block, evaluator.Block(term.factors[i]));
    }
    // A product of finite values can still overflow; name the interaction column if it does.
    for (std::size_t i = 0; i < block.names.size(); ++i)
      evaluator.RequireFinite(block.names[i], block.columns[i]);
    AppendBlock(std::move(block), KindOf(term), columns, frame);
  }
  frame.x.set_size(kept_rows.size(), columns.size());
  for (std::size_t j = 0; j < columns.size(); ++j) frame.x.col(j) = columns[j];
}

}  // namespace

ModelFrame BuildModelFrame(const DataTable& table, const Formula& formula, const ModelFrameOptions& options) {
  RequireIdColumn(table, options.id_column);
  if (!options.time_column.empty()) RequireIdColumn(table, options.time_column);
  if (formula.response == nullptr) {
    throw FormulaError(fmt::format("formula \"{}\": no response before \"~\"", formula.text));
  }
  RequireVariablesExist(table, formula);
  RequireNumericUse(table, formula);
  const bool panel = !options.time_column.empty();
  PanelKeys keys;
  if (panel) keys = table.PanelIds(options.id_column, options.time_column);
  const std::vector<std::string> ids = panel ? std::move(keys.ids) : table.Ids(options.id_column);

  ModelFrame frame;
  frame.formula_text = formula.text;
  frame.dependent = formula.response->text;
  frame.source = table.Source();
  const MissingRows missing = FindMissingRows(table, formula);
  if (missing.count > 0) {
    if (options.missing == MissingPolicy::kError) ThrowMissingValues(table, missing, ids);
    frame.dropped = DescribeDroppedRows(table, missing, ids);
  }
  std::vector<std::size_t> kept_rows;
  for (std::size_t row = 0; row < table.RowCount(); ++row) {
    if (missing.row_is_missing[row] != 0) continue;
    kept_rows.push_back(row);
    frame.ids.push_back(ids[row]);
    if (panel) frame.periods.push_back(keys.periods[row]);
    frame.source_lines.push_back(table.SourceLine(row));
  }
  if (kept_rows.empty()) {
    throw DataError(fmt::format("{}: no observations left: all {} rows have missing values in the model",
                                table.Source(), table.RowCount()));
  }
  BuildDesign(table, formula, kept_rows, frame.ids, frame);
  return frame;
}

}  // namespace hinterland::engine
