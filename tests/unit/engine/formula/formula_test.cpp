// Parsing of R-style formulas: each construct's term texts, intercept flag and factor coding. Expected
// names and term orders are R 4.2's (terms.formula, deparse), checked by hand in an R session; the
// equivalence over real data is in model_matrix_reference_test.cpp.
#include "engine/formula/formula.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/core/error.hpp"

namespace hinterland::engine {
namespace {

std::vector<std::string> TermTexts(const Formula& formula) {
  std::vector<std::string> texts;
  for (const Term& term : formula.terms) texts.push_back(term.text);
  return texts;
}

using Texts = std::vector<std::string>;

// Asserts that parsing `text` throws FormulaError whose message contains `substring`.
void ExpectFormulaError(const std::string& text, const std::string& substring) {
  try {
    ParseFormula(text);
    ADD_FAILURE() << "no FormulaError for \"" << text << "\"";
  } catch (const FormulaError& error) {
    EXPECT_NE(std::string(error.what()).find(substring), std::string::npos)
        << "message: " << error.what() << "\nexpected to contain: " << substring;
  }
}

TEST(FormulaTest, AdditiveFormulaHasResponseTermsAndIntercept) {
  const Formula formula = ParseFormula("y ~ x1 + x2");
  ASSERT_NE(formula.response, nullptr);
  EXPECT_EQ(formula.response->text, "y");
  EXPECT_EQ(TermTexts(formula), (Texts{"x1", "x2"}));
  EXPECT_TRUE(formula.has_intercept);
  EXPECT_EQ(formula.text, "y ~ x1 + x2");
}

TEST(FormulaTest, WhitespaceIsNormalisedAsRDeparsesIt) {
  const Formula formula = ParseFormula("  log( CRIME )~INC+ I( INC ^ 2 )+log(  HOVAL)");
  EXPECT_EQ(formula.response->text, "log(CRIME)");
  EXPECT_EQ(TermTexts(formula), (Texts{"INC", "I(INC^2)", "log(HOVAL)"}));
  EXPECT_EQ(formula.text, "log(CRIME) ~ INC + I(INC^2) + log(HOVAL)");
}

TEST(FormulaTest, TransformationsKeepTheirFunctionNames) {
  const Formula formula =
      ParseFormula("y ~ log(a) + log1p(b) + exp(c) + sqrt(d) + abs(e) + log10(f) + log2(g)");
  EXPECT_EQ(TermTexts(formula),
            (Texts{"log(a)", "log1p(b)", "exp(c)", "sqrt(d)", "abs(e)", "log10(f)", "log2(g)"}));
  const Expression& log_a = *formula.terms[0].factors[0].expression;
  EXPECT_EQ(log_a.kind, Expression::Kind::kFunction);
  EXPECT_EQ(log_a.name, "log");
  EXPECT_EQ(log_a.arguments[0]->name, "a");
}

TEST(FormulaTest, ArithmeticInsideIFollowsRDeparseSpacing) {
  // R 4.2: colnames(model.matrix(y ~ I(a*b) + I(a/2 - 1) + I(-a^2) + I((a+b)*2) + I(a^-1) + I(a - -b)))
  const Formula formula = ParseFormula("y ~ I(a*b) + I(a/2-1) + I(-a^2) + I((a+b)*2) + I(a^-1) + I(a - -b)");
  EXPECT_EQ(TermTexts(formula),
            (Texts{"I(a * b)", "I(a/2 - 1)", "I(-a^2)", "I((a + b) * 2)", "I(a^-1)", "I(a - -b)"}));
}

TEST(FormulaTest, ArithmeticPrecedenceIsRs) {
  // -a^2 is -(a^2); a/2 - 1 is (a/2) - 1; 2^3^2 is 2^(3^2).
  const Formula formula = ParseFormula("y ~ I(-a^2) + I(a/2 - 1) + I(2^3^2)");
  const Expression& negate = *formula.terms[0].factors[0].expression->arguments[0];
  EXPECT_EQ(negate.kind, Expression::Kind::kNegate);
  EXPECT_EQ(negate.arguments[0]->name, "^");
  const Expression& minus = *formula.terms[1].factors[0].expression->arguments[0];
  EXPECT_EQ(minus.name, "-");
  EXPECT_EQ(minus.arguments[0]->name, "/");
  const Expression& power = *formula.terms[2].factors[0].expression->arguments[0];
  EXPECT_EQ(power.arguments[0]->number, 2.0);
  EXPECT_EQ(power.arguments[1]->name, "^");
}

TEST(FormulaTest, NumbersAreWrittenAsRDeparsesThem) {
  // R 4.2: deparse gives 1e+05, 0.1, 1e-04, 123456, 2.5.
  const Formula formula =
      ParseFormula("y ~ I(1e5 * x) + I(0.1 * x) + I(0.0001 * x) + I(123456 * x) + I(x^2.50)");
  EXPECT_EQ(TermTexts(formula),
            (Texts{"I(1e+05 * x)", "I(0.1 * x)", "I(1e-04 * x)", "I(123456 * x)", "I(x^2.5)"}));
}

TEST(FormulaTest, ResponseMayBeAnExpression) {
  const Formula formula = ParseFormula("I(CRIME/100) ~ INC");
  EXPECT_EQ(formula.response->text, "I(CRIME/100)");
  EXPECT_EQ(formula.Variables(), (Texts{"CRIME", "INC"}));
}

TEST(FormulaTest, ColonMakesOneInteractionTerm) {
  const Formula formula = ParseFormula("y ~ INC:HOVAL");
  ASSERT_EQ(formula.terms.size(), 1u);
  EXPECT_EQ(formula.terms[0].text, "INC:HOVAL");
  EXPECT_EQ(formula.terms[0].factors.size(), 2u);
}

TEST(FormulaTest, StarExpandsToMainEffectsAndInteraction) {
  EXPECT_EQ(TermTexts(ParseFormula("y ~ a*b")), (Texts{"a", "b", "a:b"}));
  EXPECT_EQ(TermTexts(ParseFormula("y ~ a*b*c")), (Texts{"a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"}));
}

TEST(FormulaTest, TermsAreOrderedByDegreeAsInR) {
  EXPECT_EQ(TermTexts(ParseFormula("y ~ a:b + c")), (Texts{"c", "a:b"}));
}

TEST(FormulaTest, InteractionNamesFollowTheOrderVariablesFirstAppear) {
  // R 4.2: colnames(model.matrix(y ~ b:a + a)) is "(Intercept)" "a" "b:a".
  EXPECT_EQ(TermTexts(ParseFormula("y ~ b:a + a")), (Texts{"a", "b:a"}));
  EXPECT_EQ(TermTexts(ParseFormula("y ~ a + b + b:a")), (Texts{"a", "b", "a:b"}));
}

TEST(FormulaTest, DuplicateTermsAreRemoved) {
  EXPECT_EQ(TermTexts(ParseFormula("y ~ x + x + log(x) + log( x ) + a:b + b:a + a:a")),
            (Texts{"x", "log(x)", "a", "a:b"}));
}

TEST(FormulaTest, MinusOneOrPlusZeroDropsTheIntercept) {
  EXPECT_FALSE(ParseFormula("y ~ x - 1").has_intercept);
  EXPECT_FALSE(ParseFormula("y ~ x + 0").has_intercept);
  EXPECT_FALSE(ParseFormula("y ~ -1 + x").has_intercept);
  EXPECT_FALSE(ParseFormula("y ~ 0 + x").has_intercept);
  EXPECT_TRUE(ParseFormula("y ~ x + 0 + 1").has_intercept);
  EXPECT_TRUE(ParseFormula("y ~ x - 0").has_intercept);
  EXPECT_EQ(ParseFormula("y ~ -1 + x").text, "y ~ -1 + x");
  EXPECT_EQ(TermTexts(ParseFormula("y ~ x - 1")), (Texts{"x"}));
}

TEST(FormulaTest, InterceptOnlyModelHasNoTerms) {
  const Formula formula = ParseFormula("y ~ 1");
  EXPECT_TRUE(formula.terms.empty());
  EXPECT_TRUE(formula.has_intercept);
}

TEST(FormulaTest, MinusRemovesATerm) {
  EXPECT_EQ(TermTexts(ParseFormula("y ~ a*b - a")), (Texts{"b", "a:b"}));
  EXPECT_EQ(TermTexts(ParseFormula("y ~ a + b - a")), (Texts{"b"}));
}

TEST(FormulaTest, ParenthesisedGroupsDistribute) {
  EXPECT_EQ(TermTexts(ParseFormula("y ~ (a + b):c")), (Texts{"a:c", "b:c"}));
  EXPECT_EQ(TermTexts(ParseFormula("y ~ (a + b + c)^2")), (Texts{"a", "b", "c", "a:b", "a:c", "b:c"}));
  EXPECT_EQ(TermTexts(ParseFormula("y ~ a/b")), (Texts{"a", "a:b"}));
  EXPECT_EQ(ParseFormula("y ~ (a + b):c").text, "y ~ (a + b):c");
}

TEST(FormulaTest, FactorTermIsMarkedWithItsReferenceLevel) {
  const Formula plain = ParseFormula("y ~ factor(region)");
  ASSERT_EQ(plain.terms.size(), 1u);
  const Term::Factor& factor = plain.terms[0].factors[0];
  EXPECT_TRUE(factor.is_factor);
  EXPECT_TRUE(factor.reference_level.empty());
  EXPECT_FALSE(factor.all_levels);
  EXPECT_EQ(factor.text, "factor(region)");
  EXPECT_EQ(factor.expression->name, "region");

  const Formula chosen = ParseFormula("y ~ factor(region, ref = \"west\")");
  EXPECT_EQ(chosen.terms[0].text, "factor(region)");
  EXPECT_EQ(chosen.terms[0].factors[0].reference_level, "west");
  EXPECT_EQ(chosen.text, "y ~ factor(region, ref = \"west\")");
  EXPECT_EQ(ParseFormula("y ~ factor(NSA, ref = 1)").terms[0].factors[0].reference_level, "1");
  EXPECT_EQ(ParseFormula("y ~ factor(NSA, ref = '1')").terms[0].factors[0].reference_level, "1");
}

TEST(FormulaTest, ReferenceLevelGivenOnceAppliesToEveryUse) {
  const Formula formula = ParseFormula("y ~ factor(r) + x:factor(r, ref = \"b\")");
  EXPECT_EQ(formula.terms[0].factors[0].reference_level, "b");
  EXPECT_EQ(formula.terms[1].text, "factor(r):x");
  EXPECT_EQ(formula.terms[1].factors[0].reference_level, "b");
}

TEST(FormulaTest, FactorCodingFollowsRsMarginRule) {
  // R 4.2: y ~ factor(r):a gives a dummy per level (the margin a is absent); y ~ a + factor(r):a
  // gives contrasts; y ~ factor(r) - 1 gives every level; y ~ factor(r) + factor(s) - 1 only for r.
  EXPECT_TRUE(ParseFormula("y ~ factor(r):a").terms[0].factors[0].all_levels);
  EXPECT_FALSE(ParseFormula("y ~ a + factor(r):a").terms[1].factors[1].all_levels);
  EXPECT_TRUE(ParseFormula("y ~ factor(r) - 1").terms[0].factors[0].all_levels);
  const Formula two = ParseFormula("y ~ factor(r) + factor(s) - 1");
  EXPECT_TRUE(two.terms[0].factors[0].all_levels);
  EXPECT_FALSE(two.terms[1].factors[0].all_levels);
}

TEST(FormulaTest, VariablesListsDataColumnsInOrderOfAppearance) {
  const Formula formula = ParseFormula("log(y) ~ x + I(x*z) + factor(r) + z:x");
  EXPECT_EQ(formula.Variables(), (Texts{"y", "x", "z", "r"}));
}

TEST(FormulaTest, BackquotedNamesKeepTheirBackquotesInColumnNames) {
  const Formula formula = ParseFormula("y ~ `median income` + log(`x 2`)");
  EXPECT_EQ(TermTexts(formula), (Texts{"`median income`", "log(`x 2`)"}));
  EXPECT_EQ(formula.Variables(), (Texts{"y", "median income", "x 2"}));
}

TEST(FormulaTest, OneSidedFormulaHasNoResponse) {
  const Formula formula = ParseFormula("~ INC + HOVAL");
  EXPECT_EQ(formula.response, nullptr);
  EXPECT_EQ(TermTexts(formula), (Texts{"INC", "HOVAL"}));
}

TEST(FormulaErrorTest, TrailingOperatorNamesThePosition) {
  ExpectFormulaError("y ~ x +", "formula \"y ~ x +\": expected a term at position 7");
}

TEST(FormulaErrorTest, UnknownFunctionIsNamedWithItsTerm) {
  ExpectFormulaError("y ~ lg(INC)", "unknown function \"lg\" in term \"lg(INC)\"");
  ExpectFormulaError("y ~ lg(INC)", "did you mean \"log\"?");
  ExpectFormulaError("y ~ I(sine(x))", "unknown function \"sine\" in term \"sine(x)\"");
}

TEST(FormulaErrorTest, MissingTildeIsExplained) {
  ExpectFormulaError("CRIME INC + HOVAL", "no \"~\"");
  ExpectFormulaError("", "the formula is empty");
}

TEST(FormulaErrorTest, SyntaxErrorsNameTheOffendingToken) {
  ExpectFormulaError("y ~ x)", "unexpected \")\" at position 5");
  ExpectFormulaError("y ~ x % z", "unexpected character '%' at position 6");
  ExpectFormulaError("y ~ (x + z", "expected \")\" at position 10 to close the \"(\" at position 4");
  ExpectFormulaError("y ~ x ~ z", "unexpected \"~\" at position 6");
  ExpectFormulaError("y ~ log(x", "expected \")\" at position 9 to close the call of log() at position 4");
  ExpectFormulaError("y ~ I(\"a\")", "expected a number, a variable or a function call at position 6");
}

TEST(FormulaErrorTest, NumbersOtherThanZeroOrOneAreNotTerms) {
  ExpectFormulaError("y ~ x + 2", "the number 2 is not a term");
  ExpectFormulaError("y ~ (x + 1):z", "the intercept terms 0 and 1 must appear outside parentheses");
  ExpectFormulaError("y ~ 1:x", "the intercept term 1 cannot be used with \":\"");
  ExpectFormulaError("y ~ x^2", "write I(x^2) for the power of its values");
}

TEST(FormulaErrorTest, BadFunctionArgumentsAreNamed) {
  ExpectFormulaError("y ~ log(x, 10)", "log() takes one argument, got 2 in \"log(x, 10)\"");
  ExpectFormulaError("y ~ log(x, base = 10)", "log() takes no named argument \"base\"");
  ExpectFormulaError("y ~ factor(r, levels = 2)", "factor() accepts only a reference level");
  ExpectFormulaError("y ~ factor(log(r))", "factor() takes the name of a column");
  ExpectFormulaError("y ~ factor(r, ref = )", "expected the reference level in quotes");
  ExpectFormulaError("y ~ I(factor(r))", "factor() cannot be used inside an expression");
}

TEST(FormulaErrorTest, ConflictingReferenceLevelsAreRejected) {
  ExpectFormulaError("y ~ factor(r, ref = \"a\") + factor(r, ref = \"b\")",
                     "factor(r) is given two reference levels, \"a\" and \"b\"");
}

TEST(FormulaErrorTest, ResponseOnTheRightHandSideIsRejected) {
  ExpectFormulaError("y ~ x + y", "the response \"y\" also appears on the right-hand side");
}

TEST(FormulaErrorTest, DotShorthandAndUnterminatedStringsAreRejected) {
  ExpectFormulaError("y ~ .", "the \".\" shorthand");
  ExpectFormulaError("y ~ factor(r, ref = \"a)", "unterminated string at position 20");
  ExpectFormulaError("y ~ `x", "unterminated backquoted name at position 4");
}

TEST(FormulaErrorTest, PowerOfTermsNeedsAWholeNumber) {
  ExpectFormulaError("y ~ (a + b)^x", "expected a whole number of at least 1 after \"^\"");
  ExpectFormulaError("y ~ (a + b)^1.5", "expected a whole number of at least 1 after \"^\"");
}

}  // namespace
}  // namespace hinterland::engine
