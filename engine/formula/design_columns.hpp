// Design columns of a model frame (internal to engine/formula): numeric expressions evaluated on the
// kept rows of a DataTable, factor levels and their dummies, and products of column blocks for
// interactions. Assumes the caller has checked that variables exist, are numeric where used as numbers
// and have no missing values in the kept rows.
#pragma once

#include <armadillo>
#include <map>
#include <string>
#include <vector>

#include "engine/formula/formula.hpp"
#include "engine/table/data_table.hpp"

namespace hinterland::engine::formula_internal {

// The columns one factor of a term contributes, with their names ("INC", "factor(region)west").
struct ColumnBlock {
  std::vector<std::string> names;
  std::vector<arma::vec> columns;  // each n
};

// The interaction of two blocks: every pair's product, `earlier`'s columns varying fastest, names
// joined by ":" (R's model.matrix order).
ColumnBlock Multiply(const ColumnBlock& earlier, const ColumnBlock& later);

// The levels of a factor among the kept rows: sorted (numbers numerically, text as R's sort() in an
// English locale: case-insensitive, lower case first on ties), and the level of each kept row.
struct FactorLevels {
  std::vector<std::string> texts;
  std::vector<std::size_t> level_of_row;  // n
  std::size_t reference = 0;              // index into texts
};

class DesignEvaluator {
 public:
  // `rows` are the table rows kept in the model and `ids` their ids (for error messages).
  DesignEvaluator(const DataTable& table,
                  const std::vector<std::size_t>& rows,
                  const std::vector<std::string>& ids);

  // The expression on the kept rows; throws DataError naming it and the ids where it is not finite.
  arma::vec Numeric(const Expression& expression);

  // The columns of one factor of a term: the numeric expression, or the factor's level dummies.
  ColumnBlock Block(const Term::Factor& factor);

  // Throws DataError naming `label`, the ids where `values` is not finite and the first row's location.
  void RequireFinite(const std::string& label, const arma::vec& values) const;

 private:
  arma::vec Evaluate(const Expression& expression) const;
  FactorLevels Levels(const Term::Factor& factor) const;

  const DataTable& table_;
  const std::vector<std::size_t>& rows_;
  const std::vector<std::string>& ids_;
  std::map<std::string, arma::vec> numeric_cache_;  // by expression text
};

}  // namespace hinterland::engine::formula_internal
