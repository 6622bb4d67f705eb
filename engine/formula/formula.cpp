// Recursive-descent parser of R-style formulas and R's term algebra (R's terms.formula; Chambers &
// Hastie 1992, ch. 2). The right-hand side is parsed into sets of terms, each term a set of variables:
// `+` is union, `-` removal, `:` pairwise union, `*` = a + b + a:b, `/` = a + (all of a):b, `^n` repeated
// `*`. Terms are then ordered by degree and factors coded by R's TermCode rule (see ApplyCodingRule).
#include "engine/formula/formula.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string_view>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/formula/formula_lexer.hpp"

namespace hinterland::engine {
namespace {

using formula_internal::FormatNameLikeR;
using formula_internal::FormatNumberLikeR;
using formula_internal::FormulaPrefix;
using formula_internal::Token;
using ExpressionPtr = std::shared_ptr<const Expression>;
using VariableSet = std::vector<int>;  // one term: sorted indices into the formula's variables

constexpr std::array<std::string_view, 8> kNumericFunctions = {"I",     "log", "log2", "log10",
                                                               "log1p", "exp", "sqrt", "abs"};

bool IsNumericFunction(const std::string& name) {
  return std::find(kNumericFunctions.begin(), kNumericFunctions.end(), name) != kNumericFunctions.end();
}

ExpressionPtr MakeVariable(const std::string& name) {
  auto expression = std::make_shared<Expression>();
  expression->kind = Expression::Kind::kVariable;
  expression->name = name;
  expression->text = FormatNameLikeR(name);
  return expression;
}

ExpressionPtr MakeNumber(double value) {
  auto expression = std::make_shared<Expression>();
  expression->kind = Expression::Kind::kNumber;
  expression->number = value;
  expression->text = FormatNumberLikeR(value);
  return expression;
}

ExpressionPtr MakeFunction(const std::string& name, ExpressionPtr argument) {
  auto expression = std::make_shared<Expression>();
  expression->kind = Expression::Kind::kFunction;
  expression->name = name;
  expression->text = name + "(" + argument->text + ")";
  expression->arguments = {std::move(argument)};
  return expression;
}

// R's deparse puts spaces around + - * but not around / and ^: "a * b", "a/b", "a^2".
ExpressionPtr MakeBinary(const std::string& op, ExpressionPtr left, ExpressionPtr right) {
  auto expression = std::make_shared<Expression>();
  expression->kind = Expression::Kind::kBinary;
  expression->name = op;
  const bool spaced = op == "+" || op == "-" || op == "*";
  expression->text = left->text + (spaced ? " " + op + " " : op) + right->text;
  expression->arguments = {std::move(left), std::move(right)};
  return expression;
}

ExpressionPtr MakeNegate(ExpressionPtr argument) {
  auto expression = std::make_shared<Expression>();
  expression->kind = Expression::Kind::kNegate;
  expression->name = "-";
  expression->text = "-" + argument->text;
  expression->arguments = {std::move(argument)};
  return expression;
}

// The same expression shown differently: parentheses and unary plus are kept in names, as R does.
ExpressionPtr WithText(const ExpressionPtr& expression, std::string text) {
  auto copy = std::make_shared<Expression>(*expression);
  copy->text = std::move(text);
  return copy;
}

// ---- Term algebra on sets of variable indices (R's model.c: OrBits, TrimRepeats, CrossTerms, ...).

void AddUnique(std::vector<VariableSet>& terms, const VariableSet& term) {
  if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
}

VariableSet Merge(const VariableSet& a, const VariableSet& b) {
  VariableSet merged;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(merged));
  return merged;
}

std::vector<VariableSet> Union(std::vector<VariableSet> a, const std::vector<VariableSet>& b) {
  for (const VariableSet& term : b) AddUnique(a, term);
  return a;
}

std::vector<VariableSet> Interact(const std::vector<VariableSet>& a, const std::vector<VariableSet>& b) {
  std::vector<VariableSet> product;
  for (const VariableSet& left : a) {
    for (const VariableSet& right : b) AddUnique(product, Merge(left, right));
  }
  return product;
}

std::vector<VariableSet> Cross(const std::vector<VariableSet>& a, const std::vector<VariableSet>& b) {
  return Union(Union(a, b), Interact(a, b));
}

std::vector<VariableSet> Nest(const std::vector<VariableSet>& a, const std::vector<VariableSet>& b) {
  VariableSet all_of_a;
  for (const VariableSet& term : a) all_of_a = Merge(all_of_a, term);
  return Union(a, Interact({all_of_a}, b));
}

std::vector<VariableSet> Power(const std::vector<VariableSet>& a, int exponent) {
  std::vector<VariableSet> result = a;
  for (int i = 1; i < exponent; ++i) result = Interact(a, result);
  return result;
}

std::vector<VariableSet> Remove(std::vector<VariableSet> a, const std::vector<VariableSet>& b) {
  std::erase_if(a, [&](const VariableSet& term) { return std::find(b.begin(), b.end(), term) != b.end(); });
  return a;
}

bool IsSubset(const VariableSet& small, const VariableSet& large) {
  return std::includes(large.begin(), large.end(), small.begin(), small.end());
}

// R's TermCode (model.c): a factor in a term is coded by contrasts when the term without it is empty or
// contained in an earlier term, else by a dummy for every level. Without an intercept, model.matrix codes
// the first factor of the first term holding a factor by every level.
void ApplyCodingRule(const std::vector<VariableSet>& sets, bool has_intercept, std::vector<Term>& terms) {
  for (std::size_t j = 0; j < sets.size(); ++j) {
    for (std::size_t position = 0; position < sets[j].size(); ++position) {
      Term::Factor& factor = terms[j].factors[position];
      if (!factor.is_factor) continue;
      VariableSet margin = sets[j];
      margin.erase(margin.begin() + static_cast<std::ptrdiff_t>(position));
      const bool margin_present =
          margin.empty() ||
          std::any_of(sets.begin(), sets.begin() + static_cast<std::ptrdiff_t>(j),
                      [&](const VariableSet& earlier) { return IsSubset(margin, earlier); });
      factor.all_levels = !margin_present;
    }
  }
  if (has_intercept) return;
  for (Term& term : terms) {
    for (Term::Factor& factor : term.factors) {
      if (factor.is_factor) {
        factor.all_levels = true;
        return;
      }
    }
  }
}

void CollectVariables(const Expression& expression, std::vector<std::string>& names) {
  if (expression.kind == Expression::Kind::kVariable &&
      std::find(names.begin(), names.end(), expression.name) == names.end()) {
    names.push_back(expression.name);
  }
  for (const ExpressionPtr& argument : expression.arguments) CollectVariables(*argument, names);
}

// A parsed piece of the right-hand side: its terms, its deparsed text, and whether it is the literal
// 0 or 1 (which only the top-level sum may contain).
struct TermSet {
  std::vector<VariableSet> terms;
  std::string text;
  std::optional<bool> intercept_literal;
  std::size_t offset = 0;
};

class Parser {
 public:
  explicit Parser(const std::string& formula)
      : formula_(formula), tokens_(formula_internal::Tokenize(formula)) {}

