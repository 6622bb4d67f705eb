// BuildModelFrame on a four-row table (formula_test_helpers.hpp): design columns checked against values
// computed by hand from the table, factor dummies and reference levels, interactions with factors, both
// missing-value policies, and each error message (type and a substring naming the culprit).
#include "engine/formula/model_frame.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "tests/unit/engine/formula/formula_test_helpers.hpp"

namespace hinterland::engine {
namespace {

using formula_testing::NumericColumn;
using formula_testing::SmallTable;
using formula_testing::TextColumn;
using Texts = std::vector<std::string>;

ModelFrame Build(const DataTable& table,
                 const std::string& formula,
                 MissingPolicy missing = MissingPolicy::kError) {
  return BuildModelFrame(table, ParseFormula(formula), {"id", missing, ""});
}

// The design column named `name`, which must exist.
std::vector<double> ColumnNamed(const ModelFrame& frame, const std::string& name) {
  for (std::size_t j = 0; j < frame.column_names.size(); ++j) {
    if (frame.column_names[j] == name) return arma::conv_to<std::vector<double>>::from(frame.x.col(j));
  }
  ADD_FAILURE() << "no design column " << name;
  return {};
}

template <typename Error>
void ExpectError(const DataTable& table,
                 const std::string& formula,
                 const std::string& substring,
                 ModelFrameOptions options = {"id", MissingPolicy::kError, ""}) {
  try {
    BuildModelFrame(table, ParseFormula(formula), options);
    ADD_FAILURE() << "no error for \"" << formula << "\"";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find(substring), std::string::npos)
        << "message: " << error.what() << "\nexpected to contain: " << substring;
  }
}

TEST(ModelFrameTest, NumericTermsAreEvaluatedRowByRow) {
  const ModelFrame frame = Build(SmallTable(), "y ~ x + sqrt(x) + I(x^2) + x:z + I(x/2 - 1)");
  EXPECT_EQ(frame.column_names, (Texts{"(Intercept)", "x", "sqrt(x)", "I(x^2)", "I(x/2 - 1)", "x:z"}));
  EXPECT_EQ(ColumnNamed(frame, "(Intercept)"), (std::vector<double>{1, 1, 1, 1}));
  EXPECT_EQ(ColumnNamed(frame, "x"), (std::vector<double>{1, 4, 9, 16}));
  EXPECT_EQ(ColumnNamed(frame, "sqrt(x)"), (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(ColumnNamed(frame, "I(x^2)"), (std::vector<double>{1, 16, 81, 256}));
  EXPECT_EQ(ColumnNamed(frame, "I(x/2 - 1)"), (std::vector<double>{-0.5, 1, 3.5, 7}));
  EXPECT_EQ(ColumnNamed(frame, "x:z"), (std::vector<double>{2, 2, 9, -16}));
  EXPECT_EQ(frame.column_kinds,
            (std::vector<ColumnKind>{ColumnKind::kIntercept, ColumnKind::kNumeric, ColumnKind::kNumeric,
                                     ColumnKind::kNumeric, ColumnKind::kNumeric, ColumnKind::kInteraction}));
}

TEST(ModelFrameTest, FunctionsApplyTheirDefinitions) {
  const ModelFrame frame =
      Build(SmallTable(), "y ~ log(x) + log1p(x) + exp(z) + abs(z) + I(-x) + I(x*z - 1)");
  EXPECT_EQ(ColumnNamed(frame, "log(x)"),
            (std::vector<double>{0, std::log(4.0), std::log(9.0), std::log(16.0)}));
  EXPECT_EQ(ColumnNamed(frame, "log1p(x)"),
            (std::vector<double>{std::log1p(1.0), std::log1p(4.0), std::log1p(9.0), std::log1p(16.0)}));
  EXPECT_EQ(ColumnNamed(frame, "exp(z)"),
            (std::vector<double>{std::exp(2.0), std::exp(0.5), std::exp(1.0), std::exp(-1.0)}));
  EXPECT_EQ(ColumnNamed(frame, "abs(z)"), (std::vector<double>{2, 0.5, 1, 1}));
  EXPECT_EQ(ColumnNamed(frame, "I(-x)"), (std::vector<double>{-1, -4, -9, -16}));
  EXPECT_EQ(ColumnNamed(frame, "I(x * z - 1)"), (std::vector<double>{1, 1, 8, -17}));
}

TEST(ModelFrameTest, ResponseIdsAndLinesComeFromTheTable) {
  const ModelFrame frame = Build(SmallTable(), "log(x) ~ z");
  EXPECT_EQ(frame.dependent, "log(x)");
  EXPECT_EQ(arma::conv_to<std::vector<double>>::from(frame.y),
            (std::vector<double>{0, std::log(4.0), std::log(9.0), std::log(16.0)}));
  EXPECT_EQ(frame.ids, (Texts{"a", "b", "c", "d"}));
  EXPECT_EQ(frame.source_lines, (std::vector<int>{2, 3, 4, 5}));
  EXPECT_EQ(frame.source, "data.csv");
  EXPECT_EQ(frame.formula_text, "log(x) ~ z");
  EXPECT_TRUE(frame.dropped.empty());
}

TEST(ModelFrameTest, TextFactorGetsDummiesForAllButTheFirstSortedLevel) {
  // Levels sorted: east, north, west; east is the reference.
  const ModelFrame frame = Build(SmallTable(), "y ~ factor(region)");
  EXPECT_EQ(frame.column_names, (Texts{"(Intercept)", "factor(region)north", "factor(region)west"}));
  EXPECT_EQ(ColumnNamed(frame, "factor(region)north"), (std::vector<double>{0, 0, 1, 0}));
  EXPECT_EQ(ColumnNamed(frame, "factor(region)west"), (std::vector<double>{1, 0, 0, 1}));
  EXPECT_EQ(frame.column_kinds[1], ColumnKind::kFactorLevel);
}

TEST(ModelFrameTest, ReferenceLevelCanBeChosen) {
  const ModelFrame frame = Build(SmallTable(), "y ~ factor(region, ref = \"west\")");
  EXPECT_EQ(frame.column_names, (Texts{"(Intercept)", "factor(region)east", "factor(region)north"}));
  EXPECT_EQ(ColumnNamed(frame, "factor(region)east"), (std::vector<double>{0, 1, 0, 0}));
}

TEST(ModelFrameTest, NumericFactorLevelsSortNumerically) {
  // group = 2, 10, 2, 1: levels 1 < 2 < 10 (not the text order 1, 10, 2).
  const ModelFrame frame = Build(SmallTable(), "y ~ factor(group)");
  EXPECT_EQ(frame.column_names, (Texts{"(Intercept)", "factor(group)2", "factor(group)10"}));
  EXPECT_EQ(ColumnNamed(frame, "factor(group)2"), (std::vector<double>{1, 0, 1, 0}));
  EXPECT_EQ(ColumnNamed(frame, "factor(group)10"), (std::vector<double>{0, 1, 0, 0}));
  const ModelFrame chosen = Build(SmallTable(), "y ~ factor(group, ref = 10)");
  EXPECT_EQ(chosen.column_names, (Texts{"(Intercept)", "factor(group)1", "factor(group)2"}));
}

TEST(ModelFrameTest, TextLevelsSortAsRDoesInAnEnglishLocale) {
  DataTable table("data.csv");
  table.AddColumn(TextColumn("id", {"1", "2", "3", "4"}));
  table.AddColumn(NumericColumn("y", {1, 2, 3, 4}));
  table.AddColumn(TextColumn("kind", {"beta", "Alpha", "alpha", "Beta"}));
  // R 4.2 in en_US.UTF-8: sort(c("beta", "Alpha", "alpha", "Beta")) is "alpha" "Alpha" "beta" "Beta".
  const ModelFrame frame = Build(table, "y ~ factor(kind)");
  EXPECT_EQ(frame.column_names,
            (Texts{"(Intercept)", "factor(kind)Alpha", "factor(kind)beta", "factor(kind)Beta"}));
}

TEST(ModelFrameTest, FactorWithoutInterceptGetsEveryLevel) {
  const ModelFrame frame = Build(SmallTable(), "y ~ factor(region) - 1");
  EXPECT_EQ(frame.column_names, (Texts{"factor(region)east", "factor(region)north", "factor(region)west"}));
  EXPECT_EQ(ColumnNamed(frame, "factor(region)east"), (std::vector<double>{0, 1, 0, 0}));
}

TEST(ModelFrameTest, InteractionWithAFactorMultipliesItsDummies) {
  const ModelFrame frame = Build(SmallTable(), "y ~ x + factor(region):x");
  EXPECT_EQ(frame.column_names, (Texts{"(Intercept)", "x", "x:factor(region)north", "x:factor(region)west"}));
  EXPECT_EQ(ColumnNamed(frame, "x:factor(region)north"), (std::vector<double>{0, 0, 9, 0}));
  EXPECT_EQ(ColumnNamed(frame, "x:factor(region)west"), (std::vector<double>{1, 0, 0, 16}));
  EXPECT_EQ(frame.column_kinds[2], ColumnKind::kInteraction);
}

TEST(ModelFrameTest, FactorStarNumericGivesMainEffectsAndSlopes) {
  const ModelFrame frame = Build(SmallTable(), "y ~ factor(region)*z");
  EXPECT_EQ(frame.column_names, (Texts{"(Intercept)", "factor(region)north", "factor(region)west", "z",
                                       "factor(region)north:z", "factor(region)west:z"}));
  EXPECT_EQ(ColumnNamed(frame, "factor(region)west:z"), (std::vector<double>{2, 0, 0, -1}));
}

TEST(ModelFrameTest, InteractionOfTwoFactorsVariesTheFirstFastest) {
  // R's model.matrix order: factor(region)<level>:factor(group)<level>, region fastest.
  const ModelFrame frame =
      Build(SmallTable(), "y ~ factor(region) + factor(group) + factor(region):factor(group)");
  EXPECT_EQ(
      frame.column_names,
      (Texts{"(Intercept)", "factor(region)north", "factor(region)west", "factor(group)2", "factor(group)10",
             "factor(region)north:factor(group)2", "factor(region)west:factor(group)2",
             "factor(region)north:factor(group)10", "factor(region)west:factor(group)10"}));
  EXPECT_EQ(ColumnNamed(frame, "factor(region)west:factor(group)2"), (std::vector<double>{1, 0, 0, 0}));
  EXPECT_EQ(ColumnNamed(frame, "factor(region)north:factor(group)2"), (std::vector<double>{0, 0, 1, 0}));
}

TEST(ModelFrameTest, FactorOfTheSameColumnAsANumberIsAllowed) {
  const ModelFrame frame = Build(SmallTable(), "y ~ group + factor(group)");
  EXPECT_EQ(frame.column_names, (Texts{"(Intercept)", "group", "factor(group)2", "factor(group)10"}));
}

TEST(ModelFrameErrorTest, UnknownVariableSuggestsTheClosestColumn) {
  DataTable table = SmallTable();
  table.AddColumn(NumericColumn("INC", {1, 2, 3, 4}));
  ExpectError<FormulaError>(table, "y ~ INCOME",
                            "data.csv: unknown variable \"INCOME\" in formula; did you mean \"INC\"?");
  ExpectError<FormulaError>(table, "y ~ qqqqqq",
                            "unknown variable \"qqqqqq\" in formula \"y ~ qqqqqq\"; "
                            "the columns are id, y, x");
  ExpectError<FormulaError>(table, "Y ~ x", "unknown variable \"Y\"");
}

TEST(ModelFrameErrorTest, TextColumnUsedAsANumberNamesItsFirstValue) {
  ExpectError<FormulaError>(
      SmallTable(), "y ~ x + log(region)",
      "data.csv:2: column \"region\" holds text (\"west\"), not numbers, but the formula "
      "uses it as a number in \"log(region)\"; write factor(region)");
  DataTable table = SmallTable();
  table.AddColumn(TextColumn("mixed", {std::nullopt, "3.5", "n/a", "4"}));
  ExpectError<FormulaError>(table, "mixed ~ x", "data.csv:4: column \"mixed\" holds text (\"n/a\")");
}

TEST(ModelFrameErrorTest, IdColumnIsRequiredAndMustExist) {
  try {
    BuildModelFrame(SmallTable(), ParseFormula("y ~ x"), {"", MissingPolicy::kError, ""});
    ADD_FAILURE() << "no OptionError";
  } catch (const OptionError& error) {
    EXPECT_STREQ(error.what(), "`id` is required: rows are matched to weights by id, never by row order");
  }
  ExpectError<DataError>(SmallTable(), "y ~ x", "data.csv: id column \"ID\" not found; did you mean \"id\"?",
                         {"ID", MissingPolicy::kError, ""});
}

TEST(ModelFrameErrorTest, DuplicatedIdsAreAnError) {
  DataTable table("data.csv");
  table.AddColumn(TextColumn("id", {"a", "b", "a"}));
  table.AddColumn(NumericColumn("y", {1, 2, 3}));
  table.AddColumn(NumericColumn("x", {1, 5, 3}));
  ExpectError<DataError>(table, "y ~ x", "id \"a\" in column \"id\" appears more than once");
}

TEST(ModelFrameErrorTest, MissingValuesAreAnErrorNamingIdsAndVariables) {
  DataTable table = SmallTable();
  table.AddColumn(NumericColumn("INC", {1, std::nullopt, 3, std::nullopt}));
  table.AddColumn(NumericColumn("HOVAL", {std::nullopt, 2, 3, std::nullopt}));
  table.AddColumn(NumericColumn("unused", {std::nullopt, 2, 3, 4}));
  ExpectError<DataError>(table, "y ~ INC",
                         "data.csv: 2 observations have missing values in the model (INC: ids b, d); "
                         "pass `missing` drop to drop them");
  ExpectError<DataError>(table, "y ~ INC + log(HOVAL)",
                         "data.csv: 3 observations have missing values in the model (INC: ids b, d; HOVAL: "
                         "ids a, d)");
  ExpectError<DataError>(table, "y ~ factor(region):HOVAL + x",
                         "2 observations have missing values in the model (HOVAL: ids a, d)");
  EXPECT_NO_THROW(Build(table, "y ~ x"));
}

TEST(ModelFrameTest, MissingValuesAreDroppedAndReportedWhenAsked) {
  DataTable table = SmallTable();
  table.AddColumn(NumericColumn("INC", {1, std::nullopt, 3, std::nullopt}));
  table.AddColumn(NumericColumn("HOVAL", {5, 6, 7, std::nullopt}));
  const ModelFrame frame = Build(table, "y ~ INC + HOVAL", MissingPolicy::kDrop);
  EXPECT_EQ(frame.ids, (Texts{"a", "c"}));
  EXPECT_EQ(frame.source_lines, (std::vector<int>{2, 4}));
  EXPECT_EQ(arma::conv_to<std::vector<double>>::from(frame.y), (std::vector<double>{1, 3}));
  EXPECT_EQ(ColumnNamed(frame, "HOVAL"), (std::vector<double>{5, 7}));
  ASSERT_EQ(frame.dropped.size(), 2u);
  EXPECT_EQ(frame.dropped[0].id, "b");
  EXPECT_EQ(frame.dropped[0].line, 3);
  EXPECT_EQ(frame.dropped[0].reason, "missing INC");
  EXPECT_EQ(frame.dropped[1].id, "d");
  EXPECT_EQ(frame.dropped[1].line, 5);
  EXPECT_EQ(frame.dropped[1].reason, "missing INC, HOVAL");
}

TEST(ModelFrameTest, FactorLevelsComeFromTheRowsKept) {
  DataTable table = SmallTable();
  table.AddColumn(NumericColumn("v", {1, std::nullopt, 3, 4}));
  // Dropping row b removes level "east": the reference becomes "north".
  const ModelFrame frame = Build(table, "y ~ v + factor(region)", MissingPolicy::kDrop);
  EXPECT_EQ(frame.column_names, (Texts{"(Intercept)", "v", "factor(region)west"}));
  EXPECT_EQ(ColumnNamed(frame, "factor(region)west"), (std::vector<double>{1, 0, 1}));
}

TEST(ModelFrameErrorTest, MissingResponseCountsToo) {
  DataTable table = SmallTable();
  table.AddColumn(TextColumn("label", {"p", std::nullopt, "q", "p"}));
  table.AddColumn(NumericColumn("target", {std::nullopt, 1, 2, 3}));
  ExpectError<DataError>(table, "target ~ factor(label)",
                         "2 observations have missing values in the model (target: id a; label: id b)");
}

TEST(ModelFrameErrorTest, AllRowsDroppedIsAnError) {
  DataTable table = SmallTable();
  table.AddColumn(NumericColumn("empty", {std::nullopt, std::nullopt, std::nullopt, std::nullopt}));
  ExpectError<DataError>(table, "y ~ empty", "no observations left", {"id", MissingPolicy::kDrop, ""});
}

TEST(ModelFrameErrorTest, NonFiniteTransformationNamesTheTermAndIds) {
  // w = 1, 0, 2, -3: log(0) = -inf at b, log(-3) = NaN at d.
  ExpectError<DataError>(SmallTable(), "y ~ x + log(w)",
                         "data.csv:3: \"log(w)\" is not finite (-Inf) for 2 observations (ids b, d)");
  ExpectError<DataError>(SmallTable(), "y ~ sqrt(z)",
                         "data.csv:5: \"sqrt(z)\" is not finite (NaN) for 1 observation (id d)");
  ExpectError<DataError>(SmallTable(), "y ~ I(x/w)",
                         "\"I(x/w)\" is not finite (Inf) for 1 observation (id b)");
  ExpectError<DataError>(SmallTable(), "log(w) ~ x", "\"log(w)\" is not finite");
}

TEST(ModelFrameErrorTest, FactorProblemsAreNamed) {
  DataTable table = SmallTable();
  table.AddColumn(TextColumn("same", {"k", "k", "k", "k"}));
  ExpectError<DataError>(table, "y ~ factor(same)",
                         "factor(same) has a single level (\"k\") in the 4 observations");
  ExpectError<FormulaError>(
      SmallTable(), "y ~ factor(region, ref = \"south\")",
      "reference level \"south\" of factor(region) is not one of its levels: east, north, west");
}

TEST(ModelFrameErrorTest, OneSidedFormulaHasNoResponse) {
  ExpectError<FormulaError>(SmallTable(), "~ x", "no response before \"~\"");
}

}  // namespace
}  // namespace hinterland::engine
