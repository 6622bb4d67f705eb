// Formula mistakes through the CLI: exit code 2 and a message naming the variable or function at fault,
// with a suggestion when a close name exists.
#include <gtest/gtest.h>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

CliRun FitFormula(const std::string& formula) {
  return RunCli(
      {"fit", "--data", ColumbusCsv(), "--formula", formula, "--weights", ColumbusGal(), "--id", "POLYID"});
}

TEST(FormulaErrors, UnknownVariableIsNamedWithASuggestion) {
  EXPECT_TRUE(ExitsWith(FitFormula("CRIME ~ INCOME + HOVAL"), 2,
                        {"unknown variable \"INCOME\"", "did you mean \"INC\"?"}));
}

TEST(FormulaErrors, UnknownFunctionIsNamed) {
  EXPECT_TRUE(ExitsWith(FitFormula("CRIME ~ foo(INC)"), 2, {"unknown function \"foo\""}));
}

TEST(FormulaErrors, SyntaxErrorNamesTheFormula) {
  EXPECT_TRUE(ExitsWith(FitFormula("CRIME ~ INC +"), 2, {"CRIME ~ INC +"}));
}

TEST(FormulaErrors, UnknownIdColumnIsNamed) {
  const CliRun run = RunCli({"fit", "--data", ColumbusCsv(), "--formula", "CRIME ~ INC", "--id", "POLY_ID"});
  EXPECT_TRUE(ExitsWith(run, 2, {"\"POLY_ID\"", "POLYID"}));
}

TEST(FormulaErrors, TextColumnUsedAsNumberIsNamed) {
  const CliRun run = RunCli({"fit", "--data", Fixture("small.csv"), "--formula", "y ~ g", "--id", "id"});
  EXPECT_TRUE(ExitsWith(run, 2, {"\"g\"", "factor(g)"}));
}

}  // namespace
}  // namespace hinterland::testing