  Formula Parse();

 private:
  const Token& Peek(std::size_t ahead = 0) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];
  }
  bool PeekOperator(char op, std::size_t ahead = 0) const {
    const Token& token = Peek(ahead);
    return token.kind == Token::Kind::kOperator && token.text[0] == op;
  }
  const Token& Next() { return tokens_[std::min(next_++, tokens_.size() - 1)]; }
  bool AcceptOperator(char op) {
    if (!PeekOperator(op)) return false;
    ++next_;
    return true;
  }
  void ExpectOperator(char op, const std::string& context) {
    if (AcceptOperator(op)) return;
    throw FormulaError(fmt::format("{}expected \"{}\" at position {} {}", FormulaPrefix(formula_), op,
                                   Peek().offset, context));
  }
  [[noreturn]] void Fail(std::size_t offset, const std::string& what) const {
    throw FormulaError(fmt::format("{}{} at position {}", FormulaPrefix(formula_), what, offset));
  }

  ExpressionPtr ParseArithmetic();
  ExpressionPtr ParseArithmeticProduct();
  ExpressionPtr ParseArithmeticUnary();
  ExpressionPtr ParseArithmeticPower();
  ExpressionPtr ParseArithmeticAtom();
  ExpressionPtr ParseNumericCall(const Token& name);

  TermSet ParseSum(bool top_level);
  TermSet ParseCross();
  TermSet ParseInteraction();
  TermSet ParseTermPower();
  TermSet ParseTermPrimary();
  TermSet ParseFactorCall(const Token& name);
  TermSet Leaf(Term::Factor factor, std::size_t offset);
  void RequireNoLiteral(const TermSet& operand, const std::string& op) const;

  Formula Build(ExpressionPtr response, const TermSet& right_hand_side) const;

  std::string formula_;
  std::vector<Token> tokens_;
  std::size_t next_ = 0;
  std::vector<Term::Factor> variables_;  // R's variable list, in order of first appearance
  bool has_intercept_ = true;
};

