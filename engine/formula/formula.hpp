// R-style model formulas: `y ~ x1 + log(x2) + I(x3^2) + a:b + a*b + factor(region) - 1`.
// Parsing produces a term tree with no data; ModelFrame (model_frame.hpp) evaluates it on a DataTable.
// Supported functions: log, log1p, exp, sqrt, abs (inside or outside I()); arithmetic + - * / ^ and unary
// minus inside I(). `factor(v)` expands to dummies for every level but the first (sorted) one, the
// reference level; `factor(v, ref = "level")` chooses it. Unknown functions are a FormulaError at parse time.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace hinterland::engine {

// An expression on columns: a variable, a number, a function call or an arithmetic operation.
struct Expression {
  enum class Kind { kVariable, kNumber, kFunction, kBinary, kNegate };
  Kind kind = Kind::kVariable;
  std::string name;    // variable name, function name, or operator ("+", "-", "*", "/", "^")
  double number = 0.0;  // kNumber
  std::vector<std::shared_ptr<const Expression>> arguments;
  std::string text;    // canonical text, used for coefficient names: "log(HOVAL)", "I(INC^2)"
};

// One right-hand-side term: the product of its factors (one for a main effect, several for a:b).
struct Term {
  struct Factor {
    std::shared_ptr<const Expression> expression;  // numeric expression, or the variable of factor()
    bool is_factor = false;                         // factor(v): expands to level dummies
    std::string reference_level;                    // factor(v, ref = "x"); empty = first sorted level
  };
  std::vector<Factor> factors;
  std::string text;  // "INC", "INC:HOVAL", "factor(region)"
};

struct Formula {
  std::string text;  // the formula as the user wrote it (whitespace normalised)
  std::shared_ptr<const Expression> response;
  std::vector<Term> terms;  // in the order written; a*b expands to a, b, a:b; duplicates removed
  bool has_intercept = true;

  // Every data column the formula reads, in order of first appearance (response first).
  std::vector<std::string> Variables() const;
};

// Throws FormulaError naming the offending token or function and its position.
Formula ParseFormula(const std::string& text);

}  // namespace hinterland::engine
