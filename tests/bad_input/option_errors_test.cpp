// Option mistakes: unknown or unimplemented values and options that would be ignored. Each exits 2 and
// names the option (ARCHITECTURE.md section 5: never a silent ignore, never a silent fallback to OLS).
#include <gtest/gtest.h>

#include "tests/cli/cli_test_support.hpp"

namespace hinterland::testing {
namespace {

CliRun Fit(std::vector<std::string> extra) {
  std::vector<std::string> arguments = {"fit",  "--data", ColumbusCsv(), "--formula", "CRIME ~ INC + HOVAL",
                                        "--id", "POLYID"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return RunCli(arguments);
}

TEST(OptionErrors, UnknownModelIsNamedWithASuggestion) {
  EXPECT_TRUE(ExitsWith(Fit({"--model", "sarr"}), 2, {"--model", "sarr", "did you mean \"sar\""}));
}

TEST(OptionErrors, SpatialModelWithoutWeightsIsRefusedNotFittedAsOls) {
  const CliRun run = Fit({"--model", "sdm"});
  EXPECT_TRUE(ExitsWith(run, 2, {"--model sdm needs --weights"}));
  EXPECT_TRUE(run.out.empty());
}

TEST(OptionErrors, UnknownFormatIsNamed) {
  EXPECT_TRUE(ExitsWith(Fit({"--format", "xml"}), 2, {"--format xml", "text, json, latex, markdown or csv"}));
}

TEST(OptionErrors, UnknownVcovIsNamed) {
  EXPECT_TRUE(ExitsWith(Fit({"--vcov", "HC9"}), 2, {"--vcov", "HC9"}));
}

TEST(OptionErrors, UnknownStyleIslandsAndMissingAreNamed) {
  EXPECT_TRUE(ExitsWith(Fit({"--weights", ColumbusGal(), "--style", "Q"}), 2, {"--style Q"}));
  EXPECT_TRUE(ExitsWith(Fit({"--weights", ColumbusGal(), "--islands", "ignore"}), 2, {"--islands ignore"}));
  EXPECT_TRUE(ExitsWith(Fit({"--missing", "impute"}), 2, {"--missing impute"}));
}

TEST(OptionErrors, WeightsOnlyOptionsWithoutWeightsAreRefused) {
  EXPECT_TRUE(ExitsWith(Fit({"--style", "B"}), 2, {"--style has no effect without --weights"}));
  EXPECT_TRUE(ExitsWith(Fit({"--islands", "drop"}), 2, {"--islands has no effect without --weights"}));
}

TEST(OptionErrors, IdFieldOnAGalFileIsRefused) {
  EXPECT_TRUE(ExitsWith(Fit({"--weights", ColumbusGal(), "--weights-id-field", "POLYID"}), 2,
                        {"--weights-id-field POLYID has no effect"}));
}

TEST(OptionErrors, UnknownOptionAndMissingRequiredOptionExit2) {
  EXPECT_TRUE(ExitsWith(Fit({"--bogus"}), 2, {"--bogus"}));
  EXPECT_TRUE(ExitsWith(RunCli({"fit", "--data", ColumbusCsv(), "--id", "POLYID"}), 2, {"--formula"}));
  EXPECT_TRUE(ExitsWith(RunCli({"frobnicate"}), 2, {"frobnicate"}));
}

TEST(OptionErrors, WeightsBuildNeedsExactlyOneConstruction) {
  const std::string out = MakeTempDir("option_errors") + "/w.gal";
  EXPECT_TRUE(ExitsWith(RunCli({"weights", "build", "--output", out}), 2, {"exactly one of"}));
  EXPECT_TRUE(ExitsWith(RunCli({"weights", "build", "--lattice", "3x3", "--knn", "2", "--output", out}), 2,
                        {"got --lattice, --knn"}));
  EXPECT_TRUE(
      ExitsWith(RunCli({"weights", "build", "--lattice", "3by3", "--output", out}), 2, {"--lattice 3by3"}));
  EXPECT_TRUE(ExitsWith(RunCli({"weights", "build", "--knn", "2", "--output", out}), 2, {"--coords"}));
  EXPECT_TRUE(ExitsWith(RunCli({"weights", "build", "--lattice", "3x3", "--power", "2", "--output", out}), 2,
                        {"--power applies to --inverse-distance only"}));
  EXPECT_TRUE(
      ExitsWith(RunCli({"weights", "build", "--lattice", "3x3", "--output", MakeTempDir("oe2") + "/w.txt"}),
                2, {".gal, .gwt or .mtx"}));
  EXPECT_TRUE(ExitsWith(RunCli({"weights", "build", "--inverse-distance", "5", "--coords", ColumbusCsv(),
                                "--x", "X", "--y", "Y", "--id", "POLYID", "--output", out}),
                        2, {"GAL files store neighbours only"}));
}

TEST(OptionErrors, MoranRejectsUnsupportedFormatAndNegativePermutations) {
  const std::vector<std::string> base = {"moran",     "--data",      ColumbusCsv(), "--variable", "CRIME",
                                         "--weights", ColumbusGal(), "--id",        "POLYID"};
  std::vector<std::string> latex = base;
  latex.insert(latex.end(), {"--format", "latex"});
  EXPECT_TRUE(ExitsWith(RunCli(latex), 2, {"--format latex"}));
  std::vector<std::string> negative = base;
  negative.insert(negative.end(), {"--permutations", "-5"});
  EXPECT_TRUE(ExitsWith(RunCli(negative), 2, {"--permutations -5"}));
}

}  // namespace
}  // namespace hinterland::testing