Formula Parser::Parse() {
  if (tokens_.size() == 1) throw FormulaError(FormulaPrefix(formula_) + "the formula is empty");
  const bool has_tilde = std::any_of(tokens_.begin(), tokens_.end(), [](const Token& token) {
    return token.kind == Token::Kind::kOperator && token.text == "~";
  });
  if (!has_tilde) {
    throw FormulaError(FormulaPrefix(formula_) +
                       "no \"~\": write the response, \"~\" and the terms, e.g. \"CRIME ~ INC + HOVAL\"");
  }
  ExpressionPtr response;
  if (!PeekOperator('~')) {
    response = ParseArithmetic();
    Term::Factor variable;
    variable.expression = response;
    variable.text = response->text;
    variables_.push_back(variable);
  }
  ExpectOperator('~', "after the response");
  const TermSet right_hand_side = ParseSum(true);
  if (Peek().kind != Token::Kind::kEnd) {
    Fail(Peek().offset, fmt::format("unexpected \"{}\"", Peek().text));
  }
  return Build(std::move(response), right_hand_side);
}

Formula Parser::Build(ExpressionPtr response, const TermSet& right_hand_side) const {
  std::vector<VariableSet> sets = right_hand_side.terms;
  // R orders terms by degree, keeping the written order within a degree.
  std::stable_sort(sets.begin(), sets.end(),
                   [](const VariableSet& a, const VariableSet& b) { return a.size() < b.size(); });
  Formula formula;
  formula.has_intercept = has_intercept_;
  for (const VariableSet& set : sets) {
    Term term;
    for (const int index : set) {
      if (response != nullptr && index == 0) {
        throw FormulaError(fmt::format("{}the response \"{}\" also appears on the right-hand side",
                                       FormulaPrefix(formula_), response->text));
      }
      term.factors.push_back(variables_[static_cast<std::size_t>(index)]);
      term.text += (term.text.empty() ? "" : ":") + term.factors.back().text;
    }
    formula.terms.push_back(std::move(term));
  }
  ApplyCodingRule(sets, has_intercept_, formula.terms);
  formula.text =
      response != nullptr ? response->text + " ~ " + right_hand_side.text : "~" + right_hand_side.text;
  formula.response = std::move(response);
  return formula;
}

// ---- Arithmetic (the response, I() and function arguments). R's precedence: ^ over unary minus
// over * / over + -; ^ is right-associative and its exponent may carry a sign (x^-1).

ExpressionPtr Parser::ParseArithmetic() {
  ExpressionPtr left = ParseArithmeticProduct();
  while (PeekOperator('+') || PeekOperator('-')) {
    const std::string op = Next().text;
    left = MakeBinary(op, left, ParseArithmeticProduct());
  }
  return left;
}

ExpressionPtr Parser::ParseArithmeticProduct() {
  ExpressionPtr left = ParseArithmeticUnary();
  while (PeekOperator('*') || PeekOperator('/')) {
    const std::string op = Next().text;
    left = MakeBinary(op, left, ParseArithmeticUnary());
  }
  return left;
}

ExpressionPtr Parser::ParseArithmeticUnary() {
  if (AcceptOperator('-')) return MakeNegate(ParseArithmeticUnary());
  if (AcceptOperator('+')) {
    const ExpressionPtr operand = ParseArithmeticUnary();
    return WithText(operand, "+" + operand->text);
  }
  return ParseArithmeticPower();
}

ExpressionPtr Parser::ParseArithmeticPower() {
  ExpressionPtr base = ParseArithmeticAtom();
  if (AcceptOperator('^')) return MakeBinary("^", base, ParseArithmeticUnary());
  return base;
}

ExpressionPtr Parser::ParseArithmeticAtom() {
  const Token& token = Next();
  if (token.kind == Token::Kind::kOperator && token.text == "(") {
    const ExpressionPtr inner = ParseArithmetic();
    ExpectOperator(')', fmt::format("to close the \"(\" at position {}", token.offset));
    return WithText(inner, "(" + inner->text + ")");
  }
  if (token.kind == Token::Kind::kNumber) return MakeNumber(token.number);
  if (token.kind == Token::Kind::kName) {
    if (PeekOperator('(')) {
      if (token.text == "factor") {
        Fail(token.offset,
             "factor() cannot be used inside an expression; write it as a term, e.g. y ~ factor(v)");
      }
      return ParseNumericCall(token);
    }
    return MakeVariable(token.text);
  }
  Fail(token.offset, "expected a number, a variable or a function call");
}

