// R-style model formulas: `y ~ x1 + log(x2) + I(x3^2) + a:b + a*b + factor(region, ref = "west") - 1`,
// parsed into terms with no data (ModelFrame evaluates them). The term algebra, term order and names follow
// R's terms.formula and deparse (Chambers & Hastie 1992, ch. 2) so coefficient names match model.matrix.
// Functions: log, log2, log10, log1p, exp, sqrt, abs, and I() with + - * / ^ and unary minus inside.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace hinterland::engine {

// An expression on columns: a variable, a number, a function call or an arithmetic operation.
struct Expression {
  enum class Kind { kVariable, kNumber, kFunction, kBinary, kNegate };
  Kind kind = Kind::kVariable;
  std::string name;     // variable name, function name ("log", "I"), or operator ("+", "-", "*", "/", "^")
  double number = 0.0;  // kNumber
  std::vector<std::shared_ptr<const Expression>> arguments;
  std::string text;  // canonical text as R deparses it, used for coefficient names: "log(HOVAL)", "I(INC^2)"
};

// One right-hand-side term: the product of its factors (one for a main effect, several for a:b).
struct Term {
  struct Factor {
    std::shared_ptr<const Expression> expression;  // numeric expression, or the variable of factor()
    bool is_factor = false;                        // factor(v): expands to level dummies
    std::string reference_level;                   // factor(v, ref = "x"); empty = first sorted level
    // R's coding rule (terms.formula's TermCode, model.matrix without intercept): a dummy for every
    // level, reference included, when the term without this factor is absent from the model.
    bool all_levels = false;
    std::string text;  // "INC", "log(HOVAL)", "factor(region)": the variable as named in columns
  };
  std::vector<Factor> factors;  // in the order their variables first appear in the formula
  std::string text;             // "INC", "INC:HOVAL", "factor(region)"
};

struct Formula {
  std::string text;  // the formula as R deparses it (whitespace normalised): "y ~ x1 + x2 * x3 - 1"
  std::shared_ptr<const Expression> response;  // null for a one-sided formula "~ x"
  std::vector<Term> terms;  // by degree, then as written; a*b expands to a, b, a:b; duplicates removed
  bool has_intercept = true;

  // Every data column the formula reads, in order of first appearance (response first).
  std::vector<std::string> Variables() const;
};

// Throws FormulaError naming the offending token or function and its position (characters before it).
Formula ParseFormula(const std::string& text);

}  // namespace hinterland::engine
