// Evaluation of formula expressions and factor dummies on the kept rows of a DataTable, as R's
// model.frame (evaluate each variable) and model.matrix (treatment contrasts, column products) do.
// Non-finite results (log(0), sqrt(-1), x/0) are errors naming the expression and the ids: R would carry
// them into the fit silently.
#include "engine/formula/design_columns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::engine::formula_internal {
namespace {

// R's sort() of character vectors in an English locale, for letters and digits: case-insensitive
// first, then lower case before upper case.
bool LevelTextLess(const std::string& a, const std::string& b) {
  const auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
  const bool a_first = std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                                    [&](char x, char y) { return lower(x) < lower(y); });
  const bool b_first = std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end(),
                                                    [&](char x, char y) { return lower(x) < lower(y); });
  if (a_first || b_first) return a_first;
  // Same letters ignoring case: the lower-case letter first at the first difference.
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::islower(static_cast<unsigned char>(x)) != 0 &&
           std::isupper(static_cast<unsigned char>(y)) != 0;
  });
}

double ApplyFunction(const std::string& name, double x) {
  if (name == "log") return std::log(x);
  if (name == "log2") return std::log2(x);
  if (name == "log10") return std::log10(x);
  if (name == "log1p") return std::log1p(x);
  if (name == "exp") return std::exp(x);
  if (name == "sqrt") return std::sqrt(x);
  if (name == "abs") return std::fabs(x);
  HINTERLAND_CHECK(name == "I", "the parser admits only known functions");
  return x;
}

double ApplyOperator(const std::string& op, double left, double right) {
  if (op == "+") return left + right;
  if (op == "-") return left - right;
  if (op == "*") return left * right;
  if (op == "/") return left / right;
  HINTERLAND_CHECK(op == "^", "the parser admits only + - * / ^");
  return std::pow(left, right);
}

// Non-finite values as R prints them.
const char* RText(double value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "Inf" : "-Inf";
}

}  // namespace

ColumnBlock Multiply(const ColumnBlock& earlier, const ColumnBlock& later) {
  ColumnBlock product;
  for (std::size_t j = 0; j < later.names.size(); ++j) {
    for (std::size_t i = 0; i < earlier.names.size(); ++i) {
      product.names.push_back(earlier.names[i] + ":" + later.names[j]);
      product.columns.push_back(earlier.columns[i] % later.columns[j]);
    }
  }
  return product;
}

DesignEvaluator::DesignEvaluator(const DataTable& table,
                                 const std::vector<std::size_t>& rows,
                                 const std::vector<std::string>& ids)
    : table_(table), rows_(rows), ids_(ids) {}

arma::vec DesignEvaluator::Numeric(const Expression& expression) {
  const auto cached = numeric_cache_.find(expression.text);
  if (cached != numeric_cache_.end()) return cached->second;
  arma::vec values = Evaluate(expression);
  RequireFinite(expression.text, values);
  return numeric_cache_.emplace(expression.text, std::move(values)).first->second;
}

arma::vec DesignEvaluator::Evaluate(const Expression& expression) const {
  const std::size_t n = rows_.size();
  switch (expression.kind) {
    case Expression::Kind::kNumber:
      return arma::vec(n, arma::fill::value(expression.number));
    case Expression::Kind::kVariable: {
      const Column& column = table_.GetColumn(expression.name);
      arma::vec values(n);
      for (std::size_t i = 0; i < n; ++i) {
        values[i] = column.type == ColumnType::kNumeric
                        ? column.numbers[rows_[i]]
                        : std::strtod(column.strings[rows_[i]].c_str(), nullptr);
      }
      return values;
    }
    case Expression::Kind::kFunction: {
      arma::vec values = Evaluate(*expression.arguments[0]);
      values.transform([&](double x) { return ApplyFunction(expression.name, x); });
      return values;
    }
    case Expression::Kind::kNegate:
      return -Evaluate(*expression.arguments[0]);
    case Expression::Kind::kBinary: {
      arma::vec left = Evaluate(*expression.arguments[0]);
      const arma::vec right = Evaluate(*expression.arguments[1]);
      for (std::size_t i = 0; i < n; ++i) left[i] = ApplyOperator(expression.name, left[i], right[i]);
      return left;
    }
  }
  HINTERLAND_CHECK(false, "unhandled expression kind");
  return {};
}