ExpressionPtr Parser::ParseNumericCall(const Token& name) {
  ExpectOperator('(', "after the function name");
  std::vector<ExpressionPtr> arguments;
  if (!PeekOperator(')')) {
    do {
      if (Peek().kind == Token::Kind::kName && PeekOperator('=', 1)) {
        Fail(Peek().offset, fmt::format("{}() takes no named argument \"{}\"", name.text, Peek().text));
      }
      arguments.push_back(ParseArithmetic());
    } while (AcceptOperator(','));
  }
  ExpectOperator(')', fmt::format("to close the call of {}() at position {}", name.text, name.offset));
  std::string text = name.text + "(";
  for (std::size_t i = 0; i < arguments.size(); ++i) text += (i > 0 ? ", " : "") + arguments[i]->text;
  text += ")";
  if (!IsNumericFunction(name.text)) {
    std::vector<std::string> known(kNumericFunctions.begin(), kNumericFunctions.end());
    known.emplace_back("factor");
    throw FormulaError(fmt::format("{}unknown function \"{}\" in term \"{}\" at position {}{}",
                                   FormulaPrefix(formula_), name.text, text, name.offset,
                                   DidYouMean(name.text, known)));
  }
  if (arguments.size() != 1) {
    Fail(name.offset,
         fmt::format("{}() takes one argument, got {} in \"{}\"", name.text, arguments.size(), text));
  }
  return MakeFunction(name.text, arguments[0]);
}

// ---- Right-hand side. R's precedence: ^ over : over * and / over + and -.

TermSet Parser::ParseSum(bool top_level) {
  TermSet result;
  result.offset = Peek().offset;
  char sign = '+';
  if (AcceptOperator('-')) {
    sign = '-';
  } else {
    AcceptOperator('+');
  }
  bool first = true;
  while (true) {
    const TermSet operand = ParseCross();
    if (first) {
      result.text = (sign == '-' ? "-" : "") + operand.text;
    } else {
      result.text += (sign == '-' ? " - " : " + ") + operand.text;
    }
    first = false;
    if (operand.intercept_literal.has_value()) {
      if (!top_level) Fail(operand.offset, "the intercept terms 0 and 1 must appear outside parentheses");
      has_intercept_ = *operand.intercept_literal == (sign == '+');
    } else if (sign == '+') {
      result.terms = Union(result.terms, operand.terms);
    } else {
      result.terms = Remove(result.terms, operand.terms);
    }
    if (AcceptOperator('+')) {
      sign = '+';
    } else if (AcceptOperator('-')) {
      sign = '-';
    } else {
      break;
    }
  }
  return result;
}

void Parser::RequireNoLiteral(const TermSet& operand, const std::string& op) const {
  if (operand.intercept_literal.has_value()) {
    Fail(operand.offset, fmt::format("the intercept term {} cannot be used with \"{}\"",
                                     *operand.intercept_literal ? 1 : 0, op));
  }
}

TermSet Parser::ParseCross() {
  TermSet left = ParseInteraction();
  while (PeekOperator('*') || PeekOperator('/')) {
    const std::string op = Next().text;
    const TermSet right = ParseInteraction();
    RequireNoLiteral(left, op);
    RequireNoLiteral(right, op);
    left.terms = op == "*" ? Cross(left.terms, right.terms) : Nest(left.terms, right.terms);
    left.text += (op == "*" ? " * " : "/") + right.text;
  }
  return left;
}

TermSet Parser::ParseInteraction() {
  TermSet left = ParseTermPower();
  while (AcceptOperator(':')) {
    const TermSet right = ParseTermPower();
    RequireNoLiteral(left, ":");
    RequireNoLiteral(right, ":");
    left.terms = Interact(left.terms, right.terms);
    left.text += ":" + right.text;
  }
  return left;
}

TermSet Parser::ParseTermPower() {
  TermSet base = ParseTermPrimary();
  if (!AcceptOperator('^')) return base;
  const Token& exponent = Next();
  const bool whole = exponent.kind == Token::Kind::kNumber && exponent.number >= 1 && exponent.number <= 64 &&
                     exponent.number == std::floor(exponent.number);
  if (!whole) {
    Fail(exponent.offset,
         "expected a whole number of at least 1 after \"^\" (use I(x^2) to square a variable's values)");
  }
  RequireNoLiteral(base, "^");
  // R reads x^2 in a formula as x crossed with itself, which is just x: almost always a mistake.
  if (base.terms.size() == 1 && exponent.number > 1) {
    Fail(exponent.offset, fmt::format("\"{}^{}\" in a formula is the term {} itself (R's crossing power); "
                                      "write I({}^{}) for the power of its values",
                                      base.text, exponent.text, base.text, base.text, exponent.text));
  }
  base.terms = Power(base.terms, static_cast<int>(exponent.number));
  base.text += "^" + FormatNumberLikeR(exponent.number);
  return base;
}

