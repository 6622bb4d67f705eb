// Tokens of an R-style formula (internal to engine/formula): names (plain or `backquoted`), numbers,
// quoted strings and one-character operators, each with its offset for error messages.
// Also the R-compatible rendering of numbers and names used in coefficient names.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hinterland::engine::formula_internal {

struct Token {
  enum class Kind { kName, kNumber, kString, kOperator, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;        // the name (without backquotes), the string's content, or the operator
  double number = 0.0;     // kNumber
  std::size_t offset = 0;  // characters before the token in the formula
};

// Splits `formula` into tokens ending with a kEnd token; throws FormulaError on a character that
// cannot start a token or an unterminated string or backquoted name.
std::vector<Token> Tokenize(const std::string& formula);

// A number as R's deparse writes it: 15 significant digits, fixed notation unless scientific is
// shorter ("2", "0.5", "1e+05", "1e-04").
std::string FormatNumberLikeR(double value);

// A name as R's deparse writes it: as is when syntactic ("INC", "x.1"), else in backquotes ("`my var`").
std::string FormatNameLikeR(const std::string& name);

// The start of a formula error: `formula "y ~ x +": `.
std::string FormulaPrefix(const std::string& formula);

}  // namespace hinterland::engine::formula_internal