void DesignEvaluator::RequireFinite(const std::string& label, const arma::vec& values) const {
  std::vector<std::string> bad_ids;
  std::size_t first_bad = values.n_elem;
  for (std::size_t i = 0; i < values.n_elem; ++i) {
    if (std::isfinite(values[i])) continue;
    if (bad_ids.empty()) first_bad = i;
    bad_ids.push_back(ids_[i]);
  }
  if (bad_ids.empty()) return;
  throw DataError(
      fmt::format("{}: \"{}\" is not finite ({}) for {} {} ({} {}); check the transformation's domain "
                  "(log and sqrt need positive values, no division by zero)",
                  table_.RowLocation(rows_[first_bad]), label, RText(values[first_bad]), bad_ids.size(),
                  bad_ids.size() == 1 ? "observation" : "observations", bad_ids.size() == 1 ? "id" : "ids",
                  JoinIds(bad_ids)));
}

FactorLevels DesignEvaluator::Levels(const Term::Factor& factor) const {
  const Column& column = table_.GetColumn(factor.expression->name);
  const std::size_t n = rows_.size();
  FactorLevels levels;
  levels.level_of_row.resize(n);
  if (column.type == ColumnType::kNumeric) {
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = column.numbers[rows_[i]];
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (std::size_t i = 0; i < n; ++i) {
      levels.level_of_row[i] = static_cast<std::size_t>(
          std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin());
    }
    levels.texts.resize(sorted.size());
    for (std::size_t i = 0; i < n; ++i) levels.texts[levels.level_of_row[i]] = column.AsText(rows_[i]);
  } else {
    std::vector<std::string> sorted;
    for (const std::size_t row : rows_) sorted.push_back(column.strings[row]);
    std::sort(sorted.begin(), sorted.end(), LevelTextLess);
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& value = column.strings[rows_[i]];
      levels.level_of_row[i] = static_cast<std::size_t>(
          std::lower_bound(sorted.begin(), sorted.end(), value, LevelTextLess) - sorted.begin());
    }
    levels.texts = std::move(sorted);
  }
  if (levels.texts.size() < 2) {
    throw DataError(
        fmt::format("{}: {} has a single level (\"{}\") in the {} observations used; a factor needs "
                    "at least two levels",
                    table_.Source(), factor.text, levels.texts.empty() ? "" : levels.texts[0], n));
  }
  if (!factor.reference_level.empty()) {
    const auto matches = [&](const std::string& text) {
      if (text == factor.reference_level) return true;
      // A numeric level given as `ref = 2.0` matches the level "2".
      char* end = nullptr;
      const double reference = std::strtod(factor.reference_level.c_str(), &end);
      return column.type == ColumnType::kNumeric && *end == '\0' &&
             std::strtod(text.c_str(), nullptr) == reference;
    };
    const auto found = std::find_if(levels.texts.begin(), levels.texts.end(), matches);
    if (found == levels.texts.end()) {
      throw FormulaError(fmt::format("{}: reference level \"{}\" of {} is not one of its levels: {}",
                                     table_.Source(), factor.reference_level, factor.text,
                                     JoinIds(levels.texts)));
    }
    levels.reference = static_cast<std::size_t>(found - levels.texts.begin());
  }
  return levels;
}

ColumnBlock DesignEvaluator::Block(const Term::Factor& factor) {
  if (!factor.is_factor) return {{factor.text}, {Numeric(*factor.expression)}};
  const FactorLevels levels = Levels(factor);
  ColumnBlock block;
  for (std::size_t level = 0; level < levels.texts.size(); ++level) {
    if (level == levels.reference && !factor.all_levels) continue;
    arma::vec dummy(rows_.size(), arma::fill::zeros);
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      if (levels.level_of_row[i] == level) dummy[i] = 1.0;
    }
    block.names.push_back(factor.text + levels.texts[level]);
    block.columns.push_back(std::move(dummy));
  }
  return block;
}

}  // namespace hinterland::engine::formula_internal