TermSet Parser::ParseTermPrimary() {
  const Token& token = Peek();
  if (PeekOperator('(')) {
    Next();
    TermSet inner = ParseSum(false);
    ExpectOperator(')', fmt::format("to close the \"(\" at position {}", token.offset));
    inner.text = "(" + inner.text + ")";
    inner.offset = token.offset;
    return inner;
  }
  if (token.kind == Token::Kind::kNumber) {
    Next();
    if (token.number != 0.0 && token.number != 1.0) {
      Fail(token.offset, fmt::format("the number {} is not a term: only 0 and 1 (the intercept) may appear "
                                     "outside I(), e.g. I({} * x)",
                                     token.text, token.text));
    }
    TermSet literal;
    literal.intercept_literal = token.number == 1.0;
    literal.text = token.number == 1.0 ? "1" : "0";
    literal.offset = token.offset;
    return literal;
  }
  if (token.kind == Token::Kind::kName) {
    Next();
    if (PeekOperator('(')) {
      if (token.text == "factor") return ParseFactorCall(token);
      Term::Factor numeric;
      numeric.expression = ParseNumericCall(token);
      numeric.text = numeric.expression->text;
      return Leaf(std::move(numeric), token.offset);
    }
    if (token.text == ".") {
      Fail(token.offset, "the \".\" shorthand (all other columns) is not supported; name the variables");
    }
    Term::Factor variable;
    variable.expression = MakeVariable(token.text);
    variable.text = variable.expression->text;
    return Leaf(std::move(variable), token.offset);
  }
  Fail(token.offset, "expected a term");
}

TermSet Parser::ParseFactorCall(const Token& name) {
  ExpectOperator('(', "after factor");
  const Token& variable = Next();
  if (variable.kind != Token::Kind::kName || PeekOperator('(')) {
    Fail(variable.offset, "factor() takes the name of a column, e.g. factor(region)");
  }
  Term::Factor factor;
  factor.is_factor = true;
  factor.expression = MakeVariable(variable.text);
  factor.text = "factor(" + factor.expression->text + ")";
  if (AcceptOperator(',')) {
    const Token& key = Next();
    if (key.kind != Token::Kind::kName || key.text != "ref" || !AcceptOperator('=')) {
      Fail(key.offset, "factor() accepts only a reference level, e.g. factor(region, ref = \"west\")");
    }
    const Token& level = Next();
    if (level.kind == Token::Kind::kString && !level.text.empty()) {
      factor.reference_level = level.text;
    } else if (level.kind == Token::Kind::kNumber) {
      factor.reference_level = FormatNumberLikeR(level.number);
    } else {
      Fail(level.offset, "expected the reference level in quotes, e.g. factor(region, ref = \"west\")");
    }
  }
  ExpectOperator(')', fmt::format("to close factor( at position {}", name.offset));
  return Leaf(std::move(factor), name.offset);
}

// Registers a variable (R's variable list is keyed by its text) and returns the one-term set holding it.
TermSet Parser::Leaf(Term::Factor factor, std::size_t offset) {
  auto found = std::find_if(variables_.begin(), variables_.end(),
                            [&](const Term::Factor& known) { return known.text == factor.text; });
  if (found == variables_.end()) {
    variables_.push_back(factor);
    found = variables_.end() - 1;
  } else if (found->reference_level.empty()) {
    found->reference_level = factor.reference_level;
  } else if (!factor.reference_level.empty() && factor.reference_level != found->reference_level) {
    Fail(offset, fmt::format("{} is given two reference levels, \"{}\" and \"{}\"", factor.text,
                             found->reference_level, factor.reference_level));
  }
  TermSet leaf;
  leaf.terms = {VariableSet{static_cast<int>(found - variables_.begin())}};
  leaf.text = factor.reference_level.empty()
                  ? factor.text
                  : fmt::format("factor({}, ref = \"{}\")", factor.expression->text, factor.reference_level);
  leaf.offset = offset;
  return leaf;
}

}  // namespace

std::vector<std::string> Formula::Variables() const {
  std::vector<std::string> names;
  if (response != nullptr) CollectVariables(*response, names);
  for (const Term& term : terms) {
    for (const Term::Factor& factor : term.factors) CollectVariables(*factor.expression, names);
  }
  return names;
}

Formula ParseFormula(const std::string& text) { return Parser(text).Parse(); }

}  // namespace hinterland::engine
